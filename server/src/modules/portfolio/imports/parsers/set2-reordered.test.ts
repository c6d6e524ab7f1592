// Columns in another order than the broker writes them: each second-set file is still recognised by its
// own parser and reads to the same activities.
import { describe, expect, it } from "vitest";
import { readCsv } from "../text/csv.ts";
import { binanceParser } from "./binance.ts";
import { coinbaseParser } from "./coinbase.ts";
import { etoroParser } from "./etoro.ts";
import { fixture, sourceFromBytes } from "./fixture-source.ts";
import { freetradeParser } from "./freetrade.ts";
import { revolutParser } from "./revolut.ts";
import { saxoParser } from "./saxo.ts";
import { tradeRepublicParser } from "./traderepublic.ts";
import { trading212Parser } from "./trading212.ts";
import type { BrokerParser, ParseResult } from "./types.ts";
import { xtbParser } from "./xtb.ts";

/** The table with its columns reversed (short rows padded first; quoted where needed), blank lines dropped. */
function reversed(text: string, delimiter = ","): string {
  const rows = readCsv(text, delimiter as ",").filter((r) => !r.blank);
  const width = rows[0]?.fields.length ?? 0;
  return rows
    .map((r) =>
      [...r.fields, ...Array<string>(Math.max(0, width - r.fields.length)).fill("")]
        .reverse()
        .map((f) => (f.includes(delimiter) || f.includes('"') ? `"${f.replace(/"/g, '""')}"` : f))
        .join(delimiter),
    )
    .join("\n");
}

const CASES: Array<[string, BrokerParser, string?]> = [
  ["trading212/transactions.csv", trading212Parser],
  ["revolut/revolut-invest-export.csv", revolutParser],
  ["revolut/revolut-crypto-export.csv", revolutParser],
  ["freetrade/transactions.csv", freetradeParser],
  ["etoro/etoro-export.csv", etoroParser],
  ["binance/binance_history.csv", binanceParser],
  ["coinbase/coinbase-export.csv", coinbaseParser],
  ["traderepublic/TransactionExport02.csv", tradeRepublicParser],
  ["saxo/saxo-export.csv", saxoParser],
  ["xtb/xtb-export.csv", xtbParser, ";"],
];

describe("second-set files with their columns reordered", () => {
  it.each(CASES)("%s", (path, parser, delimiter) => {
    const f = fixture(path);
    const text = reversed(f.text, delimiter);
    const file = sourceFromBytes("reordered.csv", new TextEncoder().encode(text));
    expect(parser.detect(file)).toBeGreaterThan(0.5);
    const a = parser.parse(f, { defaultCurrency: "EUR" }) as ParseResult;
    const b = parser.parse(file, { defaultCurrency: "EUR" }) as ParseResult;
    expect(b.errors).toEqual(a.errors);
    expect(b.activities).toEqual(a.activities);
  });
});
