// Numbers in DEGIRO files: the amount columns mix `"26,45"` and `408.83` within one file (statements
// assembled from several exports), and trade descriptions write quantity and price in the language's
// own way (`Koop 1 @ 77,3 EUR`, `Buy 5 HP Inc@21.31 USD`, `Vente 1 046,3825 @ 0,9854 EUR`). A value is
// read with the file's separator first and by its own evidence second; a description whose numbers
// could be read two ways (`82,055`) is settled by the row's amount (quantity × price ≈ amount).
import { Decimal } from "../../../../platform/money.ts";
import { type DecimalSeparator, readNumber } from "../text/numbers.ts";

/** One value: with the file's separator, else by its own separators; undefined when neither reads. */
export function readFlexible(raw: string | undefined, preferred?: DecimalSeparator): string | undefined {
  if (raw === undefined || raw.trim() === "") return undefined;
  if (preferred) {
    const r = readNumber(raw, preferred);
    if (r.ok) return r.value;
  }
  const own = readNumber(raw);
  if (own.ok) return own.value;
  if (own.reason === "ambiguous" && preferred) {
    const other = readNumber(raw, preferred === "," ? "." : ",");
    if (other.ok) return other.value;
  }
  return undefined;
}

/** Every reading of a number written with either separator (`82,055` → 82.055 and 82055). */
export function readings(raw: string): string[] {
  const out = new Set<string>();
  for (const sep of [",", "."] as const) {
    const r = readNumber(raw, sep);
    if (r.ok) out.add(r.value);
  }
  return [...out];
}

/**
 * The quantity and price of a description, choosing among their readings the pair whose product is
 * closest to the amount (when the amount is in the price's currency), else the pair the language's
 * separator gives.
 */
export function settleTrade(
  qtyRaw: string,
  priceRaw: string,
  preferred: DecimalSeparator,
  amount: string | undefined,
  priceScale = "1",
): { quantity: string; price: string } | undefined {
  const qs = readings(qtyRaw);
  const ps = readings(priceRaw);
  if (qs.length === 0 || ps.length === 0) return undefined;
  if (amount !== undefined && (qs.length > 1 || ps.length > 1)) {
    const target = new Decimal(amount).abs();
    let best: { quantity: string; price: string; off: Decimal } | undefined;
    for (const quantity of qs) {
      for (const price of ps) {
        const off = new Decimal(quantity).mul(price).mul(priceScale).sub(target).abs();
        if (!best || off.lt(best.off)) best = { quantity, price, off };
      }
    }
    if (best?.off.lte(target.mul("0.05").add("0.05"))) return { quantity: best.quantity, price: best.price };
  }
  const quantity = readNumber(qtyRaw, preferred);
  const price = readNumber(priceRaw, preferred);
  return {
    quantity: quantity.ok ? quantity.value : qs[0]!,
    price: price.ok ? price.value : ps[0]!,
  };
}
