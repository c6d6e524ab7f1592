// biome-ignore-all lint/complexity/useMathMinMax: explicit ternaries mirror the reference (pmin/pmax) and keep batch and stream identical
// Volatility and range indicators: running SD, Bollinger bands, close-to-close volatility, ATR,
// ADX/DMI, Donchian and Keltner channels. TTR 0.24.3 conventions; bit-identical streaming twins.
//
// NaN policy: single-series functions skip leading NaNs; bar functions expect finite bars from
// index 0; a later NaN propagates into sum/recursion-based outputs.

import {
  type Bar,
  type ColumnOptions,
  checkPeriod,
  firstValid,
  MonotonicWindow,
  mean3,
  nanArray,
  type OutOptions,
  prepOut,
  rollingExtreme,
  wants,
} from "./core.ts";
import { EmaStream, ema } from "./ma.ts";

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

export interface AtrResult {
  tr: Float64Array;
  atr: Float64Array;
  trueHigh: Float64Array;
  trueLow: Float64Array;
}

/**
 * Average true range (Wilder): trueHigh = max(H_t, C_{t−1}), trueLow = min(L_t, C_{t−1}),
 * tr = trueHigh − trueLow (all NaN at t = 0); atr = Wilder EMA_n(tr) (α = 1/n, seeded with the
 * mean of tr_1…tr_n). Warm-up 1 for tr, n for atr. Matches `TTR::ATR` bit for bit.
 * `opts.columns` limits the outputs written (e.g. `["atr"]`); `opts.out` supplies arrays.
 */
export function atr<K extends keyof AtrResult = keyof AtrResult>(
  high: ArrayLike<number>,
  low: ArrayLike<number>,
  close: ArrayLike<number>,
  n = 14,
  opts: ColumnOptions<AtrResult, K> = {},
): Pick<AtrResult, K> {
  checkPeriod(n);
  const len = close.length;
  const cols = opts.columns;
  const o = opts.out ?? {};
  const res: Partial<AtrResult> = {};
  // Columns not asked for are computed into scratch (the full kernel) unless only `atr` is
  // wanted; V8 runs a loop with per-column `if (wanted)` stores several times slower.
  const col = (c: keyof AtrResult, k: number) => {
    const a = prepOut(o[c], len, k);
    if (wants(cols, c)) res[c] = a;
    return a;
  };
  const out = col("atr", n);
  if (cols !== undefined && cols.length === 1 && cols[0] === "atr") atrKernel(high, low, close, n, out);
  else atrKernelFull(high, low, close, n, out, col("tr", 1), col("trueHigh", 1), col("trueLow", 1));
  return res as Pick<AtrResult, K>;
}

function atrKernel(
  high: ArrayLike<number>,
  low: ArrayLike<number>,
  close: ArrayLike<number>,
  n: number,
  out: Float64Array,
): void {
  const len = close.length;
  if (n >= len) return;
  const a = 1 / n;
  const b = 1 - a;
  let sum = 0;
  for (let i = 1; i <= n; i++) {
    const pc = close[i - 1];
    const h = high[i] > pc ? high[i] : pc;
    const l = low[i] < pc ? low[i] : pc;
    sum += h - l;
  }
  // the seed is peeled off: a seed-or-recursion select inside the loop costs V8 ~4×
  let e = sum / n;
  out[n] = e;
  for (let i = n + 1; i < len; i++) {
    const pc = close[i - 1];
    const h = high[i] > pc ? high[i] : pc;
    const l = low[i] < pc ? low[i] : pc;
    e = (h - l) * a + e * b;
    out[i] = e;
  }
}

