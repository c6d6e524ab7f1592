import { describe, expect, it } from "vitest";
import { binanceParser as parser } from "./binance.ts";
import {
  accountedRows,
  countIgnored,
  countTypes,
  fixture,
  sourceFromBytes,
  utf16le,
} from "./fixture-source.ts";
import type { ParseResult } from "./types.ts";

describe("Binance transaction history", () => {
  it("gathers trade legs by time into one activity each, and names the rows it cannot read", () => {
    const r = parser.parse(fixture("binance/binance_history.csv")) as ParseResult;
    expect(r.totalRows).toBe(230);
    expect(accountedRows(r)).toBe(230);
    // The README's deliberately broken rows (empty UTC_Time, empty Coin and Change, the unknown "ABC"),
    // and one second in which EUR bought both ETH and BTC with nothing saying which payment was which.
    expect(r.errors.filter((e) => e.code !== "unpaired_trade")).toEqual([
      expect.objectContaining({ row: 5, code: "missing_field", column: "UTC_Time" }),
      expect.objectContaining({ row: 6, code: "missing_field", column: "Coin" }),
      expect.objectContaining({ row: 42, code: "unknown_type", column: "Operation" }),
    ]);
    expect(r.errors.filter((e) => e.code === "unpaired_trade").map((e) => e.row)).toEqual([
      186, 187, 188, 189, 190, 191, 192, 193, 194,
    ]);
    expect(countTypes(r)).toEqual({
      buy: 15,
      sell: 4,
      conversion: 8,
      transferOut: 6,
      transferIn: 1,
      deposit: 2,
      interest: 7,
    });
    expect(countIgnored(r)).toEqual({ merged: 158, internal_transfer: 17 });
    // EUR → ETH with the fee in ETH taken off the coins bought.
    expect(r.activities.find((a) => a.row === 10)).toEqual({
      row: 10,
      date: "2020-10-30",
      type: "buy",
      symbol: "ETH",
      assetClass: "crypto",
      quantity: "0.03601395",
      price: "3733.883883883884",
      amount: "134.4719075",
      currency: "EUR",
      note: "fee 0.00003605 ETH taken from the coins bought",
    });
    // Two fills and two BNB fees at one second: one buy, one BNB transfer out for the fees.
    expect(r.activities.find((a) => a.row === 17)).toMatchObject({
      type: "buy",
      symbol: "ETH",
      quantity: "0.09816655",
      amount: "392.299062",
      currency: "EUR",
    });
    expect(r.activities.find((a) => a.row === 18)).toMatchObject({
      type: "transferOut",
      symbol: "BNB",
      quantity: "0.00009009",
    });
    // Coin for coin: a conversion; sold for a stablecoin: a sale priced in it.
    expect(r.activities.find((a) => a.row === 25)).toMatchObject({
      type: "conversion",
      currency: "IOTA",
      amount: "67.5",
      toCurrency: "BTC",
      toAmount: "0.001366875",
    });
    expect(r.activities.find((a) => a.row === 77)).toMatchObject({
      type: "sell",
      symbol: "SOL",
      quantity: "1.07",
      price: "25.07",
      currency: "USDT",
    });
    expect(r.activities.find((a) => a.row === 72)).toMatchObject({
      type: "deposit",
      amount: "2435.34",
      currency: "EUR",
    });
    expect(r.activities.find((a) => a.row === 15)).toMatchObject({
      type: "buy",
      symbol: "BETH",
      quantity: "0.000004615",
      price: "0",
    });
  });

  it("reads the spot Trade History export, newer (coins on the amounts) and older (Market, Fee Coin) layouts", () => {
    const newer = [
      "Date(UTC),Pair,Side,Price,Executed,Amount,Fee",
      "2021-05-01 10:00:00,BTCUSDT,BUY,57000,0.01BTC,570USDT,0.00001BTC",
      "2021-06-01 10:00:00,ETHBTC,SELL,0.06,1.5ETH,0.09BTC,0.00009BTC",
    ].join("\n");
    const a = parser.parse(sourceFromBytes("t.csv", new TextEncoder().encode(newer))) as ParseResult;
    expect(a.errors).toEqual([]);
    expect(a.activities).toEqual([
      expect.objectContaining({
        type: "buy",
        symbol: "BTC",
        quantity: "0.00999",
        price: "57057.057057057057",
        amount: "570",
        currency: "USDT",
        date: "2021-05-01",
      }),
      expect.objectContaining({
        type: "sell",
        symbol: "ETH",
        quantity: "1.5",
        price: "0.06",
        amount: "0.09",
        fee: "0.00009",
        currency: "BTC",
      }),
    ]);
    const older = [
      "Date(UTC),Market,Type,Price,Amount,Total,Fee,Fee Coin",
      "2020-01-02 03:04:05,BNBEUR,SELL,15.2,10,152,0.152,EUR",
    ].join("\n");
    const b = parser.parse(sourceFromBytes("t.csv", new TextEncoder().encode(older))) as ParseResult;
    expect(b.errors).toEqual([]);
    expect(b.activities).toEqual([
      expect.objectContaining({
        type: "sell",
        symbol: "BNB",
        quantity: "10",
        price: "15.2",
        amount: "152",
        fee: "0.152",
        currency: "EUR",
      }),
    ]);
    expect(parser.detect(sourceFromBytes("t.csv", new TextEncoder().encode(newer)))).toBeGreaterThan(0.9);
  });

  it("parses a UTF-16 copy identically and detects only its own files", () => {
    const f = fixture("binance/binance_history.csv");
    const u = parser.parse(sourceFromBytes("b.csv", utf16le(f.text))) as ParseResult;
    expect(u.activities).toEqual((parser.parse(f) as ParseResult).activities);
    expect(parser.detect(f)).toBeGreaterThan(0.9);
    expect(parser.detect(fixture("coinbase/coinbase-export.csv"))).toBe(0);
  });
});
