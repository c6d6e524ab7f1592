// @bullpen/quant/stats — time-series statistics (moments, returns, rolling windows, autocorrelation,
// ADF, Hurst, wavelets, correlation matrices). Browser-safe: no node: module is reachable from here
// (tested). linalg.ts and special.ts are internal numerics.
export {
  type AdfRegression,
  type AdfResult,
  adfTest,
  mackinnonCriticalValues,
  mackinnonPValue,
} from "./adf.ts";
export { acf, autocovariance, pacfOls, pacfYuleWalker } from "./autocorrelation.ts";
export { averageRanks, type Columns, correlationMatrix, spearmanCorrelationMatrix } from "./correlation.ts";
export { type HurstResult, hurstExponent } from "./hurst.ts";
export { kurtosis, mean, skewness, stdev, variance } from "./moments.ts";
export { logReturns, simpleReturns } from "./returns.ts";
export { rollingKurtosis, rollingMean, rollingSkewness, rollingStdev, rollingVariance } from "./rolling.ts";
export { dwt, dwtMaxLevel, idwt, WAVELETS, type Wavelet, wavedec, waverec } from "./wavelets.ts";
