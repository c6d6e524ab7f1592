// biome-ignore-all lint/complexity/useMathMinMax: explicit ternaries mirror the reference (pmin/pmax) and keep batch and stream identical
// Momentum oscillators: RSI, MACD, ROC, momentum, KST, stochastic, Williams %R, CCI, ultimate
// oscillator, Aroon, MFI, CMF, OBV. Conventions follow R TTR 0.24.3 (see ORACLES.md §1); every
// batch function has a bit-identical streaming twin.
//
// NaN policy: single-series functions skip leading NaNs (warm-up counts from the first valid
// value). Bar-based (H/L/C/V) functions expect finite bars from index 0. A NaN after the start
// propagates into every later output of sum- or recursion-based indicators.

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
  RollingSum,
  rollingExtreme,
  rollingMaxMin,
  runSum,
  wants,
} from "./core.ts";
import { EmaStream, SmaStream, sma } from "./ma.ts";

/**
 * Relative strength index (Wilder). u_t = max(x_t − x_{t−1}, 0), d_t = max(x_{t−1} − x_t, 0) from
 * t = 1; U, D = Wilder EMA_n (α = 1/n, seeded with the mean of u_1…u_n); RSI = 100·U/(U+D).
 * Warm-up n. Matches `TTR::RSI` bit for bit. `opts.out` receives the result in place.
 */
export function rsi(x: ArrayLike<number>, n = 14, opts: OutOptions = {}): Float64Array {
  checkPeriod(n);
  const len = x.length;
  const s0 = firstValid(x);
  const out = prepOut(opts.out, len, s0 + n);
  if (s0 + n >= len) return out;
  const a = 1 / n;
  const b = 1 - a;
  let su = 0;
  let sd = 0;
  for (let i = s0 + 1; i <= s0 + n; i++) {
    const d = x[i] - x[i - 1];
    if (d > 0) su += d;
    else if (d < 0) sd -= d;
  }
  const up0 = su / n;
  const dn0 = sd / n;
  out[s0 + n] = 100 * (up0 / (up0 + dn0)); // the ratio first: never above 100 by rounding
  // Branch-free gains/losses: (d + |d|)/2 = max(d, 0) and (|d| − d)/2 = max(−d, 0) exactly for
  // finite d (doubling and halving are exact); V8 compiles the ternaries to branches, which
  // mispredict on every other bar. NaN/±∞/overflow leave a NaN or ∞ in the recursion state,
  // and then the pass is redone with the ternaries (the reference semantics).
  let up = up0;
  let dn = dn0;
  for (let i = s0 + n + 1; i < len; i++) {
    const d = x[i] - x[i - 1];
    const ad = Math.abs(d);
    up = (d + ad) * 0.5 * a + up * b;
    dn = (ad - d) * 0.5 * a + dn * b;
    out[i] = 100 * (up / (up + dn));
  }
  if (Number.isFinite(up + dn)) return out;
  up = up0;
  dn = dn0;
  for (let i = s0 + n + 1; i < len; i++) {
    const d = x[i] - x[i - 1];
    const u = d > 0 ? d : 0;
    const v = d < 0 ? -d : 0;
    up = u * a + up * b;
    dn = v * a + dn * b;
    out[i] = 100 * (up / (up + dn));
  }
  return out;
}

/** Streaming {@link rsi}. */
export class RsiStream {
  private readonly up: EmaStream;
  private readonly dn: EmaStream;
  private prev = Number.NaN;
  value = Number.NaN;
  constructor(n = 14) {
    this.up = new EmaStream(n, { wilder: true });
    this.dn = new EmaStream(n, { wilder: true });
  }
  private started = false;
  update(x: number): number {
    const prev = this.prev;
    this.prev = x;
    // Leading NaNs are skipped; a later NaN is a zero move on both sides, as in the batch.
    if (!this.started) {
      this.started = !Number.isNaN(x);
      return Number.NaN;
    }
    const d = x - prev;
    const u = this.up.update(d > 0 ? d : 0);
    const v = this.dn.update(d < 0 ? -d : 0);
    this.value = 100 * (u / (u + v));
    return this.value;
  }
}

export interface MacdOptions extends ColumnOptions<MacdResult, keyof MacdResult> {
  /** `true`: 100·(EMA_fast/EMA_slow − 1) (TTR's default); `false` (default here): EMA_fast − EMA_slow. */
  percent?: boolean;
}

export interface MacdResult {
  macd: Float64Array;
  signal: Float64Array;
  /** macd − signal. */
  hist: Float64Array;
}

