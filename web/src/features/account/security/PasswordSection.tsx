import { Button, Card, Group, PasswordInput, Stack, Text, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { me as meApi } from "../../../api/endpoints.ts";
import { keys } from "../../../api/queries.ts";
import { ErrorAlert } from "../../../components/ErrorAlert.tsx";
import { notifySuccess } from "../../../components/notify.ts";

export function PasswordSection() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [confirm, setConfirm] = useState("");
  const mutation = useMutation({
    mutationFn: () => meApi.changePassword(current, next),
    onSuccess: () => {
      setCurrent("");
      setNext("");
      setConfirm("");
      notifySuccess(t("security.password.done"));
      void qc.invalidateQueries({ queryKey: keys.sessions });
    },
  });
  const mismatch = confirm.length > 0 && confirm !== next;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!mismatch) mutation.mutate();
  };
  return (
    <Card withBorder radius="md" padding="lg">
      <Title order={2} size="h4">
        {t("security.password.title")}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t("security.password.intro")}
      </Text>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm" maw={420}>
          <PasswordInput
            label={t("fields.currentPassword")}
            value={current}
            onChange={(e) => setCurrent(e.currentTarget.value)}
            required
            autoComplete="current-password"
          />
          <PasswordInput
            label={t("fields.newPassword")}
            description={t("hints.password")}
            value={next}
            onChange={(e) => setNext(e.currentTarget.value)}
            required
            autoComplete="new-password"
          />
          <PasswordInput
            label={t("fields.confirmPassword")}
            value={confirm}
            onChange={(e) => setConfirm(e.currentTarget.value)}
            error={mismatch ? t("hints.passwordMismatch") : undefined}
            required
            autoComplete="new-password"
          />
          <ErrorAlert error={mutation.error} />
          <Group>
            <Button type="submit" loading={mutation.isPending} disabled={mismatch}>
              {t("security.password.submit")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
