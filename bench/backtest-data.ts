// Benchmark data for the backtest benchmarks: gen-ohlcv.mjs assets laid out asset-major in
// SharedArrayBuffers, so sweep workers can share them without copying.
import type { BarData } from "@bullpen/quant/backtest";
import { generateAsset } from "./gen-ohlcv.mjs";

/** Shared, asset-major price columns: field[a·nBars + t]. */
export interface SharedBars {
  nAssets: number;
  nBars: number;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

/** Generates the benchmark data (100 × 20,000 by default) into shared memory. */
export function generateShared(nAssets = 100, nBars = 20_000): SharedBars {
  const make = () => new Float64Array(new SharedArrayBuffer(nAssets * nBars * 8));
  const d: SharedBars = {
    nAssets,
    nBars,
    open: make(),
    high: make(),
    low: make(),
    close: make(),
    volume: make(),
  };
  for (let a = 0; a < nAssets; a++) {
    const g = generateAsset(a, nBars);
    d.open.set(g.open, a * nBars);
    d.high.set(g.high, a * nBars);
    d.low.set(g.low, a * nBars);
    d.close.set(g.close, a * nBars);
    d.volume.set(g.volume, a * nBars);
  }
  return d;
}

/** Per-asset column views (no copy) in the engines' BarData layout. */
export function barData(d: SharedBars): BarData {
  const cols = (x: Float64Array) =>
    Array.from({ length: d.nAssets }, (_, a) => x.subarray(a * d.nBars, (a + 1) * d.nBars));
  return {
    open: cols(d.open),
    high: cols(d.high),
    low: cols(d.low),
    close: cols(d.close),
    volume: cols(d.volume),
  };
}

/**
 * The benchmark strategy as a vectorised target matrix (time-major units): per asset, SMA(fast) and
 * SMA(slow) of the close by running sums (the same arithmetic, in the same order, as the event
 * strategy's streaming SMAs); a cross above sets the target to 1 unit, a cross below to 0.
 * Asset-major by default (`targets[a·nBars + t]`), or time-major.
 */
export function smaCrossTargets(
  data: BarData,
  fast: number,
  slow: number,
  out?: Float64Array,
  layout: "time" | "asset" = "asset",
): Float64Array {
  const nA = data.close.length;
  const nB = nA ? data.close[0].length : 0;
  const targets = out ?? new Float64Array(nA * nB);
  for (let a = 0; a < nA; a++) {
    const c = data.close[a];
    let sf = 0;
    let ss = 0;
    let prev = Number.NaN;
    let state = 0;
    const base = layout === "asset" ? a * nB : a;
    const stride = layout === "asset" ? 1 : nA;
    for (let t = 0; t < nB; t++) {
      sf += c[t];
      if (t >= fast) sf -= c[t - fast];
      ss += c[t];
      if (t >= slow) ss -= c[t - slow];
      if (t >= slow - 1) {
        const diff = sf / fast - ss / slow;
        if (prev <= 0 && diff > 0) state = 1;
        else if (prev >= 0 && diff < 0) state = 0;
        prev = diff;
      }
      targets[base + t * stride] = state;
    }
  }
  return targets;
}
