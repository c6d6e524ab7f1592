// Broker files re-saved by a spreadsheet set to a European locale: semicolons between fields, decimal
// commas, Windows-1252 bytes. Each must read exactly as the original does.
import { describe, expect, it } from "vitest";
import { readCsv } from "../text/csv.ts";
import { coinbaseParser } from "./coinbase.ts";
import { etoroParser } from "./etoro.ts";
import { fixture, sourceFromBytes, windows1252 } from "./fixture-source.ts";
import { freetradeParser } from "./freetrade.ts";
import { revolutParser } from "./revolut.ts";
import { tradeRepublicParser } from "./traderepublic.ts";
import { trading212Parser } from "./trading212.ts";
import type { BrokerParser, ParseResult } from "./types.ts";
import { xtbParser } from "./xtb.ts";

/** What a spreadsheet in a decimal-comma locale writes back: `;`, `1234,56`, quotes only where needed. */
function resave(text: string): string {
  return readCsv(text)
    .filter((r) => !r.blank)
    .map((r) =>
      r.fields
        .map((f) => (/^[-(]?[€$£]?\d+\.\d+\)?$/.test(f.trim()) ? f.replace(".", ",") : f))
        .map((f) =>
          f.includes(";") || f.includes('"') || f.includes("\n") ? `"${f.replace(/"/g, '""')}"` : f,
        )
        .join(";"),
    )
    .join("\r\n");
}

const CASES: Array<[string, BrokerParser]> = [
  ["trading212/transactions.csv", trading212Parser],
  ["trading212/single_buy_euro_finra_fee.csv", trading212Parser],
  ["freetrade/transactions.csv", freetradeParser],
  ["coinbase/coinbase-export.csv", coinbaseParser],
  ["traderepublic/TransactionExport02.csv", tradeRepublicParser],
  ["etoro/etoro-export.csv", etoroParser],
  ["revolut/revolut-crypto-export.csv", revolutParser],
];

describe("files re-saved with semicolons and decimal commas", () => {
  it.each(CASES)("%s reads as the original", (path, parser) => {
    const f = fixture(path);
    const original = parser.parse(f, { defaultCurrency: "EUR" }) as ParseResult;
    const text = resave(f.text);
    expect(text).toContain(";");
    const again = parser.parse(
      sourceFromBytes(
        "resaved.csv",
        windows1252([...text].map((c) => (c.charCodeAt(0) > 0xff && c !== "€" ? "?" : c)).join("")),
      ),
      { defaultCurrency: "EUR" },
    ) as ParseResult;
    expect(again.errors).toEqual(original.errors);
    expect(again.activities).toEqual(original.activities);
    expect(parser.detect(sourceFromBytes("resaved.csv", new TextEncoder().encode(text)))).toBeGreaterThan(
      0.5,
    );
  });

  it("XTB's semicolon file with decimal commas", () => {
    const f = fixture("xtb/xtb-export.csv");
    const text = f.text.replace(/;(-?\d+)\.(\d+)(\r?\n|$)/g, ";$1,$2$3");
    expect(text).toContain(";-399,43");
    const a = xtbParser.parse(f, { defaultCurrency: "EUR" }) as ParseResult;
    const b = xtbParser.parse(sourceFromBytes("x.csv", new TextEncoder().encode(text)), {
      defaultCurrency: "EUR",
    }) as ParseResult;
    expect(b.activities).toEqual(a.activities);
  });
});
