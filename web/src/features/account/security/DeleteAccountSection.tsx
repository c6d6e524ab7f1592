import { Button, Card, Group, Modal, Stack, Text, Title } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../../api/client.ts";
import { ErrorAlert } from "../../../components/ErrorAlert.tsx";
import { CurrentPasswordInput } from "../../../components/FormParts.tsx";
import { useSignOut } from "../../../layout/AppLayout.tsx";

export function DeleteAccountSection() {
  const { t } = useTranslation();
  const [opened, { open, close }] = useDisclosure(false);
  const [password, setPassword] = useState("");
  const signOut = useSignOut();
  const mutation = useMutation({
    mutationFn: () => unwrap(api.DELETE("/api/me", { body: { password } })),
    // The server already ended the session; the sign-in page says the account is gone.
    onSuccess: () => signOut("deleted"),
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
            <CurrentPasswordInput value={password} onChange={setPassword} data-autofocus />
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
