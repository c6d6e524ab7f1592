// The portfolio overview: total value in the chosen currency (the user's display currency by
// default), today's change, time- and money-weighted returns for the chosen period (1D … MAX, or
// custom dates) against a benchmark, the performance chart (lightweight-charts, loaded on demand),
// allocations (asset class, currency, account, instrument), holdings with their lots, and where the
// return came from. Without any account or transaction: how to start.
import {
  Button,
  Card,
  Group,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Title,
  Tooltip,
  UnstyledButton,
} from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { lazy, Suspense, useCallback, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { formatCalendarDate } from "../../components/format.ts";
import { usePriceColors } from "../market/colors.ts";
import { currencyOptions } from "./AccountsPage.tsx";
import { AllocationChart } from "./AllocationChart.tsx";
import { slices } from "./allocation.ts";
import { DecompositionCard } from "./DecompositionCard.tsx";
import { EmptyState } from "./EmptyState.tsx";
import { usePortfolioFormat } from "./format.ts";
import { HoldingsTable } from "./HoldingsTable.tsx";
import { InstrumentPicker } from "./InstrumentPicker.tsx";
import { useNoticeText } from "./notices.ts";
import { PortfolioShell } from "./PortfolioShell.tsx";
import {
  accountsQuery,
  type Holdings,
  holdingsQuery,
  PERIODS,
  type PeriodChoice,
  type PeriodName,
  performanceQuery,
  type Scope,
} from "./queries.ts";

const PerformanceChart = lazy(() => import("./PerformanceChart.tsx"));

function Figure({
  label,
  hint,
  value,
  sub,
  color,
  testId,
}: {
  label: string;
  hint?: string;
  value: string;
  sub?: string | undefined;
  color?: string | undefined;
  testId: string;
}) {
  const head = (
    <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
      {label}
    </Text>
  );
  return (
    <Card withBorder radius="md" padding="sm" data-testid={testId}>
      {hint ? (
        <Tooltip label={hint} multiline w={260} events={{ hover: true, focus: true, touch: true }}>
          <UnstyledButton aria-label={`${label}: ${hint}`} style={{ cursor: "help", width: "fit-content" }}>
            {head}
          </UnstyledButton>
        </Tooltip>
      ) : (
        head
      )}
      <Text fz={{ base: "lg", sm: "xl" }} fw={700} style={{ color }}>
        {value}
      </Text>
      {sub && (
        <Text size="xs" c="dimmed">
          {sub}
        </Text>
      )}
      {hint && (
        <Text size="xs" c="dimmed" hiddenFrom="sm">
          {hint}
        </Text>
      )}
    </Card>
  );
}

/** Allocation inputs from holdings (each holding carries its instrument's asset class). */
function useAllocations(
  h: Holdings | undefined,
  accountNames: Map<string, string>,
  otherLabel: string,
  cashLabel: string,
) {
  const { t } = useTranslation();
  if (!h) return null;
  const cash = h.cash.map((c) => ({ ...c, value: c.value }));
  const held = h.holdings.filter((x) => x.side === "long");
  return {
    assetClass: slices(
      [
        ...held.map((x) => {
          const c = x.assetClass;
          // A class without a name (or none known): "other".
          const label = c ? (t(`market.assetClasses.${c}`, { defaultValue: c }) as string) : otherLabel;
          return { key: c ?? "other", label, value: x.value };
        }),
        ...cash.map((c) => ({ key: "cash", label: cashLabel, value: c.value })),
      ],
      6,
      otherLabel,
    ),
    currency: slices(
      [
        ...held.map((x) => ({ key: x.currency, label: x.currency, value: x.value })),
        ...cash.map((c) => ({ key: c.currency, label: c.currency, value: c.value })),
      ],
      6,
      otherLabel,
    ),
    account: slices(
      [
        ...held.map((x) => ({ key: x.accountId, label: x.accountName, value: x.value })),
        ...cash.map((c) => ({
          key: c.accountId,
          label: accountNames.get(c.accountId) ?? "—",
          value: c.value,
        })),
      ],
      6,
      otherLabel,
    ),
    instrument: slices(
      [
        ...held.map((x) => ({ key: x.instrumentId, label: x.symbol ?? x.name ?? "?", value: x.value })),
        ...cash.map(() => ({ key: "cash", label: cashLabel, value: null as string | null })),
      ],
      8,
      otherLabel,
    ),
  };
}

export function OverviewPage() {
  const { t, i18n } = useTranslation();
  const noticeText = useNoticeText();
  const f = usePortfolioFormat();
  const colors = usePriceColors();
  const [params, setParams] = useSearchParams();
  const set = (entries: Record<string, string | null>) =>
    setParams(
      (p) => {
        const n = new URLSearchParams(p);
        for (const [k, v] of Object.entries(entries)) {
          if (v) n.set(k, v);
          else n.delete(k);
        }
        return n;
      },
      { replace: true },
    );
  const scope: Scope = {
    accountId: params.get("account") ?? undefined,
    currency: params.get("currency") ?? undefined,
  };
  const custom = params.get("period") === "custom";
  const periodName = (PERIODS as readonly string[]).includes(params.get("period") ?? "")
    ? (params.get("period") as PeriodName)
    : "YTD";
  const from = params.get("from") ?? "";
  const to = params.get("to") ?? "";
  const period: PeriodChoice =
    custom && from ? { period: "MAX", from, to: to || undefined } : { period: periodName };
  const benchmark = params.get("bench") ?? undefined;

  const accounts = useQuery(accountsQuery());
  const holdings = useQuery({ ...holdingsQuery(scope), enabled: (accounts.data?.length ?? 0) > 0 });
  const perf = useQuery({
    ...performanceQuery(scope, period, benchmark),
    enabled: (accounts.data?.length ?? 0) > 0,
  });
  const today = useQuery({
    ...performanceQuery(scope, { period: "1D" }),
    enabled: (accounts.data?.length ?? 0) > 0,
  });
  const names = useMemo(() => new Map((accounts.data ?? []).map((a) => [a.id, a.name])), [accounts.data]);
  const alloc = useAllocations(
    holdings.data,
    names,
    t("portfolio.overview.other"),
    t("portfolio.overview.cash"),
  );
  const formatPct = useCallback(
    (v: number) =>
      `${new Intl.NumberFormat(f.locale, { maximumFractionDigits: 2, signDisplay: "exceptZero" }).format(v)}%`,
    [f.locale],
  );

  const noLedger = accounts.isSuccess && accounts.data.every((a) => a.transactionCount === 0);
  if (accounts.isSuccess && (accounts.data.length === 0 || noLedger))
    return (
      <PortfolioShell title={t("portfolio.title")}>
        <EmptyState />
      </PortfolioShell>
    );

  const h = holdings.data;
  const p = perf.data;
  const d1 = today.data;
  const currency = h?.currency ?? p?.currency ?? scope.currency ?? "";
  const date = (s: string | null | undefined) => formatCalendarDate(s, i18n.language);
  const periodData = [
    ...PERIODS.map((x) => ({ value: x, label: x })),
    { value: "custom", label: t("portfolio.overview.custom") },
  ];
  const chosen = custom ? "custom" : periodName;

  return (
    <PortfolioShell title={t("portfolio.title")}>
      <Card
        withBorder
        radius="md"
        padding="sm"
        component="section"
        aria-label={t("portfolio.overview.period")}
      >
        <Stack gap="xs">
          <Group gap={4} wrap="wrap" role="group" aria-label={t("portfolio.overview.period")}>
            {periodData.map((x) => (
              <Button
                key={x.value}
                size="compact-sm"
                variant={chosen === x.value ? "filled" : "default"}
                aria-pressed={chosen === x.value}
                onClick={() => set({ period: x.value === "YTD" ? null : x.value })}
              >
                {x.label}
              </Button>
            ))}
          </Group>
          <SimpleGrid cols={{ base: 1, xs: 2, md: custom ? 5 : 3 }} spacing="xs">
            <Select
              label={t("portfolio.overview.scope")}
              data={[
                { value: "", label: t("portfolio.overview.allAccounts") },
                ...(accounts.data ?? []).map((a) => ({ value: a.id, label: a.name })),
              ]}
              value={scope.accountId ?? ""}
              allowDeselect={false}
              onChange={(v) => set({ account: v || null })}
            />
            <Select
              label={t("portfolio.overview.currency")}
              data={currencyOptions(currency)}
              value={currency || null}
              allowDeselect={false}
              searchable
              onChange={(v) => set({ currency: v })}
            />
            <InstrumentPicker
              label={t("portfolio.overview.benchmark")}
              value={benchmark ?? ""}
              onChange={(id) => set({ bench: id || null })}
            />
            {custom && (
              <TextInput
                label={t("portfolio.overview.from")}
                type="date"
                value={from}
                onChange={(e) => set({ from: e.currentTarget.value || null })}
              />
            )}
            {custom && (
              <TextInput
                label={t("portfolio.overview.to")}
                type="date"
                value={to}
                onChange={(e) => set({ to: e.currentTarget.value || null })}
              />
            )}
          </SimpleGrid>
        </Stack>
      </Card>
      <ErrorAlert error={accounts.error ?? holdings.error ?? perf.error} />

      <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm">
        {h ? (
          <Figure
            testId="figure-total"
            label={t("portfolio.overview.total")}
            value={f.money(h.totalValue, h.currency)}
            sub={t("portfolio.overview.holdingsCash", {
              holdings: f.money(h.holdingsValue, h.currency),
              cash: f.money(h.cashValue, h.currency),
            })}
          />
        ) : (
          <Skeleton h={92} radius="md" />
        )}
        {d1 ? (
          <Figure
            testId="figure-today"
            label={t("portfolio.overview.today")}
            value={f.signed(d1.gain, d1.currency)}
            sub={f.pct(d1.twr)}
            color={colors.text(d1.gain)}
          />
        ) : (
          <Skeleton h={92} radius="md" />
        )}
        {p ? (
          <Figure
            testId="figure-twr"
            label={t("portfolio.overview.twr")}
            hint={t("portfolio.overview.twrHint")}
            value={f.pct(p.twr)}
            sub={
              p.twrAnnualised !== null
                ? t("portfolio.overview.annualised", { value: f.pct(p.twrAnnualised) })
                : `${t("portfolio.overview.gain")} ${f.signed(p.gain, p.currency)}`
            }
            color={colors.text(p.twr)}
          />
        ) : (
          <Skeleton h={92} radius="md" />
        )}
        {p ? (
          <Figure
            testId="figure-mwr"
            label={t("portfolio.overview.mwr")}
            hint={t("portfolio.overview.mwrHint")}
            value={p.mwr.period === null ? "—" : f.pct(p.mwr.period)}
            sub={
              p.mwr.annual === null
                ? p.mwr.reason
                  ? noticeText(p.mwr.reason)
                  : t("portfolio.overview.noMwr")
                : t("portfolio.overview.annualised", { value: f.pct(p.mwr.annual) })
            }
            color={colors.text(p.mwr.period)}
          />
        ) : (
          <Skeleton h={92} radius="md" />
        )}
      </SimpleGrid>

      <Card withBorder radius="md" padding="md" component="section" aria-labelledby="perf-title">
        <Stack gap="xs">
          <Group justify="space-between" wrap="wrap" gap="xs">
            <Title order={2} size="h4" id="perf-title">
              {t("portfolio.overview.chartTitle")}
            </Title>
            {p && (
              <Text size="sm" c="dimmed">
                {date(p.startDate)} – {date(p.endDate)}
                {p.benchmark && ` · ${p.benchmark.symbol ?? ""} ${f.pct(p.benchmark.return)}`}
              </Text>
            )}
          </Group>
          {p && p.staleDays > 0 && (
            <Text size="xs" c="dimmed">
              {t("portfolio.overview.stale", { count: p.staleDays })}
            </Text>
          )}
          {!p ? (
            <Skeleton h={280} />
          ) : p.series.length < 2 ? (
            <Text size="sm" c="dimmed">
              {t("portfolio.overview.chartEmpty")}
            </Text>
          ) : (
            <Suspense fallback={<Skeleton h={280} aria-label={t("portfolio.overview.chartLoading")} />}>
              <PerformanceChart
                series={p.series}
                colors={{ portfolio: "#1c7ed6", benchmark: "#f59f00" }}
                formatPct={formatPct}
                portfolioTitle={t("portfolio.overview.portfolioLine")}
                benchmarkTitle={
                  p.benchmark ? (p.benchmark.symbol ?? t("portfolio.overview.benchmark")) : null
                }
                label={t("portfolio.overview.chartLabel", {
                  vs: p.benchmark
                    ? t("portfolio.overview.chartVs", { symbol: p.benchmark.symbol ?? "" })
                    : "",
                  from: date(p.startDate),
                  to: date(p.endDate),
                })}
              />
            </Suspense>
          )}
          {p && (
            <Group gap="lg" wrap="wrap" aria-label={t("portfolio.overview.risk")} role="group">
              {(
                [
                  ["volatility", f.plainPct(p.risk.volatility)],
                  ["sharpe", f.num(p.risk.sharpe, 2)],
                  ["sortino", f.num(p.risk.sortino, 2)],
                  ["maxDrawdown", f.plainPct(p.risk.maxDrawdown)],
                  ["beta", f.num(p.risk.beta, 2)],
                ] as const
              ).map(([k, v]) => (
                <Stack key={k} gap={0}>
                  <Text size="xs" c="dimmed">
                    {t(`portfolio.overview.${k}`)}
                  </Text>
                  <Text size="sm" fw={600}>
                    {v}
                  </Text>
                </Stack>
              ))}
            </Group>
          )}
        </Stack>
      </Card>

      {alloc && (
        <Card withBorder radius="md" padding="md" component="section" aria-labelledby="alloc-title">
          <Title order={2} size="h4" id="alloc-title" mb="sm">
            {t("portfolio.overview.allocation")}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2, xl: 4 }} spacing="lg">
            {(["assetClass", "currency", "account", "instrument"] as const).map((k) => (
              <AllocationChart
                key={k}
                title={t(`portfolio.overview.by.${k}`)}
                slices={alloc[k]}
                currency={currency}
              />
            ))}
          </SimpleGrid>
          {h && h.unvalued.length > 0 && (
            <Text size="xs" c="dimmed" mt="sm">
              {t("portfolio.overview.unvalued", { currency: h.currency, list: h.unvalued.join(", ") })}
            </Text>
          )}
        </Card>
      )}

      <Card withBorder radius="md" padding="md" component="section" aria-labelledby="holdings-title">
        <Title order={2} size="h4" id="holdings-title" mb="sm">
          {t("portfolio.holdings.title")}
        </Title>
        {h ? (
          <HoldingsTable data={h} showAccount={!scope.accountId && (accounts.data?.length ?? 0) > 1} />
        ) : (
          <Skeleton h={160} />
        )}
      </Card>

      <Card withBorder radius="md" padding="md" component="section" aria-labelledby="decomposition">
        <DecompositionCard scope={scope} period={period} />
      </Card>
    </PortfolioShell>
  );
}
