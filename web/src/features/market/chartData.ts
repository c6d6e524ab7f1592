// Bars → the series the price chart draws: candles, volume, indicator overlays on the price pane and
// indicator panes below it. Pure (no React, no chart library), so it is unit-tested on its own. The
// indicator values come from @bullpen/quant (the same kernels the backtests use, checked against R TTR);
// bar times go through @bullpen/markets-time so intraday bars show the exchange's wall clock.
import { isDailyInterval, wallClockFn } from "@bullpen/markets-time";
import { bbands, ema, macd, rsi, sma } from "@bullpen/quant/indicators";

/** A chart time: a `YYYY-MM-DD` trading date (daily/weekly bars) or seconds of exchange wall-clock time. */
export type ChartTime = string | number;
export interface ChartPoint {
  time: ChartTime;
  value: number;
}

/** The bar fields the chart reads. */
export interface ChartBar {
  ts: string;
  open: number;
  high: number;
  low: number;
  close: number;
  volume?: number | null;
}

/** Indicators the chart offers: three overlays on the price pane, two in panes of their own. */
export const INDICATORS = ["sma", "ema", "bbands", "rsi", "macd"] as const;
export type IndicatorId = (typeof INDICATORS)[number];
export const OVERLAY_INDICATORS: readonly IndicatorId[] = ["sma", "ema", "bbands"];
export const PANE_INDICATORS: readonly IndicatorId[] = ["rsi", "macd"];

/** Periods of the indicators (the chart lets the user change the SMA's; the others are the usual defaults). */
export interface IndicatorParams {
  sma: { period: number };
  ema: { period: number };
  bbands: { period: number; width: number };
  rsi: { period: number };
  macd: { fast: number; slow: number; signal: number };
}
export const DEFAULT_PARAMS: IndicatorParams = {
  sma: { period: 20 },
  ema: { period: 50 },
  bbands: { period: 20, width: 2 },
  rsi: { period: 14 },
  macd: { fast: 12, slow: 26, signal: 9 },
};

/** One line on the price pane. `band` lines (Bollinger up/down) are drawn thinner and dashed. */
export interface OverlayLine {
  indicator: "sma" | "ema" | "bbands";
  key: string;
  color: string;
  band: boolean;
  points: ChartPoint[];
}

/** A pane under the price pane: its lines, an optional histogram, and horizontal guide levels. */
export interface IndicatorPane {
  indicator: "rsi" | "macd";
  lines: { key: string; color: string; points: ChartPoint[] }[];
  histogram: (ChartPoint & { color: string })[] | null;
  levels: number[];
}

export const COLORS = {
  up: "#12b886",
  down: "#fa5252",
  sma: "#f59f00",
  ema: "#7048e8",
  bbands: "#1c7ed6",
  rsi: "#ae3ec9",
  macd: "#1c7ed6",
  signal: "#f76707",
} as const;

/** How a bar's timestamp becomes a chart time for this interval and exchange zone. */
export function chartTimeFn(interval: string, timeZone: string): (ts: string) => ChartTime {
  if (isDailyInterval(interval)) return (ts) => ts.slice(0, 10);
  const wall = wallClockFn(timeZone);
  return (ts) => wall(Date.parse(ts)) / 1000;
}

/** The finite values of `values` with their bars' times: warm-up (NaN) positions are left out. */
export function toPoints(times: readonly ChartTime[], values: ArrayLike<number>): ChartPoint[] {
  const out: ChartPoint[] = [];
  for (let i = 0; i < times.length; i++) {
    const v = values[i];
    if (Number.isFinite(v)) out.push({ time: times[i] as ChartTime, value: v });
  }
  return out;
}

export interface PriceSeries {
  /** The chart time of each bar. */
  times: ChartTime[];
  candles: { time: ChartTime; open: number; high: number; low: number; close: number }[];
  volume: { time: ChartTime; value: number; color: string }[];
}

export interface IndicatorSeries {
  overlays: OverlayLine[];
  panes: IndicatorPane[];
}

