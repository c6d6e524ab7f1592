// The administrators' card on the home dashboard (declared by the server's identity module for
// administrators only, mapped here by id): accounts waiting for approval with a way to review them,
// active and suspended accounts, and how people sign up.
import { Button, Group, SimpleGrid, Stack, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api, unwrap } from "../../api/client.ts";
import { HomeCard } from "../home/HomeCard.tsx";
import { homeKeys } from "../home/queries.ts";
import type { HomeCardEntry } from "../home/registry.ts";

function Stat({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      {children}
    </Stack>
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
    <HomeCard
      title={t(`${c}.title`)}
      link={{ to: "/admin/users", label: t(`${c}.link`) }}
      state={q}
      minHeight={140}
    >
      {a && (
        <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="md" verticalSpacing="sm">
          <Stat label={t(`${c}.pending`)}>
            <Group gap="xs" wrap="nowrap">
              <Text size="lg" fw={700}>
                {a.pendingApproval}
              </Text>
              {a.pendingApproval > 0 && (
                <Button size="compact-xs" component={Link} to="/admin/users?status=pending_approval">
                  {t(`${c}.review`)}
                </Button>
              )}
            </Group>
          </Stat>
          <Stat label={t(`${c}.active`)}>
            <Text size="lg" fw={700}>
              {a.active}
            </Text>
          </Stat>
          <Stat label={t(`${c}.suspended`)}>
            <Text size="lg" fw={700}>
              {a.suspended}
            </Text>
          </Stat>
          <Stat label={t(`${c}.registration`)}>
            <Text size="sm" fw={600}>
              {t(`${c}.modes.${a.registrationMode}`)}
            </Text>
          </Stat>
        </SimpleGrid>
      )}
    </HomeCard>
  );
}

/** The administrators' home cards by the id the server declares them with. */
export const adminHomeCards: Record<string, HomeCardEntry> = {
  "identity.admin": { Component: AdminCard, wide: true },
};
