// biome-ignore-all lint/complexity/useMathMinMax: explicit ternaries mirror the reference (pmin/pmax) and keep batch and stream identical
// Trend overlays: parabolic SAR, Ichimoku, VWAP. Bar inputs are expected finite from index 0.

import { type Bar, MonotonicWindow, mean3, nanArray, RollingSum, rollingExtreme } from "./core.ts";

export interface SarOptions {
  /** [step, maximum] acceleration factor (default [0.02, 0.2]). */
  accel?: readonly [number, number];
  /**
   * Distance below L_0 of the first (long) SAR. Default for the batch function: the sample SD of
   * H − L over the whole input, as TTR (which makes every value depend on the whole history);
   * the streaming form cannot see the future, so it takes this value (default 0).
   */
  initialGap?: number;
  /** `"ttr"` reproduces TTR 0.24.3's acceleration-factor defect (see {@link sar}). */
  compat?: "ttr";
}

/** Sample SD of H − L (R's `sd`), with a compensated two-pass mean. */
export function sarInitialGap(high: ArrayLike<number>, low: ArrayLike<number>): number {
  const len = high.length;
  if (len < 2) return 0;
  let s = 0;
  for (let i = 0; i < len; i++) s += high[i] - low[i];
  let m = s / len;
  let c = 0;
  for (let i = 0; i < len; i++) c += high[i] - low[i] - m;
  m += c / len;
  let q = 0;
  for (let i = 0; i < len; i++) {
    const d = high[i] - low[i] - m;
    q += d * d;
  }
  return Math.sqrt(q / (len - 1));
}

/**
 * Parabolic stop-and-reverse (Wilder), TTR's formulation. Starts long: sar_0 = L_0 − gap,
 * EP = H_0, af = step. Each bar: reversal if (long) L_t ≤ sar_{t−1} or (short) H_t ≥ sar_{t−1};
 * EP = max(EP, H_{t−1}, H_t) long / min(EP, L_{t−1}, L_t) short. Without reversal
 * sar_t = sar_{t−1} + af·(EP_{t−1} − sar_{t−1}), clamped to ≤ min(L_{t−1}, L_t) long
 * (≥ max(H_{t−1}, H_t) short), and af += step when EP made a new extreme, capped at the maximum;
 * on reversal sar_t = EP_t and af = step. No warm-up.
 *
 * Reference defect: TTR 0.24.3 caps af only when it *equals* the maximum exactly; 0.02 added ten
 * times is 0.19999999999999998, so its af keeps growing (0.40 on AAPL). By default the cap is
 * applied properly (af = min(af + step, max)); results agree with TTR until af first exceeds the
 * maximum. `compat: "ttr"` reproduces TTR exactly.
 */
export function sar(high: ArrayLike<number>, low: ArrayLike<number>, opts: SarOptions = {}): Float64Array {
  const len = high.length;
  const out = nanArray(len);
  if (len === 0) return out;
  const step = opts.accel?.[0] ?? 0.02;
  const max = opts.accel?.[1] ?? 0.2;
  const ttr = opts.compat === "ttr";
  const gap = opts.initialGap ?? sarInitialGap(high, low);
  let sig = 1;
  let xpt = high[0];
  let af = step;
  let s = low[0] - gap;
  out[0] = s;
  for (let i = 1; i < len; i++) {
    const sig1 = sig;
    const xpt1 = xpt;
    const af1 = af;
    const h = high[i];
    const l = low[i];
    const hp = high[i - 1];
    const lp = low[i - 1];
    const lmin = lp > l ? l : lp;
    const lmax = hp > h ? hp : h;
    if (sig1 === 1) {
      sig = l > s ? 1 : -1;
      xpt = lmax > xpt1 ? lmax : xpt1;
    } else {
      sig = h < s ? -1 : 1;
      xpt = lmin > xpt1 ? xpt1 : lmin;
    }
    if (sig === sig1) {
      let ns = s + (xpt1 - s) * af1;
      const grew = sig === 1 ? xpt > xpt1 : xpt < xpt1;
      if (ttr) af = af1 === max ? max : grew ? af1 + step : af1;
      else if (grew) {
        const a = af1 + step;
        af = a > max ? max : a;
      }
      if (sig === 1) ns = ns > lmin ? lmin : ns;
      else ns = ns < lmax ? lmax : ns;
      s = ns;
    } else {
      af = step;
      s = xpt;
    }
    out[i] = s;
  }
  return out;
}

