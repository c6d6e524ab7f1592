// Augmented Dickey–Fuller unit-root test, reproducing statsmodels 0.13 `adfuller`.
import { olsQr } from "./linalg.ts";
import { standardNormalCdf } from "./special.ts";

/** Deterministic terms of the ADF regression: none, constant, constant+trend, constant+trend+trend². */
export type AdfRegression = "n" | "c" | "ct" | "ctt";

// MacKinnon (1994), Table 3 / statsmodels adfvalues, univariate case (N = 1) only.
// p = Φ(Σ_k c_k·τ^k) with the small-p coefficients for τ ≤ τ*, the large-p ones above;
// p = 0 below τ_min and 1 above τ_max.
const MACKINNON_1994: Record<
  AdfRegression,
  { min: number; star: number; max: number; small: number[]; large: number[] }
> = {
  n: {
    min: -19.04,
    star: -1.04,
    max: Number.POSITIVE_INFINITY,
    small: [0.6344, 1.2378, 3.2496e-2],
    large: [0.4797, 9.3557e-1, -0.6999e-1, 3.3066e-2],
  },
  c: {
    min: -18.83,
    star: -1.61,
    max: 2.74,
    small: [2.1659, 1.4412, 3.8269e-2],
    large: [1.7339, 9.3202e-1, -1.2745e-1, -1.0368e-2],
  },
  ct: {
    min: -16.18,
    star: -2.89,
    max: 0.7,
    small: [3.2512, 1.6047, 4.9588e-2],
    large: [2.5261, 6.1654e-1, -3.7956e-1, -6.0285e-2],
  },
  ctt: {
    min: -17.17,
    star: -3.21,
    max: 0.54,
    small: [4.0003, 1.658, 4.8288e-2],
    large: [3.0778, 4.9529e-1, -4.1477e-1, -5.9359e-2],
  },
};

// MacKinnon (2010) critical-value response surfaces for N = 1: cv(T) = β∞ + β1/T + β2/T² + β3/T³,
// rows for the 1%, 5% and 10% levels. The no-constant row is MacKinnon (1996), as in statsmodels.
const MACKINNON_2010: Record<AdfRegression, number[][]> = {
  n: [
    [-2.56574, -2.2358, -3.627, 0],
    [-1.941, -0.2686, -3.365, 31.223],
    [-1.61682, 0.2656, -2.714, 25.364],
  ],
  c: [
    [-3.43035, -6.5393, -16.786, -79.433],
    [-2.86154, -2.8903, -4.234, -40.04],
    [-2.56677, -1.5384, -2.809, 0],
  ],
  ct: [
    [-3.95877, -9.0531, -28.428, -134.155],
    [-3.41049, -4.3904, -9.036, -45.374],
    [-3.12705, -2.5856, -3.925, -22.38],
  ],
  ctt: [
    [-4.37113, -11.5882, -35.819, -334.047],
    [-3.83239, -5.9057, -12.49, -118.284],
    [-3.55326, -3.6596, -5.293, -63.559],
  ],
};

function polyval(coefs: number[], x: number): number {
  // Horner with coefs[k] multiplying x^k, as numpy.polyval(coefs[::-1], x).
  let s = 0;
  for (let k = coefs.length - 1; k >= 0; k--) s = s * x + coefs[k];
  return s;
}

/**
 * MacKinnon (1994) approximate asymptotic p-value of a Dickey–Fuller τ statistic (one series),
 * as statsmodels `mackinnonp(stat, regression, N=1)`.
 */
export function mackinnonPValue(stat: number, regression: AdfRegression = "c"): number {
  const t = MACKINNON_1994[regression];
  if (stat > t.max) return 1;
  if (stat < t.min) return 0;
  return standardNormalCdf(polyval(stat <= t.star ? t.small : t.large, stat));
}

/**
 * MacKinnon (2010) finite-sample critical values {1%, 5%, 10%} for the ADF test with `nobs`
 * observations (Infinity → asymptotic), as statsmodels `mackinnoncrit(N=1, regression, nobs)`.
 */
export function mackinnonCriticalValues(
  nobs: number,
  regression: AdfRegression = "c",
): { "1%": number; "5%": number; "10%": number } {
  const cv = MACKINNON_2010[regression].map((c) => (Number.isFinite(nobs) ? polyval(c, 1 / nobs) : c[0]));
  return { "1%": cv[0], "5%": cv[1], "10%": cv[2] };
}

/** Result of {@link adfTest}, field for field as statsmodels `adfuller` returns it. */
export interface AdfResult {
  /** τ: t-value of the lagged level's coefficient. */
  statistic: number;
  /** MacKinnon (1994) p-value. */
  pValue: number;
  /** Number of lagged differences in the final regression. */
  usedLag: number;
  /** Observations in the final regression (N − 1 − usedLag). */
  nobs: number;
  /** MacKinnon (2010) critical values for `nobs`. */
  criticalValues: { "1%": number; "5%": number; "10%": number };
  /** Best information criterion over the lag search (NaN when the lag was fixed). */
  icBest: number;
  /** Largest lag searched. */
  maxLag: number;
}