export type ChartData = PriceSeries & IndicatorSeries;

/**
 * Candles and volume bars, the volume coloured by the bar's direction (`colors`: the user's price
 * colours; green up and red down by default).
 */
export function priceSeries(
  bars: readonly ChartBar[],
  opts: { interval: string; timeZone: string; colors?: { up: string; down: string } },
): PriceSeries {
  const up = opts.colors?.up ?? COLORS.up;
  const down = opts.colors?.down ?? COLORS.down;
  const timeOf = chartTimeFn(opts.interval, opts.timeZone);
  const times = bars.map((b) => timeOf(b.ts));
  const candles = bars.map((b, i) => ({
    time: times[i] as ChartTime,
    open: b.open,
    high: b.high,
    low: b.low,
    close: b.close,
  }));
  const volume = bars.map((b, i) => ({
    time: times[i] as ChartTime,
    value: b.volume ?? 0,
    color: b.close >= b.open ? `${up}80` : `${down}80`,
  }));
  return { times, candles, volume };
}

/**
 * The `selected` indicators of the bars' closes, at the bars' chart `times`. Overlays come in the
 * order SMA, EMA, Bollinger; panes in the order RSI, MACD, whatever order `selected` has.
 */
export function indicatorSeries(
  bars: readonly ChartBar[],
  times: readonly ChartTime[],
  selected: readonly IndicatorId[],
  params: Partial<IndicatorParams> = {},
): IndicatorSeries {
  const p = { ...DEFAULT_PARAMS, ...params };
  const on = new Set(selected);
  const close = Float64Array.from(bars, (b) => b.close);

  const overlays: OverlayLine[] = [];
  if (on.has("sma"))
    overlays.push({
      indicator: "sma",
      key: "sma",
      color: COLORS.sma,
      band: false,
      points: toPoints(times, sma(close, p.sma.period)),
    });
  if (on.has("ema"))
    overlays.push({
      indicator: "ema",
      key: "ema",
      color: COLORS.ema,
      band: false,
      points: toPoints(times, ema(close, p.ema.period)),
    });
  if (on.has("bbands")) {
    const bb = bbands(close, p.bbands.period, p.bbands.width, { columns: ["up", "mavg", "dn"] });
    for (const [key, values, band] of [
      ["bbUpper", bb.up, true],
      ["bbMiddle", bb.mavg, false],
      ["bbLower", bb.dn, true],
    ] as const)
      overlays.push({
        indicator: "bbands",
        key,
        color: COLORS.bbands,
        band,
        points: toPoints(times, values),
      });
  }

  const panes: IndicatorPane[] = [];
  if (on.has("rsi"))
    panes.push({
      indicator: "rsi",
      lines: [{ key: "rsi", color: COLORS.rsi, points: toPoints(times, rsi(close, p.rsi.period)) }],
      histogram: null,
      levels: [30, 70],
    });
  if (on.has("macd")) {
    const m = macd(close, p.macd.fast, p.macd.slow, p.macd.signal);
    panes.push({
      indicator: "macd",
      lines: [
        { key: "macd", color: COLORS.macd, points: toPoints(times, m.macd) },
        { key: "signal", color: COLORS.signal, points: toPoints(times, m.signal) },
      ],
      histogram: toPoints(times, m.hist).map((pt) => ({
        ...pt,
        color: pt.value >= 0 ? `${COLORS.up}99` : `${COLORS.down}99`,
      })),
      levels: [0],
    });
  }
  return { overlays, panes };
}

/** Everything the chart draws for `bars` with the `selected` indicators. */
export function chartData(
  bars: readonly ChartBar[],
  opts: {
    interval: string;
    timeZone: string;
    selected: readonly IndicatorId[];
    params?: Partial<IndicatorParams>;
  },
): ChartData {
  const price = priceSeries(bars, opts);
  return { ...price, ...indicatorSeries(bars, price.times, opts.selected, opts.params) };
}
