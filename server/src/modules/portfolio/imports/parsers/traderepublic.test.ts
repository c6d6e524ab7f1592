import { describe, expect, it } from "vitest";
import { accountedRows, countTypes, fixture, sourceFromBytes, utf16le } from "./fixture-source.ts";
import { tradeRepublicParser as parser } from "./traderepublic.ts";
import type { ParseResult } from "./types.ts";

const run = (path: string) => parser.parse(fixture(path)) as ParseResult;

describe("Trade Republic", () => {
  it("reads the official export: gross amounts with separate fee and tax, card top-ups net of their fee", () => {
    const r = run("traderepublic/TransactionExport02.csv");
    expect(r.errors).toEqual([]);
    expect(r.totalRows).toBe(9);
    expect(accountedRows(r)).toBe(9);
    expect(countTypes(r)).toEqual({ deposit: 4, buy: 2, sell: 1, withdrawal: 2 });
    expect(r.activities[0]).toMatchObject({
      row: 2,
      type: "buy",
      date: "2026-03-06",
      isin: "US0378331005",
      quantity: "0.223214",
      price: "25.5",
      amount: "5.69",
      fee: "1",
      currency: "EUR",
    });
    expect(r.activities.find((a) => a.type === "sell")).toMatchObject({
      quantity: "0.223214",
      price: "25",
      amount: "5.58",
      fee: "1",
    });
    expect(r.activities.find((a) => a.symbol === "BTC")).toMatchObject({
      type: "buy",
      assetClass: "crypto",
      quantity: "0.000849",
      price: "58853.42",
    });
    expect(r.activities.find((a) => a.row === 6)).toMatchObject({ type: "deposit", amount: "10" });
    expect(r.activities.find((a) => a.row === 3)).toMatchObject({ type: "withdrawal", amount: "53" });
  });

  it("reads single buy, dividend (with tax) and interest (tax withheld) rows", () => {
    expect(run("traderepublic/single_buy_stock.csv").activities).toEqual([
      expect.objectContaining({
        type: "buy",
        isin: "US2546871060",
        quantity: "0.060357",
        price: "82.84",
        amount: "5",
      }),
    ]);
    expect(run("traderepublic/single_dividend.csv").activities).toEqual([
      expect.objectContaining({
        type: "dividend",
        isin: "US2546871060",
        amount: "0.09",
        withholdingTax: "0.02",
        date: "2024-01-10",
      }),
    ]);
    expect(run("traderepublic/single_interest_with_tax.csv").activities).toEqual([
      expect.objectContaining({ type: "interest", amount: "42.5", currency: "EUR", date: "2024-03-01" }),
    ]);
  });

  it("reads the user-assembled Dutch layout whose rows mix decimal commas and dots", () => {
    const r = run("traderepublic/traderepublic-export.csv");
    expect(r.errors).toEqual([]);
    expect(r.totalRows).toBe(9);
    // README: Aankoop 2 + Buy 2, Verkoop 1 + Sell 1, Dividend 1, Storting 1, Onttrekking 1.
    expect(countTypes(r)).toEqual({ buy: 4, sell: 2, dividend: 1, deposit: 1, withdrawal: 1 });
    expect(r.activities.find((a) => a.row === 5)).toMatchObject({
      type: "sell",
      quantity: "0.104341",
      amount: "10.799",
      date: "2024-11-29",
    });
    expect(r.activities.find((a) => a.row === 9)).toMatchObject({
      type: "sell",
      isin: "US88160R1014",
      quantity: "0.2625",
      amount: "87.714375",
      fee: "1",
      price: "334.15",
    });
    expect(r.activities.find((a) => a.row === 10)).toMatchObject({
      type: "buy",
      quantity: "5",
      price: "137.85",
      fee: "1",
    });
    expect(r.activities.find((a) => a.row === 2)).toMatchObject({ type: "withdrawal", amount: "10.84" });
  });

  it("parses a UTF-16 copy identically and reports an unknown type by row", () => {
    const f = fixture("traderepublic/TransactionExport02.csv");
    const u = parser.parse(sourceFromBytes("x.csv", utf16le(f.text))) as ParseResult;
    expect(u.activities).toEqual((parser.parse(f) as ParseResult).activities);
    const odd = f.text.replace('"TRANSFER_OUT"', '"TIME_TRAVEL"');
    const r = parser.parse(sourceFromBytes("x.csv", new TextEncoder().encode(odd))) as ParseResult;
    expect(r.errors).toEqual([expect.objectContaining({ row: 3, code: "unknown_type" })]);
    expect(parser.detect(f)).toBeGreaterThan(0.9);
    expect(parser.detect(fixture("degiro/degiro-export.csv"))).toBe(0);
  });
});
