import { Card, Checkbox, Text, Title } from "@mantine/core";
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
  // API keys keep working unless the user asks (the server's default too; a reset always revokes them).
  const [revokeApiKeys, setRevokeApiKeys] = useState(false);
  // A new key after a change empties the form's password fields.
  const [changes, setChanges] = useState(0);
  const mutation = useMutation({
    mutationFn: (newPassword: string) =>
      unwrap(
        api.POST("/api/me/password", { body: { currentPassword: current, newPassword, revokeApiKeys } }),
      ),
    onSuccess: () => {
      setCurrent("");
      setChanges((n) => n + 1);
      notifySuccess(t(revokeApiKeys ? "security.password.doneKeys" : "security.password.done"));
      setRevokeApiKeys(false);
      void qc.invalidateQueries({ queryKey: accountKeys.sessions });
      void qc.invalidateQueries({ queryKey: accountKeys.apiKeys });
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
        <Checkbox
          label={t("security.revokeApiKeys.label")}
          description={t("security.revokeApiKeys.hint")}
          checked={revokeApiKeys}
          onChange={(e) => setRevokeApiKeys(e.currentTarget.checked)}
        />
      </PasswordForm>
    </Card>
  );
}
