import { Alert, Button, Group, Loader, Text } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { api, unwrap } from "../../api/client.ts";
import { AuthCard } from "../../components/AuthCard.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { accountKeys } from "../account/queries.ts";

/** Opened from the emailed link `/verify-email?token=...`; the token is single-use, so it is sent once. */
export function VerifyEmailPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get("token");
  const qc = useQueryClient();
  const sent = useRef(false);
  const mutation = useMutation({
    mutationFn: (value: string) => unwrap(api.POST("/api/auth/verify-email", { body: { token: value } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: accountKeys.me }),
  });
  const { mutate } = mutation;

  useEffect(() => {
    if (token && !sent.current) {
      sent.current = true;
      mutate(token);
    }
  }, [token, mutate]);

  return (
    <AuthCard title={t("verifyEmail.title")}>
      {!token && <Alert color="red">{t("verifyEmail.missingToken")}</Alert>}
      {token && mutation.isPending && (
        <Group gap="sm">
          <Loader size="sm" />
          <Text>{t("verifyEmail.working")}</Text>
        </Group>
      )}
      {mutation.isSuccess && (
        <Alert color="teal" role="status">
          {t("verifyEmail.success")}
        </Alert>
      )}
      <ErrorAlert error={mutation.error} />
      <Button component={Link} to="/" variant="default">
        {t("verifyEmail.continue")}
      </Button>
    </AuthCard>
  );
}
