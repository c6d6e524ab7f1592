// Standard normal distribution, accurate to a few ulps in relative terms over the whole range
// (including the far lower tail), because the deflated Sharpe ratio evaluates quantiles like
// Φ⁻¹(1 − 1/N) for large N and probabilities near 0 and 1.

const SQRT2PI = Math.sqrt(2 * Math.PI);
const INV_SQRT2PI = 1 / SQRT2PI;

/** Standard normal density φ(x) = exp(−x²/2)/√(2π). */
export function normalPdf(x: number): number {
  return INV_SQRT2PI * Math.exp(-0.5 * x * x);
}

/**
 * Upper-tail probability Q(x) = 1 − Φ(x) for x ≥ 0, relative accuracy ~1e-15.
 * |x| < 2.5: Marsaglia's Taylor series Φ(x) = ½ + φ(x)·Σ x^(2k+1)/(1·3·…·(2k+1)).
 * Otherwise: the Laplace continued fraction for the Mills ratio, evaluated with modified Lentz.
 */
function upperTail(x: number): number {
  if (x < 2.5) {
    let term = x;
    let sum = x;
    const x2 = x * x;
    for (let k = 3; k < 200; k += 2) {
      term *= x2 / k;
      const next = sum + term;
      if (next === sum) break;
      sum = next;
    }
    return 0.5 - normalPdf(x) * sum;
  }
  // Q(x) = φ(x) / (x + 1/(x + 2/(x + 3/(x + …))))
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let k = 1; k < 500; k++) {
    d = x + k * d;
    if (d === 0) d = tiny;
    c = x + k / c;
    if (c === 0) c = tiny;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return normalPdf(x) / f;
}

/**
 * Standard normal CDF Φ(x). Relative error ~1e-15 in both tails (the lower tail is computed
 * directly, never as 1 − something). Φ(−∞) = 0, Φ(∞) = 1, NaN → NaN.
 */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x === Number.POSITIVE_INFINITY) return 1;
  if (x === Number.NEGATIVE_INFINITY) return 0;
  return x >= 0 ? 1 - upperTail(x) : upperTail(-x);
}

// Acklam's rational approximation (relative error 1.15e-9), refined by one Halley step.
const A = [
  -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1,
  2.506628277459239,
];
const B = [
  -5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1,
];
const C = [
  -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968,
  2.938163982698783,
];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
const P_LOW = 0.02425;

/** Lower-half quantile (p ≤ 0.5) so the Halley correction uses a relatively accurate Φ. */
function lowerQuantile(p: number): number {
  let x: number;
  if (p < P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p));
    x =
      (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) /
      ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
  } else {
    const q = p - 0.5;
    const r = q * q;
    x =
      ((((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q) /
      (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
  }
  // Halley step on Φ(x) − p = 0; relative error e/p keeps precision deep in the tail.
  for (let i = 0; i < 2; i++) {
    const e = normalCdf(x) - p;
    const u = e * SQRT2PI * Math.exp(0.5 * x * x);
    x = x - u / (1 + 0.5 * x * u);
  }
  return x;
}

/**
 * Standard normal quantile Φ⁻¹(p) (probit). Acklam's algorithm plus Halley refinement against
 * {@link normalCdf}: relative error ~1e-15. p ∉ [0, 1] → NaN; 0 → −∞; 1 → +∞.
 * For p > ½ it returns −Φ⁻¹(1 − p) (1 − p is exact there).
 */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return Number.NaN;
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  if (p === 0.5) return 0;
  return p < 0.5 ? lowerQuantile(p) : -lowerQuantile(1 - p);
}
