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
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../../api/client.ts";
import type { MfaEnrollment } from "../../../api/models.ts";
import { CopyField } from "../../../components/CopyField.tsx";
import { ErrorAlert } from "../../../components/ErrorAlert.tsx";
import { CurrentPasswordInput, OneTimeCodeInput, SubmitCancel } from "../../../components/FormParts.tsx";
import { notifySuccess } from "../../../components/notify.ts";
import { accountKeys, mfaStatusQuery, useMe } from "../queries.ts";

type Stage =
  | { kind: "idle" }
  | { kind: "password" }
  | { kind: "scan"; enrollment: MfaEnrollment }
  | { kind: "recovery"; codes: string[]; regenerated?: boolean };

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
        <RecoveryCodes
          codes={stage.codes}
          regenerated={stage.regenerated}
          username={data?.user.username ?? ""}
          onDone={() => setStage({ kind: "idle" })}
        />
      ) : enabled ? (
        <MfaOn onRegenerated={(codes) => setStage({ kind: "recovery", codes, regenerated: true })} />
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

/** The recovery codes as a text file the user keeps (the name of the account and the date inside). */
export function recoveryCodesFile(codes: string[], username: string, date: Date, intro: string): string {
  const day = date.toISOString().slice(0, 10);
  return [`Bullpen — ${username} — ${day}`, intro, "", ...codes, ""].join("\n");
}

function downloadText(fileName: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: "text/plain;charset=utf-8" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  URL.revokeObjectURL(url);
}

function RecoveryCodes({
  codes,
  username,
  regenerated,
  onDone,
}: {
  codes: string[];
  username: string;
  regenerated?: boolean;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm">
      <Alert color="teal" title={regenerated ? t("security.mfa.regenerated") : t("security.mfa.enabled")}>
        {regenerated ? t("security.mfa.regeneratedNote") : t("security.mfa.enabledNote")}
      </Alert>
      <Title order={3} size="h5">
        {t("security.mfa.recoveryTitle")}
      </Title>
      <Text size="sm">{t("security.mfa.recoveryIntro")}</Text>
      <CopyField label={t("security.mfa.recoveryCodes")} value={codes.join("\n")} testId="recovery-codes" />
      <Group>
        <Button
          variant="default"
          onClick={() =>
            downloadText(
              `bullpen-recovery-codes-${username}.txt`,
              recoveryCodesFile(codes, username, new Date(), t("security.mfa.fileIntro")),
            )
          }
        >
          {t("security.mfa.download")}
        </Button>
        <Button onClick={onDone}>{t("security.mfa.recoveryDone")}</Button>
      </Group>
    </Stack>
  );
}

/** Two-step verification is on: the recovery codes left, a new set, or turning it off. */
function MfaOn({ onRegenerated }: { onRegenerated: (codes: string[]) => void }) {
  const { t } = useTranslation();
  const status = useQuery(mfaStatusQuery());
  const [open, setOpen] = useState<"none" | "regenerate" | "disable">("none");
  const left = status.data?.recoveryCodesLeft;
  const low = left !== undefined && left <= 3;
  return (
    <Stack gap="sm">
      <Text size="sm">{t("security.mfa.enabled")}</Text>
      {left !== undefined && (
        <Text size="sm" data-testid="recovery-codes-left" fw={low ? 600 : undefined}>
          {t("security.mfa.codesLeft", { count: left, total: status.data?.recoveryCodesTotal ?? 10 })}
          {low && ` ${t("security.mfa.codesLow")}`}
        </Text>
      )}
      {open === "regenerate" ? (
        <RegenerateCodes
          onCancel={() => setOpen("none")}
          onDone={(codes) => {
            setOpen("none");
            onRegenerated(codes);
          }}
        />
      ) : open === "disable" ? (
        <DisableMfa onCancel={() => setOpen("none")} />
      ) : (
        <Group gap="sm">
          <Button variant="default" onClick={() => setOpen("regenerate")}>
            {t("security.mfa.regenerate")}
          </Button>
          <Button variant="light" color="red" onClick={() => setOpen("disable")}>
            {t("security.mfa.disable")}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

/** New recovery codes: the password and a current code, as for turning it off. */
function RegenerateCodes({ onDone, onCancel }: { onDone: (codes: string[]) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const mutation = useMutation({
    mutationFn: () =>
      unwrap(api.POST("/api/me/mfa/recovery-codes", { body: { password, code: code.replace(/\s+/g, "") } })),
    onSuccess: (res) => {
      void qc.invalidateQueries({ queryKey: accountKeys.mfa });
      onDone(res.recoveryCodes);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    mutation.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm" maw={420}>
        <Text size="sm">{t("security.mfa.regenerateIntro")}</Text>
        <CurrentPasswordInput value={password} onChange={setPassword} autoFocus />
        <OneTimeCodeInput value={code} onChange={setCode} recovery />
        <ErrorAlert error={mutation.error} />
        <SubmitCancel
          label={t("security.mfa.regenerateSubmit")}
          pending={mutation.isPending}
          onCancel={onCancel}
        />
      </Stack>
    </form>
  );
}

function DisableMfa({ onCancel }: { onCancel: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const mutation = useMutation({
    mutationFn: () =>
      unwrap(api.POST("/api/me/mfa/disable", { body: { password, code: code.replace(/\s+/g, "") } })),
    onSuccess: () => {
      notifySuccess(t("security.mfa.disabledDone"));
      onCancel();
      // ["me"] is the prefix of the sessions and two-factor keys too: they all reload.
      void qc.invalidateQueries({ queryKey: accountKeys.me });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    mutation.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm" maw={420}>
        <Text size="sm">{t("security.mfa.disableIntro")}</Text>
        <CurrentPasswordInput value={password} onChange={setPassword} autoFocus />
        <OneTimeCodeInput value={code} onChange={setCode} recovery />
        <ErrorAlert error={mutation.error} />
        <SubmitCancel
          label={t("security.mfa.disableSubmit")}
          color="red"
          pending={mutation.isPending}
          onCancel={onCancel}
        />
      </Stack>
    </form>
  );
}
