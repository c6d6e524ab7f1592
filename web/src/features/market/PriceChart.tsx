import { useComputedColorScheme } from "@mantine/core";
import {
  CandlestickSeries,
  ColorType,
  createChart,
  HistogramSeries,
  type IChartApi,
  type ISeriesApi,
  LineSeries,
  LineStyle,
  type LogicalRange,
  type SeriesType,
  TickMarkType,
  type Time,
} from "lightweight-charts";
import { type CSSProperties, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Bar, Interval } from "../../api/models.ts";
import {
  COLORS,
  DEFAULT_PARAMS,
  type IndicatorId,
  type IndicatorParams,
  indicatorSeries,
  priceSeries,
} from "./chartData.ts";
import { usePriceColors } from "./colors.ts";
import { useMarketFormat } from "./format.ts";

/** Height of each indicator pane (RSI, MACD) under the price pane. */
const PANE_HEIGHT = 140;

type Lines = { text: string; color: string }[];

/**
 * Candlesticks with a volume histogram underneath, the chosen indicator overlays (SMA, EMA, Bollinger
 * bands) on the price pane and RSI/MACD in panes of their own, on lightweight-charts. Daily and weekly
 * bars are placed on their trading date; intraday bars at the exchange's wall-clock time. Each pane
 * has a legend in its top-left corner. Colours follow the app's light/dark scheme and the user's price
 * colours; axes, crosshair and volumes are written in the UI language. Scrolling to the first loaded
 * bar calls `onNeedEarlier`; earlier bars then arrive in front without moving the view.
 */