/**
 * MACD: macd = EMA_fast(x) − EMA_slow(x) (or 100·(EMA_fast/EMA_slow − 1) with `percent`);
 * signal = EMA_sig(macd); hist = macd − signal. All EMAs SMA-seeded (TTR). Warm-up slow−1 for
 * macd, slow+sig−2 for signal/hist. Note TTR's default is percent = TRUE; the usual (and our
 * default) is the absolute difference. One fused pass; `opts.columns` limits the outputs
 * returned and `opts.out` supplies arrays to write into.
 */
export function macd<K extends keyof MacdResult = keyof MacdResult>(
  x: ArrayLike<number>,
  fast = 12,
  slow = 26,
  sig = 9,
  opts: MacdOptions & { columns?: readonly K[] } = {},
): Pick<MacdResult, K> {
  checkPeriod(fast, "fast");
  checkPeriod(slow, "slow");
  checkPeriod(sig, "sig");
  const len = x.length;
  const s0 = firstValid(x);
  const cols = opts.columns;
  const o = opts.out ?? {};
  const res: Partial<MacdResult> = {};
  // Every column is computed (scratch for those not asked for): all three cost one pass, and
  // V8 slows down on per-column conditional stores inside the loop.
  const col = (c: keyof MacdResult, k: number) => {
    const a = prepOut(o[c], len, k);
    if (wants(cols, c)) res[c] = a;
    return a;
  };
  const m = col("macd", s0 + slow - 1);
  const s = col("signal", s0 + slow + sig - 2);
  const h = col("hist", s0 + slow + sig - 2);
  const pct = opts.percent === true;
  const af = 2 / (fast + 1);
  const bf = 1 - af;
  const as = 2 / (slow + 1);
  const bs = 1 - as;
  const ag = 2 / (sig + 1);
  const bg = 1 - ag;
  let sumF = 0;
  let sumS = 0;
  let sumG = 0;
  let eF = Number.NaN;
  let eS = Number.NaN;
  let eG = Number.NaN;
  // Warm-up: each EMA performs exactly the operations of `ema()`; from `steady` on all three
  // are seeded and the loops below are branch-free.
  const steady = Math.min(len, s0 + Math.max(fast, slow + sig - 1));
  for (let i = s0; i < steady; i++) {
    const v = x[i];
    const k = i - s0 + 1; // valid values seen
    if (k < fast) sumF += v;
    else if (k === fast) eF = (sumF + v) / fast;
    else eF = v * af + eF * bf;
    if (k < slow) {
      sumS += v;
      continue;
    }
    if (k === slow) eS = (sumS + v) / slow;
    else eS = v * as + eS * bs;
    const mv = pct ? 100 * (eF / eS - 1) : eF - eS;
    m[i] = mv;
    const km = k - slow + 1;
    if (km < sig) {
      sumG += mv;
      continue;
    }
    if (km === sig) eG = (sumG + mv) / sig;
    else eG = mv * ag + eG * bg;
    s[i] = eG;
    h[i] = mv - eG;
  }
  if (pct) {
    for (let i = steady; i < len; i++) {
      const v = x[i];
      eF = v * af + eF * bf;
      eS = v * as + eS * bs;
      const mv = 100 * (eF / eS - 1);
      eG = mv * ag + eG * bg;
      m[i] = mv;
      s[i] = eG;
      h[i] = mv - eG;
    }
  } else {
    for (let i = steady; i < len; i++) {
      const v = x[i];
      eF = v * af + eF * bf;
      eS = v * as + eS * bs;
      const mv = eF - eS;
      eG = mv * ag + eG * bg;
      m[i] = mv;
      s[i] = eG;
      h[i] = mv - eG;
    }
  }
  return res as Pick<MacdResult, K>;
}

/** Streaming {@link macd}; returns a reused `{ macd, signal, hist }` object. */
export class MacdStream {
  private readonly f: EmaStream;
  private readonly s: EmaStream;
  private readonly g: EmaStream;
  private readonly pct: boolean;
  readonly value = { macd: Number.NaN, signal: Number.NaN, hist: Number.NaN };
  constructor(fast = 12, slow = 26, sig = 9, opts: MacdOptions = {}) {
    this.f = new EmaStream(fast);
    this.s = new EmaStream(slow);
    this.g = new EmaStream(sig);
    this.pct = opts.percent === true;
  }
  update(x: number): { macd: number; signal: number; hist: number } {
    const f = this.f.update(x);
    const s = this.s.update(x);
    const m = this.pct ? 100 * (f / s - 1) : f - s;
    const g = this.g.update(m);
    this.value.macd = m;
    this.value.signal = g;
    this.value.hist = m - g;
    return this.value;
  }
}

