// Quotes in a currency's minor unit: London prices in pence (GBX, Ghostfolio's GBp), Johannesburg in
// cents (ZAc), Tel Aviv in agorot (ILA). The ledger keeps ISO 4217 currencies, so such activities are
// restated in the major unit (÷ 100; the rate to the base currency × 100), with a note saying so.
import type { ParsedActivity } from "../parsers/types.ts";
import { div, mul } from "./numbers.ts";

const MINOR_UNITS: Record<string, string> = { GBX: "GBP", GBP_PENCE: "GBP", ZAC: "ZAR", ILA: "ILS" };

/** The major currency of a minor-unit code (`GBX`, `GBp`, `ZAc`, `ILA`), or undefined for others. */
export function majorOf(currency: string | undefined): string | undefined {
  if (!currency) return undefined;
  if (currency === "GBp") return "GBP";
  return MINOR_UNITS[currency.toUpperCase()];
}

/** Restates an activity given in a minor unit in its major currency; others are returned unchanged. */
export function toMajorUnit(a: ParsedActivity): ParsedActivity {
  const major = majorOf(a.currency);
  if (!major) return a;
  const out: ParsedActivity = {
    ...a,
    currency: major,
    note: [a.note, `converted from ${a.currency} (÷ 100)`].filter(Boolean).join("; "),
  };
  for (const k of ["price", "amount", "fee", "withholdingTax"] as const)
    if (a[k]) out[k] = div(a[k]!, "100", 12);
  if (a.fxRate) out.fxRate = mul(a.fxRate, "100");
  return out;
}
