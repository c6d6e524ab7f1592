// The portfolio's pure engine: ledger replay, valuation, returns. No database, no HTTP.
export { LedgerError } from "./errors.ts";
export {
  type AccountHoldings,
  type Holding,
  Ledger,
  type Realisation,
  type Resolved,
  replay,
} from "./ledger.ts";
export { PERIOD_NAMES, type Period, type PeriodName, periodAnchor } from "./periods.ts";
export type { Lot, LotSlice, Side } from "./position.ts";
export {
  type Analysis,
  type AnalysisOptions,
  analyse,
  type Decomposition,
  type HoldingFigures,
  holdingsBetween,
  type PeriodFigures,
  partsBetween,
  periodFigures,
  periodIndices,
  type RiskFigures,
  riskFigures,
} from "./returns.ts";
export type { MarketData, Series } from "./series.ts";
export { annualise, dailyReturns, link } from "./twr.ts";
export type {
  Account,
  IncomingLot,
  IsoDate,
  LotPick,
  Origin,
  Transaction,
  TransactionType,
} from "./types.ts";
export {
  type BookSummary,
  type HoldingSeries,
  type Parts,
  type Valuation,
  type ValuationOptions,
  valuate,
} from "./valuation.ts";
export { brent, type Flow, type XirrResult, xirr } from "./xirr.ts";