/** Rate of change type: `discrete` x_t/x_{t−n} − 1, `continuous` ln x_t − ln x_{t−n}. */
export type RocType = "discrete" | "continuous";

/**
 * Rate of change over n bars. `discrete`: x_t/x_{t−n} − 1; `continuous` (TTR's default):
 * ln x_t − ln x_{t−n}. A fraction, not a percent. Warm-up n (after leading NaNs).
 */
export function roc(x: ArrayLike<number>, n = 1, type: RocType = "discrete"): Float64Array {
  checkPeriod(n);
  const len = x.length;
  const out = nanArray(len);
  const s0 = firstValid(x);
  if (type === "discrete") for (let i = s0 + n; i < len; i++) out[i] = x[i] / x[i - n] - 1;
  else for (let i = s0 + n; i < len; i++) out[i] = Math.log(x[i]) - Math.log(x[i - n]);
  return out;
}

/** Momentum: x_t − x_{t−n}. Warm-up n. `TTR::momentum`. */
export function momentum(x: ArrayLike<number>, n = 1): Float64Array {
  checkPeriod(n);
  const len = x.length;
  const out = nanArray(len);
  for (let i = firstValid(x) + n; i < len; i++) out[i] = x[i] - x[i - n];
  return out;
}

/** Ring of the last n+1 values: the building block of lagged streams (ROC, momentum). */
class Lagger {
  private readonly buf: Float64Array;
  private pos = 0;
  private count = 0;
  constructor(n: number) {
    this.buf = new Float64Array(n);
  }
  /** Pushes x and returns the value pushed n updates ago (NaN until there is one). */
  push(x: number): number {
    const old = this.count >= this.buf.length ? this.buf[this.pos] : Number.NaN;
    this.buf[this.pos] = x;
    this.pos = this.pos + 1 === this.buf.length ? 0 : this.pos + 1;
    this.count++;
    return old;
  }
}

/** Streaming {@link roc}. */
export class RocStream {
  private readonly lag: Lagger;
  private readonly cont: boolean;
  private started = false;
  value = Number.NaN;
  constructor(n = 1, type: RocType = "discrete") {
    checkPeriod(n);
    this.lag = new Lagger(n);
    this.cont = type === "continuous";
  }
  update(x: number): number {
    if (!this.started && Number.isNaN(x)) return Number.NaN;
    this.started = true;
    const old = this.lag.push(x);
    this.value = this.cont ? Math.log(x) - Math.log(old) : x / old - 1;
    return this.value;
  }
}

/** Streaming {@link momentum}. */
export class MomentumStream {
  private readonly lag: Lagger;
  private started = false;
  value = Number.NaN;
  constructor(n = 1) {
    checkPeriod(n);
    this.lag = new Lagger(n);
  }
  update(x: number): number {
    if (!this.started && Number.isNaN(x)) return Number.NaN;
    this.started = true;
    this.value = x - this.lag.push(x);
    return this.value;
  }
}

export interface KstOptions {
  /** SMA periods per ROC (default 10,10,10,15). */
  n?: readonly number[];
  /** ROC periods (default 10,15,20,30). */
  nROC?: readonly number[];
  /** Signal SMA period (default 9). */
  nSig?: number;
  /** Weights (default 1,2,3,4). */
  wts?: readonly number[];
}

/**
 * Know Sure Thing (Pring): kst = 100·Σ_i w_i·SMA_{n_i}(ROC_{r_i}), with continuous (log) ROC as
 * in TTR; signal = SMA_nSig(kst). Warm-up max(r_i + n_i − 1) for kst (44 by default), + nSig−1
 * for the signal. Matches `TTR::KST` to ~1e-13 (summation order).
 */
export function kst(
  x: ArrayLike<number>,
  opts: KstOptions = {},
): { kst: Float64Array; signal: Float64Array } {
  const n = opts.n ?? [10, 10, 10, 15];
  const r = opts.nROC ?? [10, 15, 20, 30];
  const w = opts.wts ?? [1, 2, 3, 4];
  const len = x.length;
  const out = new Float64Array(len);
  for (let j = 0; j < n.length; j++) {
    const part = sma(roc(x, r[j], "continuous"), n[j]);
    const wj = w[j];
    for (let i = 0; i < len; i++) out[i] += wj * part[i];
  }
  for (let i = 0; i < len; i++) out[i] = 100 * out[i];
  return { kst: out, signal: sma(out, opts.nSig ?? 9) };
}

