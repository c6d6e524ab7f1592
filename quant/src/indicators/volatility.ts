// biome-ignore-all lint/complexity/useMathMinMax: explicit ternaries mirror the reference (pmin/pmax) and keep batch and stream identical
// Dispersion of a series: running SD, Bollinger bands, close-to-close volatility, all on one
// rolling mean/M2 kernel (below). TTR 0.24.3 conventions; bit-identical streaming twins. The
// true-range family (ATR, ADX/DMI) is in true-range.ts, Donchian and Keltner channels in
// channels.ts.
//
// NaN policy: leading NaNs are skipped; a later NaN propagates into sum-based outputs.

import {
  type ColumnOptions,
  checkPeriod,
  firstValid,
  mean3,
  nanArray,
  type OutOptions,
  prepOut,
  wants,
} from "./core.ts";

// Rolling second moment: sliding update M2 += (x_new − x_old)(x_new − μ_new + x_old − μ_old),
// which (unlike Σx² − (Σx)²/n) has no catastrophic cancellation on price-level data. It is
// recomputed exactly (two-pass over the window) every n steps to bound drift, and at once when
// the update cancels (M2 small against the update's magnitude, e.g. a spike leaving the window).
// The mean is TTR's running sum / n, so Bollinger mavg equals TTR's SMA bit for bit.
const CANCEL = 1e-3;

/** Σ (x_j − μ)² for j = from…to, oldest first (the order the streaming form uses too). */
function exactM2(x: ArrayLike<number>, from: number, to: number, mu: number): number {
  let q = 0;
  for (let j = from; j <= to; j++) {
    const dd = x[j] - mu;
    q += dd * dd;
  }
  return q;
}

function rollingMeanM2(x: ArrayLike<number>, n: number, mean: Float64Array, m2: Float64Array): void {
  const len = x.length;
  const s0 = firstValid(x);
  if (s0 + n > len) return;
  let sum = 0;
  for (let i = s0; i < s0 + n; i++) sum += x[i];
  let mu = sum / n;
  let q = 0;
  for (let j = s0; j < s0 + n; j++) {
    const d = x[j] - mu;
    q += d * d;
  }
  mean[s0 + n - 1] = mu;
  m2[s0 + n - 1] = q;
  let k = 0;
  for (let i = s0 + n; i < len; i++) {
    const xn = x[i];
    const xo = x[i - n];
    const mo = mu;
    sum = sum + xn - xo;
    mu = sum / n;
    const d = xn - xo;
    const e1 = xn - mu;
    const e2 = xo - mo;
    q = q + d * (e1 + e2);
    if (++k >= n || q < CANCEL * Math.abs(d) * (Math.abs(e1) + Math.abs(e2))) {
      q = 0;
      for (let j = i - n + 1; j <= i; j++) {
        const dd = x[j] - mu;
        q += dd * dd;
      }
      k = 0;
    }
    mean[i] = mu;
    m2[i] = q;
  }
}

/**
 * The rolling mean/M2 kernel of {@link rollingMeanM2} / `RollingMoments` (same operations, same
 * results) writing mavg ± k·√(M2/n) from index w0. Written in segments of n steps between the
 * periodic exact recomputes: each segment first runs branch-free, only noting whether the
 * cancellation guard fired; if it did (rare), the segment is redone step by step with the guard
 * acting, exactly as the streaming form. (An exact recompute reachable from inside the hot loop
 * makes V8 run it ~3× slower.)
 */
function bandsKernel(
  x: ArrayLike<number>,
  n: number,
  k: number,
  w0: number,
  up: Float64Array,
  av: Float64Array,
  dn: Float64Array,
): void {
  const len = x.length;
  let sum = 0;
  for (let i = w0 - n + 1; i <= w0; i++) sum += x[i];
  let mu = sum / n;
  let q = exactM2(x, w0 - n + 1, w0, mu);
  let w = k * Math.sqrt(q / n);
  up[w0] = mu + w;
  av[w0] = mu;
  dn[w0] = mu - w;
  let i = w0 + 1;
  while (i < len) {
    const i0 = i;
    const sum0 = sum;
    const mu0 = mu;
    const q0 = q;
    const end = i + n - 1 < len ? i + n - 1 : len;
    let fired = 0;
    for (; i < end; i++) {
      const xn = x[i];
      const xo = x[i - n];
      const mo = mu;
      sum = sum + xn - xo;
      mu = sum / n;
      const d = xn - xo;
      const e1 = xn - mu;
      const e2 = xo - mo;
      q = q + d * (e1 + e2);
      fired |= (q < CANCEL * Math.abs(d) * (Math.abs(e1) + Math.abs(e2))) as unknown as number;
      w = k * Math.sqrt(q / n);
      up[i] = mu + w;
      av[i] = mu;
      dn[i] = mu - w;
    }
    if (fired !== 0) {
      // redo with the guard acting, until the next periodic recompute
      i = i0;
      sum = sum0;
      mu = mu0;
      q = q0;
      let c = 0;
      for (; i < len; i++) {
        const xn = x[i];
        const xo = x[i - n];
        const mo = mu;
        sum = sum + xn - xo;
        mu = sum / n;
        const d = xn - xo;
        const e1 = xn - mu;
        const e2 = xo - mo;
        q = q + d * (e1 + e2);
        const periodic = ++c >= n;
        if (periodic || q < CANCEL * Math.abs(d) * (Math.abs(e1) + Math.abs(e2))) {
          q = exactM2(x, i - n + 1, i, mu);
          c = 0;
        }
        w = k * Math.sqrt(q / n);
        up[i] = mu + w;
        av[i] = mu;
        dn[i] = mu - w;
        if (periodic) {
          i++;
          break;
        }
      }
      continue;
    }
    if (i < len) {
      // the n-th step since the last recompute: exact M2
      sum = sum + x[i] - x[i - n];
      mu = sum / n;
      q = exactM2(x, i - n + 1, i, mu);
      w = k * Math.sqrt(q / n);
      up[i] = mu + w;
      av[i] = mu;
      dn[i] = mu - w;
      i++;
    }
  }
}

