// biome-ignore-all lint/complexity/useMathMinMax: explicit ternaries mirror the reference (pmin/pmax) and keep batch and stream identical
// Bar-based oscillators: where the close sits in the recent high–low range, or how it moved
// against it: stochastic, Williams %R, CCI, ultimate oscillator, Aroon. Conventions follow R TTR
// 0.24.3 (see ORACLES.md §1); every batch function has a bit-identical streaming twin.
//
// NaN policy: bars (H/L/C) are expected finite from index 0. A NaN after the start propagates
// into every later output of sum-based indicators.

import {
  type Bar,
  type ColumnOptions,
  checkPeriod,
  MonotonicWindow,
  mean3,
  nanArray,
  prepOut,
  RollingSum,
  rollingExtreme,
  rollingMaxMin,
  runSum,
  wants,
} from "./core.ts";
import { SmaStream, sma } from "./ma.ts";

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
