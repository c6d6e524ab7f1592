// Telling which currency a money text is written in (`$85.11`, `-€597.49`, `89,162.28 SEK`, `£3`), and
// turning pence (GBX, GBp) into pounds, for the second set of broker parsers. readNumber reads the
// number and drops the currency; these helpers keep it. Symbols several currencies share (`$`) answer
// the most common one only when the caller has nothing better (a Currency column, passed first).
import { Decimal } from "../../../../platform/money.ts";

const SYMBOLS: ReadonlyArray<[RegExp, string]> = [
  [/US\$/, "USD"],
  [/C\$/, "CAD"],
  [/A\$/, "AUD"],
  [/R\$/, "BRL"],
  [/€/, "EUR"],
  [/£/, "GBP"],
  [/₩/, "KRW"],
  [/¥/, "JPY"],
  [/₹/, "INR"],
  [/zł/, "PLN"],
  [/Kč/, "CZK"],
  [/₺/, "TRY"],
  [/\$/, "USD"],
];

/** The ISO code a money text names, by a three-letter code beside the number or a currency symbol. */
export function currencyIn(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const s = raw.trim();
  const code = /(?:^|[\s\d)])([A-Z]{3})$/.exec(s) ?? /^([A-Z]{3})(?=[\s\d(+\-\u2212.,])/.exec(s);
  if (code) return code[1];
  for (const [re, iso] of SYMBOLS) if (re.test(s)) return iso;
  return undefined;
}

/** True for the pence quotations of London prices (GBX, GBp). */
export function isPence(currency: string | undefined): boolean {
  return currency === "GBX" || currency === "GBp";
}

/** A price in pence as pounds (exact: a division by 100). */
export function penceToPounds(value: string): string {
  return new Decimal(value).div(100).toString();
}

/** Upper-cases and trims a currency cell; undefined unless it is a three-letter code. */
export function currencyCode(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const s = raw.trim().replace(/^"|"$/g, "");
  if (s === "GBp") return "GBX";
  const u = s.toUpperCase();
  return /^[A-Z]{3}$/.test(u) ? u : undefined;
}