function atrKernelFull(
  high: ArrayLike<number>,
  low: ArrayLike<number>,
  close: ArrayLike<number>,
  n: number,
  out: Float64Array,
  tr: Float64Array,
  th: Float64Array,
  tl: Float64Array,
): void {
  const len = close.length;
  const a = 1 / n;
  const b = 1 - a;
  let sum = 0;
  let e = 0;
  for (let i = 1; i < len; i++) {
    const pc = close[i - 1];
    const h = high[i] > pc ? high[i] : pc;
    const l = low[i] < pc ? low[i] : pc;
    const r = h - l;
    th[i] = h;
    tl[i] = l;
    tr[i] = r;
    if (i < n) sum += r;
    else if (i === n) {
      e = (sum + r) / n;
      out[i] = e;
    } else {
      e = r * a + e * b;
      out[i] = e;
    }
  }
}

/** Streaming {@link atr}; returns a reused `{ tr, atr, trueHigh, trueLow }` object. */
export class AtrStream {
  private readonly e: EmaStream;
  private prevClose = Number.NaN;
  readonly value = { tr: Number.NaN, atr: Number.NaN, trueHigh: Number.NaN, trueLow: Number.NaN };
  constructor(n = 14) {
    this.e = new EmaStream(n, { wilder: true });
  }
  update(bar: Bar): { tr: number; atr: number; trueHigh: number; trueLow: number } {
    const pc = this.prevClose;
    this.prevClose = bar.close;
    if (Number.isNaN(pc)) return this.value;
    const h = bar.high > pc ? bar.high : pc;
    const l = bar.low < pc ? bar.low : pc;
    const r = h - l;
    this.value.trueHigh = h;
    this.value.trueLow = l;
    this.value.tr = r;
    this.value.atr = this.e.update(r);
    return this.value;
  }
}

export interface AdxResult {
  diPlus: Float64Array;
  diMinus: Float64Array;
  dx: Float64Array;
  adx: Float64Array;
}

/**
 * Directional movement (Wilder), TTR convention. dH = H_t − H_{t−1}, dL = L_{t−1} − L_t;
 * DM+ = dH if dH > dL and dH > 0, DM− = dL if dL > dH and dL > 0, else 0. DI± = 100·WS(DM±)/WS(TR)
 * where WS is TTR's `wilderSum`: the plain sum of the first n−1 values, then
 * S_t = x_t + S_{t−1}·(n−1)/n (so the first output, at t = n, already discounts). DX =
 * 100·|DI+ − DI−|/(DI+ + DI−); ADX = Wilder EMA_n(DX). Warm-up n for DI/DX, 2n−1 for ADX.
 * Matches `TTR::ADX` bit for bit. `opts.columns` limits the outputs written (e.g. `["adx"]`);
 * `opts.out` supplies arrays.
 */
export function adx<K extends keyof AdxResult = keyof AdxResult>(
  high: ArrayLike<number>,
  low: ArrayLike<number>,
  close: ArrayLike<number>,
  n = 14,
  opts: ColumnOptions<AdxResult, K> = {},
): Pick<AdxResult, K> {
  checkPeriod(n, "n", 2);
  const len = close.length;
  const cols = opts.columns;
  const o = opts.out ?? {};
  const res: Partial<AdxResult> = {};
  const col = (c: keyof AdxResult, k: number) => {
    const a = prepOut(o[c], len, k);
    if (wants(cols, c)) res[c] = a;
    return a;
  };
  const out = col("adx", 2 * n - 1);
  // Only ADX wanted: the lean kernel; otherwise every column is written (scratch for the ones
  // not asked for), since per-column `if (wanted)` stores slow V8's loop down several-fold.
  if (cols !== undefined && cols.length === 1 && cols[0] === "adx") adxKernel(high, low, close, n, out, null);
  else adxKernel(high, low, close, n, out, [col("diPlus", n), col("diMinus", n), col("dx", n)]);
  return res as Pick<AdxResult, K>;
}

// Branch-free DM: booleans as 0/1 (the comparisons are data-dependent coin flips). Equals
// TTR's rule: dH if dH > dL and dH > 0, else 0 (likewise dL); the streaming form uses the same.
function dmPlus(dH: number, dL: number): number {
  return dH * (((dH > dL) as unknown as number) & ((dH > 0) as unknown as number));
}

