import { Alert, Anchor, Button, Text, TextInput } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { api, unwrap } from "../../api/client.ts";
import { OptionalEmailInput, UsernameInput } from "../../components/AccountFields.tsx";
import { AuthCard } from "../../components/AuthCard.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { PasswordForm } from "../../components/PasswordForm.tsx";
import { FullPageLoader } from "../../layout/guards.tsx";
import { useAuthConfig } from "./queries.ts";

export function RegisterPage() {
  const { t } = useTranslation();
  const config = useAuthConfig();
  const [params] = useSearchParams();
  const [username, setUsername] = useState("");
  const [email, setEmail] = useState("");
  const [inviteCode, setInviteCode] = useState(params.get("invite") ?? "");

  const mode = config.data?.registrationMode;
  const mutation = useMutation({
    mutationFn: (password: string) =>
      unwrap(
        api.POST("/api/auth/register", {
          body: {
            username: username.trim(),
            password,
            email: email.trim() || undefined,
            inviteCode: mode === "invite" ? inviteCode.trim() : undefined,
          },
        }),
      ),
  });

  if (config.isPending) return <FullPageLoader />;

  if (mutation.isSuccess) {
    const pending = mutation.data.status === "pending_approval";
    const name = mutation.data.user.username;
    const email = mutation.data.user.email;
    return (
      <AuthCard title={pending ? t("register.pendingTitle") : t("register.activeTitle")}>
        <Alert color={pending ? "yellow" : "teal"} role="status">
          {pending
            ? t("register.pendingBody", { username: name })
            : t("register.activeBody", { username: name })}
        </Alert>
        {email && <Text size="sm">{t("register.emailPending", { email })}</Text>}
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
      <PasswordForm
        submitLabel={t("register.submit")}
        pending={mutation.isPending}
        error={mutation.error}
        onSubmit={(password) => mutation.mutate(password)}
        footer={
          <Text size="sm">
            {t("register.haveAccount")}{" "}
            <Anchor component={Link} to="/login">
              {t("register.signIn")}
            </Anchor>
          </Text>
        }
      >
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
        <UsernameInput value={username} onChange={setUsername} />
        <OptionalEmailInput value={email} onChange={setEmail} />
      </PasswordForm>
    </AuthCard>
  );
}
