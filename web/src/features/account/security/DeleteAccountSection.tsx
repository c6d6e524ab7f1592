import { Button, Card, Group, Modal, PasswordInput, Stack, Text, Title } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { me as meApi } from "../../../api/endpoints.ts";
import { useResetSession } from "../../../api/queries.ts";
import { ErrorAlert } from "../../../components/ErrorAlert.tsx";
import { notifySuccess } from "../../../components/notify.ts";

export function DeleteAccountSection() {
  const { t } = useTranslation();
  const [opened, { open, close }] = useDisclosure(false);
  const [password, setPassword] = useState("");
  const reset = useResetSession();
  const navigate = useNavigate();
  const mutation = useMutation({
    mutationFn: () => meApi.deleteAccount(password),
    onSuccess: async () => {
      notifySuccess(t("security.delete.done"));
      await reset();
      navigate("/login", { replace: true });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    mutation.mutate();
  };
  return (
    <Card withBorder radius="md" padding="lg" style={{ borderColor: "var(--mantine-color-red-5)" }}>
      <Title order={2} size="h4" c="red">
        {t("security.delete.title")}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t("security.delete.intro")}
      </Text>
      <Group>
        <Button color="red" variant="outline" onClick={open}>
          {t("security.delete.button")}
        </Button>
      </Group>
      <Modal opened={opened} onClose={close} title={t("security.delete.confirmTitle")} centered>
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <Text size="sm">{t("security.delete.confirmIntro")}</Text>
            <PasswordInput
              label={t("fields.password")}
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              required
              data-autofocus
              autoComplete="current-password"
            />
            <ErrorAlert error={mutation.error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {t("common.cancel")}
              </Button>
              <Button type="submit" color="red" loading={mutation.isPending} disabled={!password}>
                {t("security.delete.submit")}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Card>
  );
}
