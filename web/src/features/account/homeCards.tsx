// The identity module's card on the home dashboard (declared by the server, mapped here by id): the
// account's security at a glance, and the page of its first-run guide step.
import { Anchor, Badge, Group, Stack, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api, unwrap } from "../../api/client.ts";
import { useFormatDate } from "../../components/format.ts";
import { HomeCard } from "../home/HomeCard.tsx";
import { homeKeys } from "../home/queries.ts";
import type { HomeCardEntry } from "../home/registry.ts";

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Group justify="space-between" gap="xs" wrap="nowrap">
      <Text size="sm">{label}</Text>
      <div style={{ textAlign: "end" }}>{children}</div>
    </Group>
  );
}

function AccountCard() {
  const { t } = useTranslation();
  const fmt = useFormatDate();
  const q = useQuery({
    queryKey: homeKeys.card("identity.account"),
    queryFn: () => unwrap(api.GET("/api/home/cards/identity.account")),
  });
  const c = "home.cards.identity.account";
  const a = q.data;
  return (
    <HomeCard title={t(`${c}.title`)} link={{ to: "/security", label: t(`${c}.link`) }} state={q}>
      {a && (
        <Stack gap={6}>
          <Group gap="xs">
            <Text size="sm" fw={600}>
              {a.username}
            </Text>
            <Badge variant="light" size="sm">
              {t(`admin.roles.${a.role}`)}
            </Badge>
          </Group>
          <Row label={t(`${c}.mfa`)}>
            <Badge color={a.mfaEnabled ? "teal" : "orange"} variant="light">
              {a.mfaEnabled ? t(`${c}.mfaOn`) : t(`${c}.mfaOff`)}
            </Badge>
            {a.mfaEnabled && (
              <Text size="xs" c="dimmed">
                {t(`${c}.recoveryLeft`, { count: a.recoveryCodesLeft })}
              </Text>
            )}
          </Row>
          <Row label={t(`${c}.email`)}>
            <Badge
              color={a.emailVerified ? "teal" : a.email || a.emailPending ? "yellow" : "gray"}
              variant="light"
            >
              {a.emailVerified
                ? t(`${c}.emailVerified`)
                : a.emailPending
                  ? t(`${c}.emailPending`)
                  : a.email
                    ? t(`${c}.emailNotVerified`)
                    : t(`${c}.noEmail`)}
            </Badge>
          </Row>
          <Row label={t(`${c}.sessions`)}>
            <Text size="sm" fw={600}>
              {a.sessions}
            </Text>
          </Row>
          <Row label={t(`${c}.apiKeys`)}>
            <Text size="sm" fw={600}>
              {a.apiKeys}
            </Text>
          </Row>
          <Text size="xs" c="dimmed">
            {t(`${c}.memberSince`, { date: fmt(a.createdAt, false) })}
            {a.lastLoginAt ? ` · ${t(`${c}.lastLogin`, { date: fmt(a.lastLoginAt) })}` : ""}
          </Text>
          {!a.mfaEnabled && (
            <Anchor component={Link} to="/security" size="sm">
              {t(`${c}.secure`)}
            </Anchor>
          )}
        </Stack>
      )}
    </HomeCard>
  );
}

/** The identity module's home cards by the id the server declares them with. */
export const accountHomeCards: Record<string, HomeCardEntry> = {
  "identity.account": { Component: AccountCard },
};

/** Where the identity module's first-run guide step is done. */
export const accountGuideSteps: Record<string, { to: string }> = { "identity.mfa": { to: "/security" } };