function adxKernel(
  high: ArrayLike<number>,
  low: ArrayLike<number>,
  close: ArrayLike<number>,
  n: number,
  out: Float64Array,
  full: [Float64Array, Float64Array, Float64Array] | null,
): void {
  const len = close.length;
  if (n >= len) return;
  const a = 1 / n;
  const b = 1 - a;
  const n1 = n - 1;
  let sp = 0;
  let sn = 0;
  let st = 0;
  for (let i = 1; i < n; i++) {
    const dH = high[i] - high[i - 1];
    const dL = low[i - 1] - low[i];
    sp += dmPlus(dH, dL);
    sn += dmPlus(dL, dH);
    const pc = close[i - 1];
    const h = high[i] > pc ? high[i] : pc;
    const l = low[i] < pc ? low[i] : pc;
    st += h - l;
  }
  // From t = n: Wilder sums S_t = x_t + S_{t−1}·(n−1)/n, DI, DX; from t = 2n−1 the ADX, seeded
  // with the mean of the first n DX. Warm-up, seed and steady state are separate loops, and the
  // lean/full variants separate copies: V8 slows down several-fold on selects or per-column
  // conditional stores inside the loop.
  let sumDx = 0;
  let e = 0;
  const adx0 = 2 * n - 1;
  const mid = adx0 < len ? adx0 : len;
  if (full === null) {
    for (let i = n; i < mid; i++) {
      const hi = high[i];
      const lo = low[i];
      const dH = hi - high[i - 1];
      const dL = low[i - 1] - lo;
      const pc = close[i - 1];
      sp = dmPlus(dH, dL) + (sp * n1) / n;
      sn = dmPlus(dL, dH) + (sn * n1) / n;
      st = (hi > pc ? hi : pc) - (lo < pc ? lo : pc) + (st * n1) / n;
      const P = (100 * sp) / st;
      const M = (100 * sn) / st;
      const x = 100 * (Math.abs(P - M) / (P + M));
      sumDx += x;
    }
    if (mid < len) {
      const i = mid;
      const hi = high[i];
      const lo = low[i];
      const dH = hi - high[i - 1];
      const dL = low[i - 1] - lo;
      const pc = close[i - 1];
      sp = dmPlus(dH, dL) + (sp * n1) / n;
      sn = dmPlus(dL, dH) + (sn * n1) / n;
      st = (hi > pc ? hi : pc) - (lo < pc ? lo : pc) + (st * n1) / n;
      const P = (100 * sp) / st;
      const M = (100 * sn) / st;
      const x = 100 * (Math.abs(P - M) / (P + M));
      e = (sumDx + x) / n;
      out[i] = e;
    }
    for (let i = mid + 1; i < len; i++) {
      const hi = high[i];
      const lo = low[i];
      const dH = hi - high[i - 1];
      const dL = low[i - 1] - lo;
      const pc = close[i - 1];
      sp = dmPlus(dH, dL) + (sp * n1) / n;
      sn = dmPlus(dL, dH) + (sn * n1) / n;
      st = (hi > pc ? hi : pc) - (lo < pc ? lo : pc) + (st * n1) / n;
      const P = (100 * sp) / st;
      const M = (100 * sn) / st;
      const x = 100 * (Math.abs(P - M) / (P + M));
      e = x * a + e * b;
      out[i] = e;
    }
  } else {
    const [dip, din, dxa] = full;
    for (let i = n; i < mid; i++) {
      const hi = high[i];
      const lo = low[i];
      const dH = hi - high[i - 1];
      const dL = low[i - 1] - lo;
      const pc = close[i - 1];
      sp = dmPlus(dH, dL) + (sp * n1) / n;
      sn = dmPlus(dL, dH) + (sn * n1) / n;
      st = (hi > pc ? hi : pc) - (lo < pc ? lo : pc) + (st * n1) / n;
      const P = (100 * sp) / st;
      const M = (100 * sn) / st;
      const x = 100 * (Math.abs(P - M) / (P + M));
      dip[i] = P;
      din[i] = M;
      dxa[i] = x;
      sumDx += x;
    }
    if (mid < len) {
      const i = mid;
      const hi = high[i];
      const lo = low[i];
      const dH = hi - high[i - 1];
      const dL = low[i - 1] - lo;
      const pc = close[i - 1];
      sp = dmPlus(dH, dL) + (sp * n1) / n;
      sn = dmPlus(dL, dH) + (sn * n1) / n;
      st = (hi > pc ? hi : pc) - (lo < pc ? lo : pc) + (st * n1) / n;
      const P = (100 * sp) / st;
      const M = (100 * sn) / st;
      const x = 100 * (Math.abs(P - M) / (P + M));
      dip[i] = P;
      din[i] = M;
      dxa[i] = x;
      e = (sumDx + x) / n;
      out[i] = e;
    }
    for (let i = mid + 1; i < len; i++) {
      const hi = high[i];
      const lo = low[i];
      const dH = hi - high[i - 1];
      const dL = low[i - 1] - lo;
      const pc = close[i - 1];
      sp = dmPlus(dH, dL) + (sp * n1) / n;
      sn = dmPlus(dL, dH) + (sn * n1) / n;
      st = (hi > pc ? hi : pc) - (lo < pc ? lo : pc) + (st * n1) / n;
      const P = (100 * sp) / st;
      const M = (100 * sn) / st;
      const x = 100 * (Math.abs(P - M) / (P + M));
      dip[i] = P;
      din[i] = M;
      dxa[i] = x;
      e = x * a + e * b;
      out[i] = e;
    }
  }
}

