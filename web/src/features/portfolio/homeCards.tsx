// The portfolio's card on the home dashboard (declared by the server's portfolio module, mapped here
// by id) and the page of its first-run guide step: total value in the display currency and the last
// valuation day's change, in the user's price colours; an empty state that says how to start.
import { Group, Stack, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client.ts";
import { formatCalendarDate } from "../../components/format.ts";
import { HomeCard } from "../home/HomeCard.tsx";
import { homeKeys } from "../home/queries.ts";
import type { HomeCardEntry } from "../home/registry.ts";
import { usePriceColors } from "../market/colors.ts";
import { portfolioFormat } from "./format.ts";

function SummaryCard() {
  const { t, i18n } = useTranslation();
  const colors = usePriceColors();
  const f = portfolioFormat(i18n.language);
  const q = useQuery({
    queryKey: homeKeys.card("portfolio.summary"),
    queryFn: () => unwrap(api.GET("/api/home/cards/portfolio.summary")),
  });
  const d = q.data;
  return (
    <HomeCard
      title={t("portfolio.card.title")}
      link={{ to: "/portfolio", label: t("portfolio.card.link") }}
      state={q}
      minHeight={120}
      empty={
        d?.state === "empty"
          ? {
              text: t("portfolio.card.empty"),
              action: { to: "/portfolio", label: t("portfolio.card.emptyAction") },
            }
          : null
      }
    >
      {d && (
        <Stack gap={6}>
          <Group justify="space-between" align="baseline" wrap="wrap" gap="xs">
            <Text size="sm">{t("portfolio.card.total")}</Text>
            <Text fz="xl" fw={700} data-testid="portfolio-card-total">
              {f.money(d.totalValue, d.currency)}
            </Text>
          </Group>
          {d.todayChange !== null && (
            <Group justify="space-between" align="baseline" wrap="wrap" gap="xs">
              <Text size="sm">
                {t("portfolio.card.today")}
                {d.asOf && (
                  <Text span size="xs" c="dimmed">
                    {" "}
                    ({formatCalendarDate(d.asOf, i18n.language)})
                  </Text>
                )}
              </Text>
              <Text size="sm" fw={600} style={{ color: colors.text(d.todayChange) }}>
                {f.signed(d.todayChange, d.currency)} ({f.pct(d.todayChangePct)})
              </Text>
            </Group>
          )}
          {d.message && (
            <Text size="xs" c="dimmed">
              {d.message}
            </Text>
          )}
        </Stack>
      )}
    </HomeCard>
  );
}

/** The portfolio's home cards by the id the server declares them with. */
export const portfolioHomeCards: Record<string, HomeCardEntry> = {
  "portfolio.summary": { Component: SummaryCard },
};

/** Where the portfolio's first-run guide step is done. */
export const portfolioGuideSteps: Record<string, { to: string }> = {
  "portfolio.add": { to: "/portfolio" },
};
