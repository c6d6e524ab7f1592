// biome-ignore-all lint/complexity/useMathMinMax: explicit ternaries mirror the reference (pmin/pmax) and keep batch and stream identical
// The true-range family (Wilder): average true range and directional movement (ADX/DMI). TTR
// 0.24.3 conventions, bit for bit; bit-identical streaming twins. Keltner channels (channels.ts)
// build on the ATR here.
//
// NaN policy: bars (H/L/C) are expected finite from index 0; a later NaN propagates into the
// recursion-based outputs.

import { type Bar, type ColumnOptions, checkPeriod, prepOut, wants } from "./core.ts";
import { EmaStream } from "./ma.ts";

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