/** Streaming {@link kst}; returns a reused `{ kst, signal }` object. */
export class KstStream {
  private readonly rocs: RocStream[];
  private readonly smas: SmaStream[];
  private readonly w: readonly number[];
  private readonly sig: SmaStream;
  readonly value = { kst: Number.NaN, signal: Number.NaN };
  constructor(opts: KstOptions = {}) {
    const n = opts.n ?? [10, 10, 10, 15];
    const r = opts.nROC ?? [10, 15, 20, 30];
    this.w = opts.wts ?? [1, 2, 3, 4];
    this.rocs = r.map((p) => new RocStream(p, "continuous"));
    this.smas = n.map((p) => new SmaStream(p));
    this.sig = new SmaStream(opts.nSig ?? 9);
  }
  update(x: number): { kst: number; signal: number } {
    let acc = 0;
    for (let j = 0; j < this.rocs.length; j++) acc += this.w[j] * this.smas[j].update(this.rocs[j].update(x));
    const k = 100 * acc;
    this.value.kst = k;
    this.value.signal = this.sig.update(k);
    return this.value;
  }
}

export interface StochResult {
  fastK: Float64Array;
  fastD: Float64Array;
  slowD: Float64Array;
}

/**
 * Stochastic oscillator, TTR convention: fastK = (C − min_{nK} L)/(max_{nK} H − min_{nK} L) as a
 * **fraction 0…1** (0/0 → 0.5); fastD = SMA_{nD}(fastK); slowD = SMA_{nSD}(fastD) (running sums
 * as TTR's runSum). Multiply by 100 for the usual %K. Warm-up nK−1, nK+nD−2, nK+nD+nSD−3.
 * One fused pass (block min/max, see {@link rollingMaxMin}); `opts.columns` limits the outputs
 * written and `opts.out` supplies arrays to write into.
 */
export function stoch<K extends keyof StochResult = keyof StochResult>(
  high: ArrayLike<number>,
  low: ArrayLike<number>,
  close: ArrayLike<number>,
  nK = 14,
  nD = 3,
  nSD = 3,
  opts: ColumnOptions<StochResult, K> = {},
): Pick<StochResult, K> {
  checkPeriod(nK, "nK");
  checkPeriod(nD, "nD");
  checkPeriod(nSD, "nSD");
  const len = close.length;
  const cols = opts.columns;
  const o = opts.out ?? {};
  const res: Partial<StochResult> = {};
  const k1 = nK - 1; // first fastK
  const d1 = k1 + nD - 1; // first fastD
  const s1 = d1 + nSD - 1; // first slowD
  // One pass, no scratch arrays (like TA-Lib, which parks its fastK in an output): max H is
  // parked in fastK's array, or in slowD's when fastK is not asked for, min L in fastD's; each is
  // read before its slot is overwritten. The last nD fastK values live in a ring for the runSum.
  const col = (c: keyof StochResult, k: number) => {
    const a = prepOut(o[c], len, k);
    if (wants(cols, c)) res[c] = a;
    return a;
  };
  const fd = col("fastD", d1);
  const sd = col("slowD", s1);
  const hh = wants(cols, "fastK") ? col("fastK", k1) : sd;
  if (len <= k1) return res as Pick<StochResult, K>;
  rollingMaxMin(high, low, nK, hh, fd);
  const rk = new Float64Array(nD);
  let pk = 0;
  // fastK and the first sums, as TTR's runSum: plain accumulation ...
  let sk = 0;
  let sdd = 0;
  const e1 = d1 < len ? d1 : len;
  for (let i = k1; i < e1; i++) {
    const v = stochK(close[i], fd[i], hh[i]);
    hh[i] = v;
    rk[pk] = v;
    pk = pk + 1 === nD ? 0 : pk + 1;
    sk += v;
  }
  fd.fill(Number.NaN, k1, e1);
  if (d1 < len) {
    const v = stochK(close[d1], fd[d1], hh[d1]);
    hh[d1] = v;
    rk[pk] = v;
    pk = pk + 1 === nD ? 0 : pk + 1;
    sk += v;
    const dv = sk / nD;
    fd[d1] = dv;
    sdd += dv;
  }
  // ... then s = s + x_new − x_old.
  const e2 = s1 < len ? s1 : len;
  for (let i = d1 + 1; i < e2; i++) {
    const v = stochK(close[i], fd[i], hh[i]);
    hh[i] = v;
    sk = sk + v - rk[pk];
    rk[pk] = v;
    pk = pk + 1 === nD ? 0 : pk + 1;
    const dv = sk / nD;
    fd[i] = dv;
    sdd += dv;
  }
  if (s1 < len) {
    const v = stochK(close[s1], fd[s1], hh[s1]);
    hh[s1] = v;
    sk = sk + v - rk[pk];
    rk[pk] = v;
    pk = pk + 1 === nD ? 0 : pk + 1;
    const dv = sk / nD;
    fd[s1] = dv;
    sdd += dv;
    sd[s1] = sdd / nSD;
  }
  for (let i = s1 + 1; i < len; i++) {
    const v = stochK(close[i], fd[i], hh[i]);
    hh[i] = v;
    sk = sk + v - rk[pk];
    rk[pk] = v;
    pk = pk + 1 === nD ? 0 : pk + 1;
    const dv = sk / nD;
    fd[i] = dv;
    sdd = sdd + dv - fd[i - nSD];
    sd[i] = sdd / nSD;
  }
  // slowD's warm-up held max H / fastK: back to NaN
  if (hh === sd) sd.fill(Number.NaN, k1, e2);
  return res as Pick<StochResult, K>;
}

