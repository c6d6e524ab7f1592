// Return and risk metrics over a series of simple periodic returns (decimals), following the
// conventions of R PerformanceAnalytics 2.1.0 (see ORACLES.md §4): sample SD (÷ n−1), scale =
// periods per year (12 monthly, 252 daily), drawdowns measured against a starting wealth of 1.
//
// Blank periods. A NaN in a return series is a period without an observation (a fund that starts
// after its benchmark, a month not reported). As PerformanceAnalytics does (`na.omit` / `checkData`
// before computing), every metric of one series drops the blanks and computes on the remaining
// observations in order: n is the number of observations, and wealth and drawdowns run across a
// gap as if the periods were adjacent. Series against a benchmark or a rate are aligned by index
// (the arrays must have the same length), with PA's rules per metric:
//   - a rate series (rf) carries its last known value forward over its own blanks (PA
//     `Return.excess` uses `na.locf`); a period is dropped where the return or the carried rate is
//     blank (leading rate blanks stay blank);
//   - activePremium uses the periods where both the fund and the benchmark exist;
//   - trackingError treats the benchmark as PA's `TrackingError` does, like a rate: Ra − Rb with the
//     benchmark's last value carried over its blanks; informationRatio = activePremium / trackingError
//     exactly as PA (so with inner benchmark blanks its two parts see slightly different periods);
//   - capmBeta/capmAlpha regress on the periods where both excess returns exist.
// Series without blanks take the unchanged code path (bit-identical results).
import { kurtosis, mean, skewness, stdev } from "../stats/moments.ts";
import { normalPdf, normalQuantile } from "./normal.ts";

/** A risk-free (or benchmark) rate: one number per period, or a series aligned with the returns. */
export type RateLike = number | ArrayLike<number>;

/**
 * The observations of a series: the input itself when it has no blank (NaN), else a compact copy
 * without the blanks, in order (PA's `na.omit`).
 */
export function withoutBlanks(r: ArrayLike<number>): ArrayLike<number> {
  const n = r.length;
  let k = 0;
  for (let i = 0; i < n; i++) if (!Number.isNaN(r[i])) k++;
  if (k === n) return r;
  const out = new Float64Array(k);
  for (let i = 0, j = 0; i < n; i++) if (!Number.isNaN(r[i])) out[j++] = r[i];
  return out;
}

/** A series with each blank (NaN) replaced by the last value before it (`na.locf`); leading blanks stay. */
function carryForward(x: ArrayLike<number>): ArrayLike<number> {
  let i = 0;
  while (i < x.length && !Number.isNaN(x[i])) i++;
  if (i === x.length) return x;
  const out = Float64Array.from(x);
  for (let j = 1; j < out.length; j++) if (Number.isNaN(out[j])) out[j] = out[j - 1];
  return out;
}

/**
 * Returns minus a per-period rate: a constant, or a series subtracted element by element. A blank
 * (NaN) in the rate series takes the last known rate (PA `Return.excess`); a blank return, or a
 * rate blank before the first known rate, gives a blank (NaN) excess return.
 */
export function excessReturns(r: ArrayLike<number>, rf: RateLike = 0): Float64Array {
  const out = new Float64Array(r.length);
  if (typeof rf === "number") for (let i = 0; i < r.length; i++) out[i] = r[i] - rf;
  else {
    if (rf.length !== r.length)
      throw new Error(`excessReturns: rate has ${rf.length} values, returns ${r.length}`);
    const rate = carryForward(rf);
    for (let i = 0; i < r.length; i++) out[i] = r[i] - rate[i];
  }
  return out;
}

/**
 * Annualised return. Geometric (default, PA `Return.annualized`): Π(1+Rᵢ)^(scale/n) − 1.
 * Arithmetic (`geometric: false`): scale·mean(R). NaN for empty input.
 */
