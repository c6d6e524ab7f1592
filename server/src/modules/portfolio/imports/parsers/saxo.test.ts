import { describe, expect, it } from "vitest";
import { readCsv } from "../text/csv.ts";
import { accountedRows, countTypes, fixture, sourceFromBytes, windows1252 } from "./fixture-source.ts";
import { saxoParser as parser } from "./saxo.ts";
import type { ParseResult } from "./types.ts";

describe("Saxo transactions export", () => {
  it("reads trades (commission from the booked amount), transfers, custody fees, dividends and the Dutch row", () => {
    const r = parser.parse(fixture("saxo/saxo-export.csv")) as ParseResult;
    expect(r.errors).toEqual([]);
    expect(r.totalRows).toBe(30);
    expect(accountedRows(r)).toBe(30);
    // README: Trade 11 (10 buys, 1 sell) + the Dutch "Transactie", Deposit 11, Withdrawal 1, Custody Fee 4, Dividend 2.
    expect(countTypes(r)).toEqual({ buy: 11, sell: 1, deposit: 11, withdrawal: 1, fee: 4, dividend: 2 });
    expect(r.activities.find((a) => a.row === 10)).toEqual({
      row: 10,
      date: "2024-12-30",
      type: "buy",
      symbol: "NVDA",
      mic: "XNAS",
      isin: "US67066G1040",
      name: "NVIDIA Corp.",
      quantity: "3",
      price: "134.85",
      amount: "405.55",
      fee: "1",
      currency: "USD",
    });
    expect(r.activities.find((a) => a.row === 4)).toMatchObject({
      type: "sell",
      quantity: "3",
      price: "139.74",
      amount: "419.22",
      date: "2025-01-02",
    });
    expect(r.activities.find((a) => a.row === 5)).toMatchObject({
      type: "fee",
      amount: "3.91",
      currency: "USD",
    });
    expect(r.activities.find((a) => a.row === 2)).toMatchObject({
      type: "dividend",
      amount: "1.83",
      currency: "USD",
      isin: "IE00B3RBWM25",
    });
    expect(r.activities.find((a) => a.row === 30)).toMatchObject({
      type: "buy",
      date: "2025-01-16",
      quantity: "1.5",
      price: "110.01",
      currency: "EUR",
      symbol: "VUSA",
    });
    expect(r.activities.find((a) => a.row === 31)).toMatchObject({ type: "withdrawal", amount: "280" });
  });

  it("reads a semicolon, Windows-1252 copy with reordered columns identically", () => {
    const f = fixture("saxo/saxo-export.csv");
    const records = readCsv(f.text).filter((x) => !x.blank);
    const order = [9, 10, 1, 3, 4, 5, 6, 7, 8, 0, 2, 11, 12];
    const text = records.map((x) => order.map((i) => x.fields[i] ?? "").join(";")).join("\r\n");
    const r = parser.parse(sourceFromBytes("s.csv", windows1252(text))) as ParseResult;
    expect(r.errors).toEqual([]);
    expect(r.activities).toEqual((parser.parse(f) as ParseResult).activities);
    expect(parser.detect(f)).toBeGreaterThan(0.9);
    expect(parser.detect(fixture("etoro/etoro-export.csv"))).toBe(0);
  });
});