/** fastK from close, window low and high: (C − L)/(H − L), 0/0 (any NaN) → 0.5. */
function stochK(c: number, lo: number, hi: number): number {
  const v = (c - lo) / (hi - lo);
  return Number.isNaN(v) ? 0.5 : v;
}

/** Streaming {@link stoch}; returns a reused `{ fastK, fastD, slowD }` object. */
export class StochStream {
  private readonly hi: MonotonicWindow;
  private readonly lo: MonotonicWindow;
  private readonly d: SmaStream;
  private readonly sd: SmaStream;
  private readonly nK: number;
  readonly value = { fastK: Number.NaN, fastD: Number.NaN, slowD: Number.NaN };
  constructor(nK = 14, nD = 3, nSD = 3) {
    this.nK = nK;
    this.hi = new MonotonicWindow(nK, "max");
    this.lo = new MonotonicWindow(nK, "min");
    this.d = new SmaStream(nD);
    this.sd = new SmaStream(nSD);
  }
  update(bar: Bar): { fastK: number; fastD: number; slowD: number } {
    const h = this.hi.push(bar.high);
    const l = this.lo.push(bar.low);
    let k = Number.NaN;
    if (this.hi.pushed >= this.nK) {
      k = (bar.close - l) / (h - l);
      if (Number.isNaN(k)) k = 0.5;
    }
    const d = this.d.update(k);
    this.value.fastK = k;
    this.value.fastD = d;
    this.value.slowD = this.sd.update(d);
    return this.value;
  }
}

/**
 * Williams %R, TTR convention: (max_n H − C)/(max_n H − min_n L), a **positive fraction 0…1**
 * (1 = close at the low; 0/0 → 0.5). The usual %R is −100 times this. Warm-up n−1.
 */
export function wpr(
  high: ArrayLike<number>,
  low: ArrayLike<number>,
  close: ArrayLike<number>,
  n = 14,
): Float64Array {
  checkPeriod(n);
  const len = close.length;
  const hh = rollingExtreme(high, n, "max", new Float64Array(len));
  const ll = rollingExtreme(low, n, "min", new Float64Array(len));
  for (let i = n - 1; i < len; i++) {
    const h = hh[i];
    const v = (h - close[i]) / (h - ll[i]);
    hh[i] = Number.isNaN(v) ? 0.5 : v;
  }
  return hh;
}

/** Streaming {@link wpr}. */
export class WprStream {
  private readonly hi: MonotonicWindow;
  private readonly lo: MonotonicWindow;
  private readonly n: number;
  value = Number.NaN;
  constructor(n = 14) {
    this.n = n;
    this.hi = new MonotonicWindow(n, "max");
    this.lo = new MonotonicWindow(n, "min");
  }
  update(bar: Bar): number {
    const h = this.hi.push(bar.high);
    const l = this.lo.push(bar.low);
    if (this.hi.pushed < this.n) return Number.NaN;
    const v = (h - bar.close) / (h - l);
    this.value = Number.isNaN(v) ? 0.5 : v;
    return this.value;
  }
}

/**
 * Commodity channel index: TP = (H+L+C)/3 (correctly rounded); CCI = (TP − SMA_n(TP))/(c·MD)
 * with MD = mean_k |TP_{t−k} − SMA_n(TP)_t| (deviations from the current mean; O(n) per bar,
 * which is inherent). c = 0.015. Warm-up n−1. Matches `TTR::CCI` to ~1e-12.
 */
