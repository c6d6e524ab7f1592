// Order-matching rules against one OHLCV bar: pure functions shared by the event-driven backtest,
// paper trading and live simulation, so all three fill an order the same way.
//
// Conventions (daily or intraday bars, no tick data):
// - An order is eligible from the bar after the one on which it was submitted (no look-ahead).
// - Within a bar the path is unknown, so only these facts are used: the open comes first; a price
//   level between low and high was touched at some time after the open.
// - Gaps: if the open is already beyond a stop (or better than a limit), the fill is at the open.
// - Market orders fill at the open. IOC and FOK orders only get the open: an intrabar touch is too late.
// - Slippage applies to liquidity-taking fills (market, stop, trailing stop, a triggered stop-limit,
//   the latter capped at its limit); a limit fill is at its limit price or the better open.
// - Partial fills: at most `available` units can fill on this bar (a share of bar volume minus what
//   other orders of the same asset already took).
import { type SlippageModel, slippedPrice } from "./costs.ts";

/** Order side. */
export type OrderSide = "buy" | "sell";
/** Order types supported by the matcher. */
export type OrderType = "market" | "limit" | "stop" | "stopLimit" | "trailingStop";
/** Time in force: day (the first eligible bar), gtc, ioc (at the open, rest cancelled), fok (all at the open or nothing). */
export type TimeInForce = "day" | "gtc" | "ioc" | "fok";

/** The mutable state of an order that the matcher reads and updates. Quantities are positive. */
export interface MatchableOrder {
  side: OrderSide;
  type: OrderType;
  tif: TimeInForce;
  /** Total quantity ordered. */
  quantity: number;
  /** Quantity filled so far. */
  filled: number;
  /** Limit price (limit, stopLimit). */
  limitPrice: number;
  /** Stop price (stop, stopLimit). */
  stopPrice: number;
  /** Trailing distance in price units (trailingStop), or 0. */
  trailAmount: number;
  /** Trailing distance as a fraction (0.05 = 5%) (trailingStop), or 0. */
  trailPercent: number;
  /** Best price seen since submission: highest high for a sell trail, lowest low for a buy trail. */
  trailAnchor: number;
  /** Whether the stop of a stopLimit has triggered (it then rests as a limit order). */
  triggered: boolean;
  /** First bar index on which the order may fill. */
  eligibleBar: number;
}