export function annualizedReturn(
  r: ArrayLike<number>,
  opts: { scale?: number; geometric?: boolean } = {},
): number {
  const scale = opts.scale ?? 252;
  r = withoutBlanks(r);
  const n = r.length;
  if (n === 0) return Number.NaN;
  if (opts.geometric === false) return scale * mean(r);
  // Sum of log1p avoids overflow/underflow of the running product on long series.
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.log1p(r[i]);
  return Math.expm1((s * scale) / n);
}

/** Annualised standard deviation √scale·sd(R), sample SD (÷ n−1) as PA `StdDev.annualized`. */
export function annualizedStdDev(r: ArrayLike<number>, opts: { scale?: number } = {}): number {
  return Math.sqrt(opts.scale ?? 252) * stdev(withoutBlanks(r));
}

/** Per-period Sharpe ratio mean(xR)/sd(xR), xR = R − Rf (PA `SharpeRatio(FUN = "StdDev")`), not annualised. */
export function sharpeRatio(r: ArrayLike<number>, opts: { rf?: RateLike } = {}): number {
  const x = withoutBlanks(excessReturns(r, opts.rf ?? 0));
  return mean(x) / stdev(x);
}

/**
 * Annualised Sharpe ratio (PA `SharpeRatio.annualized`), xR = R − Rf:
 * geometric = false (PA 2.1.0 default, also ours): scale·mean(xR) / (√scale·sd(xR));
 * geometric = true (CRAN 2.0.x default): annualizedReturn(xR) / (√scale·sd(xR)).
 */
export function annualizedSharpeRatio(
  r: ArrayLike<number>,
  opts: { rf?: RateLike; scale?: number; geometric?: boolean } = {},
): number {
  const scale = opts.scale ?? 252;
  const x = withoutBlanks(excessReturns(r, opts.rf ?? 0));
  return annualizedReturn(x, { scale, geometric: opts.geometric ?? false }) / annualizedStdDev(x, { scale });
}

/**
 * Downside deviation below a minimum acceptable return (PA `DownsideDeviation`):
 * √(Σ_{Rᵢ<MAR}(MAR − Rᵢ)² / n). method "full" (default): n = all observations;
 * "subset": n = number of observations below MAR.
 */
export function downsideDeviation(
  r: ArrayLike<number>,
  opts: { mar?: number; method?: "full" | "subset" } = {},
): number {
  const mar = opts.mar ?? 0;
  r = withoutBlanks(r);
  let s = 0;
  let below = 0;
  for (let i = 0; i < r.length; i++) {
    if (r[i] < mar) {
      s += (mar - r[i]) ** 2;
      below++;
    }
  }
  const n = opts.method === "subset" ? below : r.length;
  return n > 0 ? Math.sqrt(s / n) : Number.NaN;
}

/** Sortino ratio mean(R − MAR) / downsideDeviation(R, MAR, "full"), per period (PA `SortinoRatio`). */
export function sortinoRatio(r: ArrayLike<number>, opts: { mar?: number } = {}): number {
  const mar = opts.mar ?? 0;
  r = withoutBlanks(r);
  return (mean(r) - mar) / downsideDeviation(r, { mar });
}

/**
 * Drawdown series DDₜ = Wₜ / max(1, max_{s≤t} W_s) − 1 (≤ 0), where the starting wealth 1 counts as a
 * peak. Geometric (default): Wₜ = Π(1+R); arithmetic: Wₜ = 1 + ΣR (PA `Drawdowns(geometric = FALSE)`).
 * A blank (NaN) return gives a blank drawdown and leaves wealth unchanged (PA's `na.skip`).
 */
export function drawdowns(r: ArrayLike<number>, opts: { geometric?: boolean } = {}): Float64Array {
  const geometric = opts.geometric ?? true;
  const out = new Float64Array(r.length);
  let w = 1;
  let peak = 1;
  for (let i = 0; i < r.length; i++) {
    if (Number.isNaN(r[i])) {
      out[i] = Number.NaN;
      continue;
    }
    w = geometric ? w * (1 + r[i]) : w + r[i];
    if (w > peak) peak = w;
    out[i] = w / peak - 1;
  }
  return out;
}

