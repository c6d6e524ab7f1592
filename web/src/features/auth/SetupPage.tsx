import { Alert, Anchor, Text, TextInput } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { api, unwrap } from "../../api/client.ts";
import { OptionalEmailInput, UsernameInput } from "../../components/AccountFields.tsx";
import { AuthCard } from "../../components/AuthCard.tsx";
import { notifySuccess } from "../../components/notify.ts";
import { PasswordForm } from "../../components/PasswordForm.tsx";
import { FullPageLoader } from "../../layout/guards.tsx";
import { useResetSession, useSetupStatus } from "./queries.ts";

export function SetupPage() {
  const { t } = useTranslation();
  const status = useSetupStatus();
  const reset = useResetSession();
  const navigate = useNavigate();
  const [token, setToken] = useState("");
  const [username, setUsername] = useState("");
  const [email, setEmail] = useState("");

  const mutation = useMutation({
    mutationFn: (password: string) =>
      unwrap(
        api.POST("/api/auth/setup", {
          body: {
            token: token.trim(),
            username: username.trim(),
            password,
            email: email.trim() || undefined,
          },
        }),
      ),
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

  return (
    <AuthCard title={t("setup.title")}>
      <Text size="sm" c="dimmed">
        {t("setup.intro")}
      </Text>
      <PasswordForm
        submitLabel={t("setup.submit")}
        pending={mutation.isPending}
        error={mutation.error}
        onSubmit={(password) => mutation.mutate(password)}
      >
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
        <UsernameInput value={username} onChange={setUsername} />
        <OptionalEmailInput value={email} onChange={setEmail} />
      </PasswordForm>
    </AuthCard>
  );
}