/** One bar of one asset. */
export interface BarQuote {
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/** Why a fill happened: index into {@link FILL_RULES}. */
export const FillRule = {
  marketOpen: 0,
  limitAtOpen: 1,
  limitTouched: 2,
  stopGapOpen: 3,
  stopTriggered: 4,
  stopLimitAtOpen: 5,
  stopLimitAtStop: 6,
  stopLimitTouched: 7,
  trailingGapOpen: 8,
  trailingTriggered: 9,
} as const;

/** Human-readable names of the fill rules, indexed by {@link FillRule} codes. */
export const FILL_RULES: readonly string[] = [
  "market@open",
  "limit, open better than limit",
  "limit touched",
  "stop triggered, gap open",
  "stop triggered",
  "stop-limit triggered, filled at open",
  "stop-limit triggered, filled at stop",
  "stop-limit triggered, limit touched",
  "trailing stop triggered, gap open",
  "trailing stop triggered",
];

/** The result of matching: written into a caller-owned object so the hot path allocates nothing. */
export interface MatchOut {
  /** Units filled on this bar (0 = no fill). */
  quantity: number;
  /** Execution price after slippage. */
  price: number;
  /** A {@link FillRule} code. */
  rule: number;
  /** True when the order must be cancelled after this bar (IOC/FOK/day expiry, FOK not fillable). */
  done: boolean;
}

/** A fresh {@link MatchOut}. */
export function newMatchOut(): MatchOut {
  return { quantity: 0, price: Number.NaN, rule: -1, done: false };
}

/** The current trailing-stop level of a trailing order (from its anchor and distance). */
export function trailingStopLevel(o: MatchableOrder): number {
  const buy = o.side === "buy";
  if (o.trailPercent > 0)
    return buy ? o.trailAnchor * (1 + o.trailPercent) : o.trailAnchor * (1 - o.trailPercent);
  return buy ? o.trailAnchor + o.trailAmount : o.trailAnchor - o.trailAmount;
}

/**
 * Matches `o` against bar `bar` with index `t`. Writes the fill (possibly quantity 0) into `out` and
 * returns `out.quantity > 0`. Does not mutate `o` except `triggered` (stop-limit trigger) and, after the
 * check, `trailAnchor` (trailing stops follow this bar's extreme only after being tested against it,
 * since the bar's high/low order is unknown). The caller applies the fill (`o.filled += out.quantity`).
 * `available` caps the quantity (volume participation); pass Infinity for no cap.
 */
export function matchOrder(
  o: MatchableOrder,
  bar: BarQuote,
  t: number,
  available: number,
  slippage: SlippageModel,
  out: MatchOut,
): boolean {
  out.quantity = 0;
  out.price = Number.NaN;
  out.rule = -1;
  out.done = false;
  if (t < o.eligibleBar) return false;
  const atOpenOnly = o.tif === "ioc" || o.tif === "fok";
  // day/ioc/fok live for their first eligible bar only.
  if (o.tif !== "gtc") out.done = true;
  if (Number.isNaN(bar.open)) return false; // no quote (NaN): nothing trades

  const buy = o.side === "buy";
  const sgn: 1 | -1 = buy ? 1 : -1;
  const { open, high, low } = bar;
  let ref = Number.NaN; // reference price before slippage
  let rule = -1;
  let takesLiquidity = true;
  let cap = Number.POSITIVE_INFINITY; // best acceptable price (stop-limit)

  switch (o.type) {
    case "market":
      ref = open;
      rule = FillRule.marketOpen;
      break;
    case "limit": {
      const L = o.limitPrice;
      takesLiquidity = false;
      if (buy ? open <= L : open >= L) {
        ref = open;
        rule = FillRule.limitAtOpen;
      } else if (!atOpenOnly && (buy ? low <= L : high >= L)) {
        ref = L;
        rule = FillRule.limitTouched;
      }
      break;
    }
    case "stop": {
      const S = o.stopPrice;
      if (buy ? open >= S : open <= S) {
        ref = open;
        rule = FillRule.stopGapOpen;
      } else if (!atOpenOnly && (buy ? high >= S : low <= S)) {
        ref = S;
        rule = FillRule.stopTriggered;
      }
      break;
    }
    case "stopLimit": {
      const S = o.stopPrice;
      const L = o.limitPrice;
      cap = L;
      if (!o.triggered) {
        if (buy ? open >= S : open <= S) {
          o.triggered = true;
          // Triggered at the open: everything later in the bar comes after the trigger.
          if (buy ? open <= L : open >= L) {
            ref = open;
            rule = FillRule.stopLimitAtOpen;
          } else if (!atOpenOnly && (buy ? low <= L : high >= L)) {
            ref = L;
            rule = FillRule.stopLimitTouched;
            takesLiquidity = false;
          }
        } else if (!atOpenOnly && (buy ? high >= S : low <= S)) {
          o.triggered = true;
          // Triggered intrabar at S. If S is within the limit, fill there; otherwise we cannot know
          // whether the price came back to L after touching S, so (conservatively) not on this bar.
          if (buy ? S <= L : S >= L) {
            ref = S;
            rule = FillRule.stopLimitAtStop;
          }
        }
      } else {
        takesLiquidity = false;
        if (buy ? open <= L : open >= L) {
          ref = open;
          rule = FillRule.limitAtOpen;
        } else if (!atOpenOnly && (buy ? low <= L : high >= L)) {
          ref = L;
          rule = FillRule.limitTouched;
        }
      }
      break;
    }
    case "trailingStop": {
      if (Number.isNaN(o.trailAnchor)) o.trailAnchor = open; // no quote at submission
      const S = trailingStopLevel(o);
      if (buy ? open >= S : open <= S) {
        ref = open;
        rule = FillRule.trailingGapOpen;
      } else if (!atOpenOnly && (buy ? high >= S : low <= S)) {
        ref = S;
        rule = FillRule.trailingTriggered;
      }
      // Follow the market only after testing this bar (its extreme may have come after the low/high).
      if (buy ? low < o.trailAnchor : high > o.trailAnchor) o.trailAnchor = buy ? low : high;
      break;
    }
  }

  const remaining = o.quantity - o.filled;
  if (rule < 0 || remaining <= 0) return false;
  const q = Math.min(remaining, available);
  if (o.tif === "fok" && q < remaining) return false; // all or nothing: cancelled (done = true)
  if (q <= 0) return false;
  let price = takesLiquidity ? slippedPrice(slippage, sgn, ref, q, bar.volume) : ref;
  if (o.type === "stopLimit" && (buy ? price > cap : price < cap)) price = cap;
  out.quantity = q;
  out.price = price;
  out.rule = rule;
  if (q >= remaining) out.done = true;
  return true;
}
