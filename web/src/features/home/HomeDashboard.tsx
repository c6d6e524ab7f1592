// The home dashboard below the greeting: the first-run guide, the cards the server's modules declare
// (GET /api/home), each drawn by the component its feature folder registers, and help links. A chunk of
// its own (HomePage loads it while "/api/home" is on its way): the first paint needs only the greeting
// and a placeholder (issue 16: the first page's JavaScript budget, web/vite/budget.ts).
//
// It shows once every card's data has answered (or failed), all at once in place of one placeholder:
// cards that grew one by one from their skeletons pushed the others down the page (Lighthouse measured
// a layout shift of 0.51 on a phone).
import { Anchor, Button, Card, Grid, SimpleGrid, Text, Title } from "@mantine/core";
import { useQueries, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api, unwrap } from "../../api/client.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { DashboardPlaceholder } from "./DashboardPlaceholder.tsx";
import { FirstRunGuide } from "./FirstRunGuide.tsx";
import { homeKeys, homeQuery, useSetGuideDismissed } from "./queries.ts";
import { homeCardRegistry } from "./registry.ts";

function HelpLinks({ guideDismissed }: { guideDismissed: boolean }) {
  const { t } = useTranslation();
  const reopen = useSetGuideDismissed();
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-labelledby="home-help">
      <Title order={2} size="h4" id="home-help" mb="xs">
        {t("home.help.title")}
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <div>
          <Anchor component={Link} to="/guide" fw={600}>
            {t("home.help.guide")}
          </Anchor>
          <Text size="sm" c="dimmed">
            {t("home.help.guideBody")}
          </Text>
        </div>
        <div>
          {/* Served by this server (Swagger UI), so it works without internet access. */}
          <Anchor href="/docs" target="_blank" rel="noopener" fw={600}>
            {t("home.help.api")}
          </Anchor>
          <Text size="sm" c="dimmed">
            {t("home.help.apiBody")}
          </Text>
        </div>
      </SimpleGrid>
      {guideDismissed && (
        <Button
          mt="sm"
          size="xs"
          variant="subtle"
          px={0}
          loading={reopen.isPending}
          onClick={() => reopen.mutate(false)}
        >
          {t("home.guide.reopen")}
        </Button>
      )}
    </Card>
  );
}

/** A card's data answer, by the path the server lists (the card reads the same query from the cache). */
const cardData = (path: string) => unwrap(api.GET(path as "/api/home/cards/market.glance"));

export function HomeDashboard() {
  const qc = useQueryClient();
  const home = useQuery(homeQuery());
  // The dashboard has just read every card's data: a card mounting with it does not ask again, nor
  // retry a failed one by itself (the card offers "Try again").
  qc.setQueryDefaults(homeKeys.cards, { staleTime: 30_000, retryOnMount: false });
  const cards = (home.data?.cards ?? []).flatMap((c) => {
    const entry = homeCardRegistry[c.id];
    return entry ? [{ ...c, ...entry }] : [];
  });
  const data = useQueries({
    queries: cards.flatMap((c) =>
      c.dataPath ? [{ queryKey: homeKeys.card(c.id), queryFn: () => cardData(c.dataPath as string) }] : [],
    ),
  });
  // Once shown, it stays: a card asking again (its "Try again") shows its own skeleton.
  const settled = Boolean(home.data) && data.every((q) => !q.isPending);
  const [shown, setShown] = useState(false);
  if (settled && !shown) setShown(true);
  if (home.isError) return <ErrorAlert error={home.error} />;
  if (!home.data || !(settled || shown)) return <DashboardPlaceholder />;

  return (
    <>
      <FirstRunGuide guide={home.data.guide} />
      <Grid gap="md">
        {cards.map(({ id, Component, wide }) => (
          <Grid.Col key={id} span={{ base: 12, md: wide ? 12 : 6 }}>
            <Component />
          </Grid.Col>
        ))}
      </Grid>
      <HelpLinks guideDismissed={home.data.guide.dismissed} />
    </>
  );
}
