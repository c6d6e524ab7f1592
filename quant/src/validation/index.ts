// @bullpen/quant/validation — walk-forward splits, purged k-fold, combinatorial purged CV, out-of-sample
// stitching and parameter grids. Browser-safe; the worker-thread sweep (runSweep) is Node-only and
// lives behind `@bullpen/quant/validation/node`.
export { parameterGrid } from "./grid.ts";
export {
  type Cpcv,
  type CpcvSplit,
  combinatorialPurgedCV,
  foldDateRange,
  type IndexSplit,
  type LabelSpan,
  purgedKFold,
  stitchCpcvPath,
  stitchOutOfSample,
  type WalkForwardFold,
  walkForwardSplits,
} from "./splits.ts";
