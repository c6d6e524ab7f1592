import { Badge, Button, Card, Group, Stack, Text, TextInput, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../../api/client.ts";
import { ErrorAlert } from "../../../components/ErrorAlert.tsx";
import { notifySuccess } from "../../../components/notify.ts";
import { accountKeys, useMe } from "../queries.ts";

export function PhoneSection() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { data } = useMe();
  const [phone, setPhone] = useState("");
  const [code, setCode] = useState("");
  const [sent, setSent] = useState(false);
  const request = useMutation({
    mutationFn: () =>
      unwrap(api.POST("/api/me/phone/request", { body: { phoneNumber: phone.replace(/[\s-]/g, "") } })),
    onSuccess: () => setSent(true),
  });
  const verify = useMutation({
    mutationFn: () => unwrap(api.POST("/api/me/phone/verify", { body: { code: code.trim() } })),
    onSuccess: () => {
      notifySuccess(t("security.phone.done"));
      setSent(false);
      setCode("");
      setPhone("");
      void qc.invalidateQueries({ queryKey: accountKeys.me });
    },
  });
  const user = data?.user;

  const submitRequest = (e: FormEvent) => {
    e.preventDefault();
    request.mutate();
  };
  const submitVerify = (e: FormEvent) => {
    e.preventDefault();
    verify.mutate();
  };

  return (
    <Card withBorder radius="md" padding="lg">
      <Title order={2} size="h4">
        {t("security.phone.title")}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t("security.phone.intro")}
      </Text>
      {user?.phoneNumber && (
        <Group gap="xs" mb="sm">
          <Text size="sm">{t("security.phone.current", { phone: user.phoneNumber })}</Text>
          <Badge size="sm" variant="light" color={user.phoneVerifiedAt ? "teal" : "yellow"}>
            {user.phoneVerifiedAt ? t("security.phone.verified") : t("security.phone.notVerified")}
          </Badge>
        </Group>
      )}
      <Stack gap="sm" maw={420}>
        <form onSubmit={submitRequest} noValidate>
          <Group align="flex-end" gap="xs" wrap="nowrap">
            {/* Optional: the account works without a phone number, so the field is not marked required. */}
            <TextInput
              style={{ flex: 1, minWidth: 0 }}
              label={t("fields.phoneNumber")}
              description={t("hints.phoneNumber")}
              type="tel"
              value={phone}
              onChange={(e) => setPhone(e.currentTarget.value)}
              autoComplete="tel"
            />
            <Button type="submit" variant="light" loading={request.isPending} disabled={!phone.trim()}>
              {t("security.phone.sendCode")}
            </Button>
          </Group>
        </form>
        <ErrorAlert error={request.error} />
        {sent && (
          <form onSubmit={submitVerify} noValidate>
            <Stack gap="xs">
              <Text size="sm" c="teal">
                {t("security.phone.codeSent")}
              </Text>
              <Group align="flex-end" gap="xs" wrap="nowrap">
                <TextInput
                  style={{ flex: 1 }}
                  label={t("fields.smsCode")}
                  value={code}
                  onChange={(e) => setCode(e.currentTarget.value)}
                  required
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  maxLength={6}
                />
                <Button type="submit" loading={verify.isPending}>
                  {t("security.phone.verify")}
                </Button>
              </Group>
              <ErrorAlert error={verify.error} />
            </Stack>
          </form>
        )}
      </Stack>
    </Card>
  );
}