/** Streaming {@link sar}. The initial gap is an option (default 0): it cannot depend on future bars. */
export class SarStream {
  private readonly step: number;
  private readonly max: number;
  private readonly ttr: boolean;
  private readonly gap: number;
  private count = 0;
  private sig = 1;
  private xpt = Number.NaN;
  private af: number;
  private hp = Number.NaN;
  private lp = Number.NaN;
  value = Number.NaN;
  constructor(opts: SarOptions = {}) {
    this.step = opts.accel?.[0] ?? 0.02;
    this.max = opts.accel?.[1] ?? 0.2;
    this.ttr = opts.compat === "ttr";
    this.gap = opts.initialGap ?? 0;
    this.af = this.step;
  }
  update(bar: Bar): number {
    const h = bar.high;
    const l = bar.low;
    const hp = this.hp;
    const lp = this.lp;
    this.hp = h;
    this.lp = l;
    if (this.count++ === 0) {
      this.xpt = h;
      this.value = l - this.gap;
      return this.value;
    }
    const s = this.value;
    const sig1 = this.sig;
    const xpt1 = this.xpt;
    const af1 = this.af;
    const lmin = lp > l ? l : lp;
    const lmax = hp > h ? hp : h;
    let sig: number;
    let xpt: number;
    if (sig1 === 1) {
      sig = l > s ? 1 : -1;
      xpt = lmax > xpt1 ? lmax : xpt1;
    } else {
      sig = h < s ? -1 : 1;
      xpt = lmin > xpt1 ? xpt1 : lmin;
    }
    let out: number;
    if (sig === sig1) {
      let ns = s + (xpt1 - s) * af1;
      const grew = sig === 1 ? xpt > xpt1 : xpt < xpt1;
      if (this.ttr) this.af = af1 === this.max ? this.max : grew ? af1 + this.step : af1;
      else if (grew) {
        const a = af1 + this.step;
        this.af = a > this.max ? this.max : a;
      }
      if (sig === 1) ns = ns > lmin ? lmin : ns;
      else ns = ns < lmax ? lmax : ns;
      out = ns;
    } else {
      this.af = this.step;
      out = xpt;
    }
    this.sig = sig;
    this.xpt = xpt;
    this.value = out;
    return out;
  }
}

export interface IchimokuOptions {
  /** Conversion line period (default 9). */
  tenkan?: number;
  /** Base line period (default 26). */
  kijun?: number;
  /** Leading span B period (default 52). */
  senkouB?: number;
  /** Forward/backward displacement (default 26). */
  displacement?: number;
}

export interface IchimokuResult {
  tenkan: Float64Array;
  kijun: Float64Array;
  /** Leading span A as plotted at t: (tenkan + kijun)/2 from bar t − displacement. */
  senkouA: Float64Array;
  /** Leading span B as plotted at t: midpoint of the senkouB-bar range from bar t − displacement. */
  senkouB: Float64Array;
  /** Lagging span as plotted at t: close_{t+displacement} (NaN for the last `displacement` bars). */
  chikou: Float64Array;
}

/**
 * Ichimoku kinkō hyō (Hosoda): tenkan = (max_9 H + min_9 L)/2, kijun = (max_26 H + min_26 L)/2,
 * senkou A = (tenkan + kijun)/2 and senkou B = (max_52 H + min_52 L)/2, both shifted forward by
 * 26; chikou = close shifted back by 26. All outputs are aligned to the input's length (values
 * shifted beyond the last bar are dropped). Warm-ups 8, 25, 51, 77; chikou is NaN at the end.
 */
export function ichimoku(
  high: ArrayLike<number>,
  low: ArrayLike<number>,
  close: ArrayLike<number>,
  opts: IchimokuOptions = {},
): IchimokuResult {
  const nT = opts.tenkan ?? 9;
  const nK = opts.kijun ?? 26;
  const nB = opts.senkouB ?? 52;
  const d = opts.displacement ?? 26;
  const len = close.length;
  const mid = (n: number) => {
    const hh = rollingExtreme(high, n, "max", new Float64Array(len));
    const ll = rollingExtreme(low, n, "min", new Float64Array(len));
    for (let i = 0; i < len; i++) hh[i] = (hh[i] + ll[i]) / 2;
    return hh;
  };
  const tenkan = mid(nT);
  const kijun = mid(nK);
  const b = mid(nB);
  const senkouA = nanArray(len);
  const senkouB = nanArray(len);
  const chikou = nanArray(len);
  for (let i = d; i < len; i++) {
    senkouA[i] = (tenkan[i - d] + kijun[i - d]) / 2;
    senkouB[i] = b[i - d];
  }
  for (let i = 0; i + d < len; i++) chikou[i] = close[i + d];
  return { tenkan, kijun, senkouA, senkouB, chikou };
}

