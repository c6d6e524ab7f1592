import {
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Image,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../../api/client.ts";
import type { MfaEnrollment } from "../../../api/models.ts";
import { CopyField } from "../../../components/CopyField.tsx";
import { ErrorAlert } from "../../../components/ErrorAlert.tsx";
import { CurrentPasswordInput, OneTimeCodeInput, SubmitCancel } from "../../../components/FormParts.tsx";
import { notifySuccess } from "../../../components/notify.ts";
import { accountKeys, useMe } from "../queries.ts";

type Stage =
  | { kind: "idle" }
  | { kind: "password" }
  | { kind: "scan"; enrollment: MfaEnrollment }
  | { kind: "recovery"; codes: string[] };

/** Enrolment: password → QR code and secret → first code → the ten recovery codes, shown once. */
export function MfaSection() {
  const { t } = useTranslation();
  const { data } = useMe();
  const [stage, setStage] = useState<Stage>({ kind: "idle" });
  const enabled = data?.user.mfaEnabled ?? false;

  return (
    <Card withBorder radius="md" padding="lg">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4">
          {t("security.mfa.title")}
        </Title>
        <Badge color={enabled ? "teal" : "gray"} variant="light">
          {enabled ? t("security.mfa.badgeOn") : t("security.mfa.badgeOff")}
        </Badge>
      </Group>
      {stage.kind === "recovery" ? (
        <RecoveryCodes codes={stage.codes} onDone={() => setStage({ kind: "idle" })} />
      ) : enabled ? (
        <DisableMfa />
      ) : stage.kind === "idle" ? (
        <Stack gap="sm" align="flex-start">
          <Text size="sm">{t("security.mfa.disabled")}</Text>
          <Button onClick={() => setStage({ kind: "password" })}>{t("security.mfa.start")}</Button>
        </Stack>
      ) : stage.kind === "password" ? (
        <StartEnrollment
          onCancel={() => setStage({ kind: "idle" })}
          onEnrolled={(enrollment) => setStage({ kind: "scan", enrollment })}
        />
      ) : (
        <ConfirmEnrollment
          enrollment={stage.enrollment}
          onCancel={() => setStage({ kind: "idle" })}
          onVerified={(codes) => setStage({ kind: "recovery", codes })}
        />
      )}
    </Card>
  );
}

function StartEnrollment({
  onEnrolled,
  onCancel,
}: {
  onEnrolled: (e: MfaEnrollment) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [password, setPassword] = useState("");
  const mutation = useMutation({
    mutationFn: () => unwrap(api.POST("/api/me/mfa/enroll", { body: { password } })),
    onSuccess: onEnrolled,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    mutation.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm" maw={420}>
        <Text size="sm">{t("security.mfa.passwordStep")}</Text>
        <CurrentPasswordInput value={password} onChange={setPassword} autoFocus />
        <ErrorAlert error={mutation.error} />
        <SubmitCancel label={t("common.continue")} pending={mutation.isPending} onCancel={onCancel} />
      </Stack>
    </form>
  );
}

function ConfirmEnrollment({
  enrollment,
  onVerified,
  onCancel,
}: {
  enrollment: MfaEnrollment;
  onVerified: (codes: string[]) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [code, setCode] = useState("");
  const [revokeApiKeys, setRevokeApiKeys] = useState(false);
  const mutation = useMutation({
    mutationFn: () =>
      unwrap(api.POST("/api/me/mfa/verify", { body: { code: code.replace(/\s+/g, ""), revokeApiKeys } })),
    onSuccess: (res) => {
      onVerified(res.recoveryCodes);
      // ["me"] is the prefix of the sessions key too: both reload.
      void qc.invalidateQueries({ queryKey: accountKeys.me });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    mutation.mutate();
  };
  return (
    <Stack gap="md">
      <Text size="sm">{t("security.mfa.scanStep")}</Text>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
        <Image
          src={enrollment.qrCodeDataUrl}
          alt={t("security.mfa.qrAlt")}
          w={200}
          h={200}
          fit="contain"
          radius="sm"
          bg="white"
          p={6}
        />
        <Stack gap="sm">
          <CopyField label={t("security.mfa.secretLabel")} value={enrollment.secret} testId="mfa-secret" />
          <form onSubmit={submit} noValidate>
            <Stack gap="sm">
              <Text size="sm">{t("security.mfa.codeStep")}</Text>
              <OneTimeCodeInput value={code} onChange={setCode} />
              <Checkbox
                label={t("security.revokeApiKeys.label")}
                description={t("security.revokeApiKeys.hint")}
                checked={revokeApiKeys}
                onChange={(e) => setRevokeApiKeys(e.currentTarget.checked)}
              />
              <ErrorAlert error={mutation.error} />
              <SubmitCancel
                label={t("security.mfa.verify")}
                pending={mutation.isPending}
                onCancel={onCancel}
              />
            </Stack>
          </form>
        </Stack>
      </SimpleGrid>
    </Stack>
  );
}

function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm">
      <Alert color="teal" title={t("security.mfa.enabled")}>
        {t("security.mfa.enabledNote")}
      </Alert>
      <Title order={3} size="h5">
        {t("security.mfa.recoveryTitle")}
      </Title>
      <Text size="sm">{t("security.mfa.recoveryIntro")}</Text>
      <CopyField label={t("security.mfa.recoveryCodes")} value={codes.join("\n")} testId="recovery-codes" />
      <Group>
        <Button onClick={onDone}>{t("security.mfa.recoveryDone")}</Button>
      </Group>
    </Stack>
  );
}

function DisableMfa() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const mutation = useMutation({
    mutationFn: () =>
      unwrap(api.POST("/api/me/mfa/disable", { body: { password, code: code.replace(/\s+/g, "") } })),
    onSuccess: () => {
      notifySuccess(t("security.mfa.disabledDone"));
      setOpen(false);
      setPassword("");
      setCode("");
      // ["me"] is the prefix of the sessions key too: both reload.
      void qc.invalidateQueries({ queryKey: accountKeys.me });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    mutation.mutate();
  };
  if (!open) {
    return (
      <Stack gap="sm" align="flex-start">
        <Text size="sm">{t("security.mfa.enabled")}</Text>
        <Button variant="light" color="red" onClick={() => setOpen(true)}>
          {t("security.mfa.disable")}
        </Button>
      </Stack>
    );
  }
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm" maw={420}>
        <Text size="sm">{t("security.mfa.disableIntro")}</Text>
        <CurrentPasswordInput value={password} onChange={setPassword} />
        <OneTimeCodeInput value={code} onChange={setCode} recovery />
        <ErrorAlert error={mutation.error} />
        <SubmitCancel
          label={t("security.mfa.disableSubmit")}
          color="red"
          pending={mutation.isPending}
          onCancel={() => setOpen(false)}
        />
      </Stack>
    </form>
  );
}
