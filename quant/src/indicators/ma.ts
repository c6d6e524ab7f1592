// Moving averages: SMA, EMA (plain/Wilder), WMA, DEMA, ZLEMA, EVWMA, TRIX.
//
// NaN policy (all single-series functions here): leading NaNs are skipped — the warm-up counts
// from the first valid value, as TTR does. A NaN after the first valid value poisons running sums
// and recursions, so every later output is NaN; callers must fill gaps first.
//
// Every batch function has a streaming twin (`XxxStream`) performing the same floating-point
// operations in the same order, so the streamed outputs are bit-identical to the batch ones.

import { checkPeriod, firstValid, nanArray, type OutOptions, prepOut } from "./core.ts";

/**
 * Simple moving average: SMA_t = (x_{t−n+1} + … + x_t)/n.
 * Warm-up: n−1 values (after any leading NaNs). Running sum s_t = s_{t−1} + x_t − x_{t−n}
 * evaluated left to right, exactly as TTR's `runSum`, so results match `TTR::SMA` bit for bit.
 * `opts.out` receives the result in place (see {@link OutOptions}).
 */
export function sma(x: ArrayLike<number>, n: number, opts: OutOptions = {}): Float64Array {
  checkPeriod(n);
  const len = x.length;
  const s0 = firstValid(x);
  const out = prepOut(opts.out, len, s0 + n - 1);
  if (s0 + n > len) return out;
  let sum = 0;
  for (let i = s0; i < s0 + n; i++) sum += x[i];
  out[s0 + n - 1] = sum / n;
  for (let i = s0 + n; i < len; i++) {
    sum = sum + x[i] - x[i - n];
    out[i] = sum / n;
  }
  return out;
}

/** Streaming {@link sma}: O(1) per update, bit-identical to the batch output. */
export class SmaStream {
  readonly n: number;
  private readonly buf: Float64Array;
  private pos = 0;
  private count = 0;
  private sum = 0;
  value = Number.NaN;
  constructor(n: number) {
    checkPeriod(n);
    this.n = n;
    this.buf = new Float64Array(n);
  }
  update(x: number): number {
    if (this.count === 0 && Number.isNaN(x)) return Number.NaN;
    const n = this.n;
    const c = ++this.count;
    if (c <= n) {
      this.sum += x;
      this.buf[this.pos] = x;
      this.pos = this.pos + 1 === n ? 0 : this.pos + 1;
      if (c === n) this.value = this.sum / n;
      return this.value;
    }
    this.sum = this.sum + x - this.buf[this.pos];
    this.buf[this.pos] = x;
    this.pos = this.pos + 1 === n ? 0 : this.pos + 1;
    this.value = this.sum / n;
    return this.value;
  }
}

export interface EmaOptions extends OutOptions {
  /** Wilder's smoothing α = 1/n instead of 2/(n+1). */
  wilder?: boolean;
}

/**
 * Exponential moving average. α = 2/(n+1) (or 1/n with `wilder`). Seed: the SMA of the first n
 * valid values placed at the n-th; then e_t = α·x_t + (1−α)·e_{t−1} (computed as x·α + e·(1−α),
 * TTR's order). Warm-up: n−1 values after any leading NaNs. Matches `TTR::EMA` bit for bit.
 * `opts.out` receives the result in place.
 */
export function ema(x: ArrayLike<number>, n: number, opts: EmaOptions = {}): Float64Array {
  checkPeriod(n);
  const len = x.length;
  const s0 = firstValid(x);
  const out = prepOut(opts.out, len, s0 + n - 1);
  if (s0 + n > len) return out;
  const a = opts.wilder ? 1 / n : 2 / (n + 1);
  const b = 1 - a;
  let sum = 0;
  for (let i = s0; i < s0 + n; i++) sum += x[i];
  let e = sum / n;
  out[s0 + n - 1] = e;
  for (let i = s0 + n; i < len; i++) {
    e = x[i] * a + e * b;
    out[i] = e;
  }
  return out;
}

