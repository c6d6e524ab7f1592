// The portfolio's empty state: what to do to start — import a broker file, add a transaction (after
// creating an account), or load the demo portfolio (POST /api/portfolio/demo) — and the screenshot
// import as a fourth way.
import { Anchor, Button, Card, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api, unwrap } from "../../api/client.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { notifySuccess } from "../../components/notify.ts";
import { useInvalidatePortfolio } from "./queries.ts";
import "./strings.ts";

export function EmptyState() {
  const { t } = useTranslation();
  const invalidate = useInvalidatePortfolio();
  const demo = useMutation({
    mutationFn: () => unwrap(api.POST("/api/portfolio/demo")),
    onSuccess: async () => {
      notifySuccess(t("portfolio.empty.demoLoaded"));
      await invalidate();
    },
  });
  const way = (title: string, hint: string, action: React.ReactNode) => (
    <Card withBorder radius="md" padding="md">
      <Stack gap="xs" h="100%" justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Text fw={700}>{title}</Text>
          <Text size="sm" c="dimmed">
            {hint}
          </Text>
        </Stack>
        {action}
      </Stack>
    </Card>
  );
  return (
    <Stack gap="md" component="section" aria-labelledby="portfolio-empty">
      <Title order={2} size="h3" id="portfolio-empty">
        {t("portfolio.empty.title")}
      </Title>
      <Text>{t("portfolio.empty.body")}</Text>
      <ErrorAlert error={demo.error} />
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
        {way(
          t("portfolio.empty.import"),
          t("portfolio.empty.importHint"),
          <Button component={Link} to="/portfolio/import">
            {t("portfolio.empty.import")}
          </Button>,
        )}
        {way(
          t("portfolio.empty.add"),
          t("portfolio.empty.addHint"),
          <Button component={Link} to="/portfolio/accounts" variant="light">
            {t("portfolio.empty.add")}
          </Button>,
        )}
        {way(
          t("portfolio.empty.demo"),
          t("portfolio.empty.demoHint"),
          <Button variant="light" loading={demo.isPending} onClick={() => demo.mutate()}>
            {t("portfolio.empty.demo")}
          </Button>,
        )}
      </SimpleGrid>
      <Text size="sm">
        <Anchor component={Link} to="/portfolio/screenshot">
          {t("portfolio.empty.screenshot")}
        </Anchor>
      </Text>
    </Stack>
  );
}
