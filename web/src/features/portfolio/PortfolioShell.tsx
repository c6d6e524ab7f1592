// The frame of every portfolio page: its title (the page's one h1) and the portfolio's own navigation
// (overview, transactions, import, screenshot, accounts, planning, connections) as a row of links
// that wraps on a phone rather than scrolling sideways.
import { Button, Group, Stack, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "react-router";
import "./strings.ts";

export const PORTFOLIO_PAGES = [
  { to: "/portfolio", key: "overview" },
  { to: "/portfolio/transactions", key: "transactions" },
  { to: "/portfolio/import", key: "import" },
  { to: "/portfolio/screenshot", key: "screenshot" },
  { to: "/portfolio/accounts", key: "accounts" },
  { to: "/portfolio/planning", key: "planning" },
  { to: "/portfolio/connections", key: "connections" },
] as const;

export function PortfolioShell({
  title,
  actions,
  children,
}: {
  title: string;
  actions?: ReactNode;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const current = pathname.replace(/\/+$/, "") || "/";
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
        <Title order={1} size="h2">
          {title}
        </Title>
        {actions}
      </Group>
      <nav aria-label={t("portfolio.nav.label")}>
        <Group gap={6} wrap="wrap">
          {PORTFOLIO_PAGES.map((p) => {
            const active = current === p.to;
            return (
              <Button
                key={p.to}
                component={Link}
                to={p.to}
                size="compact-sm"
                variant={active ? "filled" : "subtle"}
                aria-current={active ? "page" : undefined}
              >
                {t(`portfolio.nav.${p.key}`)}
              </Button>
            );
          })}
        </Group>
      </nav>
      {children}
    </Stack>
  );
}