/** Streaming {@link ema}. */
export class EmaStream {
  readonly n: number;
  private readonly a: number;
  private readonly b: number;
  private count = 0;
  private sum = 0;
  value = Number.NaN;
  constructor(n: number, opts: EmaOptions = {}) {
    checkPeriod(n);
    this.n = n;
    this.a = opts.wilder ? 1 / n : 2 / (n + 1);
    this.b = 1 - this.a;
  }
  update(x: number): number {
    if (this.count === 0 && Number.isNaN(x)) return Number.NaN;
    const c = ++this.count;
    if (c < this.n) {
      this.sum += x;
      return Number.NaN;
    }
    if (c === this.n) {
      this.sum += x;
      this.value = this.sum / this.n;
      return this.value;
    }
    this.value = x * this.a + this.value * this.b;
    return this.value;
  }
}

/**
 * Linearly weighted moving average, weights 1…n with the newest weighted n:
 * WMA_t = Σ_{k=0}^{n−1} (n−k)·x_{t−k} / (n(n+1)/2). Warm-up n−1. Computed in O(1) per step with
 * the numerator update N_t = N_{t−1} + n·x_t − S_{t−1} (S = plain window sum); differs from
 * TTR's direct sum by ~1e-14 relative.
 */
export function wma(x: ArrayLike<number>, n: number): Float64Array {
  checkPeriod(n);
  const len = x.length;
  const out = nanArray(len);
  const s0 = firstValid(x);
  if (s0 + n > len) return out;
  const den = (n * (n + 1)) / 2;
  let sum = 0;
  let num = 0;
  for (let k = 0; k < n; k++) {
    const v = x[s0 + k];
    sum += v;
    num += (k + 1) * v;
  }
  out[s0 + n - 1] = num / den;
  for (let i = s0 + n; i < len; i++) {
    const v = x[i];
    num = num + n * v - sum;
    sum = sum + v - x[i - n];
    out[i] = num / den;
  }
  return out;
}

/** Streaming {@link wma}. */
export class WmaStream {
  readonly n: number;
  private readonly buf: Float64Array;
  private readonly den: number;
  private pos = 0;
  private count = 0;
  private sum = 0;
  private num = 0;
  value = Number.NaN;
  constructor(n: number) {
    checkPeriod(n);
    this.n = n;
    this.buf = new Float64Array(n);
    this.den = (n * (n + 1)) / 2;
  }
  update(x: number): number {
    if (this.count === 0 && Number.isNaN(x)) return Number.NaN;
    const n = this.n;
    const c = ++this.count;
    if (c <= n) {
      this.sum += x;
      this.num += c * x;
      this.buf[this.pos] = x;
      this.pos = this.pos + 1 === n ? 0 : this.pos + 1;
      if (c === n) this.value = this.num / this.den;
      return this.value;
    }
    this.num = this.num + n * x - this.sum;
    this.sum = this.sum + x - this.buf[this.pos];
    this.buf[this.pos] = x;
    this.pos = this.pos + 1 === n ? 0 : this.pos + 1;
    this.value = this.num / this.den;
    return this.value;
  }
}

/**
 * Double EMA: DEMA = 2·EMA(x) − EMA(EMA(x)); the inner EMA is SMA-seeded on the first n valid
 * EMA values. Warm-up 2(n−1). Matches `TTR::DEMA` (v = 1).
 */
export function dema(x: ArrayLike<number>, n: number): Float64Array {
  const e1 = ema(x, n);
  const e2 = ema(e1, n);
  const out = e2; // reuse: e2 is NaN wherever the result is
  for (let i = 0; i < out.length; i++) out[i] = 2 * e1[i] - e2[i];
  return out;
}

