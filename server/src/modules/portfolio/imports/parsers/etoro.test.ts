import { describe, expect, it } from "vitest";
import { etoroParser as parser } from "./etoro.ts";
import {
  accountedRows,
  countIgnored,
  countTypes,
  fixture,
  sourceFromBytes,
  utf16le,
} from "./fixture-source.ts";
import type { ParseResult } from "./types.ts";

describe("eToro account activity", () => {
  it("reads 28 rows written in three number styles", () => {
    const r = parser.parse(fixture("etoro/etoro-export.csv")) as ParseResult;
    expect(r.errors).toEqual([]);
    expect(r.totalRows).toBe(28);
    expect(accountedRows(r)).toBe(28);
    // README: Dividend 11, Open Position 5, Position closed 4, Overnight fee 2 + Withdrawal Conversion Fee 1
    // (Withdraw Fee 0.00 ignored), Overnight refund 1 + Interest Payment 1, Withdraw Request 1, SDRT 1.
    expect(countTypes(r)).toEqual({
      dividend: 11,
      buy: 5,
      sell: 4,
      fee: 3,
      interest: 2,
      withdrawal: 1,
      tax: 1,
    });
    expect(countIgnored(r)).toEqual({ zero_amount: 1 });
    expect(r.activities.find((a) => a.row === 13)).toEqual({
      row: 13,
      date: "2024-01-09",
      type: "buy",
      symbol: "AMD",
      assetClass: "equity",
      quantity: "0.337209",
      price: "147.920132618",
      amount: "49.88",
      currency: "USD",
      externalId: "2596572937",
    });
    // " 392,16 " (decimal comma, padded) and "(0,10)" (parenthesised negative).
    expect(r.activities.find((a) => a.row === 28)).toMatchObject({
      type: "sell",
      symbol: "NKE",
      assetClass: "cfd",
      quantity: "65.359477",
      amount: "392.16",
    });
    expect(r.activities.find((a) => a.row === 24)).toMatchObject({
      type: "fee",
      amount: "0.1",
      date: "2020-04-15",
    });
    expect(r.activities.find((a) => a.row === 29)).toMatchObject({
      type: "tax",
      amount: "6.97",
      date: "2025-07-10",
    });
    expect(r.activities.find((a) => a.row === 8)).toMatchObject({ type: "withdrawal", amount: "100.11" });
  });

  it("reads a UTF-16 copy identically, in the account currency the options name", () => {
    const f = fixture("etoro/etoro-export.csv");
    const base = (parser.parse(f) as ParseResult).activities;
    const u = parser.parse(sourceFromBytes("e.csv", utf16le(f.text))) as ParseResult;
    expect(u.activities).toEqual(base);
    const eur = parser.parse(f, { defaultCurrency: "EUR" }) as ParseResult;
    expect(new Set(eur.activities.map((a) => a.currency))).toEqual(new Set(["EUR"]));
    expect(parser.detect(f)).toBeGreaterThan(0.9);
    expect(parser.detect(fixture("saxo/saxo-export.csv"))).toBe(0);
  });
});
