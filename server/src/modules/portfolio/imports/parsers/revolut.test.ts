import { describe, expect, it } from "vitest";
import {
  accountedRows,
  countIgnored,
  countTypes,
  fixture,
  sourceFromBytes,
  utf16le,
} from "./fixture-source.ts";
import { revolutParser as parser } from "./revolut.ts";
import type { ParseResult } from "./types.ts";

const run = (path: string) => parser.parse(fixture(path)) as ParseResult;

describe("Revolut", () => {
  it("reads the stocks statement: symbols on money, mixed separators, inter-entity transfers ignored", () => {
    const r = run("revolut/revolut-invest-export.csv");
    expect(r.errors).toEqual([]);
    expect(r.totalRows).toBe(12);
    expect(accountedRows(r)).toBe(12);
    // README: BUY 3, SELL 1, DIVIDEND 1, TOP-UP 1, WITHDRAWAL 1, CUSTODY FEE 1, STOCK SPLIT 1 (shares at no cost), TRANSFER 3.
    expect(countTypes(r)).toEqual({ buy: 4, sell: 1, dividend: 1, deposit: 1, withdrawal: 1, fee: 1 });
    expect(countIgnored(r)).toEqual({ internal_transfer: 3 });
    expect(r.activities.find((a) => a.row === 4)).toEqual({
      row: 4,
      date: "2023-09-22",
      type: "buy",
      symbol: "O",
      quantity: "1.63453043",
      price: "52.07",
      amount: "85.11",
      currency: "USD",
      fxRate: "0.937646507267",
    });
    expect(r.activities.find((a) => a.row === 13)).toMatchObject({
      type: "buy",
      symbol: "MSFT",
      quantity: "0.76672417",
      price: "26.09",
      amount: "20",
      currency: "EUR",
    });
    expect(r.activities.find((a) => a.row === 2)).toMatchObject({
      type: "withdrawal",
      amount: "30.93",
      date: "2019-12-02",
    });
  });

  it("reads the crypto statement: prices with codes or symbols, sends, receives and staking rewards", () => {
    const r = run("revolut/revolut-crypto-export.csv");
    expect(r.errors).toEqual([]);
    expect(r.totalRows).toBe(13);
    // README: Buy 6, Sell 1, Send 1, Receive 1, Stake 1 (ignored), Staking reward 3 (arrive at no cost).
    expect(countTypes(r)).toEqual({ buy: 9, sell: 1, transferOut: 1, transferIn: 1 });
    expect(countIgnored(r)).toEqual({ staking_move: 1 });
    expect(r.activities[0]).toMatchObject({
      row: 2,
      date: "2020-05-05",
      type: "buy",
      symbol: "BTC",
      quantity: "0.00056077",
      price: "89162.28",
      amount: "50",
      currency: "SEK",
    });
    expect(r.activities.find((a) => a.row === 8)).toMatchObject({
      price: "35761.54",
      fee: "0.24",
      currency: "EUR",
      date: "2022-03-08",
    });
    expect(r.activities.find((a) => a.row === 14)).toMatchObject({ price: "105058.55", currency: "USD" });
  });

  it("parses UTF-16 copies identically and detects only its own layouts", () => {
    for (const p of ["revolut/revolut-invest-export.csv", "revolut/revolut-crypto-export.csv"]) {
      const f = fixture(p);
      expect((parser.parse(sourceFromBytes("r.csv", utf16le(f.text))) as ParseResult).activities).toEqual(
        (parser.parse(f) as ParseResult).activities,
      );
      expect(parser.detect(f)).toBeGreaterThan(0.85);
    }
    expect(parser.detect(fixture("coinbase/coinbase-export.csv"))).toBe(0);
  });
});
