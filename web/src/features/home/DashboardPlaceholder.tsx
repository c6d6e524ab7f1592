// What stands for the home dashboard while its chunk and data load: two blocks about as tall as the
// first-run guide and the first card, in one element that the dashboard replaces whole.
import { Skeleton, Stack } from "@mantine/core";
import { useTranslation } from "react-i18next";

/** Named "Loading…" for screen readers. */
export function DashboardPlaceholder() {
  const { t } = useTranslation();
  return (
    <Stack gap="md" role="status" aria-busy="true" aria-label={t("app.loading")} data-testid="home-loading">
      <Skeleton height={160} radius="md" />
      <Skeleton height={320} radius="md" />
    </Stack>
  );
}