export function PriceChart({
  bars,
  interval,
  timeZone,
  indicators,
  params,
  height = 420,
  priceDecimals = 2,
  onNeedEarlier,
}: {
  bars: Bar[];
  interval: Interval;
  timeZone: string;
  indicators: readonly IndicatorId[];
  params?: Partial<IndicatorParams>;
  height?: number;
  /** Decimals of the price axis and crosshair (the instrument's tick precision). */
  priceDecimals?: number;
  /** Called when the user scrolls to the first loaded bars (to load earlier ones). */
  onNeedEarlier?: () => void;
}) {
  const { t } = useTranslation();
  const scheme = useComputedColorScheme("light");
  const dark = scheme === "dark";
  const colors = usePriceColors();
  const f = useMarketFormat();
  const needEarlier = useRef(onNeedEarlier);
  needEarlier.current = onNeedEarlier;
  const shown = useRef<{ first: unknown; last: unknown; length: number } | null>(null);
  // Earlier bars are loaded only once the user has moved the chart (not when it first fits them).
  const touched = useRef(false);
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<IChartApi | null>(null);
  const base = useRef<{ candles: ISeriesApi<"Candlestick">; volume: ISeriesApi<"Histogram"> } | null>(null);
  const extra = useRef<ISeriesApi<SeriesType>[]>([]);
  const [paneTops, setPaneTops] = useState<number[]>([]);

  const up = colors.upHex;
  const down = colors.downHex;
  const price = useMemo(
    () => priceSeries(bars, { interval, timeZone, colors: { up, down } }),
    [bars, interval, timeZone, up, down],
  );
  const data = useMemo(
    () => indicatorSeries(bars, price.times, indicators, params),
    [bars, price.times, indicators, params],
  );
  const totalHeight = height + data.panes.length * PANE_HEIGHT;

  /** Where the chart laid out each pane (px from the container's top), for the legends. */
  const measurePanes = useCallback(() => {
    const el = box.current;
    const c = chart.current;
    if (!el || !c) return;
    const top = el.getBoundingClientRect().top;
    const tops = c.panes().map((pane) => {
      const row = pane.getHTMLElement();
      return row ? Math.round(row.getBoundingClientRect().top - top) : 0;
    });
    setPaneTops((old) => (old.length === tops.length && old.every((v, i) => v === tops[i]) ? old : tops));
  }, []);

  useEffect(() => {
    if (!box.current) return;
    const c = createChart(box.current, { autoSize: true });
    const candles = c.addSeries(CandlestickSeries, { borderVisible: false });
    candles.priceScale().applyOptions({ scaleMargins: { top: 0.08, bottom: 0.25 } });
    const volume = c.addSeries(HistogramSeries, { priceScaleId: "volume" });
    volume.priceScale().applyOptions({ scaleMargins: { top: 0.8, bottom: 0 } });
    chart.current = c;
    base.current = { candles, volume };
    // Scrolled to the first loaded bars: ask for earlier ones.
    const onRange = (r: LogicalRange | null) => {
      if (r && r.from < 10 && touched.current) needEarlier.current?.();
    };
    c.timeScale().subscribeVisibleLogicalRangeChange(onRange);
    const el = box.current;
    const touch = () => {
      touched.current = true;
    };
    for (const ev of ["pointerdown", "wheel", "touchstart", "keydown"]) el.addEventListener(ev, touch);
    return () => {
      for (const ev of ["pointerdown", "wheel", "touchstart", "keydown"]) el.removeEventListener(ev, touch);
      c.timeScale().unsubscribeVisibleLogicalRangeChange(onRange);
      base.current = null;
      extra.current = [];
      chart.current = null;
      c.remove();
    };
  }, []);

  useEffect(() => {
    chart.current?.applyOptions({
      layout: {
        background: { type: ColorType.Solid, color: dark ? "#1a1b1e" : "#ffffff" },
        textColor: dark ? "#c1c2c5" : "#212529",
        panes: {
          separatorColor: dark ? "#373a40" : "#dee2e6",
          separatorHoverColor: dark ? "#5c5f66" : "#ced4da",
        },
      },
      grid: {
        vertLines: { color: dark ? "#2c2e33" : "#f1f3f5" },
        horzLines: { color: dark ? "#2c2e33" : "#f1f3f5" },
      },
      timeScale: { timeVisible: interval !== "1d" && interval !== "1w", secondsVisible: false },
    });
  }, [dark, interval]);

  // The user's locale on both axes and the crosshair; prices at the instrument's precision; the
  // price colour convention on candles (and, through priceSeries, on the volume bars).
  useEffect(() => {
    const c = chart.current;
    const s = base.current;
    if (!c || !s) return;
    const daily = interval === "1d" || interval === "1w";
    const dateFmt = new Intl.DateTimeFormat(f.locale, {
      dateStyle: "medium",
      ...(daily ? {} : { timeStyle: "short" }),
      timeZone: "UTC",
    });
    const monthFmt = new Intl.DateTimeFormat(f.locale, { month: "short", timeZone: "UTC" });
    const yearFmt = new Intl.DateTimeFormat(f.locale, { year: "numeric", timeZone: "UTC" });
    const dayFmt = new Intl.DateTimeFormat(f.locale, { day: "numeric", timeZone: "UTC" });
    const timeFmt = new Intl.DateTimeFormat(f.locale, {
      hour: "numeric",
      minute: "2-digit",
      timeZone: "UTC",
    });
    // Chart times are trading dates ("YYYY-MM-DD", or business-day objects) or exchange wall-clock seconds.
    const dateOf = (time: Time): Date =>
      typeof time === "number"
        ? new Date(time * 1000)
        : typeof time === "string"
          ? new Date(`${time}T00:00:00Z`)
          : new Date(Date.UTC(time.year, time.month - 1, time.day));
    c.applyOptions({
      localization: {
        locale: f.locale,
        timeFormatter: (time: Time) => dateFmt.format(dateOf(time)),
      },
      timeScale: {
        tickMarkFormatter: (time: Time, type: TickMarkType) => {
          const d = dateOf(time);
          switch (type) {
            case TickMarkType.Year:
              return yearFmt.format(d);
            case TickMarkType.Month:
              return monthFmt.format(d);
            case TickMarkType.DayOfMonth:
              return dayFmt.format(d);
            default:
              return timeFmt.format(d);
          }
        },
      },
    });
    s.candles.applyOptions({
      upColor: up,
      downColor: down,
      wickUpColor: up,
      wickDownColor: down,
      priceFormat: {
        type: "custom",
        minMove: 10 ** -priceDecimals,
        formatter: (p: number) => f.price(p, priceDecimals),
      },
    });
    s.volume.applyOptions({ priceFormat: { type: "custom", formatter: (v: number) => f.volume(v) } });
  }, [f, interval, priceDecimals, up, down]);

  // Price and volume: refit the time scale when the bars change (not when an indicator is toggled).
  useEffect(() => {
    const s = base.current;
    if (!s) return;
    // Earlier bars put in front of the same ones: keep the time range on screen instead of
    // refitting, so scrolling back goes on smoothly.
    const ts = chart.current?.timeScale();
    const before = shown.current;
    const first = price.times[0];
    const last = price.times.at(-1);
    const prepended = before !== null && before.last === last && before.first !== first;
    const range = prepended ? ts?.getVisibleRange() : null;
    // Bars without a volume (FX fixings, indices) draw no volume pane and give the candles its room.
    const withVolume = bars.some((b) => b.volume != null && b.volume > 0);
    s.volume.setData((withVolume ? price.volume : []) as { time: Time; value: number; color: string }[]);
    s.candles.priceScale().applyOptions({ scaleMargins: { top: 0.08, bottom: withVolume ? 0.25 : 0.08 } });
    s.candles.setData(
      price.candles as { time: Time; open: number; high: number; low: number; close: number }[],
    );
    if (range) ts?.setVisibleRange(range);
    else ts?.fitContent();
    shown.current = { first, last, length: price.times.length };
  }, [price, bars]);

  // Indicators: drop the previous indicator series (their panes go with them) and add the chosen ones.
  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    for (const s of extra.current) c.removeSeries(s);
    extra.current = [];
    const line = { priceLineVisible: false, lastValueVisible: false, crosshairMarkerVisible: false } as const;
    for (const o of data.overlays) {
      const s = c.addSeries(LineSeries, {
        ...line,
        color: o.band ? `${o.color}b3` : o.color,
        lineWidth: o.band ? 1 : 2,
        lineStyle: o.band ? LineStyle.Dashed : LineStyle.Solid,
      });
      s.setData(o.points as { time: Time; value: number }[]);
      extra.current.push(s);
    }
    data.panes.forEach((pane, i) => {
      const paneIndex = i + 1;
      if (pane.histogram) {
        const h = c.addSeries(
          HistogramSeries,
          { priceLineVisible: false, lastValueVisible: false },
          paneIndex,
        );
        h.setData(pane.histogram as { time: Time; value: number; color: string }[]);
        extra.current.push(h);
      }
      pane.lines.forEach((l, k) => {
        const s = c.addSeries(
          LineSeries,
          { ...line, color: l.color, lineWidth: 2, lastValueVisible: k === 0 },
          paneIndex,
        );
        s.setData(l.points as { time: Time; value: number }[]);
        if (k === 0)
          for (const level of pane.levels)
            s.createPriceLine({
              price: level,
              color: dark ? "#5c5f66" : "#adb5bd",
              lineWidth: 1,
              lineStyle: LineStyle.Dotted,
              axisLabelVisible: false,
              title: "",
            });
        extra.current.push(s);
      });
    });
    // The price pane keeps `height`; each indicator pane gets PANE_HEIGHT of the container.
    const panes = c.panes();
    panes[0]?.setStretchFactor(height);
    for (const p of panes.slice(1)) p.setStretchFactor(PANE_HEIGHT);
    const frame = requestAnimationFrame(measurePanes);
    return () => cancelAnimationFrame(frame);
  }, [data.overlays, data.panes, height, dark, measurePanes]);

  // Legends sit at the top of each pane: re-measured when the container resizes or a pane separator
  // is dragged (and after the indicator series change, below).
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const later = () => requestAnimationFrame(() => measurePanes());
    const observer = new ResizeObserver(later);
    observer.observe(el);
    el.addEventListener("pointerup", later);
    return () => {
      observer.disconnect();
      el.removeEventListener("pointerup", later);
    };
  }, [measurePanes]);

  const p = { ...DEFAULT_PARAMS, ...params };
  const overlayLegend: Lines = [];
  if (indicators.includes("sma"))
    overlayLegend.push({
      text: t("market.indicators.smaLegend", { period: p.sma.period }),
      color: COLORS.sma,
    });
  if (indicators.includes("ema"))
    overlayLegend.push({
      text: t("market.indicators.emaLegend", { period: p.ema.period }),
      color: COLORS.ema,
    });
  if (indicators.includes("bbands"))
    overlayLegend.push({
      text: t("market.indicators.bbandsLegend", { period: p.bbands.period, width: p.bbands.width }),
      color: COLORS.bbands,
    });
  const paneLegends: Lines[] = data.panes.map((pane) =>
    pane.indicator === "rsi"
      ? [{ text: t("market.indicators.rsiLegend", { period: p.rsi.period }), color: COLORS.rsi }]
      : [
          {
            text: t("market.indicators.macdLegend", {
              fast: p.macd.fast,
              slow: p.macd.slow,
              signal: p.macd.signal,
            }),
            color: COLORS.macd,
          },
          { text: t("market.indicators.signal"), color: COLORS.signal },
        ],
  );

  const legendStyle = (top: number): CSSProperties => ({
    position: "absolute",
    top: top + 4,
    left: 6,
    zIndex: 3,
    pointerEvents: "none",
    display: "flex",
    flexWrap: "wrap",
    gap: "2px 10px",
    maxWidth: "calc(100% - 80px)",
    padding: "1px 6px",
    borderRadius: 4,
    fontSize: 12,
    lineHeight: "18px",
    background: dark ? "rgba(26, 27, 30, 0.75)" : "rgba(255, 255, 255, 0.8)",
  });
  const legend = (lines: Lines, top: number, testId: string) =>
    lines.length > 0 && (
      <div style={legendStyle(top)} data-testid={testId}>
        {lines.map((l) => (
          <span key={l.text} style={{ color: l.color, fontWeight: 600, whiteSpace: "nowrap" }}>
            {l.text}
          </span>
        ))}
      </div>
    );

  return (
    <div style={{ position: "relative", width: "100%", height: totalHeight }}>
      <div
        ref={box}
        style={{ width: "100%", height: totalHeight }}
        data-testid="price-chart"
        data-bars={bars.length}
        data-panes={data.panes.map((pane) => pane.indicator).join(" ")}
      />
      {legend(overlayLegend, paneTops[0] ?? 0, "chart-legend-price")}
      {data.panes.map((pane, i) =>
        legend(paneLegends[i] ?? [], paneTops[i + 1] ?? height, `chart-legend-${pane.indicator}`),
      )}
    </div>
  );
}
