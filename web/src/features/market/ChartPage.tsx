import { marketTimeZone } from "@bullpen/markets-time";
import {
  Badge,
  Card,
  Chip,
  Group,
  Loader,
  NumberInput,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  Title,
} from "@mantine/core";
import { useLocalStorage } from "@mantine/hooks";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import {
  type BarIntervals,
  type CorporateAction,
  INTERVALS,
  type Interval,
  type Quote,
} from "../../api/models.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { useFormatDate } from "../../components/format.ts";
import { useMe } from "../account/queries.ts";
import { AddToWatchlist } from "./AddToWatchlist.tsx";
import { BarsImport } from "./BarsImport.tsx";
import { INDICATORS, type IndicatorId } from "./chartData.ts";
import { useMarketFormat } from "./format.ts";
import { PriceChart } from "./PriceChart.tsx";
import { actionsQuery, barsQuery, instrumentQuery, intervalsQuery, quoteQuery } from "./queries.ts";

/** How far back the chart reaches from the last stored bar, per interval (all history for 1d/1w). */
const WINDOW_DAYS: Partial<Record<Interval, number>> = { "1m": 14, "5m": 60, "15m": 120, "1h": 365 };

function chartFrom(intervals: BarIntervals | undefined, interval: Interval): string | undefined {
  const days = WINDOW_DAYS[interval];
  if (!days || !intervals?.stored.length) return undefined;
  const last = Math.max(...intervals.stored.map((s) => Date.parse(s.last)));
  return new Date(last - days * 86_400_000).toISOString();
}

function QuoteCard({ quote, currency }: { quote: Quote | null | undefined; currency: string }) {
  const { t } = useTranslation();
  const f = useMarketFormat();
  const fmtDate = useFormatDate();
  if (quote === undefined) return <Loader size="sm" />;
  if (quote === null)
    return (
      <Text c="dimmed" size="sm">
        {t("market.noQuote")}
      </Text>
    );
  const up = quote.change !== null && Number(quote.change) > 0;
  const down = quote.change !== null && Number(quote.change) < 0;
  const stat = (label: string, value: string) => (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" fw={500}>
        {value}
      </Text>
    </div>
  );
  return (
    <Card withBorder radius="md" aria-label={t("market.quote")} data-testid="quote">
      <Group align="baseline" gap="md">
        <Text size="xl" fw={800}>
          {f.num(quote.price)}{" "}
          <Text span size="sm" c="dimmed">
            {currency}
          </Text>
        </Text>
        <Text fw={600} c={up ? "teal" : down ? "red" : "dimmed"}>
          {f.signed(quote.change)} ({f.signed(quote.changePct, "%")})
        </Text>
        <Text size="xs" c="dimmed">
          {t("market.asOf", {
            when:
              quote.barInterval === "1d" || quote.barInterval === "1w"
                ? (quote.sessionDate ?? "")
                : fmtDate(quote.priceAt),
          })}{" "}
          · {t("market.source", { source: quote.priceSource })}
        </Text>
      </Group>
      <SimpleGrid cols={{ base: 2, sm: 5 }} mt="sm">
        {stat(t("market.previousClose"), f.num(quote.previousClose))}
        {stat(t("market.dayRange"), quote.low ? `${f.num(quote.low)} – ${f.num(quote.high)}` : "—")}
        {stat(
          t("market.week52"),
          quote.week52Low ? `${f.num(quote.week52Low)} – ${f.num(quote.week52High)}` : "—",
        )}
        {stat(t("market.volume"), f.compact(quote.volume))}
        {stat(t("market.marketCap"), f.compact(quote.marketCap))}
      </SimpleGrid>
    </Card>
  );
}

