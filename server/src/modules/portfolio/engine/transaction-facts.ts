// Facts about a transaction the daily valuation needs: its gross amount (computed once), the
// instruments and currencies it touches.
import type { Decimal } from "../../../platform/money.ts";
import type { Transaction } from "./types.ts";

/** A trade's gross amount, computed once however many scopes value it. */
const grosses = new WeakMap<Transaction, Decimal>();
export function grossOf(t: Extract<Transaction, { quantity: Decimal; price: Decimal }>): Decimal {
  let g = grosses.get(t);
  if (!g) {
    g = t.quantity.times(t.price);
    grosses.set(t, g);
  }
  return g;
}

/** Collects the instruments and currencies a transaction involves. */
export function touches(t: Transaction, instruments: Set<string>, currencies: Set<string>): void {
  if ("instrumentId" in t && t.instrumentId) instruments.add(t.instrumentId);
  if (t.type === "spinOff") {
    instruments.add(t.newInstrumentId);
    if (t.newCurrency) currencies.add(t.newCurrency);
  }
  if (t.type === "conversion") {
    currencies.add(t.fromCurrency);
    currencies.add(t.toCurrency);
  }
  if ("currency" in t) currencies.add(t.currency);
}
