// Probabilistic and deflated Sharpe ratios (Bailey & López de Prado 2012, 2014). All Sharpe ratios
// here are per period (not annualised); kurtosis is the plain (non-excess) fourth standardised moment.
import { kurtosis, mean, skewness, stdev } from "../stats/moments.ts";
import { withoutBlanks } from "./metrics.ts";
import { normalCdf, normalQuantile } from "./normal.ts";

const EULER_GAMMA = 0.5772156649015329;

/** Inputs of the PSR: an estimated per-period Sharpe ratio and the shape of the returns behind it. */
export interface SharpeEstimate {
  /** Estimated per-period Sharpe ratio SR̂. */
  sharpe: number;
  /** Number of return observations T. */
  n: number;
  /** Skewness γ₃ (biased g1). */
  skew: number;
  /** Kurtosis γ₄, NOT excess (normal = 3). */
  kurtosis: number;
}

/**
 * SR̂, T, g1 and γ₄ = g2 + 3 of a return series (mean/sd with the sample SD), for the PSR and DSR.
 * Blank (NaN) periods are left out; T counts the observations.
 */
export function sharpeEstimate(r: ArrayLike<number>): SharpeEstimate {
  r = withoutBlanks(r);
  return { sharpe: mean(r) / stdev(r), n: r.length, skew: skewness(r), kurtosis: kurtosis(r) + 3 };
}

/**
 * Probabilistic Sharpe ratio: the probability that the true Sharpe exceeds `benchmark` SR*:
 * PSR = Φ( (SR̂ − SR*)·√(T−1) / √(1 − γ₃·SR̂ + (γ₄−1)/4·SR̂²) ).
 */
export function probabilisticSharpeRatio(est: SharpeEstimate, benchmark = 0): number {
  const { sharpe: sr, n, skew, kurtosis: k } = est;
  const denom = Math.sqrt(1 - skew * sr + ((k - 1) / 4) * sr * sr);
  return normalCdf(((sr - benchmark) * Math.sqrt(n - 1)) / denom);
}

/**
 * Expected maximum Sharpe ratio among N independent trials whose Sharpe estimates have variance V
 * (the "false strategy" theorem): SR₀ = √V·((1−γ)Φ⁻¹(1 − 1/N) + γΦ⁻¹(1 − 1/(N·e))), γ = Euler–Mascheroni.
 */
export function expectedMaxSharpe(trials: number, variance: number): number {
  if (trials < 1) return Number.NaN;
  if (trials === 1) return 0;
  return (
    Math.sqrt(variance) *
    ((1 - EULER_GAMMA) * normalQuantile(1 - 1 / trials) +
      EULER_GAMMA * normalQuantile(1 - 1 / (trials * Math.E)))
  );
}

/**
 * Deflated Sharpe ratio: the PSR evaluated at SR* = expectedMaxSharpe(trials, variance), where
 * `variance` is the variance of the per-period Sharpe ratios across the trials that were tried.
 */
export function deflatedSharpeRatio(est: SharpeEstimate, trials: number, variance: number): number {
  return probabilisticSharpeRatio(est, expectedMaxSharpe(trials, variance));
}
