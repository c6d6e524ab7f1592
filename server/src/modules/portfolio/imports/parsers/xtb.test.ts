import { describe, expect, it } from "vitest";
import {
  accountedRows,
  countIgnored,
  countTypes,
  fixture,
  sourceFromBytes,
  utf16le,
} from "./fixture-source.ts";
import type { ParseResult } from "./types.ts";
import { xtbParser as parser } from "./xtb.ts";

describe("XTB cash operations", () => {
  it("reads trades from comments, dividends with their tax, interest, transfers; repeated rows ignored", () => {
    const r = parser.parse(fixture("xtb/xtb-export.csv"), { defaultCurrency: "EUR" }) as ParseResult;
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.totalRows).toBe(46);
    expect(accountedRows(r)).toBe(46);
    // README: purchase 14 + compra 1 (3 purchases repeat), sale 1 + vende 1, Dividend 7, Withholding tax 5
    // (carried on their dividends), Deposit 5 + Transfer 1, Withdrawal 1, interest 4 + its tax 1,
    // Profit/Loss 3 and the index CFD's negative dividend as interest, Swap 1 (zero), Spin off 1.
    expect(countTypes(r)).toEqual({
      buy: 12,
      sell: 2,
      dividend: 7,
      deposit: 6,
      withdrawal: 1,
      interest: 8,
      tax: 1,
    });
    expect(countIgnored(r)).toEqual({ duplicate: 3, merged: 5, zero_amount: 1 });
    expect(r.activities[0]).toEqual({
      row: 2,
      date: "2024-04-12",
      type: "buy",
      symbol: "SPYL.DE",
      quantity: "34",
      price: "11.748",
      amount: "399.43",
      currency: "EUR",
      externalId: "530692719",
    });
    expect(r.activities.find((a) => a.row === 10)).toMatchObject({
      type: "sell",
      symbol: "ZAL.DE",
      quantity: "1",
      price: "26.28",
    });
    // A USD quote booked in EUR: the booked amount per share.
    expect(r.activities.find((a) => a.row === 18)).toMatchObject({
      type: "buy",
      symbol: "GOOGL.US",
      price: "111.25",
      amount: "111.25",
    });
    // Three XRAY dividends at one second, each with its own 30 % tax.
    expect(
      r.activities.filter((a) => a.symbol === "XRAY.US").map((a) => [a.amount, a.withholdingTax]),
    ).toEqual([
      ["2.56", "0.77"],
      ["12.8", "3.84"],
      ["4.8", "1.44"],
    ]);
    // "010.09.2024" (a three-digit day) still reads.
    expect(r.activities.find((a) => a.row === 43)).toMatchObject({
      type: "interest",
      amount: "-0.5",
      date: "2024-09-10",
    });
  });

  it("asks for the account currency when none is given, and reads a Polish UTF-16 export", () => {
    const noCcy = parser.parse(fixture("xtb/xtb-export.csv")) as ParseResult;
    expect(noCcy.warnings).toEqual([expect.objectContaining({ row: 0, code: "missing_currency" })]);
    const pl = [
      "ID;Typ;Czas;Symbol;Komentarz;Kwota",
      "1001;Zakup akcji/ETF;02.04.2024 14:48:16;PKN.PL;OPEN BUY 10 @ 62.50;-625",
      "1002;Sprzedaż akcji/ETF;03.04.2024 10:00:00;PKN.PL;CLOSE BUY 4 @ 64.00;256",
      "1003;Dywidenda;04.04.2024 10:00:00;PKN.PL;PKN.PL PLN 5.5000/ SHR;33",
      "1004;Podatek u źródła;04.04.2024 10:00:00;PKN.PL;PKN.PL PLN WHT 19%;-6.27",
      "1005;Wpłata;01.04.2024 09:00:00;;deposit;1000",
    ].join("\r\n");
    const r = parser.parse(sourceFromBytes("pl.csv", utf16le(pl)), { defaultCurrency: "PLN" }) as ParseResult;
    expect(r.errors).toEqual([]);
    expect(r.activities).toEqual([
      expect.objectContaining({ type: "buy", quantity: "10", price: "62.5", currency: "PLN" }),
      expect.objectContaining({ type: "sell", quantity: "4", price: "64" }),
      expect.objectContaining({ type: "dividend", amount: "33", withholdingTax: "6.27" }),
      expect.objectContaining({ type: "deposit", amount: "1000" }),
    ]);
    expect(parser.detect(fixture("xtb/xtb-export.csv"))).toBeGreaterThan(0.9);
    expect(parser.detect(fixture("traderepublic/traderepublic-export.csv"))).toBe(0);
  });
});
