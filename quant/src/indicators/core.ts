// biome-ignore-all lint/complexity/useMathMinMax: V8 compiles Math.max/min and float ternaries to branches either way; explicit ternaries keep NaN/±0 behaviour identical to the streaming forms
// Shared helpers for the indicator kernels. Everything here is allocation-free per element.

/** One OHLCV bar as the streaming indicators take it. Fields an indicator does not use may be omitted. */
export interface Bar {
  open?: number;
  high: number;
  low: number;
  close: number;
  volume?: number;
}

/**
 * A Float64Array of length `len` whose first `k` values are NaN (the rest 0, to be written by the
 * caller). Filling only the warm-up avoids a full extra pass over a fresh output.
 */
export function nanPrefix(len: number, k: number): Float64Array {
  const a = new Float64Array(len);
  a.fill(Number.NaN, 0, k < len ? k : len);
  return a;
}

/** Options of single-output batch functions. */
export interface OutOptions {
  /**
   * Caller-supplied output (same length as the input), written in place and returned, so a hot
   * loop can reuse memory: a fresh 8 MB Float64Array costs more in page faults on first touch
   * than most kernels here cost to compute.
   */
  out?: Float64Array;
}

/**
 * Options of multi-output batch functions: `out` supplies arrays to write into (any subset), and
 * `columns` restricts the work to the listed outputs (default: all); the result holds exactly
 * the computed columns.
 */
export interface ColumnOptions<R, K extends keyof R> {
  out?: Partial<R>;
  columns?: readonly K[];
}

/**
 * The output array for a batch call: `out` (checked for length) or a fresh array, with its first
 * `k` values set to NaN. The kernels write every index from k on.
 */
export function prepOut(out: Float64Array | undefined, len: number, k: number): Float64Array {
  if (out === undefined) return nanPrefix(len, k);
  if (!(out instanceof Float64Array) || out.length !== len)
    throw new RangeError(`out must be a Float64Array of length ${len}`);
  out.fill(Number.NaN, 0, k < len ? k : len);
  return out;
}

/** Whether column `c` is wanted under {@link ColumnOptions.columns}. */
export function wants(columns: readonly PropertyKey[] | undefined, c: PropertyKey): boolean {
  return columns === undefined || columns.includes(c);
}

/** Index of the first non-NaN value, or `x.length` when there is none. */
export function firstValid(x: ArrayLike<number>): number {
  let i = 0;
  while (i < x.length && Number.isNaN(x[i])) i++;
  return i;
}

/** A Float64Array of length `n` filled with NaN. */
export function nanArray(n: number): Float64Array {
  return new Float64Array(n).fill(Number.NaN);
}

// Veltkamp splitter for Dekker's exact product: 2^27 + 1.
const SPLIT = 134217729;

/**
 * Correctly rounded mean of three doubles, (a+b+c)/3, as R's `mean()` computes it with its
 * extended-precision accumulator. Plain `(a+b+c)/3` can be one ulp off, which flips
 * TP_t > TP_{t−1} comparisons in MFI. The sum is carried exactly as hi+lo (two-sum), divided
 * by 3, and the quotient is corrected by the exact remainder (Dekker product for q·3).
 */
export function mean3(a: number, b: number, c: number): number {
  // exact a + b = s1 + e1
  const s1 = a + b;
  const bb = s1 - a;
  const e1 = a - (s1 - bb) + (b - bb);
  // exact s1 + c = hi + e2
  const hi = s1 + c;
  const cc = hi - s1;
  const e2 = s1 - (hi - cc) + (c - cc);
  const lo = e1 + e2;
  const q = hi / 3;
  // exact q*3 = p + pe
  const p = q * 3;
  const t = SPLIT * q;
  const qh = t - (t - q);
  const ql = q - qh;
  const pe = qh * 3 - p + ql * 3;
  const r = hi - p - pe + lo;
  return q + r / 3;
}

/** Typical price (H+L+C)/3 per bar, correctly rounded (see {@link mean3}). */
export function typicalPrice(
  high: ArrayLike<number>,
  low: ArrayLike<number>,
  close: ArrayLike<number>,
): Float64Array {
  const n = close.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = mean3(high[i], low[i], close[i]);
  return out;
}

/** Throws unless `n` is an integer ≥ `min`. */
export function checkPeriod(n: number, name = "n", min = 1): void {
  if (!Number.isInteger(n) || n < min) throw new RangeError(`${name} must be an integer >= ${min}, got ${n}`);
}

