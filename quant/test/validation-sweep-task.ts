// A sweep task used by validation.test.ts: an SMA crossover on shared price data through the
// vectorised engine. Loaded by worker threads directly as TypeScript (Node 24 type stripping).
import { type BarData, runVectorBacktest } from "@bullpen/quant/backtest";

interface Shared {
  nAssets: number;
  nBars: number;
  /** Asset-major closes and opens over SharedArrayBuffers. */
  close: Float64Array;
  open: Float64Array;
}

export function setup(d: Shared): { data: BarData; nA: number; nB: number } {
  const col = (x: Float64Array, a: number) => x.subarray(a * d.nBars, (a + 1) * d.nBars);
  const cols = (x: Float64Array) => Array.from({ length: d.nAssets }, (_, a) => col(x, a));
  const data: BarData = {
    open: cols(d.open),
    high: cols(d.close),
    low: cols(d.close),
    close: cols(d.close),
    volume: cols(d.close),
  };
  return { data, nA: d.nAssets, nB: d.nBars };
}

export function evaluate(
  p: { fast: number; slow: number },
  ctx: ReturnType<typeof setup>,
): { final: number; sharpe: number; threadCheck: number } {
  const { data, nA, nB } = ctx;
  const targets = new Float64Array(nA * nB);
  for (let a = 0; a < nA; a++) {
    const c = data.close[a];
    let sf = 0;
    let ss = 0;
    let prevDiff = Number.NaN;
    let state = 0;
    for (let t = 0; t < nB; t++) {
      sf += c[t] - (t >= p.fast ? c[t - p.fast] : 0);
      ss += c[t] - (t >= p.slow ? c[t - p.slow] : 0);
      if (t >= p.slow - 1) {
        const diff = sf / p.fast - ss / p.slow;
        if (prevDiff <= 0 && diff > 0) state = 1;
        else if (prevDiff >= 0 && diff < 0) state = 0;
        prevDiff = diff;
      }
      targets[t * nA + a] = state;
    }
  }
  const r = runVectorBacktest(data, targets, {
    cash: 10_000,
    mode: "units",
    rebalance: "onChange",
    costBps: 10,
    recordPositions: false,
  });
  return { final: r.finalEquity, sharpe: r.metrics.sharpeRatio, threadCheck: r.trades.length };
}
