// Price channels: Donchian (rolling high/low) and Keltner (EMA ± ATR). Bit-identical streaming
// twins.
//
// NaN policy: bars (H/L/C) are expected finite from index 0.

import { type Bar, checkPeriod, MonotonicWindow, nanArray, rollingExtreme } from "./core.ts";
import { EmaStream, ema } from "./ma.ts";
import { AtrStream, atr } from "./true-range.ts";

export interface ChannelResult {
  high: Float64Array;
  mid: Float64Array;
  low: Float64Array;
}

/**
 * Donchian channel: high = max_n H, low = min_n L (window includes the current bar, TTR's
 * include.lag = FALSE), mid = (high + low)/2. Warm-up n−1. Monotonic deques, O(1) amortised.
 */
export function donchian(high: ArrayLike<number>, low: ArrayLike<number>, n = 20): ChannelResult {
  checkPeriod(n);
  const len = high.length;
  const hh = rollingExtreme(high, n, "max", new Float64Array(len));
  const ll = rollingExtreme(low, n, "min", new Float64Array(len));
  const mid = new Float64Array(len);
  for (let i = 0; i < len; i++) mid[i] = (hh[i] + ll[i]) / 2;
  return { high: hh, mid, low: ll };
}

/** Streaming {@link donchian}; returns a reused `{ high, mid, low }` object. */
export class DonchianStream {
  private readonly hi: MonotonicWindow;
  private readonly lo: MonotonicWindow;
  private readonly n: number;
  readonly value = { high: Number.NaN, mid: Number.NaN, low: Number.NaN };
  constructor(n = 20) {
    this.n = n;
    this.hi = new MonotonicWindow(n, "max");
    this.lo = new MonotonicWindow(n, "min");
  }
  update(bar: Bar): { high: number; mid: number; low: number } {
    const h = this.hi.push(bar.high);
    const l = this.lo.push(bar.low);
    if (this.hi.pushed < this.n) return this.value;
    this.value.high = h;
    this.value.low = l;
    this.value.mid = (h + l) / 2;
    return this.value;
  }
}

export interface KeltnerOptions {
  /** EMA period of the middle line (default 20). */
  n?: number;
  /** ATR period (default 10). */
  atrN?: number;
  /** Band width in ATRs (default 2). */
  mult?: number;
}

/**
 * Keltner channels (Raschke's modern form): mid = EMA_n(close), high/low = mid ± mult·ATR_atrN
 * (Wilder ATR as {@link atr}). Defaults n = 20, atrN = 10, mult = 2. Warm-up max(n−1, atrN).
 * (TTR's `keltnerChannels` centres on EMA of the typical price instead; not an oracle here.)
 */
export function keltner(
  high: ArrayLike<number>,
  low: ArrayLike<number>,
  close: ArrayLike<number>,
  opts: KeltnerOptions = {},
): ChannelResult {
  const n = opts.n ?? 20;
  const mult = opts.mult ?? 2;
  const mid = ema(close, n);
  const r = atr(high, low, close, opts.atrN ?? 10, { columns: ["atr"] }).atr;
  const len = close.length;
  const up = nanArray(len);
  const dn = nanArray(len);
  for (let i = 0; i < len; i++) {
    const w = mult * r[i];
    up[i] = mid[i] + w;
    dn[i] = mid[i] - w;
  }
  return { high: up, mid, low: dn };
}

/** Streaming {@link keltner}; returns a reused `{ high, mid, low }` object. */
export class KeltnerStream {
  private readonly e: EmaStream;
  private readonly a: AtrStream;
  private readonly mult: number;
  readonly value = { high: Number.NaN, mid: Number.NaN, low: Number.NaN };
  constructor(opts: KeltnerOptions = {}) {
    this.e = new EmaStream(opts.n ?? 20);
    this.a = new AtrStream(opts.atrN ?? 10);
    this.mult = opts.mult ?? 2;
  }
  update(bar: Bar): { high: number; mid: number; low: number } {
    const m = this.e.update(bar.close);
    const w = this.mult * this.a.update(bar).atr;
    this.value.mid = m;
    this.value.high = m + w;
    this.value.low = m - w;
    return this.value;
  }
}
