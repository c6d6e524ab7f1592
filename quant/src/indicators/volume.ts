// Volume-based indicators: money flow index, Chaikin money flow, on-balance volume. Conventions
// follow R TTR 0.24.3 (see ORACLES.md §1); every batch function has a bit-identical streaming twin.
//
// NaN policy: bars (H/L/C/V) are expected finite from index 0. A NaN after the start propagates
// into every later output of sum-based indicators.

import {
  type Bar,
  checkPeriod,
  mean3,
  nanArray,
  type OutOptions,
  prepOut,
  RollingSum,
  runSum,
} from "./core.ts";

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
