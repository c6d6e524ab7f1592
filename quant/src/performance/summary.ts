import { kurtosis, skewness } from "../stats/moments.ts";
import {
  annualizedReturn,
  annualizedSharpeRatio,
  annualizedStdDev,
  calmarRatio,
  historicalES,
  historicalVaR,
  maxDrawdown,
  omegaRatio,
  painIndex,
  sortinoRatio,
  ulcerIndex,
  withoutBlanks,
} from "./metrics.ts";

/** The headline metrics of a return series (the fields of 003 backtest_results and more). */
export interface PerformanceSummary {
  /** Number of observations (blank periods not counted). */
  periods: number;
  /** Geometric annualised return. */
  annualizedReturn: number;
  annualizedVolatility: number;
  /** Annualised arithmetic Sharpe (PA 2.1.0 default). */
  sharpeRatio: number;
  /** Per-period Sortino ratio at MAR = 0, annualised by √scale. */
  sortinoRatio: number;
  maxDrawdown: number;
  calmarRatio: number;
  /** Historical 95% VaR and ES as (negative) returns. */
  var95: number;
  es95: number;
  omega: number;
  ulcerIndex: number;
  painIndex: number;
  /** g1 and excess g2. */
  skewness: number;
  kurtosis: number;
}

/**
 * Headline metrics of periodic simple returns with `scale` periods per year (default 252) and a
 * per-period risk-free rate `rf` (default 0). The Sortino ratio here is annualised by √scale
 * (PA's `SortinoRatio` itself is per period; call {@link sortinoRatio} for that).
 */
export function performanceSummary(
  r: ArrayLike<number>,
  opts: { scale?: number; rf?: number | ArrayLike<number> } = {},
): PerformanceSummary {
  const scale = opts.scale ?? 252;
  // Blank (NaN) periods are left out, as every metric here does (see metrics.ts).
  r = withoutBlanks(r);
  return {
    periods: r.length,
    annualizedReturn: annualizedReturn(r, { scale }),
    annualizedVolatility: annualizedStdDev(r, { scale }),
    sharpeRatio: annualizedSharpeRatio(r, { scale, rf: opts.rf ?? 0 }),
    sortinoRatio: sortinoRatio(r) * Math.sqrt(scale),
    maxDrawdown: maxDrawdown(r),
    calmarRatio: calmarRatio(r, { scale }),
    var95: historicalVaR(r),
    es95: historicalES(r),
    omega: omegaRatio(r),
    ulcerIndex: ulcerIndex(r),
    painIndex: painIndex(r),
    skewness: skewness(r),
    kurtosis: kurtosis(r),
  };
}
