import { Alert, Anchor, Button, PasswordInput, Stack, Text, TextInput } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { auth } from "../../api/endpoints.ts";
import { useAuthConfig } from "../../api/queries.ts";
import { AuthCard } from "../../components/AuthCard.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { FullPageLoader } from "../../layout/guards.tsx";

export function RegisterPage() {
  const { t } = useTranslation();
  const config = useAuthConfig();
  const [params] = useSearchParams();
  const [username, setUsername] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [inviteCode, setInviteCode] = useState(params.get("invite") ?? "");

  const mode = config.data?.registrationMode;
  const mutation = useMutation({
    mutationFn: () =>
      auth.register({
        username: username.trim(),
        password,
        email: email.trim() || undefined,
        inviteCode: mode === "invite" ? inviteCode.trim() : undefined,
      }),
  });

  if (config.isPending) return <FullPageLoader />;

  if (mutation.isSuccess) {
    const pending = mutation.data.status === "pending_approval";
    const name = mutation.data.user.username;
    return (
      <AuthCard title={pending ? t("register.pendingTitle") : t("register.activeTitle")}>
        <Alert color={pending ? "yellow" : "teal"} role="status">
          {pending
            ? t("register.pendingBody", { username: name })
            : t("register.activeBody", { username: name })}
        </Alert>
        <Button component={Link} to="/login" variant={pending ? "default" : "filled"}>
          {t("register.toSignIn")}
        </Button>
      </AuthCard>
    );
  }

  if (mode === "closed") {
    return (
      <AuthCard title={t("register.title")}>
        <Alert color="gray">{t("register.closed")}</Alert>
        <Anchor component={Link} to="/login">
          {t("register.signIn")}
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
    <AuthCard title={t("register.title")}>
      <ErrorAlert error={config.error} />
      {mode === "approval" && (
        <Text size="sm" c="dimmed">
          {t("register.approvalNote")}
        </Text>
      )}
      {mode === "invite" && (
        <Text size="sm" c="dimmed">
          {t("register.inviteOnly")}
        </Text>
      )}
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {mode === "invite" && (
            <TextInput
              label={t("fields.inviteCode")}
              value={inviteCode}
              onChange={(e) => setInviteCode(e.currentTarget.value)}
              required
              autoComplete="off"
              spellCheck={false}
            />
          )}
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
            {t("register.submit")}
          </Button>
          <Text size="sm">
            {t("register.haveAccount")}{" "}
            <Anchor component={Link} to="/login">
              {t("register.signIn")}
            </Anchor>
          </Text>
        </Stack>
      </form>
    </AuthCard>
  );
}
