import { Card, Text, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../../api/client.ts";
import { CurrentPasswordInput } from "../../../components/FormParts.tsx";
import { notifySuccess } from "../../../components/notify.ts";
import { PasswordForm } from "../../../components/PasswordForm.tsx";
import { accountKeys } from "../queries.ts";

export function PasswordSection() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [current, setCurrent] = useState("");
  // A new key after a change empties the form's password fields.
  const [changes, setChanges] = useState(0);
  const mutation = useMutation({
    mutationFn: (newPassword: string) =>
      unwrap(api.POST("/api/me/password", { body: { currentPassword: current, newPassword } })),
    onSuccess: () => {
      setCurrent("");
      setChanges((n) => n + 1);
      notifySuccess(t("security.password.done"));
      void qc.invalidateQueries({ queryKey: accountKeys.sessions });
    },
  });
  return (
    <Card withBorder radius="md" padding="lg">
      <Title order={2} size="h4">
        {t("security.password.title")}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t("security.password.intro")}
      </Text>
      <PasswordForm
        key={changes}
        label={t("fields.newPassword")}
        submitLabel={t("security.password.submit")}
        pending={mutation.isPending}
        error={mutation.error}
        onSubmit={(password) => mutation.mutate(password)}
        compactSubmit
        maw={420}
      >
        <CurrentPasswordInput label={t("fields.currentPassword")} value={current} onChange={setCurrent} />
      </PasswordForm>
    </Card>
  );
}
