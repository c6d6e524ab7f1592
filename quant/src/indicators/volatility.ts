// biome-ignore-all lint/complexity/useMathMinMax: explicit ternaries mirror the reference (pmin/pmax) and keep batch and stream identical
// Volatility and range indicators: running SD, Bollinger bands, close-to-close volatility, ATR,
// ADX/DMI, Donchian and Keltner channels. TTR 0.24.3 conventions; bit-identical streaming twins.
//
// NaN policy: single-series functions skip leading NaNs; bar functions expect finite bars from
// index 0; a later NaN propagates into sum/recursion-based outputs.

import {
  type Bar,
  checkPeriod,
  firstValid,
  MonotonicWindow,
  mean3,
  nanArray,
  nanPrefix,
  rollingExtreme,
} from "./core.ts";
import { EmaStream, ema } from "./ma.ts";

// Rolling second moment: sliding update M2 += (x_new − x_old)(x_new − μ_new + x_old − μ_old),
// which (unlike Σx² − (Σx)²/n) has no catastrophic cancellation on price-level data. It is
// recomputed exactly (two-pass over the window) every n steps to bound drift, and at once when
// the update cancels (M2 small against the update's magnitude, e.g. a spike leaving the window).
// The mean is TTR's running sum / n, so Bollinger mavg equals TTR's SMA bit for bit.
const CANCEL = 1e-3;

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
 * `TTR::runSD` to ~1e-13 relative.
 */
export function runSd(x: ArrayLike<number>, n: number, sample = true): Float64Array {
  checkPeriod(n, "n", sample ? 2 : 1);
  const len = x.length;
  const s0 = firstValid(x);
  const mean = nanPrefix(len, s0 + n - 1);
  const m2 = nanPrefix(len, s0 + n - 1);
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
 * the typical price: use {@link bbandsHlc}.
 */
export function bbands(x: ArrayLike<number>, n = 20, k = 2): BBandsResult {
  checkPeriod(n);
  const len = x.length;
  const s0 = firstValid(x);
  const mavg = nanPrefix(len, s0 + n - 1);
  const m2 = nanPrefix(len, s0 + n - 1);
  rollingMeanM2(x, n, mavg, m2);
  const up = new Float64Array(len);
  const dn = m2;
  const pctB = new Float64Array(len);
  for (let i = 0; i < len; i++) {
    const mu = mavg[i];
    const w = k * Math.sqrt(m2[i] / n);
    const u = mu + w;
    const d = mu - w;
    up[i] = u;
    dn[i] = d;
    pctB[i] = (x[i] - d) / (u - d);
  }
  return { dn, mavg, up, pctB };
}

/**
 * Bollinger bands as `TTR::BBands(HLC)`: on the typical price (H+L+C)/3 (correctly rounded, as R's
 * mean), population SD. Warm-up n−1. Agrees with TTR to ~1e-12 (summation order of the SD).
 */
export function bbandsHlc(
  high: ArrayLike<number>,
  low: ArrayLike<number>,
  close: ArrayLike<number>,
  n = 20,
  k = 2,
): BBandsResult {
  const len = close.length;
  const tp = new Float64Array(len);
  for (let i = 0; i < len; i++) tp[i] = mean3(high[i], low[i], close[i]);
  return bbands(tp, n, k);
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
 */
export function atr(
  high: ArrayLike<number>,
  low: ArrayLike<number>,
  close: ArrayLike<number>,
  n = 14,
): AtrResult {
  checkPeriod(n);
  const len = close.length;
  const th = nanPrefix(len, 1);
  const tl = nanPrefix(len, 1);
  const tr = nanPrefix(len, 1);
  const out = nanPrefix(len, n);
  const a = 1 / n;
  const b = 1 - a;
  let sum = 0;
  let e = Number.NaN;
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
  return { tr, atr: out, trueHigh: th, trueLow: tl };
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
 * Matches `TTR::ADX` bit for bit.
 */
export function adx(
  high: ArrayLike<number>,
  low: ArrayLike<number>,
  close: ArrayLike<number>,
  n = 14,
): AdxResult {
  checkPeriod(n, "n", 2);
  const len = close.length;
  const dip = nanPrefix(len, n);
  const din = nanPrefix(len, n);
  const dx = nanPrefix(len, n);
  const out = nanPrefix(len, 2 * n - 1);
  const a = 1 / n;
  const b = 1 - a;
  const n1 = n - 1;
  let sp = 0;
  let sn = 0;
  let st = 0;
  let sumDx = 0;
  let e = Number.NaN;
  for (let i = 1; i < len; i++) {
    const dH = high[i] - high[i - 1];
    const dL = low[i - 1] - low[i];
    let p = 0;
    let m = 0;
    if (!(dH === dL || (dH < 0 && dL < 0))) {
      if (dH > dL) p = dH;
      else if (dH < dL) m = dL;
    }
    const pc = close[i - 1];
    const h = high[i] > pc ? high[i] : pc;
    const l = low[i] < pc ? low[i] : pc;
    const r = h - l;
    if (i < n) {
      sp += p;
      sn += m;
      st += r;
      continue;
    }
    sp = p + (sp * n1) / n;
    sn = m + (sn * n1) / n;
    st = r + (st * n1) / n;
    const P = (100 * sp) / st;
    const M = (100 * sn) / st;
    const x = 100 * (Math.abs(P - M) / (P + M));
    dip[i] = P;
    din[i] = M;
    dx[i] = x;
    const k = i - n + 1;
    if (k < n) sumDx += x;
    else if (k === n) {
      e = (sumDx + x) / n;
      out[i] = e;
    } else {
      e = x * a + e * b;
      out[i] = e;
    }
  }
  return { diPlus: dip, diMinus: din, dx, adx: out };
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
    let p = 0;
    let m = 0;
    if (!(dH === dL || (dH < 0 && dL < 0))) {
      if (dH > dL) p = dH;
      else if (dH < dL) m = dL;
    }
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
  const r = atr(high, low, close, opts.atrN ?? 10).atr;
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
