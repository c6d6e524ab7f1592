import { marketTimeZone } from "@bullpen/markets-time";
import {
  Badge,
  Card,
  Chip,
  Group,
  NumberInput,
  SegmentedControl,
  SimpleGrid,
  Skeleton,
  Stack,
  Switch,
  Table,
  Text,
  Title,
  Tooltip,
} from "@mantine/core";
import { useLocalStorage } from "@mantine/hooks";
import { keepPreviousData, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
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
import { earlierWindow, latestWindow } from "./barsWindow.ts";
import { INDICATORS, type IndicatorId } from "./chartData.ts";
import { usePriceColors } from "./colors.ts";
import { useMarketFormat } from "./format.ts";
import { PriceChart } from "./PriceChart.tsx";
import { actionsQuery, barsWindowsQuery, instrumentQuery, intervalsQuery, quoteQuery } from "./queries.ts";

/** Height the quote card takes with and without a quote, so its skeleton shifts nothing. */
const QUOTE_CARD_HEIGHT = { base: 236, sm: 124 };
const CHART_HEIGHT = 420;
const PANE_HEIGHT = 140;

/** A bar source as the UI names it (the source names the API uses, translated; others as they are). */
function useSourceName() {
  const { t, i18n } = useTranslation();
  return (source: string | null | undefined) =>
    source && i18n.exists(`market.sources.${source}`)
      ? t(`market.sources.${source}` as "market.sources.bars")
      : (source ?? "");
}

function QuoteCard({ quote, currency }: { quote: Quote | null | undefined; currency: string }) {
  const { t } = useTranslation();
  const f = useMarketFormat();
  const colors = usePriceColors();
  const fmtDate = useFormatDate();
  const sourceName = useSourceName();
  if (quote === undefined)
    return (
      <Card withBorder radius="md" mih={QUOTE_CARD_HEIGHT} aria-busy="true" data-testid="quote-skeleton">
        <Skeleton h={32} w={260} maw="100%" />
        <SimpleGrid cols={{ base: 2, sm: 5 }} mt="md">
          {[0, 1, 2, 3, 4].map((i) => (
            <div key={i}>
              <Skeleton h={12} w="60%" />
              <Skeleton h={18} w="80%" mt={6} />
            </div>
          ))}
        </SimpleGrid>
      </Card>
    );
  if (quote === null)
    return (
      <Card withBorder radius="md" mih={QUOTE_CARD_HEIGHT} data-testid="no-quote">
        <Text fw={600}>{t("market.noQuote")}</Text>
        <Text c="dimmed" size="sm" mt={4}>
          {t("market.noQuoteHint")}
        </Text>
      </Card>
    );
  const d = quote.priceDecimals;
  const stat = (label: string, value: string, testId?: string) => (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" fw={500} data-testid={testId}>
        {value}
      </Text>
    </div>
  );
  const source = quote.priceSource === "bars" ? (quote.barSource ?? "bars") : quote.priceSource;
  return (
    <Card withBorder radius="md" mih={QUOTE_CARD_HEIGHT} aria-label={t("market.quote")} data-testid="quote">
      <Group align="baseline" gap="md" wrap="wrap">
        <Text size="xl" fw={800} data-testid="quote-price">
          {f.price(quote.price, d)}{" "}
          <Text span size="sm" c="dimmed">
            {currency}
          </Text>
        </Text>
        <Text fw={600} style={{ color: colors.text(quote.change) }} data-testid="quote-change">
          {f.change(quote.change, d)} ({f.pct(quote.changePct)})
        </Text>
        <Text size="xs" c="dimmed">
          {t("market.asOf", {
            when:
              quote.barInterval === "1d" || quote.barInterval === "1w"
                ? fmtDate(quote.sessionDate ? `${quote.sessionDate}T00:00:00Z` : null, false, "UTC")
                : fmtDate(quote.priceAt),
          })}{" "}
          · <span data-testid="quote-source">{t("market.source", { source: sourceName(source) })}</span>
        </Text>
      </Group>
      <SimpleGrid cols={{ base: 2, sm: 5 }} mt="sm">
        {stat(t("market.previousClose"), f.price(quote.previousClose, d))}
        {stat(t("market.dayRange"), quote.low ? `${f.price(quote.low, d)} – ${f.price(quote.high, d)}` : "—")}
        {stat(
          t("market.week52"),
          quote.week52Low ? `${f.price(quote.week52Low, d)} – ${f.price(quote.week52High, d)}` : "—",
        )}
        {stat(t("market.volume"), f.volume(quote.volume), "quote-volume")}
        {stat(t("market.marketCap"), f.volume(quote.marketCap))}
      </SimpleGrid>
    </Card>
  );
}

/** The interval picker: `1m*` marks an interval computed from finer bars; the legend and tooltips say why. */
function IntervalPicker({
  value,
  onChange,
  intervals,
}: {
  value: Interval;
  onChange: (i: Interval) => void;
  intervals: BarIntervals | undefined;
}) {
  const { t } = useTranslation();
  const stored = intervals?.stored.map((s) => s.interval) ?? [];
  const available = intervals?.available ?? [];
  const finest = INTERVALS.find((i) => stored.includes(i));
  const why = (i: Interval) =>
    !available.includes(i)
      ? t("market.intervalUnavailable", { interval: i, finest: finest ?? "—" })
      : stored.includes(i)
        ? t("market.intervalStored", { interval: i })
        : t("market.intervalResampled", { interval: i });
  const anyDisabled = INTERVALS.some((i) => !available.includes(i));
  return (
    <Stack gap={4}>
      <SegmentedControl
        aria-label={t("market.interval")}
        value={value}
        onChange={(v) => onChange(v as Interval)}
        data={INTERVALS.map((i) => ({
          value: i,
          label: (
            <Tooltip
              label={why(i)}
              withinPortal
              openDelay={200}
              events={{ hover: true, focus: true, touch: true }}
            >
              <span title={why(i)} style={{ display: "block", pointerEvents: "auto" }}>
                {stored.includes(i) || !available.includes(i) ? i : `${i}*`}
              </span>
            </Tooltip>
          ),
          disabled: !available.includes(i),
        }))}
      />
      <Text size="xs" c="dimmed" data-testid="interval-legend">
        {anyDisabled && finest ? t("market.intervalLegend", { finest }) : t("market.intervalLegendNoFiner")}
      </Text>
    </Stack>
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
    <Table.ScrollContainer minWidth={480} scrollAreaProps={{ viewportProps: { tabIndex: 0 } }}>
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
  const sourceName = useSourceName();
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
  const first = latestWindow(intervals.data, interval);
  const bars = useInfiniteQuery({
    ...barsWindowsQuery(id, { interval, adjusted, version: intervals.data?.version ?? "" }),
    initialPageParam: first ?? { from: "1800-01-01" },
    getPreviousPageParam: (_page, _pages, firstParam) => earlierWindow(intervals.data, interval, firstParam),
    getNextPageParam: () => undefined,
    enabled: intervals.isSuccess && available.length > 0 && first !== null,
    placeholderData: keepPreviousData,
  });
  const list = useMemo(() => bars.data?.pages.flatMap((p) => p.bars) ?? [], [bars.data]);
  // A window with no bars (a gap in the history) moves nothing on screen: go on to the one before.
  const firstPage = bars.data?.pages[0];
  useEffect(() => {
    if (firstPage && firstPage.bars.length === 0 && bars.hasPreviousPage && !bars.isFetchingPreviousPage)
      bars.fetchPreviousPage();
  }, [firstPage, bars.hasPreviousPage, bars.isFetchingPreviousPage, bars.fetchPreviousPage]);
  const loadEarlier = () => {
    if (bars.hasPreviousPage && !bars.isFetchingPreviousPage) bars.fetchPreviousPage();
  };

  const chartHeight =
    CHART_HEIGHT + indicators.filter((i) => i === "rsi" || i === "macd").length * PANE_HEIGHT;
  if (instrument.isError) return <ErrorAlert error={instrument.error} />;
  if (instrument.isPending)
    return (
      <Stack gap="lg" aria-busy="true">
        <Skeleton h={58} w={280} />
        <QuoteCard quote={undefined} currency="" />
        <Skeleton h={chartHeight + 120} radius="md" />
      </Stack>
    );
  const inst = instrument.data;
  const korean = inst.nameLocal;
  const barSource = quote.data?.barSource;

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
            {barSource === "synthetic" && (
              <Tooltip
                label={t("market.syntheticHint")}
                multiline
                w={280}
                events={{ hover: true, focus: true, touch: true }}
              >
                <Badge color="orange" variant="light" tabIndex={0} data-testid="synthetic-badge">
                  {t("market.synthetic")}
                </Badge>
              </Tooltip>
            )}
            {barSource === "fx-rates" && (
              <Tooltip
                label={t("market.fxDerivedHint")}
                multiline
                w={280}
                events={{ hover: true, focus: true, touch: true }}
              >
                <Badge color="gray" variant="light" tabIndex={0} data-testid="fx-badge">
                  {t("market.fxDerived")}
                </Badge>
              </Tooltip>
            )}
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
      <QuoteCard quote={quote.isError ? null : quote.data} currency={inst.currency} />

      <Card withBorder radius="md">
        <Stack gap="sm">
          <Group justify="space-between" wrap="wrap" gap="sm" align="flex-start">
            <IntervalPicker value={interval} onChange={setChosen} intervals={intervals.data} />
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
                      hideControls
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
            <>
              <Skeleton h={chartHeight} data-testid="chart-skeleton" />
              <Text size="xs">&nbsp;</Text>
            </>
          ) : list.length === 0 && !bars.isError && !bars.hasPreviousPage ? (
            <Text c="dimmed">{t("market.noBars", { interval })}</Text>
          ) : (
            <>
              <PriceChart
                bars={list}
                interval={bars.data?.pages[0]?.interval ?? interval}
                timeZone={marketTimeZone(inst.market)}
                indicators={indicators}
                params={indicatorParams}
                height={CHART_HEIGHT}
                priceDecimals={inst.priceDecimals}
                onNeedEarlier={loadEarlier}
              />
              <Text size="xs" c="dimmed" data-testid="bars-info">
                {t("market.barsShown", { count: list.length })}
                {bars.data?.pages[0]?.resampledFrom
                  ? ` · ${t("market.resampled", { from: bars.data.pages[0].resampledFrom })}`
                  : ""}
                {barSource ? ` · ${t("market.source", { source: sourceName(barSource) })}` : ""}
                {bars.isFetchingPreviousPage ? ` · ${t("market.loadingEarlier")}` : ""}
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
