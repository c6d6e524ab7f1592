// Home: the dashboard of cards the server's modules declare (GET /api/home), each drawn by the
// component its feature folder registers, the first-run guide for a new user, and help links.
import { Anchor, Button, Card, Grid, SimpleGrid, Skeleton, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { useMe } from "../account/queries.ts";
import { FirstRunGuide } from "./FirstRunGuide.tsx";
import { homeQuery, useSetGuideDismissed } from "./queries.ts";
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

export function HomePage() {
  const { t } = useTranslation();
  const { data } = useMe();
  const home = useQuery(homeQuery());
  if (!data) return null;
  const { user, profile } = data;
  const name = profile.firstName || user.username;
  const cards = (home.data?.cards ?? []).flatMap((c) => {
    const entry = homeCardRegistry[c.id];
    return entry ? [{ id: c.id, ...entry }] : [];
  });

  return (
    <Stack gap="lg">
      <div>
        <Title order={1} size="h2">
          {t("home.title", { name })}
        </Title>
        <Text c="dimmed">{t("home.intro")}</Text>
      </div>

      {home.isError && <ErrorAlert error={home.error} />}
      {home.data && <FirstRunGuide guide={home.data.guide} />}

      <Grid gap="md">
        {home.isPending
          ? [0, 1, 2].map((i) => (
              <Grid.Col key={i} span={{ base: 12, md: i === 0 ? 12 : 6 }}>
                <Skeleton height={200} radius="md" />
              </Grid.Col>
            ))
          : cards.map(({ id, Component, wide }) => (
              <Grid.Col key={id} span={{ base: 12, md: wide ? 12 : 6 }}>
                <Component />
              </Grid.Col>
            ))}
      </Grid>

      <HelpLinks guideDismissed={home.data?.guide.dismissed ?? false} />
    </Stack>
  );
}