export function cci(
  high: ArrayLike<number>,
  low: ArrayLike<number>,
  close: ArrayLike<number>,
  n = 20,
  c = 0.015,
): Float64Array {
  checkPeriod(n);
  const len = close.length;
  const tp = new Float64Array(len);
  for (let i = 0; i < len; i++) tp[i] = mean3(high[i], low[i], close[i]);
  const m = sma(tp, n);
  const out = nanArray(len);
  for (let i = n - 1; i < len; i++) {
    const mu = m[i];
    let md = 0;
    for (let j = i - n + 1; j <= i; j++) md += Math.abs(tp[j] - mu);
    out[i] = (tp[i] - mu) / (c * (md / n));
  }
  return out;
}

/** Streaming {@link cci} (O(n) per bar: the mean deviation needs the whole window). */
export class CciStream {
  private readonly n: number;
  private readonly c: number;
  private readonly buf: Float64Array;
  private readonly mean: SmaStream;
  private pos = 0;
  private count = 0;
  value = Number.NaN;
  constructor(n = 20, c = 0.015) {
    this.n = n;
    this.c = c;
    this.buf = new Float64Array(n);
    this.mean = new SmaStream(n);
  }
  update(bar: Bar): number {
    const tp = mean3(bar.high, bar.low, bar.close);
    const n = this.n;
    this.buf[this.pos] = tp;
    this.pos = this.pos + 1 === n ? 0 : this.pos + 1;
    this.count++;
    const mu = this.mean.update(tp);
    if (this.count < n) return Number.NaN;
    let md = 0;
    for (let k = 0, j = this.pos; k < n; k++) {
      md += Math.abs(this.buf[j] - mu);
      j = j + 1 === n ? 0 : j + 1;
    }
    this.value = (tp - mu) / (this.c * (md / n));
    return this.value;
  }
}

/**
 * Ultimate oscillator (Williams): BP = C − min(L, C_{t−1}), TR = max(H, C_{t−1}) − min(L, C_{t−1})
 * from t = 1; UO = 100·Σ_i w_i·(ΣBP/ΣTR over n_i)/Σw. Defaults n = (7,14,28), w = (4,2,1).
 * Warm-up max(n). Matches `TTR::ultimateOscillator` (rolling sums as TTR's runSum).
 */
export function ultimateOscillator(
  high: ArrayLike<number>,
  low: ArrayLike<number>,
  close: ArrayLike<number>,
  n: readonly [number, number, number] = [7, 14, 28],
  wts: readonly [number, number, number] = [4, 2, 1],
): Float64Array {
  const len = close.length;
  const bp = nanArray(len);
  const tr = nanArray(len);
  for (let i = 1; i < len; i++) {
    const pc = close[i - 1];
    const tl = low[i] < pc ? low[i] : pc;
    const th = high[i] > pc ? high[i] : pc;
    bp[i] = close[i] - tl;
    tr[i] = th - tl;
  }
  const b1 = runSum(bp, n[0]);
  const t1 = runSum(tr, n[0]);
  const b2 = runSum(bp, n[1]);
  const t2 = runSum(tr, n[1]);
  const b3 = runSum(bp, n[2]);
  const t3 = runSum(tr, n[2]);
  const sw = wts[0] + wts[1] + wts[2];
  const out = b1;
  for (let i = 0; i < len; i++) {
    out[i] = (100 * (wts[0] * (b1[i] / t1[i]) + wts[1] * (b2[i] / t2[i]) + wts[2] * (b3[i] / t3[i]))) / sw;
  }
  return out;
}

/** Streaming {@link ultimateOscillator}. */
export class UltimateOscillatorStream {
  private readonly sb: RollingSum[];
  private readonly st: RollingSum[];
  private readonly w: readonly number[];
  private readonly sw: number;
  private prevClose = Number.NaN;
  value = Number.NaN;
  constructor(
    n: readonly [number, number, number] = [7, 14, 28],
    wts: readonly [number, number, number] = [4, 2, 1],
  ) {
    this.sb = n.map((p) => new RollingSum(p));
    this.st = n.map((p) => new RollingSum(p));
    this.w = wts;
    this.sw = wts[0] + wts[1] + wts[2];
  }
  update(bar: Bar): number {
    const pc = this.prevClose;
    this.prevClose = bar.close;
    if (Number.isNaN(pc)) return Number.NaN;
    const tl = bar.low < pc ? bar.low : pc;
    const th = bar.high > pc ? bar.high : pc;
    const bp = bar.close - tl;
    const tr = th - tl;
    const r0 = this.sb[0].push(bp) / this.st[0].push(tr);
    const r1 = this.sb[1].push(bp) / this.st[1].push(tr);
    const r2 = this.sb[2].push(bp) / this.st[2].push(tr);
    this.value = (100 * (this.w[0] * r0 + this.w[1] * r1 + this.w[2] * r2)) / this.sw;
    return this.value;
  }
}

