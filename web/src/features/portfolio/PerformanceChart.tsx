// The performance chart: the portfolio's cumulative time-weighted return and the benchmark's over the
// period, in percent, on lightweight-charts. This module is loaded on demand (React.lazy from the
// overview), so the chart library never weighs on a first page.
import { useComputedColorScheme } from "@mantine/core";
import { ColorType, createChart, type IChartApi, type ISeriesApi, LineSeries } from "lightweight-charts";
import { useEffect, useRef } from "react";

export interface PerformancePoint {
  date: string;
  twr: number;
  benchmark: number | null;
}

export interface PerformanceChartProps {
  series: PerformancePoint[];
  /** The portfolio's and the benchmark's line colours. */
  colors: { portfolio: string; benchmark: string };
  /** Formats a percentage (already × 100) for the axis and the crosshair. */
  formatPct: (v: number) => string;
  /** The accessible description of the chart (what it shows, which period). */
  label: string;
  portfolioTitle: string;
  benchmarkTitle: string | null;
}

export default function PerformanceChart({
  series,
  colors,
  formatPct,
  label,
  portfolioTitle,
  benchmarkTitle,
}: PerformanceChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<IChartApi | null>(null);
  const lines = useRef<{ twr: ISeriesApi<"Line">; bench: ISeriesApi<"Line"> } | null>(null);
  const dark = useComputedColorScheme("light") === "dark";

  useEffect(() => {
    if (!box.current) return;
    const c = createChart(box.current, {
      autoSize: true,
      handleScroll: false,
      handleScale: false,
      timeScale: { borderVisible: false },
      rightPriceScale: { borderVisible: false },
    });
    const twr = c.addSeries(LineSeries, { lineWidth: 2, priceLineVisible: false });
    const bench = c.addSeries(LineSeries, { lineWidth: 1, lineStyle: 2, priceLineVisible: false });
    chart.current = c;
    lines.current = { twr, bench };
    return () => {
      lines.current = null;
      chart.current = null;
      c.remove();
    };
  }, []);

  useEffect(() => {
    chart.current?.applyOptions({
      layout: {
        background: { type: ColorType.Solid, color: dark ? "#242424" : "#ffffff" },
        textColor: dark ? "#c9c9c9" : "#212529",
        attributionLogo: false,
      },
      grid: {
        vertLines: { color: dark ? "#2e2e2e" : "#f1f3f5" },
        horzLines: { color: dark ? "#2e2e2e" : "#f1f3f5" },
      },
      localization: { priceFormatter: formatPct },
    });
  }, [dark, formatPct]);

  useEffect(() => {
    const l = lines.current;
    if (!l) return;
    l.twr.applyOptions({ color: colors.portfolio, title: portfolioTitle });
    l.bench.applyOptions({
      color: colors.benchmark,
      title: benchmarkTitle ?? "",
      visible: benchmarkTitle !== null,
    });
    l.twr.setData(series.map((p) => ({ time: p.date, value: p.twr * 100 })));
    l.bench.setData(
      benchmarkTitle === null
        ? []
        : series.flatMap((p) => (p.benchmark === null ? [] : [{ time: p.date, value: p.benchmark * 100 }])),
    );
    chart.current?.timeScale().fitContent();
  }, [series, colors, portfolioTitle, benchmarkTitle]);

  return <div ref={box} role="img" aria-label={label} style={{ width: "100%", height: 280 }} />;
}