/** Streaming {@link dema}. */
export class DemaStream {
  private readonly e1: EmaStream;
  private readonly e2: EmaStream;
  value = Number.NaN;
  constructor(n: number) {
    this.e1 = new EmaStream(n);
    this.e2 = new EmaStream(n);
  }
  update(x: number): number {
    const a = this.e1.update(x);
    const b = this.e2.update(a);
    this.value = 2 * a - b;
    return this.value;
  }
}

/**
 * Zero-lag EMA (Ehlers): α = 2/(n+1), lag L = 1/α, w = frac(L); the de-lagged input is
 * 2x_t − ((1−w)·x_{⌊t−L⌋} + w·x_{⌊t−L⌋+1}); seed = SMA(n) at the n-th value, then
 * z_t = α·input + (1−α)·z_{t−1}. Warm-up n−1. TTR's `ZLEMA` convention.
 */
export function zlema(x: ArrayLike<number>, n: number): Float64Array {
  checkPeriod(n);
  const len = x.length;
  const out = nanArray(len);
  const s0 = firstValid(x);
  if (s0 + n > len) return out;
  const a = 2 / (n + 1);
  const b = 1 - a;
  const lag = 1 / a;
  const fl = Math.floor(lag);
  const w = lag - fl;
  const w1 = 1 - w;
  let sum = 0;
  for (let i = s0; i < s0 + n; i++) sum += x[i];
  let z = sum / n;
  out[s0 + n - 1] = z;
  // index of x_{⌊t−L⌋} is t − ⌈L⌉ when L is fractional, t − L when integral
  const back = w === 0 ? fl : fl + 1;
  for (let i = s0 + n; i < len; i++) {
    const lagged = w1 * x[i - back] + w * x[i - back + 1];
    z = a * (2 * x[i] - lagged) + b * z;
    out[i] = z;
  }
  return out;
}

/** Streaming {@link zlema}. */
export class ZlemaStream {
  readonly n: number;
  private readonly a: number;
  private readonly b: number;
  private readonly w: number;
  private readonly w1: number;
  private readonly back: number;
  private readonly buf: Float64Array;
  private readonly cap: number;
  private pos = 0;
  private count = 0;
  private sum = 0;
  value = Number.NaN;
  constructor(n: number) {
    checkPeriod(n);
    this.n = n;
    this.a = 2 / (n + 1);
    this.b = 1 - this.a;
    const lag = 1 / this.a;
    const fl = Math.floor(lag);
    this.w = lag - fl;
    this.w1 = 1 - this.w;
    this.back = this.w === 0 ? fl : fl + 1;
    this.cap = this.back + 1;
    this.buf = new Float64Array(this.cap);
  }
  update(x: number): number {
    if (this.count === 0 && Number.isNaN(x)) return Number.NaN;
    const c = ++this.count;
    this.buf[this.pos] = x;
    this.pos = this.pos + 1 === this.cap ? 0 : this.pos + 1;
    if (c < this.n) {
      this.sum += x;
      return Number.NaN;
    }
    if (c === this.n) {
      this.sum += x;
      this.value = this.sum / this.n;
      return this.value;
    }
    // The ring (capacity back+1) holds x_t … x_{t−back}.
    const lagged = this.w1 * this.at(this.back) + this.w * this.at(this.back - 1);
    this.value = this.a * (2 * x - lagged) + this.b * this.value;
    return this.value;
  }
  /** x_{t−k} for 0 ≤ k < cap (after the current value was written). */
  private at(k: number): number {
    let j = this.pos - 1 - k;
    if (j < 0) j += this.cap;
    return this.buf[j];
  }
}

/**
 * Elastic volume-weighted moving average (Fries): e_{n−1} = x_{n−1}; with VS_t the rolling
 * n-bar volume sum, e_t = ((VS_t − V_t)·e_{t−1} + V_t·x_t)/VS_t. Warm-up n−1. TTR's `EVWMA`.
 */