/** Drawdowns of an equity (wealth) curve: equityₜ / running max − 1, the first value being the first peak. */
export function drawdownsFromEquity(equity: ArrayLike<number>): Float64Array {
  const out = new Float64Array(equity.length);
  let peak = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < equity.length; i++) {
    if (equity[i] > peak) peak = equity[i];
    out[i] = equity[i] / peak - 1;
  }
  return out;
}

/** Maximum drawdown as a positive fraction, −min DDₜ (PA `maxDrawdown`); 0 if wealth never falls. */
export function maxDrawdown(r: ArrayLike<number>, opts: { geometric?: boolean } = {}): number {
  const dd = drawdowns(withoutBlanks(r), opts);
  let m = 0;
  for (let i = 0; i < dd.length; i++) if (dd[i] < m) m = dd[i];
  return -m;
}

/** Calmar ratio: geometric annualised return / maxDrawdown (PA `CalmarRatio`). */
export function calmarRatio(r: ArrayLike<number>, opts: { scale?: number } = {}): number {
  return annualizedReturn(r, { scale: opts.scale ?? 252 }) / maxDrawdown(r);
}

/**
 * Sample quantile with R's default type-7 interpolation: h = (n−1)p, linear between order statistics.
 * Blanks (NaN) are left out (R's `quantile(na.rm = TRUE)`).
 */
export function quantileType7(x: ArrayLike<number>, p: number): number {
  const s = Float64Array.from(withoutBlanks(x)).sort();
  const n = s.length;
  if (n === 0 || !(p >= 0 && p <= 1)) return Number.NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return s[lo] + (h - lo) * (s[hi] - s[lo]);
}

/**
 * Historical value at risk at confidence p (PA `VaR(method = "historical")`): the (1−p) type-7
 * quantile of R, reported as a return (negative for a loss), as PA does.
 */
export function historicalVaR(r: ArrayLike<number>, opts: { p?: number } = {}): number {
  return quantileType7(r, 1 - (opts.p ?? 0.95));
}

/**
 * Historical expected shortfall (PA `ES(method = "historical")`): the mean of the returns strictly
 * below the historical VaR, as a (negative) return. NaN if none lies below.
 */
export function historicalES(r: ArrayLike<number>, opts: { p?: number } = {}): number {
  r = withoutBlanks(r);
  const v = historicalVaR(r, opts);
  let s = 0;
  let k = 0;
  for (let i = 0; i < r.length; i++) {
    if (r[i] < v) {
      s += r[i];
      k++;
    }
  }
  return k ? s / k : Number.NaN;
}

/**
 * Gaussian VaR (PA `VaR(method = "gaussian")`): mean(R) + Φ⁻¹(1−p)·σ(R), a negative return. σ is the
 * population SD √m₂ (÷ n), as PA's `VaR.Gaussian` uses the second central moment.
 */
export function gaussianVaR(r: ArrayLike<number>, opts: { p?: number } = {}): number {
  r = withoutBlanks(r);
  return mean(r) + normalQuantile(1 - (opts.p ?? 0.95)) * stdev(r, { population: true });
}

/**
 * Gaussian ES (PA `ES(method = "gaussian")`): mean(R) − σ(R)·φ(Φ⁻¹(p))/(1−p), a negative return,
 * σ the population SD √m₂ as in PA's `ES.Gaussian`.
 */
export function gaussianES(r: ArrayLike<number>, opts: { p?: number } = {}): number {
  const p = opts.p ?? 0.95;
  r = withoutBlanks(r);
  return mean(r) - (stdev(r, { population: true }) * normalPdf(normalQuantile(p))) / (1 - p);
}

/**
 * Modified (Cornish-Fisher) VaR (PA `VaR(method = "modified")`): mean + z_cf·σ with z = Φ⁻¹(1−p),
 * z_cf = z + (z²−1)S/6 + (z³−3z)K/24 − (2z³−5z)S²/36, S = skewness g1, K = excess kurtosis g2 and
 * σ = √m₂ the population SD (PA's `VaR.CornishFisher`).
 */
