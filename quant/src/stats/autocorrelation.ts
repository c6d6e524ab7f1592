// Autocorrelation and partial autocorrelation, following statsmodels 0.13 conventions.
import { olsQr, solveLinear } from "./linalg.ts";

function demeaned(x: ArrayLike<number>): Float64Array {
  const n = x.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i];
  let m = s / n;
  let c = 0;
  for (let i = 0; i < n; i++) c += x[i] - m;
  m += c / n;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = x[i] - m;
  return out;
}

/**
 * Autocovariances γ_0…γ_nlags of the demeaned series m_t = x_t − x̄:
 * γ_k = Σ_{t≥k} m_t·m_{t−k} / d with d = n (default, statsmodels `acovf(adjusted=False)`)
 * or d = n − k (`adjusted: true`).
 */
export function autocovariance(
  x: ArrayLike<number>,
  nlags: number,
  opts: { adjusted?: boolean } = {},
): Float64Array {
  const n = x.length;
  if (!Number.isInteger(nlags) || nlags < 0 || nlags >= n)
    throw new RangeError("nlags must be an integer in [0, n)");
  const m = demeaned(x);
  const out = new Float64Array(nlags + 1);
  for (let k = 0; k <= nlags; k++) {
    let s = 0;
    for (let t = k; t < n; t++) s += m[t] * m[t - k];
    out[k] = s / (opts.adjusted ? n - k : n);
  }
  return out;
}

/**
 * Sample autocorrelation function ρ_0…ρ_nlags (ρ_0 = 1):
 * ρ_k = Σ_{t≥k} m_t·m_{t−k} / Σ m_t², m_t = x_t − x̄ — statsmodels `acf(x, nlags, adjusted=False, fft=False)`.
 * With `adjusted: true` the lag-k numerator is divided by n−k instead of n (statsmodels `adjusted=True`).
 */
export function acf(x: ArrayLike<number>, nlags: number, opts: { adjusted?: boolean } = {}): Float64Array {
  const g = autocovariance(x, nlags, opts);
  const out = new Float64Array(nlags + 1);
  for (let k = 0; k <= nlags; k++) out[k] = g[k] / g[0];
  return out;
}

/**
 * Partial autocorrelation by Yule–Walker, pacf_0…pacf_nlags (pacf_0 = 1). For each k the
 * Toeplitz system Toeplitz(γ_0…γ_{k−1})·φ = (γ_1…γ_k) is solved and pacf_k = φ_k.
 * Default `adjusted: true` is statsmodels `pacf(method='yw')` (= 'yw_adjusted'): γ_0 = Σm²/n,
 * γ_j = Σ m_t m_{t−j}/(n−j). `adjusted: false` is 'ywm' (÷ n everywhere; R's `pacf`).
 */
export function pacfYuleWalker(
  x: ArrayLike<number>,
  nlags: number,
  opts: { adjusted?: boolean } = {},
): Float64Array {
  const adjusted = opts.adjusted ?? true;
  const m = demeaned(x);
  const n = m.length;
  if (!Number.isInteger(nlags) || nlags < 1 || nlags >= n)
    throw new RangeError("nlags must be an integer in [1, n)");
  const r = new Float64Array(nlags + 1);
  for (let k = 0; k <= nlags; k++) {
    let s = 0;
    for (let t = k; t < n; t++) s += m[t] * m[t - k];
    r[k] = s / (adjusted && k > 0 ? n - k : n);
  }
  const out = new Float64Array(nlags + 1);
  out[0] = 1;
  for (let k = 1; k <= nlags; k++) {
    const T = new Float64Array(k * k);
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) T[i * k + j] = r[Math.abs(i - j)];
    const phi = solveLinear(T, r.subarray(1, k + 1), k);
    out[k] = phi[k - 1];
  }
  return out;
}

/**
 * Partial autocorrelation by OLS, pacf_0…pacf_nlags (pacf_0 = 1) — statsmodels
 * `pacf(method='ols')` (efficient=True, adjusted=False): for each k, regress x_t on
 * [1, x_{t−1}, …, x_{t−k}] over t = k…n−1 (Householder QR) and take the last coefficient.
 */
export function pacfOls(x: ArrayLike<number>, nlags: number): Float64Array {
  const n = x.length;
  if (!Number.isInteger(nlags) || nlags < 1 || nlags >= n - 1)
    throw new RangeError("nlags must be an integer in [1, n−1)");
  const out = new Float64Array(nlags + 1);
  out[0] = 1;
  for (let k = 1; k <= nlags; k++) {
    const rows = n - k;
    const p = k + 1;
    const X = new Float64Array(rows * p);
    const y = new Float64Array(rows);
    for (let t = k; t < n; t++) {
      const r = t - k;
      X[r * p] = 1;
      for (let j = 1; j <= k; j++) X[r * p + j] = x[t - j];
      y[r] = x[t];
    }
    out[k] = olsQr(X, y, rows, p).beta[k];
  }
  return out;
}
