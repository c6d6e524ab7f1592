// The market's cards on the home dashboard (declared by the server's market module, mapped here by
// id) and the pages of its first-run guide steps. Each card reads its data in one request.
import { SimpleGrid, Stack, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client.ts";
import { HomeCard } from "../home/HomeCard.tsx";
import { QuoteRows } from "../home/QuoteRows.tsx";
import { homeKeys } from "../home/queries.ts";
import type { HomeCardEntry } from "../home/registry.ts";

function GlanceCard() {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: homeKeys.card("market.glance"),
    queryFn: () => unwrap(api.GET("/api/home/cards/market.glance")),
  });
  const c = "home.cards.market.glance";
  const d = q.data;
  const empty = d && d.indices.length === 0 && d.fx.length === 0 && d.watched === 0;
  return (
    <HomeCard
      title={t(`${c}.title`)}
      link={{ to: "/instruments", label: t(`${c}.link`) }}
      state={q}
      empty={
        empty ? { text: t(`${c}.empty`), action: { to: "/instruments", label: t(`${c}.emptyAction`) } } : null
      }
    >
      {d && (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xl" verticalSpacing="md">
          <Stack gap="md">
            {d.indices.length > 0 && <QuoteRows rows={d.indices} caption={t(`${c}.indices`)} trend />}
            {d.fx.length > 0 && <QuoteRows rows={d.fx} caption={t(`${c}.fx`)} trend />}
          </Stack>
          {d.movers.length > 0 ? (
            // In a div: a grid cell would stretch the table's rows to the other column's height.
            <div>
              <QuoteRows rows={d.movers} caption={t(`${c}.movers`)} />
            </div>
          ) : (
            <Stack gap={4}>
              <Text size="sm" fw={600}>
                {t(`${c}.movers`)}
              </Text>
              <Text size="sm" c="dimmed">
                {d.watched === 0 ? t(`${c}.moversEmpty`) : t(`${c}.moversNone`)}
              </Text>
            </Stack>
          )}
        </SimpleGrid>
      )}
    </HomeCard>
  );
}

function WatchlistCard() {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: homeKeys.card("market.watchlist"),
    queryFn: () => unwrap(api.GET("/api/home/cards/market.watchlist")),
  });
  const c = "home.cards.market.watchlist";
  const w = q.data?.watchlist;
  const empty = !q.data
    ? null
    : !w
      ? { text: t(`${c}.empty`), action: { to: "/watchlists", label: t(`${c}.emptyAction`) } }
      : w.size === 0
        ? { text: t(`${c}.emptyList`), action: { to: "/instruments", label: t(`${c}.emptyListAction`) } }
        : null;
  return (
    <HomeCard
      title={w ? t(`${c}.titleNamed`, { name: w.name }) : t(`${c}.title`)}
      link={{ to: "/watchlists", label: t(`${c}.link`) }}
      state={q}
      empty={empty}
    >
      {w && (
        <Stack gap={4}>
          <QuoteRows rows={w.items} label={w.name} />
          {w.size > w.items.length && (
            <Text size="xs" c="dimmed">
              {t(`${c}.more`, { count: w.size - w.items.length })}
            </Text>
          )}
        </Stack>
      )}
    </HomeCard>
  );
}

/** The market's home cards by the id the server declares them with. */
export const marketHomeCards: Record<string, HomeCardEntry> = {
  "market.glance": { Component: GlanceCard, wide: true },
  "market.watchlist": { Component: WatchlistCard },
};

/** Where each of the market's first-run guide steps is done. */
export const marketGuideSteps: Record<string, { to: string }> = {
  "market.watchlist": { to: "/watchlists" },
  "market.instrument": { to: "/instruments" },
};
