// Sweep task for bench/backtest.ts: one SMA-crossover setting over the whole benchmark data through
// the vectorised engine. Loaded by worker threads as TypeScript.
import { type BarData, runVectorBacktest } from "@bullpen/quant/backtest";
import { barData, type SharedBars, smaCrossTargets } from "./backtest-data.ts";

/** Builds the column views and one reusable target buffer per thread. */
export function setup(d: SharedBars): { data: BarData; targets: Float64Array } {
  return { data: barData(d), targets: new Float64Array(d.nAssets * d.nBars) };
}

/** Final equity and annualised Sharpe of SMA(fast)/SMA(slow), 1 unit per asset, 0.1% commission. */
export function evaluate(
  p: { fast: number; slow: number },
  ctx: { data: BarData; targets: Float64Array },
): { fast: number; slow: number; finalEquity: number; sharpe: number } {
  smaCrossTargets(ctx.data, p.fast, p.slow, ctx.targets);
  const r = runVectorBacktest(ctx.data, ctx.targets, {
    cash: 1_000_000,
    mode: "units",
    layout: "asset",
    rebalance: "onChange",
    costBps: 10,
    recordPositions: false,
    recordTrades: false,
  });
  return { fast: p.fast, slow: p.slow, finalEquity: r.finalEquity, sharpe: r.metrics.sharpeRatio };
}