/**
 * Sliding-window maximum or minimum over the last `n` pushed values (monotonic deque on a ring
 * of capacity n). O(1) amortised per push. Ties keep the most recent index, so `argIndex` is the
 * newest occurrence of the extreme (aroon's convention).
 */
export class MonotonicWindow {
  private readonly vals: Float64Array;
  private readonly idx: Float64Array;
  private readonly cap: number;
  private readonly isMax: boolean;
  private head = 0;
  private size = 0;
  private count = 0;
  readonly n: number;

  constructor(n: number, kind: "max" | "min") {
    checkPeriod(n);
    this.n = n;
    this.cap = n;
    this.vals = new Float64Array(n);
    this.idx = new Float64Array(n);
    this.isMax = kind === "max";
  }

  /** Adds a value; returns the window extreme including it. */
  push(v: number): number {
    const cap = this.cap;
    const t = this.count++;
    // Drop the front when it leaves the window.
    if (this.size > 0 && this.idx[this.head] <= t - this.n) {
      this.head = this.head + 1 === cap ? 0 : this.head + 1;
      this.size--;
    }
    // Pop dominated values from the back (ties: newer wins).
    if (this.isMax) {
      while (this.size > 0) {
        let b = this.head + this.size - 1;
        if (b >= cap) b -= cap;
        if (this.vals[b] <= v) this.size--;
        else break;
      }
    } else {
      while (this.size > 0) {
        let b = this.head + this.size - 1;
        if (b >= cap) b -= cap;
        if (this.vals[b] >= v) this.size--;
        else break;
      }
    }
    let w = this.head + this.size;
    if (w >= cap) w -= cap;
    this.vals[w] = v;
    this.idx[w] = t;
    this.size++;
    return this.vals[this.head];
  }

  /** Current extreme (NaN before the first push). */
  get value(): number {
    return this.size > 0 ? this.vals[this.head] : Number.NaN;
  }

  /** Bars since the current extreme (0 = the newest value). */
  get age(): number {
    return this.count - 1 - this.idx[this.head];
  }

  /** Number of values pushed so far. */
  get pushed(): number {
    return this.count;
  }
}

/**
 * Batch sliding max/min over the last n values (window includes index i). Output NaN for i < n−1
 * when `strict`, else from i = 0 over the values available. Uses an index deque in a ring.
 */
export function rollingExtreme(
  x: ArrayLike<number>,
  n: number,
  kind: "max" | "min",
  out: Float64Array,
): Float64Array {
  const len = x.length;
  // Power-of-two ring with running (unwrapped) head/tail counters; values are kept beside the
  // indices so the pop test does not chase x[idx].
  let cap = 1;
  while (cap < n) cap <<= 1;
  const mask = cap - 1;
  const qi = new Int32Array(cap);
  const qv = new Float64Array(cap);
  let head = 0;
  let tail = 0;
  if (kind === "max") {
    for (let i = 0; i < len; i++) {
      const v = x[i];
      if (tail > head && qi[head & mask] <= i - n) head++;
      while (tail > head && qv[(tail - 1) & mask] <= v) tail--;
      qi[tail & mask] = i;
      qv[tail & mask] = v;
      tail++;
      out[i] = qv[head & mask];
    }
  } else {
    for (let i = 0; i < len; i++) {
      const v = x[i];
      if (tail > head && qi[head & mask] <= i - n) head++;
      while (tail > head && qv[(tail - 1) & mask] >= v) tail--;
      qi[tail & mask] = i;
      qv[tail & mask] = v;
      tail++;
      out[i] = qv[head & mask];
    }
  }
  out.fill(Number.NaN, 0, n - 1 < len ? n - 1 : len);
  return out;
}

/**
 * Sliding max of `high` and min of `low` over the last n values (window includes i), written to
 * hh/ll from index n−1 on; indices below n−1 are set to NaN. Same values as two
 * {@link rollingExtreme} calls, computed block-wise (van Herk / Gil-Werman): for each block of n
 * bars, the suffix extremes of the previous block and a running prefix extreme of the current
 * one give every window's extreme with three comparisons per value and no data-dependent loop.
 * The selects are arithmetic (t·a + (1−t)·b with t ∈ {0, 1}), because V8 compiles float
 * ternaries to branches that mispredict on price data; that is exact for finite non-zero values
 * (a·1 + b·0 = a), so inputs holding NaN, ±∞ or zeros take the deque path instead.
 */