export interface AroonResult {
  up: Float64Array;
  dn: Float64Array;
  oscillator: Float64Array;
}

/**
 * Aroon: up = 100·(n − k_H)/n with k_H the bars since the highest high in the last n+1 bars
 * (ties: the most recent); dn likewise on the lows; oscillator = up − dn. The first output, at
 * t = n−1, uses the n bars available (TTR). Warm-up n−1.
 */
export function aroon(high: ArrayLike<number>, low: ArrayLike<number>, n = 20): AroonResult {
  checkPeriod(n);
  const len = high.length;
  const up = nanArray(len);
  const dn = nanArray(len);
  const osc = nanArray(len);
  const hw = new MonotonicWindow(n + 1, "max");
  const lw = new MonotonicWindow(n + 1, "min");
  for (let i = 0; i < len; i++) {
    hw.push(high[i]);
    lw.push(low[i]);
    if (i < n - 1) continue;
    const u = (100 * (n - hw.age)) / n;
    const d = (100 * (n - lw.age)) / n;
    up[i] = u;
    dn[i] = d;
    osc[i] = u - d;
  }
  return { up, dn, oscillator: osc };
}

/** Streaming {@link aroon}; returns a reused `{ up, dn, oscillator }` object. */
export class AroonStream {
  private readonly n: number;
  private readonly hw: MonotonicWindow;
  private readonly lw: MonotonicWindow;
  readonly value = { up: Number.NaN, dn: Number.NaN, oscillator: Number.NaN };
  constructor(n = 20) {
    this.n = n;
    this.hw = new MonotonicWindow(n + 1, "max");
    this.lw = new MonotonicWindow(n + 1, "min");
  }
  update(bar: Bar): { up: number; dn: number; oscillator: number } {
    this.hw.push(bar.high);
    this.lw.push(bar.low);
    if (this.hw.pushed < this.n) return this.value;
    const n = this.n;
    const u = (100 * (n - this.hw.age)) / n;
    const d = (100 * (n - this.lw.age)) / n;
    this.value.up = u;
    this.value.dn = d;
    this.value.oscillator = u - d;
    return this.value;
  }
}

/**
 * Money flow index: TP = (H+L+C)/3 **correctly rounded** (R's mean(); plain double arithmetic
 * flips some TP_t vs TP_{t−1} comparisons); mf = TP·V; positive flow where TP_t > TP_{t−1},
 * negative where <, from t = 1; MFI = 100 − 100/(1 + Σ_n pos/Σ_n neg); Σneg = 0 → 100, both
 * 0 → 50. Warm-up n. Rolling sums as TTR's runSum. Matches `TTR::MFI`.
 */
export function mfi(
  high: ArrayLike<number>,
  low: ArrayLike<number>,
  close: ArrayLike<number>,
  volume: ArrayLike<number>,
  n = 14,
): Float64Array {
  checkPeriod(n);
  const len = close.length;
  const pos = nanArray(len);
  const neg = nanArray(len);
  let prev = len > 0 ? mean3(high[0], low[0], close[0]) : 0;
  for (let i = 1; i < len; i++) {
    const tp = mean3(high[i], low[i], close[i]);
    const mf = tp * volume[i];
    pos[i] = tp > prev ? mf : 0;
    neg[i] = tp < prev ? mf : 0;
    prev = tp;
  }
  const sp = runSum(pos, n);
  const sn = runSum(neg, n);
  const out = sp;
  for (let i = 0; i < len; i++) out[i] = mfiValue(sp[i], sn[i]);
  return out;
}

function mfiValue(p: number, q: number): number {
  if (q === 0) return p === 0 ? 50 : 100;
  return 100 - 100 / (1 + p / q);
}

/** Streaming {@link mfi}. */
export class MfiStream {
  private readonly sp: RollingSum;
  private readonly sn: RollingSum;
  private prev = Number.NaN;
  value = Number.NaN;
  constructor(n = 14) {
    this.sp = new RollingSum(n);
    this.sn = new RollingSum(n);
  }
  update(bar: Bar): number {
    const tp = mean3(bar.high, bar.low, bar.close);
    const prev = this.prev;
    this.prev = tp;
    if (Number.isNaN(prev)) return Number.NaN;
    const mf = tp * (bar.volume ?? 0);
    const p = this.sp.push(tp > prev ? mf : 0);
    const q = this.sn.push(tp < prev ? mf : 0);
    this.value = mfiValue(p, q);
    return this.value;
  }
}

