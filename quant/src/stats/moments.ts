// Moments of a sample. Conventions follow scipy.stats: "biased" = population moments (÷n),
// unbiased = the usual small-sample corrections (G1, G2). NaN for too-short input.

/** Arithmetic mean; NaN for an empty input. */
export function mean(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return x.length ? s / x.length : Number.NaN;
}

/** Variance: sample (÷ n−1, default) or population (÷ n). Two-pass for accuracy. */
export function variance(x: ArrayLike<number>, opts: { population?: boolean } = {}): number {
  const n = x.length;
  const d = opts.population ? n : n - 1;
  if (d <= 0) return Number.NaN;
  const m = mean(x);
  let s = 0;
  for (let i = 0; i < n; i++) s += (x[i] - m) ** 2;
  return s / d;
}

/** Standard deviation: sample (default) or population. */
export function stdev(x: ArrayLike<number>, opts: { population?: boolean } = {}): number {
  return Math.sqrt(variance(x, opts));
}

function centralMoments(x: ArrayLike<number>): { n: number; m2: number; m3: number; m4: number } {
  const n = x.length;
  let m = mean(x);
  // Refine the mean with the rounding residue Σ(x − m)/n before accumulating the moments.
  let c = 0;
  for (let i = 0; i < n; i++) c += x[i] - m;
  m += c / n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i] - m;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  return { n, m2: m2 / n, m3: m3 / n, m4: m4 / n };
}

/**
 * Skewness. Biased (default, scipy `bias=True`): g1 = m3/m2^1.5.
 * Unbiased (`bias: false`): G1 = g1·√(n(n−1))/(n−2), as scipy and pandas.
 */
export function skewness(x: ArrayLike<number>, opts: { bias?: boolean } = {}): number {
  const { n, m2, m3 } = centralMoments(x);
  const g1 = m3 / m2 ** 1.5;
  if (opts.bias ?? true) return g1;
  return n > 2 ? (g1 * Math.sqrt(n * (n - 1))) / (n - 2) : Number.NaN;
}

/**
 * Excess kurtosis. Biased (default, scipy `fisher=True, bias=True`): g2 = m4/m2² − 3.
 * Unbiased (`bias: false`): G2 = ((n+1)·g2 + 6)·(n−1)/((n−2)(n−3)).
 */
export function kurtosis(x: ArrayLike<number>, opts: { bias?: boolean } = {}): number {
  const { n, m2, m4 } = centralMoments(x);
  const g2 = m4 / (m2 * m2) - 3;
  if (opts.bias ?? true) return g2;
  return n > 3 ? (((n + 1) * g2 + 6) * (n - 1)) / ((n - 2) * (n - 3)) : Number.NaN;
}