function ActionsTable({ actions }: { actions: CorporateAction[] }) {
  const { t } = useTranslation();
  const f = useMarketFormat();
  if (actions.length === 0)
    return (
      <Text c="dimmed" size="sm">
        {t("market.noActions")}
      </Text>
    );
  const detail = (a: CorporateAction) =>
    a.actionType === "split"
      ? t("market.splitDetail", { to: f.num(a.splitTo), from: f.num(a.splitFrom) })
      : a.actionType === "dividend"
        ? `${f.num(a.amount, 6)} ${a.currency ?? ""}`
        : `${a.oldSymbol ?? "?"} → ${a.newSymbol ?? "?"}`;
  return (
    <Table.ScrollContainer minWidth={480}>
      <Table striped aria-label={t("market.actions")}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("market.exDate")}</Table.Th>
            <Table.Th>{t("market.type")}</Table.Th>
            <Table.Th>{t("market.details")}</Table.Th>
            <Table.Th ta="right">{t("market.factor")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {[...actions].reverse().map((a) => (
            <Table.Tr key={a.id}>
              <Table.Td>{a.exDate}</Table.Td>
              <Table.Td>{t(`market.${a.actionType}`)}</Table.Td>
              <Table.Td>{detail(a)}</Table.Td>
              <Table.Td ta="right">{f.num(a.priceFactor, 6)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export function ChartPage() {
  const { id = "" } = useParams();
  const { t, i18n } = useTranslation();
  const me = useMe();
  const isAdmin = me.data?.user.role === "admin";
  const [chosen, setChosen] = useState<Interval | null>(null);
  const [adjusted, setAdjusted] = useState(true);
  // The chosen indicators follow the user from chart to chart (this browser only).
  const [storedIndicators, setIndicators] = useLocalStorage<IndicatorId[]>({
    key: "bullpen.chart.indicators",
    defaultValue: ["sma"],
  });
  const indicators = useMemo(
    () => INDICATORS.filter((i) => Array.isArray(storedIndicators) && storedIndicators.includes(i)),
    [storedIndicators],
  );
  const [maPeriod, setMaPeriod] = useState(20);
  const indicatorParams = useMemo(() => ({ sma: { period: maPeriod } }), [maPeriod]);

  const instrument = useQuery(instrumentQuery(id));
  const quote = useQuery({ ...quoteQuery(id), enabled: instrument.isSuccess });
  const intervals = useQuery({ ...intervalsQuery(id), enabled: instrument.isSuccess });
  const actions = useQuery({ ...actionsQuery(id), enabled: instrument.isSuccess });
  const available = intervals.data?.available ?? [];
  const interval: Interval =
    chosen && available.includes(chosen) ? chosen : available.includes("1d") ? "1d" : (available[0] ?? "1d");
  const bars = useQuery({
    ...barsQuery(id, { interval, adjusted, from: chartFrom(intervals.data, interval), limit: 20_000 }),
    enabled: intervals.isSuccess && available.length > 0,
    placeholderData: keepPreviousData,
  });

  if (instrument.isPending) return <Loader />;
  if (instrument.isError) return <ErrorAlert error={instrument.error} />;
  const inst = instrument.data;
  const korean = inst.nameLocal;
  const list = bars.data?.bars ?? [];
  const stored = intervals.data?.stored.map((s) => s.interval) ?? [];

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-start">
        <div>
          <Group gap="sm" align="baseline">
            <Title order={1} size="h2">
              {inst.symbol}
            </Title>
            <Badge variant="light">{inst.market}</Badge>
            <Badge variant="outline" color="gray">
              {inst.currency}
            </Badge>
            {!inst.active && <Badge color="gray">inactive</Badge>}
          </Group>
          <Text fw={600} data-testid="instrument-name">
            {i18n.language === "ko" && korean ? korean : inst.name}
          </Text>
          {korean && (
            <Text
              size="sm"
              c="dimmed"
              lang={i18n.language === "ko" ? "en" : "ko"}
              data-testid="instrument-name-local"
            >
              {i18n.language === "ko" ? inst.name : korean}
            </Text>
          )}
        </div>
        <AddToWatchlist instrument={inst} size="sm" />
      </Group>

      <ErrorAlert error={quote.error} />
      <QuoteCard quote={quote.data} currency={inst.currency} />

      <Card withBorder radius="md">
        <Stack gap="sm">
          <Group justify="space-between" wrap="wrap" gap="sm">
            <SegmentedControl
              aria-label={t("market.interval")}
              value={interval}
              onChange={(v) => setChosen(v as Interval)}
              data={INTERVALS.map((i) => ({
                value: i,
                label: stored.includes(i) ? i : `${i}*`,
                disabled: !available.includes(i),
              }))}
            />
            <Switch
              label={t("market.adjusted")}
              checked={adjusted}
              onChange={(e) => setAdjusted(e.currentTarget.checked)}
            />
          </Group>
          <Group gap="xs" wrap="wrap" role="group" aria-label={t("market.indicators.label")}>
            <Text size="sm" c="dimmed">
              {t("market.indicators.label")}
            </Text>
            <Chip.Group multiple value={indicators} onChange={(v) => setIndicators(v as IndicatorId[])}>
              {INDICATORS.map((id) => (
                <Group key={id} gap={4} wrap="nowrap">
                  <Chip
                    value={id}
                    size="xs"
                    variant="outline"
                    wrapperProps={{ title: t(`market.indicators.${id}Title`) }}
                  >
                    {t(`market.indicators.${id}`)}
                  </Chip>
                  {id === "sma" && indicators.includes("sma") && (
                    <NumberInput
                      aria-label={t("market.indicators.smaPeriod")}
                      title={t("market.indicators.smaPeriod")}
                      w={64}
                      size="xs"
                      min={2}
                      max={500}
                      value={maPeriod}
                      onChange={(v) => {
                        const n = typeof v === "number" ? v : Number.parseInt(v, 10);
                        if (Number.isInteger(n) && n >= 2 && n <= 500) setMaPeriod(n);
                      }}
                    />
                  )}
                </Group>
              ))}
            </Chip.Group>
          </Group>
          <ErrorAlert error={intervals.error ?? bars.error} />
          {intervals.isSuccess && available.length === 0 ? (
            <Text c="dimmed">{t("market.noBarsAtAll")}</Text>
          ) : bars.isPending ? (
            <Loader />
          ) : list.length === 0 && !bars.isError ? (
            <Text c="dimmed">{t("market.noBars", { interval })}</Text>
          ) : (
            <>
              <PriceChart
                bars={list}
                interval={bars.data?.interval ?? interval}
                timeZone={marketTimeZone(inst.market)}
                indicators={indicators}
                params={indicatorParams}
              />
              <Text size="xs" c="dimmed" data-testid="bars-info">
                {t("market.barsShown", { count: list.length })}
                {bars.data?.resampledFrom
                  ? ` · ${t("market.resampled", { from: bars.data.resampledFrom })}`
                  : ""}
              </Text>
            </>
          )}
        </Stack>
      </Card>

      <Stack gap="xs">
        <Title order={2} size="h4">
          {t("market.actions")}
        </Title>
        <ErrorAlert error={actions.error} />
        {actions.data && <ActionsTable actions={actions.data.actions} />}
      </Stack>

      {isAdmin && <BarsImport instrumentId={inst.id} defaultInterval={interval} />}
    </Stack>
  );
}