interface Design {
  X: Float64Array;
  y: Float64Array;
  rows: number;
  p: number;
}

// Rows t = lag+1 … N−1 (in terms of x): Δx_t on [x_{t−1}, Δx_{t−1}, …, Δx_{t−lag}, trend terms].
// `trendFirst` puts the deterministic terms first (statsmodels' autolag design) or last (final fit).
function adfDesign(
  x: ArrayLike<number>,
  rowsLag: number,
  lag: number,
  regression: AdfRegression,
  trendFirst: boolean,
): Design {
  const N = x.length;
  const rows = N - 1 - rowsLag;
  const nt = regression === "n" ? 0 : regression === "c" ? 1 : regression === "ct" ? 2 : 3;
  const p = 1 + lag + nt;
  const X = new Float64Array(rows * p);
  const y = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const t = N - rows + r; // index into x of the differenced observation Δx_t = x_t − x_{t−1}
    y[r] = x[t] - x[t - 1];
    const off = trendFirst ? nt : 0;
    X[r * p + off] = x[t - 1];
    for (let j = 1; j <= lag; j++) X[r * p + off + j] = x[t - j] - x[t - j - 1];
    const tb = trendFirst ? 0 : 1 + lag;
    // statsmodels add_trend: const, then trend 1…rows, then trend².
    if (nt >= 1) X[r * p + tb] = 1;
    if (nt >= 2) X[r * p + tb + 1] = r + 1;
    if (nt >= 3) X[r * p + tb + 2] = (r + 1) ** 2;
  }
  return { X, y, rows, p };
}

/**
 * Augmented Dickey–Fuller test of a unit root in `x` (e.g. price levels), reproducing
 * statsmodels 0.13.5 `adfuller(x, maxlag, regression, autolag)`:
 * Δx_t = α·x_{t−1} + Σ_{j=1..p} δ_j·Δx_{t−j} + deterministic terms + ε_t, τ = α̂/se(α̂).
 * - maxlag defaults to ⌈12·(N/100)^¼⌉, capped at N/2 − nTrend − 1.
 * - autolag 'AIC' (default) or 'BIC': every lag 0…maxlag is fitted on the same N−1−maxlag rows,
 *   the lag with the smallest criterion (ties → smaller lag) is kept and refitted on N−1−lag rows.
 *   AIC = −2·llf + 2k, BIC = −2·llf + k·ln n, llf = −n/2·(ln 2π + ln(SSR/n) + 1).
 * - autolag null: the regression uses exactly `maxlag` lags.
 * Fits use Householder QR. p-value: MacKinnon (1994); critical values: MacKinnon (2010) at nobs.
 */
export function adfTest(
  x: ArrayLike<number>,
  opts: { maxLag?: number; regression?: AdfRegression; autolag?: "AIC" | "BIC" | null } = {},
): AdfResult {
  const regression = opts.regression ?? "c";
  const autolag = opts.autolag === undefined ? "AIC" : opts.autolag;
  const N = x.length;
  const nt = regression === "n" ? 0 : regression === "c" ? 1 : regression === "ct" ? 2 : 3;
  let maxLag: number;
  if (opts.maxLag === undefined) {
    maxLag = Math.ceil(12 * (N / 100) ** 0.25);
    maxLag = Math.min(Math.floor(N / 2) - nt - 1, maxLag);
    if (maxLag < 0) throw new RangeError("adfTest: sample too short");
  } else {
    maxLag = opts.maxLag;
    if (maxLag > Math.floor(N / 2) - nt - 1)
      throw new RangeError("adfTest: maxLag must be less than N/2 − nTrend − 1");
  }
  let usedLag = maxLag;
  let icBest = Number.NaN;
  if (autolag) {
    for (let lag = 0; lag <= maxLag; lag++) {
      const d = adfDesign(x, maxLag, lag, regression, true);
      const fit = olsQr(d.X, d.y, d.rows, d.p);
      const llf = (-d.rows / 2) * (Math.log(2 * Math.PI) + Math.log(fit.ssr / d.rows) + 1);
      const ic = autolag === "AIC" ? -2 * llf + 2 * d.p : -2 * llf + d.p * Math.log(d.rows);
      if (!(ic >= icBest)) {
        icBest = ic;
        usedLag = lag;
      }
    }
  }
  const d = adfDesign(x, usedLag, usedLag, regression, false);
  const fit = olsQr(d.X, d.y, d.rows, d.p);
  const statistic = fit.beta[0] / fit.se[0];
  return {
    statistic,
    pValue: mackinnonPValue(statistic, regression),
    usedLag,
    nobs: d.rows,
    criticalValues: mackinnonCriticalValues(d.rows, regression),
    icBest,
    maxLag,
  };
}
