import { useComputedColorScheme } from "@mantine/core";
import {
  CandlestickSeries,
  ColorType,
  createChart,
  HistogramSeries,
  type IChartApi,
  type ISeriesApi,
  LineSeries,
  type Time,
  type UTCTimestamp,
} from "lightweight-charts";
import { useEffect, useMemo, useRef } from "react";
import type { Bar, Interval } from "../../api/models.ts";
import { sma } from "./indicators.ts";

const UP = "#12b886";
const DOWN = "#fa5252";
const MA_COLOR = "#f59f00";

/** Minutes to add to a UTC instant to get the wall-clock time in `timeZone`. */
function zoneOffsetMs(timeZone: string) {
  const fmt = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
  });
  const cache = new Map<number, number>();
  return (ms: number) => {
    const hour = Math.floor(ms / 3_600_000);
    let off = cache.get(hour);
    if (off === undefined) {
      const p = Object.fromEntries(fmt.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
      const wall = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute);
      off = wall - Math.floor(ms / 60_000) * 60_000;
      cache.set(hour, off);
    }
    return off;
  };
}

/**
 * Candlesticks with a volume histogram underneath and an optional simple moving average of the
 * close, on lightweight-charts. Daily and weekly bars are placed on their trading date; intraday bars
 * at the exchange's wall-clock time. Colours follow the app's light/dark scheme.
 */
export function PriceChart({
  bars,
  interval,
  maPeriod,
  timeZone,
  height = 420,
}: {
  bars: Bar[];
  interval: Interval;
  maPeriod: number | null;
  timeZone: string;
  height?: number;
}) {
  const scheme = useComputedColorScheme("light");
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<IChartApi | null>(null);
  const series = useRef<{
    candles: ISeriesApi<"Candlestick">;
    volume: ISeriesApi<"Histogram">;
    ma: ISeriesApi<"Line">;
  } | null>(null);

  useEffect(() => {
    if (!box.current) return;
    const c = createChart(box.current, { autoSize: true, height });
    const candles = c.addSeries(CandlestickSeries, {
      upColor: UP,
      downColor: DOWN,
      borderVisible: false,
      wickUpColor: UP,
      wickDownColor: DOWN,
    });
    candles.priceScale().applyOptions({ scaleMargins: { top: 0.05, bottom: 0.25 } });
    const volume = c.addSeries(HistogramSeries, { priceFormat: { type: "volume" }, priceScaleId: "volume" });
    volume.priceScale().applyOptions({ scaleMargins: { top: 0.8, bottom: 0 } });
    const ma = c.addSeries(LineSeries, {
      color: MA_COLOR,
      lineWidth: 2,
      priceLineVisible: false,
      lastValueVisible: false,
      crosshairMarkerVisible: false,
    });
    chart.current = c;
    series.current = { candles, volume, ma };
    return () => {
      series.current = null;
      chart.current = null;
      c.remove();
    };
  }, [height]);

  useEffect(() => {
    const dark = scheme === "dark";
    chart.current?.applyOptions({
      layout: {
        background: { type: ColorType.Solid, color: dark ? "#1a1b1e" : "#ffffff" },
        textColor: dark ? "#c1c2c5" : "#212529",
      },
      grid: {
        vertLines: { color: dark ? "#2c2e33" : "#f1f3f5" },
        horzLines: { color: dark ? "#2c2e33" : "#f1f3f5" },
      },
      timeScale: { timeVisible: interval !== "1d" && interval !== "1w", secondsVisible: false },
    });
  }, [scheme, interval]);

  const data = useMemo(() => {
    const daily = interval === "1d" || interval === "1w";
    const off = zoneOffsetMs(timeZone);
    const time = (ts: string): Time =>
      daily ? ts.slice(0, 10) : (((Date.parse(ts) + off(Date.parse(ts))) / 1000) as UTCTimestamp);
    const candles = bars.map((b) => ({
      time: time(b.ts),
      open: b.open,
      high: b.high,
      low: b.low,
      close: b.close,
    }));
    const volume = bars.map((b) => ({
      time: time(b.ts),
      value: b.volume ?? 0,
      color: b.close >= b.open ? `${UP}80` : `${DOWN}80`,
    }));
    const avg = maPeriod
      ? sma(
          bars.map((b) => b.close),
          maPeriod,
        )
      : [];
    const ma = bars.flatMap((b, i) =>
      Number.isFinite(avg[i]) ? [{ time: time(b.ts), value: avg[i] as number }] : [],
    );
    return { candles, volume, ma };
  }, [bars, interval, maPeriod, timeZone]);

  useEffect(() => {
    const s = series.current;
    if (!s) return;
    s.candles.setData(data.candles);
    s.volume.setData(data.volume);
    s.ma.setData(data.ma);
    chart.current?.timeScale().fitContent();
  }, [data]);

  return (
    <div ref={box} style={{ width: "100%", height }} data-testid="price-chart" data-bars={bars.length} />
  );
}