export function rollingMaxMin(
  high: ArrayLike<number>,
  low: ArrayLike<number>,
  n: number,
  hh: Float64Array,
  ll: Float64Array,
): void {
  const len = high.length;
  // Finite sentinels (an infinite one would give ∞·0 = NaN in the arithmetic select).
  const sh = new Float64Array(n + 1).fill(-Number.MAX_VALUE);
  const sl = new Float64Array(n + 1).fill(Number.MAX_VALUE);
  // NaN/±∞ make `bad` NaN (x − x is 0 for finite x); zeros make it positive.
  let bad = 0;
  for (let b = 0; b < len; b += n) {
    if (b > 0) {
      // suffix extremes of [b−n, b): sh[j] = max(high[b−n+j … b−1]); ties keep the newer
      let mh = high[b - 1];
      let ml = low[b - 1];
      sh[n - 1] = mh;
      sl[n - 1] = ml;
      for (let j = n - 2, p = b - 2; j >= 0; j--, p--) {
        const vh = high[p];
        const vl = low[p];
        const th = (vh > mh) as unknown as number;
        const tl = (vl < ml) as unknown as number;
        mh = vh * th + mh * (1 - th);
        ml = vl * tl + ml * (1 - tl);
        sh[j] = mh;
        sl[j] = ml;
      }
    }
    let ph = high[b];
    let pl = low[b];
    const e = b + n < len ? b + n : len;
    for (let i = b, j = 1; i < e; i++, j++) {
      const vh = high[i];
      const vl = low[i];
      bad += vh - vh + (vl - vl) + (((vh === 0) as unknown as number) | ((vl === 0) as unknown as number));
      const th = (ph > vh) as unknown as number;
      const tl = (pl < vl) as unknown as number;
      ph = ph * th + vh * (1 - th);
      pl = pl * tl + vl * (1 - tl);
      // window [i−n+1, i] = suffix of the previous block from j, then this block's prefix
      const a = sh[j];
      const c = sl[j];
      const uh = (a > ph) as unknown as number;
      const ul = (c < pl) as unknown as number;
      hh[i] = a * uh + ph * (1 - uh);
      ll[i] = c * ul + pl * (1 - ul);
    }
  }
  if (bad !== 0) {
    rollingExtreme(high, n, "max", hh);
    rollingExtreme(low, n, "min", ll);
    return;
  }
  const k = n - 1 < len ? n - 1 : len;
  hh.fill(Number.NaN, 0, k);
  ll.fill(Number.NaN, 0, k);
}

/**
 * Rolling n-value sum with TTR's `runSum` arithmetic: plain accumulation of the first n values,
 * then s = s + x_new − x_old (left to right). Leading NaNs are skipped. `push` returns the sum
 * once n values are in, NaN before.
 */
export class RollingSum {
  readonly n: number;
  private readonly buf: Float64Array;
  private pos = 0;
  private count = 0;
  sum = 0;
  constructor(n: number) {
    checkPeriod(n);
    this.n = n;
    this.buf = new Float64Array(n);
  }
  push(x: number): number {
    if (this.count === 0 && Number.isNaN(x)) return Number.NaN;
    const n = this.n;
    const c = ++this.count;
    if (c <= n) this.sum += x;
    else this.sum = this.sum + x - this.buf[this.pos];
    this.buf[this.pos] = x;
    this.pos = this.pos + 1 === n ? 0 : this.pos + 1;
    return c >= n ? this.sum : Number.NaN;
  }
  /** Values pushed since the first valid one. */
  get pushed(): number {
    return this.count;
  }
}

/** Batch form of {@link RollingSum} (NaN until n valid values; leading NaNs skipped). */
export function runSum(
  x: ArrayLike<number>,
  n: number,
  out: Float64Array = nanArray(x.length),
): Float64Array {
  checkPeriod(n);
  const len = x.length;
  const s0 = firstValid(x);
  if (s0 + n > len) return out;
  let sum = 0;
  for (let i = s0; i < s0 + n; i++) sum += x[i];
  out[s0 + n - 1] = sum;
  for (let i = s0 + n; i < len; i++) {
    sum = sum + x[i] - x[i - n];
    out[i] = sum;
  }
  return out;
}
