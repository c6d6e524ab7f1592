import { describe, expect, it } from "vitest";
import { byType, expectAllAccounted, fixture, fromText, ignoredBy, parseAs } from "./test-helpers.ts";

describe("TD Ameritrade / thinkorswim Account Statement CSV", () => {
  it("imports the Cash Balance fills with the Trade History's position effects", async () => {
    const r = await parseAs(fixture("tdameritrade/TD_Ameritrade.csv"), "tdameritrade");
    expect(r.errors).toEqual([]);
    // 11 cash lines, 18 orders and 11 executions; the TOTAL line and the empty sections are not rows.
    expect(r.totalRows).toBe(40);
    expect(ignoredBy(r)).toEqual({ order: 18, execution: 11 });
    expect(byType(r)).toEqual({ short: 2, cover: 1, buy: 3, sell: 5 });
    expectAllAccounted(r);
    expect(r.activities[0]).toMatchObject({
      row: 5,
      date: "2022-11-12",
      type: "short",
      symbol: "AMZN",
      quantity: "100",
      price: "9.65",
      amount: "965",
      fee: "0.03",
      currency: "USD",
    });
    expect(r.activities.find((a) => a.row === 7)).toMatchObject({
      type: "cover",
      quantity: "300",
      price: "9.6399",
      amount: "2891.97",
    });
    expect(new Set(r.activities.map((a) => a.externalId)).size).toBe(11);
  });

  it("reads dividends, interest and funding lines of the cash ledger", async () => {
    const text = [
      "Account Statement for 123 since 1/1/24 through 3/31/24,,,,,,,,",
      "Cash Balance,,,,,,,,",
      "DATE,TIME,TYPE,REF #,DESCRIPTION,Misc Fees,Commissions & Fees,AMOUNT,BALANCE",
      '01/02/2024,09:00:00,FND,1,CLIENT REQUESTED ELECTRONIC FUNDING RECEIPT (FUNDS NOW),,,"5,000.00","5,000.00"',
      "02/15/2024,02:00:00,DOI,2,ORDINARY DIVIDEND~KO,,,46.00,5046.00",
      "02/15/2024,02:00:00,DOI,3,W-8 WITHHOLDING~KO,,,-6.90,5039.10",
      "02/28/2024,02:00:00,DOI,4,FREE BALANCE INTEREST ADJUSTMENT~NO DESCRIPTION,,,0.41,5039.51",
      "03/01/2024,09:31:00,TRD,5,BOT +10 KO @60.00,,-0.65,-600.00,4438.86",
      ",,,,TOTAL,$0.00 ,,,",
      ",,,,,,,,",
    ].join("\n");
    const r = await parseAs(fromText("2024-03-31-AccountStatement.csv", text), "tdameritrade");
    expect(r.errors).toEqual([]);
    expect(byType(r)).toEqual({ deposit: 1, dividend: 1, tax: 1, interest: 1, buy: 1 });
    expect(r.activities.find((a) => a.type === "dividend")).toMatchObject({
      symbol: "KO",
      amount: "46",
      date: "2024-02-15",
    });
    expect(r.activities.find((a) => a.type === "tax")).toMatchObject({ symbol: "KO", amount: "6.9" });
    expect(r.activities.find((a) => a.type === "buy")).toMatchObject({
      quantity: "10",
      price: "60",
      amount: "600",
      fee: "0.65",
    });
  });
});