/** Streaming twin of the rolling mean/M2 kernel (identical operations). */
class RollingMoments {
  readonly n: number;
  private readonly buf: Float64Array;
  private pos = 0;
  private count = 0;
  private sum = 0;
  private k = 0;
  mean = Number.NaN;
  m2 = Number.NaN;
  constructor(n: number) {
    checkPeriod(n);
    this.n = n;
    this.buf = new Float64Array(n);
  }
  /** Returns false while warming up (or before the first valid value). */
  push(x: number): boolean {
    if (this.count === 0 && Number.isNaN(x)) return false;
    const n = this.n;
    const c = ++this.count;
    if (c <= n) {
      this.sum += x;
      this.buf[this.pos] = x;
      this.pos = this.pos + 1 === n ? 0 : this.pos + 1;
      if (c < n) return false;
      this.mean = this.sum / n;
      this.m2 = this.exact();
      return true;
    }
    const xo = this.buf[this.pos];
    this.buf[this.pos] = x;
    this.pos = this.pos + 1 === n ? 0 : this.pos + 1;
    const mo = this.mean;
    this.sum = this.sum + x - xo;
    const mu = this.sum / n;
    this.mean = mu;
    const d = x - xo;
    const e1 = x - mu;
    const e2 = xo - mo;
    this.m2 = this.m2 + d * (e1 + e2);
    if (++this.k >= n || this.m2 < CANCEL * Math.abs(d) * (Math.abs(e1) + Math.abs(e2))) {
      this.m2 = this.exact();
      this.k = 0;
    }
    return true;
  }
  // Σ(x − μ)² over the window, oldest first (the batch order).
  private exact(): number {
    const n = this.n;
    const mu = this.mean;
    let q = 0;
    for (let i = 0, j = this.pos; i < n; i++) {
      const dd = this.buf[j] - mu;
      q += dd * dd;
      j = j + 1 === n ? 0 : j + 1;
    }
    return q;
  }
}

/**
 * Rolling standard deviation over n values: sample (÷ n−1, TTR's `runSD` default) or population
 * (÷ n). Warm-up n−1 after leading NaNs. O(1) per value (see the M2 kernel note); agrees with
 * `TTR::runSD` to ~1e-13 relative. `opts.out` receives the result in place.
 */
export function runSd(x: ArrayLike<number>, n: number, sample = true, opts: OutOptions = {}): Float64Array {
  checkPeriod(n, "n", sample ? 2 : 1);
  const len = x.length;
  const s0 = firstValid(x);
  const mean = prepOut(undefined, len, s0 + n - 1);
  const m2 = prepOut(opts.out, len, s0 + n - 1);
  rollingMeanM2(x, n, mean, m2);
  const div = sample ? n - 1 : n;
  for (let i = 0; i < len; i++) m2[i] = Math.sqrt(m2[i] / div);
  return m2;
}

/** Streaming {@link runSd}. */
export class RunSdStream {
  private readonly m: RollingMoments;
  private readonly div: number;
  value = Number.NaN;
  constructor(n: number, sample = true) {
    checkPeriod(n, "n", sample ? 2 : 1);
    this.m = new RollingMoments(n);
    this.div = sample ? n - 1 : n;
  }
  update(x: number): number {
    if (this.m.push(x)) this.value = Math.sqrt(this.m.m2 / this.div);
    return this.value;
  }
}

export interface BBandsResult {
  dn: Float64Array;
  mavg: Float64Array;
  up: Float64Array;
  pctB: Float64Array;
}

