// Rolling-window moments. Output has the input's length; the first window−1 values are NaN
// (warm-up), and a window containing NaN yields NaN. Each window is evaluated with a fresh
// two-pass computation, so there is no drift from running sums; the cost is O(n·window).

function rollingApply(
  x: ArrayLike<number>,
  window: number,
  minWindow: number,
  f: (x: ArrayLike<number>, start: number, end: number) => number,
): Float64Array {
  if (!Number.isInteger(window) || window < minWindow)
    throw new RangeError(`window must be an integer ≥ ${minWindow}`);
  const n = x.length;
  const out = new Float64Array(n).fill(Number.NaN);
  let lastNaN = -1;
  for (let t = 0; t < n; t++) {
    if (Number.isNaN(x[t])) lastNaN = t;
    const start = t - window + 1;
    if (start < 0 || lastNaN >= start) continue;
    out[t] = f(x, start, t + 1);
  }
  return out;
}

function windowMoments(x: ArrayLike<number>, start: number, end: number) {
  const n = end - start;
  let s = 0;
  for (let i = start; i < end; i++) s += x[i];
  let mean = s / n;
  // Second pass corrects the mean for rounding (Σ(x−m) should be 0), then accumulates moments.
  let c = 0;
  for (let i = start; i < end; i++) c += x[i] - mean;
  mean += c / n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let i = start; i < end; i++) {
    const d = x[i] - mean;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  return { n, mean, m2: m2 / n, m3: m3 / n, m4: m4 / n };
}

/** Rolling arithmetic mean over `window` values ending at t (pandas `rolling(w).mean()`); warm-up w−1. */
export function rollingMean(x: ArrayLike<number>, window: number): Float64Array {
  return rollingApply(x, window, 1, (v, s, e) => windowMoments(v, s, e).mean);
}

/**
 * Rolling variance over `window` values ending at t: sample (÷ w−1, default, as pandas
 * `rolling(w).var()`) or population (÷ w). Warm-up w−1.
 */
export function rollingVariance(
  x: ArrayLike<number>,
  window: number,
  opts: { population?: boolean } = {},
): Float64Array {
  const pop = opts.population ?? false;
  return rollingApply(x, window, pop ? 1 : 2, (v, s, e) => {
    const m = windowMoments(v, s, e);
    return (m.m2 * m.n) / (pop ? m.n : m.n - 1);
  });
}

/** Rolling standard deviation: √rollingVariance (sample by default, as pandas `rolling(w).std()`). */
export function rollingStdev(
  x: ArrayLike<number>,
  window: number,
  opts: { population?: boolean } = {},
): Float64Array {
  const v = rollingVariance(x, window, opts);
  for (let i = 0; i < v.length; i++) v[i] = Math.sqrt(v[i]);
  return v;
}

/**
 * Rolling skewness over `window` values ending at t. Default is the bias-corrected G1 =
 * g1·√(w(w−1))/(w−2), g1 = m3/m2^1.5 — pandas `rolling(w).skew()` (equal up to pandas' ~1e-12
 * online-sum noise); `bias: true` gives g1. A constant window gives NaN. Warm-up w−1; w ≥ 3.
 */
export function rollingSkewness(
  x: ArrayLike<number>,
  window: number,
  opts: { bias?: boolean } = {},
): Float64Array {
  const bias = opts.bias ?? false;
  return rollingApply(x, window, 3, (v, s, e) => {
    const { n, m2, m3 } = windowMoments(v, s, e);
    if (!(m2 > 0)) return Number.NaN;
    const g1 = m3 / m2 ** 1.5;
    return bias ? g1 : (g1 * Math.sqrt(n * (n - 1))) / (n - 2);
  });
}

/**
 * Rolling excess kurtosis over `window` values ending at t. Default is the bias-corrected
 * G2 = ((w+1)·g2 + 6)·(w−1)/((w−2)(w−3)), g2 = m4/m2² − 3 — pandas `rolling(w).kurt()`;
 * `bias: true` gives g2. A constant window gives NaN. Warm-up w−1; w ≥ 4.
 */
export function rollingKurtosis(
  x: ArrayLike<number>,
  window: number,
  opts: { bias?: boolean } = {},
): Float64Array {
  const bias = opts.bias ?? false;
  return rollingApply(x, window, 4, (v, s, e) => {
    const { n, m2, m4 } = windowMoments(v, s, e);
    if (!(m2 > 0)) return Number.NaN;
    const g2 = m4 / (m2 * m2) - 3;
    return bias ? g2 : (((n + 1) * g2 + 6) * (n - 1)) / ((n - 2) * (n - 3));
  });
}
