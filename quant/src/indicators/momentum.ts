// biome-ignore-all lint/complexity/useMathMinMax: explicit ternaries mirror the reference (pmin/pmax) and keep batch and stream identical
// Momentum of a single series: RSI, MACD, rate of change, momentum, KST. Conventions follow R TTR
// 0.24.3 (see ORACLES.md §1); every batch function has a bit-identical streaming twin. The
// bar-based oscillators (stochastic, Williams %R, CCI, ...) are in range-oscillators.ts, the
// volume-weighted ones (MFI, CMF, OBV) in volume.ts.
//
// NaN policy: leading NaNs are skipped (warm-up counts from the first valid value). A NaN after
// the start propagates into every later output of sum- or recursion-based indicators.

import {
  type ColumnOptions,
  checkPeriod,
  firstValid,
  nanArray,
  type OutOptions,
  prepOut,
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