/**
 * Bollinger bands on a series x: mavg = SMA_n(x), s = **population** SD of the window (÷ n, TTR),
 * up/dn = mavg ± k·s, pctB = (x − dn)/(up − dn). Warm-up n−1. TTR's `BBands(HLC)` applies this to
 * the typical price: use {@link bbandsHlc}. One fused pass of the rolling mean/M2 kernel;
 * `opts.columns` limits the outputs returned (pctB costs a second pass, skipped unless asked
 * for) and `opts.out` supplies arrays to write into.
 */
export function bbands<K extends keyof BBandsResult = keyof BBandsResult>(
  x: ArrayLike<number>,
  n = 20,
  k = 2,
  opts: ColumnOptions<BBandsResult, K> = {},
): Pick<BBandsResult, K> {
  checkPeriod(n);
  const len = x.length;
  const s0 = firstValid(x);
  const w0 = s0 + n - 1;
  const cols = opts.columns;
  const o = opts.out ?? {};
  const res: Partial<BBandsResult> = {};
  const col = (c: keyof BBandsResult) => {
    const a = prepOut(o[c], len, w0);
    if (wants(cols, c)) res[c] = a;
    return a;
  };
  // dn/mavg/up always (scratch when not asked for: per-column conditional stores slow V8's loop
  // down), pctB in a second pass only when asked for.
  const dnA = col("dn");
  const avA = col("mavg");
  const upA = col("up");
  const pctB = wants(cols, "pctB");
  if (w0 >= len) {
    if (pctB) res.pctB = prepOut(o.pctB, len, w0);
    return res as Pick<BBandsResult, K>;
  }
  bandsKernel(x, n, k, w0, upA, avA, dnA);
  if (pctB) {
    const pb = prepOut(o.pctB, len, w0);
    for (let i = w0; i < len; i++) {
      const u = upA[i];
      const dl = dnA[i];
      pb[i] = (x[i] - dl) / (u - dl);
    }
    res.pctB = pb;
  }
  return res as Pick<BBandsResult, K>;
}

/**
 * Bollinger bands as `TTR::BBands(HLC)`: on the typical price (H+L+C)/3 (correctly rounded, as R's
 * mean), population SD. Warm-up n−1. Agrees with TTR to ~1e-12 (summation order of the SD).
 * Options as {@link bbands}.
 */
export function bbandsHlc<K extends keyof BBandsResult = keyof BBandsResult>(
  high: ArrayLike<number>,
  low: ArrayLike<number>,
  close: ArrayLike<number>,
  n = 20,
  k = 2,
  opts: ColumnOptions<BBandsResult, K> = {},
): Pick<BBandsResult, K> {
  const len = close.length;
  const tp = new Float64Array(len);
  for (let i = 0; i < len; i++) tp[i] = mean3(high[i], low[i], close[i]);
  return bbands(tp, n, k, opts);
}

/** Streaming {@link bbands}; `update(x)` takes the series value (use {@link mean3} for TTR's HLC form). */
export class BBandsStream {
  private readonly m: RollingMoments;
  private readonly n: number;
  private readonly k: number;
  readonly value = { dn: Number.NaN, mavg: Number.NaN, up: Number.NaN, pctB: Number.NaN };
  constructor(n = 20, k = 2) {
    this.n = n;
    this.k = k;
    this.m = new RollingMoments(n);
  }
  update(x: number): { dn: number; mavg: number; up: number; pctB: number } {
    if (!this.m.push(x)) return this.value;
    const mu = this.m.mean;
    const w = this.k * Math.sqrt(this.m.m2 / this.n);
    const u = mu + w;
    const d = mu - w;
    this.value.dn = d;
    this.value.mavg = mu;
    this.value.up = u;
    this.value.pctB = (x - d) / (u - d);
    return this.value;
  }
}

/**
 * Close-to-close volatility (TTR `volatility(calc="close")`): √N · sample SD of the last n−1 log
 * returns ln C_t − ln C_{t−1}. N = 260 periods per year by default. Warm-up n−1.
 */
export function volatility(close: ArrayLike<number>, n = 20, N = 260): Float64Array {
  checkPeriod(n, "n", 3);
  const len = close.length;
  const r = nanArray(len);
  for (let i = firstValid(close) + 1; i < len; i++) r[i] = Math.log(close[i]) - Math.log(close[i - 1]);
  const sd = runSd(r, n - 1);
  const s = Math.sqrt(N);
  for (let i = 0; i < len; i++) sd[i] = s * sd[i];
  return sd;
}

/** Streaming {@link volatility}. */
export class VolatilityStream {
  private readonly sd: RunSdStream;
  private readonly s: number;
  private prev = Number.NaN;
  value = Number.NaN;
  constructor(n = 20, N = 260) {
    this.sd = new RunSdStream(n - 1);
    this.s = Math.sqrt(N);
  }
  update(close: number): number {
    const lp = Math.log(close);
    const r = lp - this.prev;
    if (!Number.isNaN(close)) this.prev = lp;
    this.value = this.s * this.sd.update(r);
    return this.value;
  }
}
