// The reference half of the market module: fundamentals, macro series, regimes.

export { REGIMES_JOB } from "./jobs.ts";
export { computeRegimes } from "./regimes.ts";
export {
  addFundamentals,
  getFundamentals,
  loadTreasuryCmt,
  recomputeRegimes,
  saveMacroSeries,
} from "./service.ts";