/**
 * Streaming {@link ichimoku}: tenkan, kijun, senkouA and senkouB as plotted at the current bar.
 * The lagging span needs future closes, so the stream has none (plot each close d bars back).
 */
export class IchimokuStream {
  private readonly hT: MonotonicWindow;
  private readonly lT: MonotonicWindow;
  private readonly hK: MonotonicWindow;
  private readonly lK: MonotonicWindow;
  private readonly hB: MonotonicWindow;
  private readonly lB: MonotonicWindow;
  private readonly d: number;
  private readonly ringA: Float64Array;
  private readonly ringB: Float64Array;
  private pos = 0;
  private count = 0;
  readonly value = { tenkan: Number.NaN, kijun: Number.NaN, senkouA: Number.NaN, senkouB: Number.NaN };
  constructor(opts: IchimokuOptions = {}) {
    this.hT = new MonotonicWindow(opts.tenkan ?? 9, "max");
    this.lT = new MonotonicWindow(opts.tenkan ?? 9, "min");
    this.hK = new MonotonicWindow(opts.kijun ?? 26, "max");
    this.lK = new MonotonicWindow(opts.kijun ?? 26, "min");
    this.hB = new MonotonicWindow(opts.senkouB ?? 52, "max");
    this.lB = new MonotonicWindow(opts.senkouB ?? 52, "min");
    this.d = opts.displacement ?? 26;
    this.ringA = new Float64Array(this.d).fill(Number.NaN);
    this.ringB = new Float64Array(this.d).fill(Number.NaN);
  }
  update(bar: Bar): { tenkan: number; kijun: number; senkouA: number; senkouB: number } {
    const c = ++this.count;
    const t0 = (this.hT.push(bar.high) + this.lT.push(bar.low)) / 2;
    const k0 = (this.hK.push(bar.high) + this.lK.push(bar.low)) / 2;
    const b0 = (this.hB.push(bar.high) + this.lB.push(bar.low)) / 2;
    const t = c >= this.hT.n ? t0 : Number.NaN;
    const k = c >= this.hK.n ? k0 : Number.NaN;
    const b = c >= this.hB.n ? b0 : Number.NaN;
    this.value.tenkan = t;
    this.value.kijun = k;
    // ring[pos] holds the values from d bars ago
    const p = this.pos;
    this.value.senkouA = this.ringA[p];
    this.value.senkouB = this.ringB[p];
    this.ringA[p] = (t + k) / 2;
    this.ringB[p] = b;
    this.pos = p + 1 === this.d ? 0 : p + 1;
    return this.value;
  }
}

/**
 * Volume-weighted average price of the typical price TP = (H+L+C)/3 (correctly rounded):
 * Σ TP·V / Σ V, cumulative from the first bar (anchored VWAP), or over the last n bars when
 * `n` is given (rolling sums as TTR's runSum; warm-up n−1). No session resets: slice the input
 * per session for intraday VWAP.
 */
export function vwap(
  high: ArrayLike<number>,
  low: ArrayLike<number>,
  close: ArrayLike<number>,
  volume: ArrayLike<number>,
  n?: number,
): Float64Array {
  const len = close.length;
  const out = nanArray(len);
  if (n === undefined) {
    let pv = 0;
    let vv = 0;
    for (let i = 0; i < len; i++) {
      const v = volume[i];
      pv += mean3(high[i], low[i], close[i]) * v;
      vv += v;
      out[i] = pv / vv;
    }
    return out;
  }
  const a = new RollingSum(n);
  const b = new RollingSum(n);
  for (let i = 0; i < len; i++) {
    const v = volume[i];
    const s = a.push(mean3(high[i], low[i], close[i]) * v);
    out[i] = s / b.push(v);
  }
  return out;
}

/** Streaming {@link vwap} (anchored when n is omitted, rolling otherwise). */
export class VwapStream {
  private readonly a: RollingSum | undefined;
  private readonly b: RollingSum | undefined;
  private pv = 0;
  private vv = 0;
  value = Number.NaN;
  constructor(n?: number) {
    if (n !== undefined) {
      this.a = new RollingSum(n);
      this.b = new RollingSum(n);
    }
  }
  update(bar: Bar): number {
    const v = bar.volume ?? 0;
    const x = mean3(bar.high, bar.low, bar.close) * v;
    if (this.a && this.b) {
      const s = this.a.push(x);
      this.value = s / this.b.push(v);
    } else {
      this.pv += x;
      this.vv += v;
      this.value = this.pv / this.vv;
    }
    return this.value;
  }
}