export function modifiedVaR(r: ArrayLike<number>, opts: { p?: number } = {}): number {
  const z = normalQuantile(1 - (opts.p ?? 0.95));
  r = withoutBlanks(r);
  const s = skewness(r);
  const k = kurtosis(r);
  const zcf = z + ((z * z - 1) * s) / 6 + ((z ** 3 - 3 * z) * k) / 24 - ((2 * z ** 3 - 5 * z) * s * s) / 36;
  return mean(r) + zcf * stdev(r, { population: true });
}

/**
 * Active premium (PA `ActivePremium`): annualizedReturn(Ra) − annualizedReturn(Rb), both geometric,
 * over the periods where both exist.
 */
export function activePremium(
  ra: ArrayLike<number>,
  rb: ArrayLike<number>,
  opts: { scale?: number } = {},
): number {
  const scale = opts.scale ?? 252;
  const [a, b] = commonPeriods(ra, rb);
  return annualizedReturn(a, { scale }) - annualizedReturn(b, { scale });
}

/** Ra and Rb at the indices where both exist (PA `na.omit(merge(Ra, Rb))`); the inputs when no blank. */
function commonPeriods(ra: ArrayLike<number>, rb: ArrayLike<number>): [ArrayLike<number>, ArrayLike<number>] {
  if (ra.length !== rb.length) throw new Error(`benchmark has ${rb.length} values, returns ${ra.length}`);
  let k = 0;
  for (let i = 0; i < ra.length; i++) if (!Number.isNaN(ra[i]) && !Number.isNaN(rb[i])) k++;
  if (k === ra.length) return [ra, rb];
  const a = new Float64Array(k);
  const b = new Float64Array(k);
  for (let i = 0, j = 0; i < ra.length; i++) {
    if (!Number.isNaN(ra[i]) && !Number.isNaN(rb[i])) {
      a[j] = ra[i];
      b[j++] = rb[i];
    }
  }
  return [a, b];
}

/**
 * Tracking error (PA `TrackingError`): √scale·sd(Ra − Rb), sample SD, over the periods where Ra
 * exists; a blank benchmark period takes the benchmark's last value, as PA's `Return.excess` does.
 */
export function trackingError(
  ra: ArrayLike<number>,
  rb: ArrayLike<number>,
  opts: { scale?: number } = {},
): number {
  return annualizedStdDev(excessReturns(ra, rb), { scale: opts.scale ?? 252 });
}

/** Information ratio (PA `InformationRatio`): activePremium / trackingError. */
export function informationRatio(
  ra: ArrayLike<number>,
  rb: ArrayLike<number>,
  opts: { scale?: number } = {},
): number {
  return activePremium(ra, rb, opts) / trackingError(ra, rb, opts);
}

function capmFit(
  ra: ArrayLike<number>,
  rb: ArrayLike<number>,
  rf: RateLike,
): { alpha: number; beta: number } {
  const [y, x] = commonPeriods(excessReturns(ra, rf), excessReturns(rb, rf));
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < x.length; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
  }
  const beta = sxy / sxx;
  return { beta, alpha: my - beta * mx };
}

/**
 * CAPM beta (PA `CAPM.beta`, digits = NULL): OLS slope of (Ra − Rf) on (Rb − Rf) with an intercept,
 * over the periods where both excess returns exist.
 */
export function capmBeta(ra: ArrayLike<number>, rb: ArrayLike<number>, opts: { rf?: RateLike } = {}): number {
  return capmFit(ra, rb, opts.rf ?? 0).beta;
}

/**
 * CAPM alpha (PA `CAPM.alpha`, digits = NULL): the OLS intercept of (Ra − Rf) on (Rb − Rf), per
 * period, over the periods where both excess returns exist.
 */
export function capmAlpha(
  ra: ArrayLike<number>,
  rb: ArrayLike<number>,
  opts: { rf?: RateLike } = {},
): number {
  return capmFit(ra, rb, opts.rf ?? 0).alpha;
}

