import { Badge, Button, Card, Group, Select, SimpleGrid, Stack, Text, TextInput, Title } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client.ts";
import type { Me, Profile, RiskTolerance, TradingExperience } from "../../api/models.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { notifySuccess } from "../../components/notify.ts";
import { useMe } from "./queries.ts";
import { useSaveMe } from "./useSaveMe.ts";

const EXPERIENCE: TradingExperience[] = ["none", "beginner", "intermediate", "advanced", "professional"];
const RISK: RiskTolerance[] = ["conservative", "moderate", "aggressive"];

export function ProfilePage() {
  const { t } = useTranslation();
  const { data } = useMe();
  if (!data) return null;
  return (
    <Stack gap="lg" maw={760}>
      {/* The page's one h1 first, as on the security page; the cards are h2. */}
      <Title order={1} size="h2">
        {t("profile.title")}
      </Title>
      <AccountCard data={data} />
      <ProfileForm profile={data.profile} />
    </Stack>
  );
}

function AccountCard({ data }: { data: Me }) {
  const { t } = useTranslation();
  const resend = useMutation({
    mutationFn: () => unwrap(api.POST("/api/me/email/resend")),
    onSuccess: () => notifySuccess(t("profile.verificationSent")),
  });
  const { user } = data;
  return (
    <Card withBorder radius="md" padding="lg">
      <Title order={2} size="h4" mb="sm">
        {t("profile.accountTitle")}
      </Title>
      <Stack gap={6}>
        <Text size="sm">
          <b>{t("profile.usernameLabel")}:</b> {user.username}
        </Text>
        <Group gap="xs">
          <Text size="sm">
            <b>{t("profile.emailLabel")}:</b> {user.email ?? t("common.none")}
          </Text>
          {user.email && (
            <Badge size="sm" variant="light" color={user.emailVerifiedAt ? "teal" : "yellow"}>
              {user.emailVerifiedAt ? t("profile.verified") : t("profile.notVerified")}
            </Badge>
          )}
        </Group>
        {user.email && !user.emailVerifiedAt && (
          <Group>
            <Button size="xs" variant="light" loading={resend.isPending} onClick={() => resend.mutate()}>
              {t("profile.resendVerification")}
            </Button>
          </Group>
        )}
        <ErrorAlert error={resend.error} />
      </Stack>
    </Card>
  );
}

function ProfileForm({ profile }: { profile: Profile }) {
  const { t } = useTranslation();
  const [firstName, setFirstName] = useState(profile.firstName ?? "");
  const [lastName, setLastName] = useState(profile.lastName ?? "");
  const [avatarUrl, setAvatarUrl] = useState(profile.avatarUrl ?? "");
  const [experience, setExperience] = useState<TradingExperience | null>(profile.tradingExperience);
  const [risk, setRisk] = useState<RiskTolerance | null>(profile.riskTolerance);

  const mutation = useSaveMe("profile", () =>
    unwrap(
      api.PATCH("/api/me/profile", {
        body: {
          firstName: firstName.trim() || null,
          lastName: lastName.trim() || null,
          avatarUrl: avatarUrl.trim() || null,
          tradingExperience: experience,
          riskTolerance: risk,
        },
      }),
    ),
  );

  const submit = (e: FormEvent) => {
    e.preventDefault();
    mutation.mutate();
  };

  return (
    <Card withBorder radius="md" padding="lg">
      <Title order={2} size="h4">
        {t("profile.formTitle")}
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        {t("profile.intro")}
      </Text>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label={t("fields.firstName")}
              value={firstName}
              onChange={(e) => setFirstName(e.currentTarget.value)}
              autoComplete="given-name"
            />
            <TextInput
              label={t("fields.lastName")}
              value={lastName}
              onChange={(e) => setLastName(e.currentTarget.value)}
              autoComplete="family-name"
            />
          </SimpleGrid>
          <TextInput
            label={t("fields.avatarUrl")}
            type="url"
            value={avatarUrl}
            onChange={(e) => setAvatarUrl(e.currentTarget.value)}
            placeholder="https://"
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select
              label={t("fields.tradingExperience")}
              data={EXPERIENCE.map((v) => ({ value: v, label: t(`profile.experience.${v}`) }))}
              value={experience}
              onChange={(v) => setExperience(v as TradingExperience | null)}
              clearable
            />
            <Select
              label={t("fields.riskTolerance")}
              data={RISK.map((v) => ({ value: v, label: t(`profile.risk.${v}`) }))}
              value={risk}
              onChange={(v) => setRisk(v as RiskTolerance | null)}
              clearable
            />
          </SimpleGrid>
          <ErrorAlert error={mutation.error} />
          <Group>
            <Button type="submit" loading={mutation.isPending}>
              {t("common.save")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
