// The administrators' card on the home dashboard (declared by the server's identity module for
// administrators only, mapped here by id): accounts waiting for approval with a way to review them,
// active and suspended accounts, and how people sign up.
import { Badge, Button, Group, Stack, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api, unwrap } from "../../api/client.ts";
import { HomeCard } from "../home/HomeCard.tsx";
import { homeKeys } from "../home/queries.ts";
import type { HomeCardEntry } from "../home/registry.ts";

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Group justify="space-between" gap="xs" wrap="nowrap">
      <Text size="sm">{label}</Text>
      {children}
    </Group>
  );
}

function AdminCard() {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: homeKeys.card("identity.admin"),
    queryFn: () => unwrap(api.GET("/api/home/cards/identity.admin")),
  });
  const c = "home.cards.identity.admin";
  const a = q.data;
  return (
    <HomeCard title={t(`${c}.title`)} link={{ to: "/admin/users", label: t(`${c}.link`) }} state={q}>
      {a && (
        <Stack gap={6}>
          <Row label={t(`${c}.pending`)}>
            <Group gap="xs" wrap="nowrap">
              <Badge color={a.pendingApproval > 0 ? "yellow" : "gray"} variant="light">
                {a.pendingApproval}
              </Badge>
              {a.pendingApproval > 0 && (
                <Button size="compact-xs" component={Link} to="/admin/users?status=pending_approval">
                  {t(`${c}.review`)}
                </Button>
              )}
            </Group>
          </Row>
          <Row label={t(`${c}.active`)}>
            <Text size="sm" fw={600}>
              {a.active}
            </Text>
          </Row>
          <Row label={t(`${c}.suspended`)}>
            <Text size="sm" fw={600}>
              {a.suspended}
            </Text>
          </Row>
          <Row label={t(`${c}.registration`)}>
            <Text size="sm" fw={600} ta="end">
              {t(`${c}.modes.${a.registrationMode}`)}
            </Text>
          </Row>
        </Stack>
      )}
    </HomeCard>
  );
}

/** The administrators' home cards by the id the server declares them with. */
export const adminHomeCards: Record<string, HomeCardEntry> = { "identity.admin": { Component: AdminCard } };
