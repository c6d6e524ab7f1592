import { Alert, Anchor, Button, PasswordInput, Stack, Text, TextInput } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { auth } from "../../api/endpoints.ts";
import { useResetSession, useSetupStatus } from "../../api/queries.ts";
import { AuthCard } from "../../components/AuthCard.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { notifySuccess } from "../../components/notify.ts";
import { FullPageLoader } from "../../layout/guards.tsx";

export function SetupPage() {
  const { t } = useTranslation();
  const status = useSetupStatus();
  const reset = useResetSession();
  const navigate = useNavigate();
  const [token, setToken] = useState("");
  const [username, setUsername] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");

  const mutation = useMutation({
    mutationFn: () =>
      auth.setup({
        token: token.trim(),
        username: username.trim(),
        password,
        email: email.trim() || undefined,
      }),
    onSuccess: async () => {
      notifySuccess(t("setup.done"));
      await reset();
      navigate("/", { replace: true });
    },
  });

  if (status.isPending) return <FullPageLoader />;
  if (status.data && !status.data.needed && !mutation.isSuccess) {
    return (
      <AuthCard title={t("setup.title")}>
        <Alert color="blue">{t("setup.notNeeded")}</Alert>
        <Anchor component={Link} to="/login">
          {t("nav.signIn")}
        </Anchor>
      </AuthCard>
    );
  }

  const mismatch = confirm.length > 0 && confirm !== password;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!mismatch) mutation.mutate();
  };

  return (
    <AuthCard title={t("setup.title")}>
      <Text size="sm" c="dimmed">
        {t("setup.intro")}
      </Text>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput
            label={t("fields.setupToken")}
            description={t("hints.setupToken")}
            value={token}
            onChange={(e) => setToken(e.currentTarget.value)}
            required
            autoComplete="off"
            spellCheck={false}
            styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)" } }}
          />
          <TextInput
            label={t("fields.username")}
            description={t("hints.username")}
            value={username}
            onChange={(e) => setUsername(e.currentTarget.value)}
            required
            autoComplete="username"
          />
          <TextInput
            label={t("fields.email")}
            type="email"
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            autoComplete="email"
            rightSection={
              <Text size="xs" c="dimmed" pr="xs">
                {t("common.optional")}
              </Text>
            }
            rightSectionWidth={70}
          />
          <PasswordInput
            label={t("fields.password")}
            description={t("hints.password")}
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
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
          <Button type="submit" loading={mutation.isPending} disabled={mismatch}>
            {t("setup.submit")}
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
