import { describe, expect, it } from "vitest";
import { type ChartBar, chartData, chartTimeFn, toPoints } from "./chartData.ts";

/** n daily bars from 2024-01-01 with a zig-zag trend, so gains and losses both occur. */
function dailyBars(n: number): ChartBar[] {
  return Array.from({ length: n }, (_, i) => {
    const close = 100 + i * 0.5 + (i % 3 === 0 ? -2 : 1.5);
    const open = close + (i % 2 === 0 ? 1 : -1);
    return {
      ts: new Date(Date.UTC(2024, 0, 1 + i)).toISOString(),
      open,
      high: Math.max(open, close) + 1,
      low: Math.min(open, close) - 1,
      close,
      volume: 1000 + i,
    };
  });
}

const closes = (bars: ChartBar[]) => bars.map((b) => b.close);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe("chart times", () => {
  it("daily bars sit on their trading date; intraday bars on the exchange's wall clock", () => {
    expect(chartTimeFn("1d", "America/New_York")("2024-07-01T00:00:00.000Z")).toBe("2024-07-01");
    // 13:30 UTC is 09:30 in New York (EDT): the chart shows 09:30.
    expect(chartTimeFn("5m", "America/New_York")("2024-07-01T13:30:00.000Z")).toBe(
      Date.UTC(2024, 6, 1, 9, 30) / 1000,
    );
    // 00:00 UTC is 09:00 in Seoul.
    expect(chartTimeFn("1m", "Asia/Seoul")("2024-01-02T00:00:00.000Z")).toBe(Date.UTC(2024, 0, 2, 9) / 1000);
  });

  it("toPoints leaves out warm-up values", () => {
    expect(toPoints(["a", "b", "c"], [Number.NaN, 1, 2])).toEqual([
      { time: "b", value: 1 },
      { time: "c", value: 2 },
    ]);
  });
});

describe("chartData", () => {
  const bars = dailyBars(80);
  const base = { interval: "1d", timeZone: "America/New_York" };

  it("candles and volume for every bar; nothing else without a selection", () => {
    const d = chartData(bars, { ...base, selected: [] });
    expect(d.candles).toHaveLength(80);
    expect(d.candles[5]).toEqual({ time: "2024-01-06", ...pick(bars[5] as ChartBar) });
    expect(d.volume[5]?.value).toBe(1005);
    expect(d.volume.map((v) => v.color.slice(0, 7))).toEqual(
      bars.map((b) => (b.close >= b.open ? "#12b886" : "#fa5252")),
    );
    expect(d.overlays).toEqual([]);
    expect(d.panes).toEqual([]);
  });

  it("SMA: the mean of the last n closes, from the n-th bar on", () => {
    const d = chartData(bars, { ...base, selected: ["sma"], params: { sma: { period: 10 } } });
    const line = d.overlays[0];
    expect(line?.key).toBe("sma");
    expect(line?.points).toHaveLength(80 - 9);
    expect(line?.points[0]?.time).toBe("2024-01-10");
    const c = closes(bars);
    expect(line?.points[0]?.value).toBeCloseTo(mean(c.slice(0, 10)), 12);
    expect(line?.points.at(-1)?.value).toBeCloseTo(mean(c.slice(70, 80)), 12);
  });

  it("EMA and Bollinger bands: symmetric bands around the SMA", () => {
    const d = chartData(bars, { ...base, selected: ["bbands", "ema"], params: { ema: { period: 5 } } });
    expect(d.overlays.map((o) => o.key)).toEqual(["ema", "bbUpper", "bbMiddle", "bbLower"]);
    const ema = d.overlays[0]?.points ?? [];
    // EMA seeded with the SMA of the first 5, then α = 2/6.
    const c = closes(bars);
    const seed = mean(c.slice(0, 5));
    expect(ema[0]?.value).toBeCloseTo(seed, 12);
    expect(ema[1]?.value).toBeCloseTo(seed + (2 / 6) * ((c[5] as number) - seed), 12);
    const [up, mid, dn] = d.overlays.slice(1).map((o) => o.points);
    expect(up?.[0]?.time).toBe("2024-01-20");
    const window = c.slice(0, 20);
    const sd = Math.sqrt(mean(window.map((x) => (x - mean(window)) ** 2))); // population SD
    expect(mid?.[0]?.value).toBeCloseTo(mean(window), 12);
    expect(up?.[0]?.value).toBeCloseTo(mean(window) + 2 * sd, 12);
    expect(dn?.[0]?.value).toBeCloseTo(mean(window) - 2 * sd, 12);
    expect(d.overlays.filter((o) => o.band).map((o) => o.key)).toEqual(["bbUpper", "bbLower"]);
  });

  it("RSI and MACD go to panes, RSI first whatever the selection order", () => {
    const d = chartData(bars, { ...base, selected: ["macd", "rsi"] });
    expect(d.panes.map((p) => p.indicator)).toEqual(["rsi", "macd"]);
    const rsi = d.panes[0]?.lines[0]?.points ?? [];
    expect(rsi).toHaveLength(80 - 14);
    expect(rsi.every((p) => p.value >= 0 && p.value <= 100)).toBe(true);
    expect(d.panes[0]?.levels).toEqual([30, 70]);
    const macd = d.panes[1];
    const [m, s] = macd?.lines.map((l) => l.points) ?? [];
    expect(m?.[0]?.time).toBe("2024-01-26"); // slow EMA warm-up: 25 bars
    expect(s?.[0]?.time).toBe("2024-02-03"); // + 8 for the signal
    const hist = macd?.histogram ?? [];
    expect(hist).toHaveLength(s?.length ?? -1);
    const last = hist.at(-1);
    expect(last?.value).toBeCloseTo((m?.at(-1)?.value as number) - (s?.at(-1)?.value as number), 12);
    expect(hist.every((h) => h.color.startsWith(h.value >= 0 ? "#12b886" : "#fa5252"))).toBe(true);
  });

  it("too few bars for a period: the indicator is empty, not an error", () => {
    const d = chartData(dailyBars(5), { ...base, selected: ["sma", "rsi", "macd", "bbands"] });
    expect(d.overlays.every((o) => o.points.length === 0)).toBe(true);
    expect(d.panes.flatMap((p) => p.lines).every((l) => l.points.length === 0)).toBe(true);
  });
});

function pick(b: ChartBar) {
  return { open: b.open, high: b.high, low: b.low, close: b.close };
}
