// The daily valuation's running state: one book per account and instrument (or cash currency), the
// scope's and each account's running totals, and the fast Decimal-to-float read the loop relies on.
// valuation.ts holds the daily loop itself.
import type { Decimal } from "../../../platform/money.ts";
import type { Cursor } from "./series.ts";
import type { Transaction } from "./types.ts";
import type { HoldingSeries, Valuation } from "./valuation-model.ts";

export interface Book {
  accountId: string;
  instrumentId: string | null;
  currency: string;
  qd: Decimal;
  q: number;
  /** A cash balance in the valuation currency, in minor units (see `move`). */
  minor: number;
  /** Quantity at the previous close (split-adjusted) and the FX rate then. */
  qPrev: number;
  x0: number;
  vPrev: number;
  cursor: Cursor | null;
  tradePrice: number;
  tradeDay: number;
  // The day's flows between this book and the rest (minor units) and its trades (Σn, Σn·rate).
  dIn: number;
  dOut: number;
  dIncome: number;
  dFees: number;
  sn: number;
  snx: number;
  // Cumulative since the first day.
  cG: number;
  cIncome: number;
  cFees: number;
  cFx: number;
  cFxLost: number;
  fxRounded: number;
  active: boolean;
  staleDays: number;
  snaps: Float64Array;
  series: HoldingSeries | null;
  /** The account's own running totals (with `perAccount`). */
  totals: Totals | null;
}

const MAX_EXACT = Number.MAX_SAFE_INTEGER;

/** Running totals of a scope, or of one account in it, written to its arrays at each close. */
export class Totals {
  // Instruments and cash apart, since cash's market part is FX.
  gI = 0;
  incI = 0;
  feeI = 0;
  fxI = 0;
  gC = 0;
  incC = 0;
  feeC = 0;
  inflow = 0;
  outflow = 0;
  value = 0;
  stale = 0;
  readonly out: Valuation;
  constructor(out: Valuation) {
    this.out = out;
  }
  close(k: number): void {
    const o = this.out;
    o.value[k] = this.value;
    o.inflow[k] = this.inflow;
    o.outflow[k] = this.outflow;
    o.income[k] = this.incI + this.incC;
    o.fees[k] = this.feeI + this.feeC;
    o.fx[k] = this.fxI + (this.gC - this.incC - this.feeC);
    o.price[k] = this.gI - this.incI - this.feeI - this.fxI;
    o.stale[k] = this.stale;
    if (Math.abs(this.value) > MAX_EXACT || Math.abs(this.gI) > MAX_EXACT || Math.abs(this.gC) > MAX_EXACT)
      throw new RangeError("values beyond 2^53 minor units cannot be kept exact");
    this.inflow = this.outflow = this.value = this.stale = 0;
  }
}

const POW7 = [1, 1e7, 1e14, 1e21];
const TWO53 = 2 ** 53;

/**
 * A Decimal as the float `toNumber` gives (the nearest double), read from decimal.js's documented
 * representation (`d`: base-1e7 digit groups aligned on the decimal point, `e`: the base-10
 * exponent, `s`: the sign) instead of going through a string: when the digits form an integer below
 * 2^53 and the scaling power of ten is exact (up to 1e21), one multiplication or division of two
 * exact doubles rounds once, to the nearest double. Anything else goes through `toNumber`.
 */
export function num(x: Decimal): number {
  const r = x as unknown as { d: number[] | null; e: number; s: number };
  const d = r.d;
  if (!d) return x.toNumber();
  let acc = 0;
  for (let i = 0; i < d.length; i++) acc = acc * 1e7 + (d[i] as number);
  const k = Math.floor(r.e / 7) - (d.length - 1);
  if (acc >= TWO53 || k > 3 || k < -3) return x.toNumber();
  const v = k >= 0 ? acc * (POW7[k] as number) : acc / (POW7[-k] as number);
  return r.s < 0 ? -v : v;
}

/** The currency an existing instrument book is kept in (a corporate action names none). */
export function instrumentCurrency(
  t: Transaction & { accountId: string; instrumentId?: string },
  books: Map<string, Book>,
): string {
  const b = books.get(`${t.accountId}\u0000${t.instrumentId}`);
  if (b) return b.currency;
  if ("currency" in t) return t.currency;
  throw new RangeError(`transaction ${t.id}: ${t.instrumentId} was never bought`);
}
