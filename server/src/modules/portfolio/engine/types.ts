// The ledger's transaction model. Every amount is a Decimal in the transaction's own currency, with
// `fxRate` = units of the account's base currency per one unit of that currency at the time (1 when
// they are the same), so base-currency figures are reproducible without a rate table.
import type { Decimal } from "../../../platform/money.ts";

/** ISO calendar date, YYYY-MM-DD. */
export type IsoDate = string;

/** Where a ledger row came from; it is copied onto every lot, sale and flow the row produces. */
export type Origin =
  | { kind: "manual" }
  | { kind: "import"; importId: string; row: number }
  | { kind: "sync"; connectionId: string; externalId?: string }
  | { kind: "paper"; paperAccountId: string };

export interface Account {
  id: string;
  baseCurrency: string;
}

interface Common {
  id: string;
  accountId: string;
  date: IsoDate;
  origin: Origin;
}

/**
 * A chosen lot and how much of it a sale (or cover, or transfer) takes: specific identification. The
 * lot is named by its id, or by its acquisition date (the open lots of that day, oldest first).
 */
export type LotPick = { quantity: Decimal } & ({ lotId: string } | { acquiredDate: IsoDate });

/** A trade: `quantity` > 0 units at `price` per unit; `fee` (≥ 0) in the same currency. */
interface Trade extends Common {
  instrumentId: string;
  quantity: Decimal;
  price: Decimal;
  fee?: Decimal;
  currency: string;
  fxRate: Decimal;
}

/** An amount of cash in `currency` (positive). */
interface CashAmount extends Common {
  amount: Decimal;
  currency: string;
  fxRate: Decimal;
}

/** A lot arriving from outside the ledger (another broker): its original cost and date. */
export interface IncomingLot {
  quantity: Decimal;
  /** Total cost in the instrument's currency, fees included. */
  cost: Decimal;
  /** Total cost in the receiving account's base currency; defaults to cost × the transfer's fxRate. */
  costBase?: Decimal;
  acquiredDate: IsoDate;
}

export type Transaction =
  | (Trade & { type: "buy" })
  | (Trade & { type: "sell"; lots?: LotPick[] })
  | (Trade & { type: "short" })
  | (Trade & { type: "cover"; lots?: LotPick[] })
  /** Gross dividend `amount`; `withholdingTax` is kept by the source country, cash gets the rest. */
  | (CashAmount & { type: "dividend"; instrumentId: string; withholdingTax?: Decimal })
  /** Interest received (negative for interest paid); tied to an instrument for a bond's coupon. */
  | (CashAmount & { type: "interest"; instrumentId?: string })
  | (CashAmount & { type: "fee" | "tax"; instrumentId?: string })
  /** `transferId` pairs a withdrawal from one account with a deposit into another (cash transfer). */
  | (CashAmount & { type: "deposit" | "withdrawal"; transferId?: string })
  /** `ratio` new units per old unit: 2 for a 2-for-1 split, 0.1 for a 1-for-10 reverse split. */
  | (Common & { type: "split"; instrumentId: string; ratio: Decimal })
  /**
   * New units of `newInstrumentId` per unit of `instrumentId` held; `costFraction` of each parent
   * lot's cost moves to the new lot, which keeps the parent lot's acquisition date.
   */
  | (Common & {
      type: "spinOff";
      instrumentId: string;
      newInstrumentId: string;
      newCurrency?: string;
      quantityRatio: Decimal;
      costFraction: Decimal;
    })
  /** Cash paid back out of capital: lowers cost basis (any excess over cost is a realised gain). */
  | (CashAmount & { type: "returnOfCapital"; instrumentId: string })
  /** Securities leaving for another account; `transferId` pairs it with the transferIn. */
  | (Common & {
      type: "transferOut";
      transferId: string;
      instrumentId: string;
      quantity: Decimal;
      lots?: LotPick[];
    })
  /**
   * Securities arriving. With a replayed transferOut of the same `transferId` the moved lots arrive
   * with their cost and dates; from outside the ledger, `lots` must say what they cost.
   * `fxRate`: the instrument currency's rate to this account's base, used when bases differ.
   */
  | (Common & {
      type: "transferIn";
      transferId: string;
      instrumentId: string;
      currency: string;
      quantity: Decimal;
      fxRate: Decimal;
      lots?: IncomingLot[];
    })
  /** Sells `fromAmount` of one currency for `toAmount` of another; `fee` in the from-currency. */
  | (Common & {
      type: "conversion";
      fromCurrency: string;
      fromAmount: Decimal;
      fromFxRate: Decimal;
      toCurrency: string;
      toAmount: Decimal;
      toFxRate: Decimal;
      fee?: Decimal;
    });

export type TransactionType = Transaction["type"];
