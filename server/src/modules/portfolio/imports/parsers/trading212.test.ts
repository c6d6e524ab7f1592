import { describe, expect, it } from "vitest";
import {
  accountedRows,
  countIgnored,
  countTypes,
  fixture,
  sourceFromBytes,
  utf16le,
} from "./fixture-source.ts";
import { trading212Parser as parser } from "./trading212.ts";
import type { ParseResult } from "./types.ts";

const parse = (path: string) => parser.parse(fixture(path)) as ParseResult;

describe("Trading 212 history CSV", () => {
  it("reads the mixed-layout export: 13 rows, the newer layout's rows realigned, the split paired", () => {
    const r = parse("trading212/trading212-export.csv");
    expect(r.errors).toEqual([]);
    expect(r.totalRows).toBe(13);
    expect(accountedRows(r)).toBe(13);
    expect(countTypes(r)).toEqual({
      deposit: 1,
      buy: 4,
      sell: 1,
      dividend: 3,
      interest: 1,
      transferOut: 1,
      split: 1,
    });
    expect(countIgnored(r)).toEqual({ paired_leg: 1 });
    expect(r.activities.find((a) => a.symbol === "CSCO")).toEqual({
      row: 3,
      type: "buy",
      date: "2023-12-18",
      isin: "US17275R1023",
      symbol: "CSCO",
      name: "Cisco Systems",
      quantity: "0.029053",
      price: "49.96",
      currency: "USD",
      fxRate: "0.914887971968",
      externalId: "EOF7504196256",
    });
    expect(r.activities.find((a) => a.type === "sell")).toMatchObject({
      symbol: "ASTR",
      quantity: "0.61254",
      price: "1.26",
    });
    expect(r.activities.find((a) => a.type === "deposit")).toMatchObject({
      amount: "31",
      currency: "EUR",
      date: "2023-12-18",
    });
    // The GBX-priced ETF's dividend: net total in the account currency, the USD tax noted.
    const inrg = r.activities.find((a) => a.symbol === "INRG")!;
    expect(inrg).toMatchObject({ type: "dividend", amount: "17.67", currency: "EUR", date: "2024-01-12" });
    expect(inrg.withholdingTax).toBeUndefined();
    // Rows of the newer layout (Notes and ID before the share count) under the old header.
    expect(r.activities.find((a) => a.type === "transferOut")).toMatchObject({
      isin: "DE000A3GK2N1",
      quantity: "595",
      externalId: "EOF28806643918",
      date: "2025-02-28",
    });
    expect(r.activities.find((a) => a.symbol === "PALAF")).toMatchObject({
      type: "buy",
      quantity: "11.0563304",
      price: "0",
    });
    expect(r.activities.find((a) => a.type === "split")).toMatchObject({
      isin: "CA46500E8678",
      ratio: "0.25",
      row: 14,
    });
  });

  it("reads a GBP account's history with fee columns, result adjustments and withdrawals", () => {
    const r = parse("trading212/transactions.csv");
    expect(r.errors).toEqual([]);
    expect(r.totalRows).toBe(7);
    expect(r.baseCurrency).toBe("GBP");
    expect(countTypes(r)).toEqual({ deposit: 1, buy: 1, interest: 2, dividend: 1, sell: 1, withdrawal: 1 });
    const buy = r.activities.find((a) => a.type === "buy")!;
    // 4.71 GBP conversion fee at 1.25229 USD per GBP.
    expect(buy).toMatchObject({ quantity: "24", price: "124.01", currency: "USD", fee: "5.8982859" });
    expect(r.activities.find((a) => a.type === "withdrawal")).toMatchObject({
      amount: "2000",
      currency: "GBP",
    });
    expect(r.activities.find((a) => a.type === "dividend")).toMatchObject({
      amount: "0.11",
      currency: "GBP",
    });
  });

  it("reads single-row exports: a finra fee in the trade currency, a stop sell, a conversion, a dividend", () => {
    const buy = parse("trading212/single_buy_euro_finra_fee.csv");
    expect(buy.errors).toEqual([]);
    expect(buy.activities).toEqual([
      expect.objectContaining({
        type: "buy",
        isin: "FR0010828137",
        quantity: "14.725273",
        price: "13.88",
        fee: "0.61",
        currency: "EUR",
        amount: "205",
      }),
    ]);
    const sell = parse("trading212/single_stopsell_euro.csv");
    expect(sell.activities).toEqual([
      expect.objectContaining({ type: "sell", symbol: "O", price: "50.38", currency: "USD" }),
    ]);
    const conv = parse("trading212/single_convert_currencies.csv");
    expect(conv.activities).toEqual([
      expect.objectContaining({
        type: "conversion",
        currency: "GBP",
        amount: "0.01",
        toCurrency: "EUR",
        toAmount: "0.01",
        date: "2023-09-25",
      }),
    ]);
    const div = parse("trading212/single_dividend.csv");
    expect(div.activities).toEqual([
      expect.objectContaining({ type: "dividend", symbol: "AAPL", amount: "0.02", currency: "EUR" }),
    ]);
  });

  it("parses a UTF-16 copy and an old layout with the currency in the titles identically", () => {
    const f = fixture("trading212/transactions.csv");
    const again = parser.parse(sourceFromBytes("t.csv", utf16le(f.text))) as ParseResult;
    expect(again.activities).toEqual((parser.parse(f) as ParseResult).activities);
    const old = [
      "Action,Time,ISIN,Ticker,Name,No. of shares,Price / share,Currency (Price / share),Exchange rate,Result (EUR),Total (EUR),Charge amount (EUR),Transaction fee (EUR)",
      "Market buy,2021-03-01 10:00:00,US0378331005,AAPL,Apple,2,120.50,USD,1.2,,200.83,,0.12",
      "Deposit,2021-03-01 09:00:00,,,,,,,,,500.00,,",
    ].join("\r\n");
    const r = parser.parse(sourceFromBytes("old.csv", new TextEncoder().encode(old))) as ParseResult;
    expect(r.errors).toEqual([]);
    expect(r.activities).toEqual([
      expect.objectContaining({ type: "buy", quantity: "2", price: "120.5", currency: "USD", fee: "0.144" }),
      expect.objectContaining({ type: "deposit", amount: "500", currency: "EUR" }),
    ]);
  });

  it("names the row and column of a bad value and an unknown action, and detects its own files only", () => {
    const text =
      "Action,Time,ISIN,Ticker,Name,No. of shares,Price / share,Currency (Price / share),Exchange rate,Total,Currency (Total)\nMarket buy,2024-01-01 10:00:00,X,Y,Z,abc,1,USD,1,1,EUR\nTeleport,2024-01-01 10:00:00,,,,,,,,1,EUR\n";
    const r = parser.parse(sourceFromBytes("x.csv", new TextEncoder().encode(text))) as ParseResult;
    expect(r.totalRows).toBe(2);
    expect(r.errors).toEqual([
      expect.objectContaining({ row: 2, column: "No. of shares", code: "bad_number" }),
      expect.objectContaining({ row: 3, code: "unknown_type" }),
    ]);
    expect(parser.detect(fixture("trading212/trading212-export.csv"))).toBeGreaterThan(0.8);
    expect(parser.detect(fixture("degiro/degiro-export.csv"))).toBe(0);
  });
});