/** Streaming {@link adx}; returns a reused `{ diPlus, diMinus, dx, adx }` object. */
export class AdxStream {
  private readonly n: number;
  private readonly e: EmaStream;
  private count = 0;
  private sp = 0;
  private sn = 0;
  private st = 0;
  private ph = Number.NaN;
  private pl = Number.NaN;
  private pc = Number.NaN;
  readonly value = { diPlus: Number.NaN, diMinus: Number.NaN, dx: Number.NaN, adx: Number.NaN };
  constructor(n = 14) {
    checkPeriod(n, "n", 2);
    this.n = n;
    this.e = new EmaStream(n, { wilder: true });
  }
  update(bar: Bar): { diPlus: number; diMinus: number; dx: number; adx: number } {
    const i = this.count++;
    const ph = this.ph;
    const pl = this.pl;
    const pc = this.pc;
    this.ph = bar.high;
    this.pl = bar.low;
    this.pc = bar.close;
    if (i === 0) return this.value;
    const n = this.n;
    const n1 = n - 1;
    const dH = bar.high - ph;
    const dL = pl - bar.low;
    // same expression as the batch kernel (so NaN/±∞ bars behave identically too)
    const p = dmPlus(dH, dL);
    const m = dmPlus(dL, dH);
    const h = bar.high > pc ? bar.high : pc;
    const l = bar.low < pc ? bar.low : pc;
    const r = h - l;
    if (i < n) {
      this.sp += p;
      this.sn += m;
      this.st += r;
      return this.value;
    }
    this.sp = p + (this.sp * n1) / n;
    this.sn = m + (this.sn * n1) / n;
    this.st = r + (this.st * n1) / n;
    const P = (100 * this.sp) / this.st;
    const M = (100 * this.sn) / this.st;
    const x = 100 * (Math.abs(P - M) / (P + M));
    this.value.diPlus = P;
    this.value.diMinus = M;
    this.value.dx = x;
    this.value.adx = this.e.update(x);
    return this.value;
  }
}

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