/** Omega ratio (PA `Omega(method = "simple")`): mean(max(R−L, 0)) / mean(max(L−R, 0)), blanks left out. */
export function omegaRatio(r: ArrayLike<number>, opts: { threshold?: number } = {}): number {
  const l = opts.threshold ?? 0;
  let up = 0;
  let down = 0;
  for (let i = 0; i < r.length; i++) {
    if (r[i] > l) up += r[i] - l;
    else if (r[i] <= l) down += l - r[i];
  }
  return up / down;
}

/** Ulcer index (PA `UlcerIndex`): √(Σ DDₜ² / n), geometric drawdowns as fractions, n observations. */
export function ulcerIndex(r: ArrayLike<number>): number {
  const dd = drawdowns(withoutBlanks(r));
  let s = 0;
  for (let i = 0; i < dd.length; i++) s += dd[i] * dd[i];
  return Math.sqrt(s / dd.length);
}

/** Pain index (PA `PainIndex`): Σ|DDₜ| / n, geometric drawdowns as fractions, n observations. */
export function painIndex(r: ArrayLike<number>): number {
  const dd = drawdowns(withoutBlanks(r));
  let s = 0;
  for (let i = 0; i < dd.length; i++) s -= dd[i];
  return s / dd.length;
}

/** Skewness methods of PA `skewness`. */
export type SkewnessMethod = "moment" | "fisher" | "sample";

/**
 * Skewness with PerformanceAnalytics' method names: "moment" (default) = g1 = m3/m2^1.5;
 * "fisher" = G1 = g1·√(n(n−1))/(n−2); "sample" = n/((n−1)(n−2))·Σ((x−x̄)/σ_pop)³ (PA's own form).
 */
export function returnsSkewness(r: ArrayLike<number>, method: SkewnessMethod = "moment"): number {
  r = withoutBlanks(r);
  const n = r.length;
  if (method === "moment") return skewness(r);
  if (method === "fisher") return skewness(r, { bias: false });
  const m = mean(r);
  const sd = stdev(r, { population: true });
  let s = 0;
  for (let i = 0; i < n; i++) s += ((r[i] - m) / sd) ** 3;
  return (n / ((n - 1) * (n - 2))) * s;
}

/** Kurtosis methods of PA `kurtosis`. */
export type KurtosisMethod = "excess" | "moment" | "fisher" | "sample" | "sample_excess";

/**
 * Kurtosis with PerformanceAnalytics' method names: "excess" (default) = g2 = m4/m2² − 3;
 * "moment" = g2 + 3; "sample_excess" and "fisher" = G2 (scipy bias = False);
 * "sample" = G2 + 3(n−1)²/((n−2)(n−3)).
 */
export function returnsKurtosis(r: ArrayLike<number>, method: KurtosisMethod = "excess"): number {
  r = withoutBlanks(r);
  const n = r.length;
  switch (method) {
    case "excess":
      return kurtosis(r);
    case "moment":
      return kurtosis(r) + 3;
    case "fisher":
    case "sample_excess":
      return kurtosis(r, { bias: false });
    case "sample":
      return kurtosis(r, { bias: false }) + (3 * (n - 1) ** 2) / ((n - 2) * (n - 3));
  }
}

/** Simple returns of an equity curve: eₜ/eₜ₋₁ − 1, length n−1. */
export function returnsFromEquity(equity: ArrayLike<number>): Float64Array {
  const n = Math.max(0, equity.length - 1);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = equity[i + 1] / equity[i] - 1;
  return out;
}

/**
 * Annualised one-way turnover: (Σₜ tradedValueₜ / equityₜ) / 2 · scale / n, i.e. the fraction of the
 * portfolio replaced per year (buys and sells each count half). tradedValue is Σ|Δposition|·price per period.
 */
export function annualizedTurnover(
  tradedValue: ArrayLike<number>,
  equity: ArrayLike<number>,
  opts: { scale?: number } = {},
): number {
  const n = tradedValue.length;
  if (n === 0) return Number.NaN;
  let s = 0;
  for (let i = 0; i < n; i++) if (equity[i] !== 0) s += tradedValue[i] / Math.abs(equity[i]);
  return ((s / 2) * (opts.scale ?? 252)) / n;
}
