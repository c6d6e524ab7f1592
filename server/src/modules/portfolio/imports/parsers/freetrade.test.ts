import { describe, expect, it } from "vitest";
import { accountedRows, countTypes, fixture, sourceFromBytes, windows1252 } from "./fixture-source.ts";
import { freetradeParser as parser } from "./freetrade.ts";
import type { ParseResult } from "./types.ts";

describe("Freetrade activity CSV", () => {
  it("reads orders, dividends, interest and top-ups: 17 rows", () => {
    const r = parser.parse(fixture("freetrade/transactions.csv")) as ParseResult;
    expect(r.errors).toEqual([]);
    expect(r.totalRows).toBe(17);
    expect(r.baseCurrency).toBe("GBP");
    expect(accountedRows(r)).toBe(17);
    // README: ORDER 12 (BUY 10, SELL 2), DIVIDEND 2, INTEREST_FROM_CASH 1, TOP_UP 1, FREESHARE_ORDER 1.
    expect(countTypes(r)).toEqual({ buy: 11, sell: 2, dividend: 2, interest: 1, deposit: 1 });
    // A USD order: price in dollars, 0.03 GBP FX fee carried at the order's 1.34403451 USD/GBP.
    expect(r.activities.find((a) => a.externalId === "AMN762KCC2G3")).toEqual({
      row: 6,
      date: "2022-02-01",
      type: "buy",
      symbol: "TSLA",
      isin: "US88160R1014",
      name: "Tesla",
      externalId: "AMN762KCC2G3",
      quantity: "0.00819126",
      price: "915.61",
      amount: "7.5",
      fee: "0.0403210353",
      currency: "USD",
      fxRate: "0.744028514565",
      note: "fees 0.03 GBP",
    });
    expect(r.activities[0]).toMatchObject({
      type: "sell",
      symbol: "SPXP",
      quantity: "4",
      price: "732.59",
      amount: "2930.36",
      currency: "GBP",
    });
    // 0.93 GBP arrived; 0.21 USD withheld at 0.78491703 GBP/USD is 0.16 GBP.
    expect(r.activities.find((a) => a.row === 3)).toMatchObject({
      type: "dividend",
      amount: "1.09",
      withholdingTax: "0.16",
      currency: "GBP",
      date: "2023-12-22",
    });
    expect(r.activities.find((a) => a.row === 18)).toMatchObject({
      type: "buy",
      symbol: "TDUP",
      quantity: "1",
      price: "0",
    });
    expect(r.activities.find((a) => a.type === "deposit")).toMatchObject({
      amount: "10000",
      currency: "GBP",
    });
  });

  it("reads a Windows-1252 copy identically and detects its own files", () => {
    const f = fixture("freetrade/transactions.csv");
    const again = parser.parse(sourceFromBytes("t.csv", windows1252(f.text))) as ParseResult;
    expect(again.activities).toEqual((parser.parse(f) as ParseResult).activities);
    expect(parser.detect(f)).toBeGreaterThan(0.9);
    expect(parser.detect(fixture("trading212/transactions.csv"))).toBe(0);
  });
});
