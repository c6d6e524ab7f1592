// Home: a greeting, then the dashboard (HomeDashboard.tsx: the first-run guide, the modules' cards and
// help links), a chunk loaded alongside the dashboard's own request. Until it is ready, a placeholder
// as tall as a phone's screen holds the place, so nothing below the greeting moves when it arrives.
import { Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { lazy, Suspense } from "react";
import { useTranslation } from "react-i18next";
import { useMe } from "../account/queries.ts";
import { DashboardPlaceholder } from "./DashboardPlaceholder.tsx";
import { homeQuery } from "./home-query.ts";

const loadDashboard = () => import("./HomeDashboard.tsx");
// Requested as soon as this page's chunk runs, alongside "/api/home" (not after the first render).
const dashboard = loadDashboard();
const HomeDashboard = lazy(async () => ({ default: (await dashboard).HomeDashboard }));

export function HomePage() {
  const { t } = useTranslation();
  const { data } = useMe();
  // Asked now, while the dashboard's chunk is still on its way (HomeDashboard reads the same query).
  useQuery(homeQuery());
  if (!data) return null;
  const { user, profile } = data;
  const name = profile.firstName || user.username;

  return (
    <Stack gap="lg">
      <div>
        <Title order={1} size="h2">
          {t("home.title", { name })}
        </Title>
        <Text c="dimmed">{t("home.intro")}</Text>
      </div>
      <Suspense fallback={<DashboardPlaceholder />}>
        <HomeDashboard />
      </Suspense>
    </Stack>
  );
}
