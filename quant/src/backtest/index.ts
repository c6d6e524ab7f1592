// @bullpen/quant/backtest — the event-driven engine (orders, fills, costs, corporate actions), the
// vectorised engine over target matrices, and the pure order-matching rules paper trading reuses.
// Browser-safe.
export { type CommissionModel, commissionFor, type SlippageModel, slippedPrice } from "./costs.ts";
export type { BarData, CorporateAction } from "./data.ts";
export {
  EventBacktest,
  type EventBacktestConfig,
  type EventBacktestResult,
  type EventStrategy,
  type Fill,
} from "./event.ts";
export type { BracketSpec, Order, OrderSpec, OrderStatus } from "./event-orders.ts";
export type { RoundTrip } from "./event-positions.ts";
export {
  type BarQuote,
  FILL_RULES,
  FillRule,
  type MatchableOrder,
  type MatchOut,
  matchOrder,
  newMatchOut,
  type OrderSide,
  type OrderType,
  type TimeInForce,
  trailingStopLevel,
} from "./matching.ts";
export {
  type HoldingRow,
  holdingsTable,
  runVectorBacktest,
  type VectorBacktestConfig,
  type VectorBacktestResult,
  type VectorTrade,
} from "./vector.ts";
