// Every fixture of the second set of brokers is recognised by its own parser, ahead of every other
// registered parser (H2's included), from its content alone.
import { describe, expect, it } from "vitest";
import { fixture } from "./fixture-source.ts";
import { detectParser, PARSERS } from "./registry.ts";

const EXPECTED: Array<[string, string]> = [
  ["trading212/trading212-export.csv", "trading212"],
  ["trading212/transactions.csv", "trading212"],
  ["trading212/single_buy_euro_finra_fee.csv", "trading212"],
  ["trading212/single_convert_currencies.csv", "trading212"],
  ["trading212/single_dividend.csv", "trading212"],
  ["trading212/single_stopsell_euro.csv", "trading212"],
  ["degiro/degiro-export.csv", "degiro"],
  ["degiro/single_buy_GBX.csv", "degiro"],
  ["degiro/single_buy_euro.csv", "degiro"],
  ["degiro/single_buy_usd.csv", "degiro"],
  ["degiro/single_dividend.csv", "degiro"],
  ["etoro/etoro-export.csv", "etoro"],
  ["revolut/revolut-invest-export.csv", "revolut"],
  ["revolut/revolut-crypto-export.csv", "revolut"],
  ["saxo/saxo-export.csv", "saxo"],
  ["xtb/xtb-export.csv", "xtb"],
  ["coinbase/coinbase-export.csv", "coinbase"],
  ["coinbase/single_buy.csv", "coinbase"],
  ["coinbase/single_stakereward_2025.csv", "coinbase"],
  ["binance/binance_history.csv", "binance"],
  ["traderepublic/TransactionExport02.csv", "traderepublic"],
  ["traderepublic/single_buy_stock.csv", "traderepublic"],
  ["traderepublic/single_dividend.csv", "traderepublic"],
  ["traderepublic/single_interest_with_tax.csv", "traderepublic"],
  ["traderepublic/traderepublic-export.csv", "traderepublic"],
  ["freetrade/transactions.csv", "freetrade"],
];

describe("detection of the second set of brokers", () => {
  it("registers each of the set's parsers once", () => {
    const ids = PARSERS.map((p) => p.id);
    for (const id of new Set(EXPECTED.map(([, id]) => id)).add("generic-csv"))
      expect(ids.filter((x) => x === id)).toEqual([id]);
  });

  it.each(EXPECTED)("%s is %s, strictly ahead of every other parser", (path, id) => {
    const ranked = detectParser(fixture(path));
    expect(ranked[0]?.id).toBe(id);
    if (ranked[1]) expect(ranked[1].confidence).toBeLessThan(ranked[0]!.confidence);
  });

  it("offers the generic CSV, low, for a plain table, which none of the set's parsers claims", () => {
    const text = "Date,Type,Symbol,Quantity,Price,Amount\n2024-01-02,Buy,AAPL,1,100,100\n";
    const ranked = detectParser({
      name: "x.csv",
      bytes: new TextEncoder().encode(text),
      text,
      encoding: "utf-8",
    });
    const generic = ranked.find((d) => d.id === "generic-csv");
    expect(generic?.confidence).toBeGreaterThan(0);
    expect(generic!.confidence).toBeLessThan(0.5);
    const set = new Set(EXPECTED.map(([, id]) => id));
    expect(ranked.filter((d) => set.has(d.id))).toEqual([]);
  });
});
