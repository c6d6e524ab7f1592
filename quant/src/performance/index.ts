// @bullpen/quant/performance — return and risk metrics as R PerformanceAnalytics 2.1.0 computes them
// (blank periods as NaN are left out, see metrics.ts), trade statistics, probabilistic and deflated
// Sharpe ratios, the normal distribution. Browser-safe: no node: module is reachable from here (tested).
export {
  activePremium,
  annualizedReturn,
  annualizedSharpeRatio,
  annualizedStdDev,
  annualizedTurnover,
  calmarRatio,
  capmAlpha,
  capmBeta,
  downsideDeviation,
  drawdowns,
  drawdownsFromEquity,
  excessReturns,
  gaussianES,
  gaussianVaR,
  historicalES,
  historicalVaR,
  informationRatio,
  type KurtosisMethod,
  maxDrawdown,
  modifiedVaR,
  omegaRatio,
  painIndex,
  quantileType7,
  type RateLike,
  returnsFromEquity,
  returnsKurtosis,
  returnsSkewness,
  type SkewnessMethod,
  sharpeRatio,
  sortinoRatio,
  trackingError,
  ulcerIndex,
  withoutBlanks,
} from "./metrics.ts";
export { normalCdf, normalPdf, normalQuantile } from "./normal.ts";
export {
  deflatedSharpeRatio,
  expectedMaxSharpe,
  probabilisticSharpeRatio,
  type SharpeEstimate,
  sharpeEstimate,
} from "./sharpe-inference.ts";
export { type PerformanceSummary, performanceSummary } from "./summary.ts";
export { type TradeStatistics, tradeStatistics } from "./trades.ts";
