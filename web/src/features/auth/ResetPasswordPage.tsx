import { Alert, Anchor, Button, Stack, Text, TextInput } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { api, unwrap } from "../../api/client.ts";
import { AuthCard } from "../../components/AuthCard.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { PasswordForm } from "../../components/PasswordForm.tsx";

/** Without `?token=` asks for the email; with it (the emailed link) sets the new password. */
export function ResetPasswordPage() {
  const [params] = useSearchParams();
  const token = params.get("token");
  return token ? <ConfirmReset token={token} /> : <RequestReset />;
}

function RequestReset() {
  const { t } = useTranslation();
  const [email, setEmail] = useState("");
  const mutation = useMutation({
    mutationFn: () => unwrap(api.POST("/api/auth/password-reset/request", { body: { email: email.trim() } })),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    mutation.mutate();
  };
  return (
    <AuthCard title={t("reset.requestTitle")}>
      {mutation.isSuccess ? (
        <Alert color="teal" role="status">
          {t("reset.requestDone")}
        </Alert>
      ) : (
        <>
          <Text size="sm" c="dimmed">
            {t("reset.requestIntro")}
          </Text>
          <form onSubmit={submit} noValidate>
            <Stack gap="sm">
              <TextInput
                label={t("fields.email")}
                type="email"
                value={email}
                onChange={(e) => setEmail(e.currentTarget.value)}
                required
                autoComplete="email"
              />
              <ErrorAlert error={mutation.error} />
              <Button type="submit" loading={mutation.isPending}>
                {t("reset.requestSubmit")}
              </Button>
            </Stack>
          </form>
        </>
      )}
      <Anchor component={Link} to="/login" size="sm">
        {t("reset.backToSignIn")}
      </Anchor>
    </AuthCard>
  );
}

function ConfirmReset({ token }: { token: string }) {
  const { t } = useTranslation();
  const mutation = useMutation({
    mutationFn: (password: string) =>
      unwrap(api.POST("/api/auth/password-reset/confirm", { body: { token, password } })),
  });
  return (
    <AuthCard title={t("reset.confirmTitle")}>
      {mutation.isSuccess ? (
        <>
          <Alert color="teal" role="status">
            {t("reset.confirmDone")}
          </Alert>
          <Button component={Link} to="/login">
            {t("nav.signIn")}
          </Button>
        </>
      ) : (
        <PasswordForm
          label={t("fields.newPassword")}
          submitLabel={t("reset.confirmSubmit")}
          pending={mutation.isPending}
          error={mutation.error}
          onSubmit={(password) => mutation.mutate(password)}
        />
      )}
    </AuthCard>
  );
}