export function evwma(price: ArrayLike<number>, volume: ArrayLike<number>, n: number): Float64Array {
  checkPeriod(n);
  const len = price.length;
  const out = nanArray(len);
  if (n > len) return out;
  let vs = 0;
  for (let i = 0; i < n; i++) vs += volume[i];
  let e = price[n - 1];
  out[n - 1] = e;
  for (let i = n; i < len; i++) {
    const v = volume[i];
    vs = vs + v - volume[i - n];
    e = ((vs - v) * e + v * price[i]) / vs;
    out[i] = e;
  }
  return out;
}

/** Streaming {@link evwma}; `update(bar)` uses bar.close and bar.volume. */
export class EvwmaStream {
  readonly n: number;
  private readonly buf: Float64Array;
  private pos = 0;
  private count = 0;
  private vs = 0;
  value = Number.NaN;
  constructor(n: number) {
    checkPeriod(n);
    this.n = n;
    this.buf = new Float64Array(n);
  }
  update(bar: { close: number; volume?: number }): number {
    const v = bar.volume ?? 0;
    const n = this.n;
    const c = ++this.count;
    if (c <= n) {
      this.vs += v;
      this.buf[this.pos] = v;
      this.pos = this.pos + 1 === n ? 0 : this.pos + 1;
      if (c === n) this.value = bar.close;
      return this.value;
    }
    this.vs = this.vs + v - this.buf[this.pos];
    this.buf[this.pos] = v;
    this.pos = this.pos + 1 === n ? 0 : this.pos + 1;
    this.value = ((this.vs - v) * this.value + v * bar.close) / this.vs;
    return this.value;
  }
}

export interface TrixOptions {
  /** Signal period (default 9). */
  nSig?: number;
  /** `"ttr"` reproduces TTR 0.24.3, whose signal line uses `n` instead of `nSig`. */
  compat?: "ttr";
}

export interface TrixResult {
  trix: Float64Array;
  signal: Float64Array;
}

/**
 * TRIX: e3 = EMA_n(EMA_n(EMA_n(x))) (each SMA-seeded); TRIX_t = 100·(e3_t/e3_{t−1} − 1);
 * signal = EMA_{nSig}(TRIX). Warm-up: 3(n−1)+1 for TRIX, + nSig−1 for the signal.
 *
 * Reference defect: TTR 0.24.3 `TRIX(price, n, nSig)` computes the signal with period `n`,
 * ignoring `nSig`. The TRIX line agrees with TTR; the signal agrees only when nSig = n.
 * `compat: "ttr"` reproduces TTR's signal.
 */
export function trix(x: ArrayLike<number>, n = 20, opts: TrixOptions = {}): TrixResult {
  const nSig = opts.compat === "ttr" ? n : (opts.nSig ?? 9);
  const e3 = ema(ema(ema(x, n), n), n);
  const len = e3.length;
  const t = nanArray(len);
  for (let i = 1; i < len; i++) t[i] = 100 * (e3[i] / e3[i - 1] - 1);
  return { trix: t, signal: ema(t, nSig) };
}

/** Streaming {@link trix}; returns a reused `{ trix, signal }` object. */
export class TrixStream {
  private readonly e1: EmaStream;
  private readonly e2: EmaStream;
  private readonly e3: EmaStream;
  private readonly sig: EmaStream;
  private prev = Number.NaN;
  readonly value = { trix: Number.NaN, signal: Number.NaN };
  constructor(n = 20, opts: TrixOptions = {}) {
    this.e1 = new EmaStream(n);
    this.e2 = new EmaStream(n);
    this.e3 = new EmaStream(n);
    this.sig = new EmaStream(opts.compat === "ttr" ? n : (opts.nSig ?? 9));
  }
  update(x: number): { trix: number; signal: number } {
    const e = this.e3.update(this.e2.update(this.e1.update(x)));
    const t = 100 * (e / this.prev - 1);
    this.prev = e;
    this.value.trix = t;
    this.value.signal = this.sig.update(t);
    return this.value;
  }
}
