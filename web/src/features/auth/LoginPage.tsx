import { Alert, Anchor, Button, Divider, Group, Stack, Text, TextInput } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";
import { ApiError, api, unwrap } from "../../api/client.ts";
import { AuthCard } from "../../components/AuthCard.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { CurrentPasswordInput, OneTimeCodeInput } from "../../components/FormParts.tsx";
import { useAuthConfig, useResetSession, useSetupStatus } from "./queries.ts";

/** Only same-site paths are followed after sign-in (no open redirect through ?next=). */
function safeNext(next: string | null): string {
  return next?.startsWith("/") && !next.startsWith("//") ? next : "/";
}

/** The codes the server's OpenID Connect callback redirects with (`/login?oidc_error=…`). */
const OIDC_ERRORS = new Set([
  "unavailable",
  "invalid_state",
  "expired",
  "failed",
  "denied",
  "email_in_use",
  "registration_closed",
  "account_suspended",
  "mfa_required",
]);
export function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const reset = useResetSession();
  const config = useAuthConfig();
  const setup = useSetupStatus();
  const [login, setLogin] = useState("");
  const [password, setPassword] = useState("");
  const [totp, setTotp] = useState("");
  const [step, setStep] = useState<"password" | "mfa">("password");

  const mutation = useMutation({
    mutationFn: (withTotp: boolean) =>
      unwrap(
        api.POST("/api/auth/login", {
          body: { login: login.trim(), password, ...(withTotp ? { totp: totp.replace(/\s+/g, "") } : {}) },
        }),
      ),
    onSuccess: async () => {
      await reset();
      navigate(safeNext(params.get("next")), { replace: true });
    },
    onError: (err) => {
      if (err instanceof ApiError && err.code === "mfa_required") {
        setStep("mfa");
      }
    },
  });

  // "mfa_required" is a step, not a failure: it only switches to the code form.
  const error =
    mutation.error instanceof ApiError && mutation.error.code === "mfa_required" ? null : mutation.error;
  // A name locked by others' failures still lets the password with a two-step code through.
  const locked = mutation.error instanceof ApiError && mutation.error.code === "sign_in_locked";

  const submit = (e: FormEvent) => {
    e.preventDefault();
    mutation.mutate(step === "mfa");
  };

  if (step === "mfa") {
    return (
      <AuthCard title={t("login.mfaTitle")}>
        <Text size="sm" c="dimmed">
          {t("login.mfaIntro")}
        </Text>
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <OneTimeCodeInput value={totp} onChange={setTotp} recovery autoFocus />
            <ErrorAlert error={error} />
            <Button type="submit" loading={mutation.isPending}>
              {t("login.mfaSubmit")}
            </Button>
            <Anchor
              component="button"
              type="button"
              size="sm"
              onClick={() => {
                setStep("password");
                setTotp("");
                setPassword("");
                mutation.reset();
              }}
            >
              {t("login.mfaBack")}
            </Anchor>
          </Stack>
        </form>
      </AuthCard>
    );
  }

  const providers = config.data?.oidcProviders ?? [];
  const oidcError = params.get("oidc_error");
  const canRegister = config.data ? config.data.registrationMode !== "closed" : true;

  return (
    <AuthCard title={t("login.title")}>
      {params.get("deleted") && (
        <Alert color="teal" role="status">
          {t("security.delete.done")}
        </Alert>
      )}
      {oidcError && (
        <Alert color="red" role="alert">
          {t(
            `login.oidcErrors.${OIDC_ERRORS.has(oidcError) ? oidcError : "unknown"}` as "login.oidcErrors.unknown",
          )}
        </Alert>
      )}
      {params.get("oidc") === "pending_approval" && (
        <Alert color="teal" role="status">
          {t("login.oidcPending")}
        </Alert>
      )}
      {setup.data?.needed && (
        <Alert color="yellow">
          {t("login.setupNeeded")}{" "}
          <Anchor component={Link} to="/setup">
            {t("login.setupLink")}
          </Anchor>
        </Alert>
      )}
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput
            label={t("fields.login")}
            value={login}
            onChange={(e) => setLogin(e.currentTarget.value)}
            required
            autoComplete="username"
            autoFocus
          />
          <CurrentPasswordInput value={password} onChange={setPassword} />
          <ErrorAlert error={error} />
          {locked && (
            <Anchor
              component="button"
              type="button"
              size="sm"
              onClick={() => {
                mutation.reset();
                setStep("mfa");
              }}
            >
              {t("login.useCode")}
            </Anchor>
          )}
          <Button type="submit" loading={mutation.isPending}>
            {t("login.submit")}
          </Button>
          <Group justify="space-between">
            <Anchor component={Link} to="/reset-password" size="sm">
              {t("login.forgot")}
            </Anchor>
            {canRegister && (
              <Text size="sm">
                {t("login.noAccount")}{" "}
                <Anchor component={Link} to="/register">
                  {t("login.register")}
                </Anchor>
              </Text>
            )}
          </Group>
        </Stack>
      </form>
      {providers.length > 0 && (
        <>
          <Divider label={t("login.or")} labelPosition="center" />
          <Stack gap="xs">
            {providers.map((p) => (
              <Button
                key={p.id}
                component="a"
                href={`/api/auth/oidc/${encodeURIComponent(p.id)}/start`}
                variant="default"
              >
                {t("login.oidc", { name: p.name })}
              </Button>
            ))}
          </Stack>
        </>
      )}
    </AuthCard>
  );
}