/**
 * Chaikin money flow: CLV = ((C−L) − (H−C))/(H−L) (0 when H = L); CMF = Σ_n(CLV·V)/Σ_n V.
 * Warm-up n−1. Rolling sums as TTR's runSum (agrees with `TTR::CMF` to ~1e-12).
 */
export function cmf(
  high: ArrayLike<number>,
  low: ArrayLike<number>,
  close: ArrayLike<number>,
  volume: ArrayLike<number>,
  n = 20,
): Float64Array {
  checkPeriod(n);
  const len = close.length;
  const mfv = new Float64Array(len);
  for (let i = 0; i < len; i++) mfv[i] = clv(high[i], low[i], close[i]) * volume[i];
  const a = runSum(mfv, n);
  const b = runSum(volume, n);
  for (let i = 0; i < len; i++) a[i] = a[i] / b[i];
  return a;
}

function clv(h: number, l: number, c: number): number {
  const v = (c - l - (h - c)) / (h - l);
  return Number.isFinite(v) ? v : 0;
}

/** Streaming {@link cmf}. */
export class CmfStream {
  private readonly a: RollingSum;
  private readonly b: RollingSum;
  value = Number.NaN;
  constructor(n = 20) {
    this.a = new RollingSum(n);
    this.b = new RollingSum(n);
  }
  update(bar: Bar): number {
    const v = bar.volume ?? 0;
    const x = this.a.push(clv(bar.high, bar.low, bar.close) * v);
    this.value = x / this.b.push(v);
    return this.value;
  }
}

// TTR zeroes OBV steps where |ln(C_t/C_{t−1})| < √ε.
const SQRT_EPS = Math.sqrt(Number.EPSILON);

/**
 * On-balance volume: obv_0 = V_0; obv_t = obv_{t−1} ± V_t by the sign of ln C_t − ln C_{t−1},
 * adding 0 when |ln C_t − ln C_{t−1}| < √ε ≈ 1.49e-8 (TTR). No warm-up. The logarithm is only
 * evaluated when the relative change is near that threshold. `opts.out` receives the result.
 */
export function obv(
  close: ArrayLike<number>,
  volume: ArrayLike<number>,
  opts: OutOptions = {},
): Float64Array {
  const len = close.length;
  const out = prepOut(opts.out, len, 0);
  if (len === 0) return out;
  let acc = volume[0];
  out[0] = acc;
  let p = close[0];
  for (let i = 1; i < len; i++) {
    // obvStep inlined by hand (same operations)
    const c = close[i];
    const v = volume[i];
    const d = c - p;
    const t = (c > p) as unknown as number;
    if (Math.abs(d) > 2e-8 * (c * t + p * (1 - t))) acc += v * (((d > 0) as unknown as number) * 2 - 1);
    else acc += obvNear(c, p, v);
    out[i] = acc;
    p = c;
  }
  return out;
}

function obvStep(c: number, p: number, v: number): number {
  const d = c - p;
  // |ln(c/p)| ≥ |d|/max(c,p); far from the threshold the sign of d decides. Booleans as 0/1
  // instead of ternaries: V8 branches on those, and up/down is a coin flip (mispredicts cost
  // ~4× the rest of the loop). The max only feeds the threshold test.
  const t = (c > p) as unknown as number;
  if (Math.abs(d) > 2e-8 * (c * t + p * (1 - t))) return v * (((d > 0) as unknown as number) * 2 - 1);
  return obvNear(c, p, v);
}

// Near the threshold: TTR's exact test on the log change.
function obvNear(c: number, p: number, v: number): number {
  const r = Math.log(c) - Math.log(p);
  if (Math.abs(r) < SQRT_EPS) return 0;
  return r > 0 ? v : -v;
}

/** Streaming {@link obv}. */
export class ObvStream {
  private prev = Number.NaN;
  private started = false;
  value = Number.NaN;
  update(bar: { close: number; volume?: number }): number {
    const v = bar.volume ?? 0;
    // The first bar starts the sum (as the batch's obv_0 = V_0, whatever its close).
    if (!this.started) {
      this.started = true;
      this.value = v;
    } else this.value += obvStep(bar.close, this.prev, v);
    this.prev = bar.close;
    return this.value;
  }
}
