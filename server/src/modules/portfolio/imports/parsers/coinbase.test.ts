import { describe, expect, it } from "vitest";
import { coinbaseParser as parser } from "./coinbase.ts";
import {
  accountedRows,
  countIgnored,
  countTypes,
  fixture,
  sourceFromBytes,
  utf16le,
} from "./fixture-source.ts";
import type { ParseResult } from "./types.ts";

const run = (path: string) => parser.parse(fixture(path)) as ParseResult;

describe("Coinbase transaction report", () => {
  it("reads the 2025 report: buys with fees, conversions as a sale and a buy, rewards, sends; a repeated ID ignored", () => {
    const r = run("coinbase/coinbase-export.csv");
    expect(r.errors).toEqual([]);
    expect(r.totalRows).toBe(8);
    expect(accountedRows(r)).toBe(8);
    // README: Buy 2 (one ID twice), Convert 2 (→ 2 sells + 2 buys), Staking Income 2 (→ buys at no cost), Send 1, Receive 1.
    expect(countTypes(r)).toEqual({ buy: 5, sell: 2, transferOut: 1, transferIn: 1 });
    expect(countIgnored(r)).toEqual({ duplicate: 1 });
    expect(r.activities.find((a) => a.row === 8)).toEqual({
      row: 8,
      date: "2022-03-25",
      type: "buy",
      symbol: "BTC",
      assetClass: "crypto",
      quantity: "0.00166779",
      price: "39999.331136545",
      amount: "67.01",
      fee: "2.99",
      currency: "EUR",
      externalId: "623d6507925c200001fcbXXX",
      note: "Bought 0.00166779 BTC for 70 EUR",
    });
    const convert = r.activities.filter((a) => a.row === 6);
    expect(convert).toEqual([
      expect.objectContaining({
        type: "sell",
        symbol: "BTC",
        quantity: "0.00363125",
        amount: "338.92698",
        currency: "EUR",
      }),
      expect.objectContaining({ type: "buy", symbol: "XRP", quantity: "156.145683", amount: "338.92698" }),
    ]);
    expect(r.activities.find((a) => a.row === 4)).toMatchObject({
      type: "transferOut",
      symbol: "ETH2",
      quantity: "0.180914809326",
    });
    expect(r.activities.find((a) => a.row === 2)).toMatchObject({
      type: "buy",
      price: "0",
      quantity: "0.000037835729",
      date: "2025-01-17",
    });
  });

  it("finds the header below the disclaimer in the older and 2025 layouts, including a Windows-1252 file", () => {
    const buy = run("coinbase/single_buy.csv");
    expect(fixture("coinbase/single_buy.csv").encoding).toBe("windows-1252");
    expect(buy.errors).toEqual([]);
    expect(buy.activities).toEqual([
      expect.objectContaining({
        row: 9,
        type: "buy",
        symbol: "ETH",
        quantity: "0.00213232",
        price: "1810.23",
        amount: "3.86",
        fee: "0.99",
        currency: "EUR",
        date: "2023-04-20",
      }),
    ]);
    const reward = run("coinbase/single_stakereward_2025.csv");
    expect(reward.activities).toEqual([
      expect.objectContaining({ row: 5, type: "buy", symbol: "USDC", price: "0", quantity: "0.002727" }),
    ]);
  });

  it("reads Coinbase Pro / Advanced Trade fills", () => {
    const text = [
      "portfolio,trade id,product,side,created at,size,size unit,price,fee,total,price/fee/total unit",
      "default,1001,BTC-USD,BUY,2021-03-01T10:00:00.000Z,0.01,BTC,50000.00,2.50,-502.50,USD",
      "default,1002,ETH-EUR,SELL,2021-03-02T10:00:00.000Z,1.5,ETH,1400.00,4.20,2095.80,EUR",
    ].join("\n");
    const r = parser.parse(sourceFromBytes("fills.csv", new TextEncoder().encode(text))) as ParseResult;
    expect(r.errors).toEqual([]);
    expect(r.activities).toEqual([
      expect.objectContaining({
        type: "buy",
        symbol: "BTC",
        quantity: "0.01",
        price: "50000",
        fee: "2.5",
        amount: "500",
        currency: "USD",
        externalId: "1001",
        date: "2021-03-01",
      }),
      expect.objectContaining({
        type: "sell",
        symbol: "ETH",
        quantity: "1.5",
        price: "1400",
        fee: "4.2",
        currency: "EUR",
      }),
    ]);
    expect(parser.detect(sourceFromBytes("fills.csv", new TextEncoder().encode(text)))).toBeGreaterThan(0.9);
  });

  it("reads an older report with the currency in the titles, and a UTF-16 copy identically", () => {
    const text = [
      "Timestamp,Transaction Type,Asset,Quantity Transacted,USD Spot Price at Transaction,USD Subtotal,USD Total (inclusive of fees),USD Fees,Notes",
      "2021-05-01T10:00:00Z,Buy,BTC,0.01,57000.00,570.00,578.50,8.50,Bought 0.01 BTC for $578.50 USD",
      "2021-06-01T10:00:00Z,Sell,BTC,0.005,36000.00,180.00,177.00,3.00,Sold 0.005 BTC for $177.00 USD",
      "2021-07-01T10:00:00Z,Rewards Income,XLM,12.5,0.25,3.13,3.13,0.00,",
    ].join("\n");
    const r = parser.parse(sourceFromBytes("c.csv", new TextEncoder().encode(text))) as ParseResult;
    expect(r.errors).toEqual([]);
    expect(r.activities).toEqual([
      expect.objectContaining({
        type: "buy",
        quantity: "0.01",
        price: "57000",
        amount: "570",
        fee: "8.5",
        currency: "USD",
      }),
      expect.objectContaining({ type: "sell", quantity: "0.005", price: "36000", fee: "3", currency: "USD" }),
      expect.objectContaining({ type: "buy", symbol: "XLM", price: "0", quantity: "12.5" }),
    ]);
    const f = fixture("coinbase/coinbase-export.csv");
    expect((parser.parse(sourceFromBytes("c.csv", utf16le(f.text))) as ParseResult).activities).toEqual(
      (parser.parse(f) as ParseResult).activities,
    );
    expect(parser.detect(f)).toBeGreaterThan(0.9);
    expect(parser.detect(fixture("binance/binance_history.csv"))).toBe(0);
  });
});
