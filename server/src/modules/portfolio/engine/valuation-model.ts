// What a valuation takes and gives: the options of a scope's daily valuation, each holding's series,
// the running decomposition's parts and the per-account books (valuation.ts computes them).
import type { Ledger } from "./ledger.ts";
import type { MarketData } from "./series.ts";
import type { Account, IsoDate } from "./types.ts";

export interface ValuationOptions {
  ledger: Ledger;
  /** The scope: one account for an account's figures, all of them for the overall portfolio. */
  accounts: readonly Account[];
  /** The currency every figure is stated in (an account's base, or the user's currency). */
  currency: string;
  market: MarketData;
  /** Last day valued (default: the last transaction or market point of the scope). */
  to?: IsoDate;
  /** Days at which each holding's cumulative decomposition is kept (period boundaries). */
  checkpoints?: readonly IsoDate[];
  /** Holdings whose own daily series (value and flows to and from cash) are kept, for their TWR. */
  track?: readonly { accountId: string; instrumentId: string }[];
  /**
   * Also each account's own figures from the same pass (in `currency`, which is each account's own
   * only when it is its base): one walk over the days instead of one per account.
   */
  perAccount?: boolean;
}

/** One holding's daily value and its flows with the account's cash (buys in, sales and income out). */
export interface HoldingSeries {
  accountId: string;
  instrumentId: string;
  value: Float64Array;
  inflow: Float64Array;
  outflow: Float64Array;
}

/** Cumulative decomposition of one holding (or cash balance) at a checkpoint, in minor units. */
export interface Parts {
  value: number;
  gain: number;
  price: number;
  income: number;
  fx: number;
  fees: number;
}

export interface BookSummary {
  accountId: string;
  /** null for a cash balance. */
  instrumentId: string | null;
  currency: string;
  /** One entry per checkpoint, in the order given. */
  atCheckpoints: Parts[];
  /** Valuation days on which the book was held but its price was carried from an earlier day. */
  staleDays: number;
}

export interface Valuation {
  currency: string;
  /** Minor units per currency unit (100 for USD, 1 for KRW): every money array is in minor units. */
  scale: number;
  dates: IsoDate[];
  days: Int32Array;
  /** Value at each day's close. */
  value: Float64Array;
  /** External flows of each day: money (or securities, at the day's close) coming in and going out. */
  inflow: Float64Array;
  outflow: Float64Array;
  /** Cumulative decomposition since the first day, at each day's close; gain = the sum of the four. */
  price: Float64Array;
  income: Float64Array;
  fx: Float64Array;
  fees: Float64Array;
  /** Holdings valued at a carried (stale) price on each day. */
  stale: Uint16Array;
  checkpoints: IsoDate[];
  books: BookSummary[];
  tracked: HoldingSeries[];
  /** With `perAccount`: each account's valuation, on the same days. */
  accounts: { accountId: string; valuation: Valuation }[];
}

/** A valuation of `days.length` days with every series zero, to be filled by valuate. */
export function emptyValuation(
  currency: string,
  scale: number,
  dates: IsoDate[],
  days: Int32Array,
  checkpoints: IsoDate[],
): Valuation {
  const n = days.length;
  return {
    currency,
    scale,
    dates,
    days,
    value: new Float64Array(n),
    inflow: new Float64Array(n),
    outflow: new Float64Array(n),
    price: new Float64Array(n),
    income: new Float64Array(n),
    fx: new Float64Array(n),
    fees: new Float64Array(n),
    stale: new Uint16Array(n),
    checkpoints,
    books: [],
    tracked: [],
    accounts: [],
  };
}
