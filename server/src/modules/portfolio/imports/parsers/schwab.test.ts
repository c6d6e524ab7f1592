import { describe, expect, it } from "vitest";
import { byType, expectAllAccounted, fixture, fromText, ignoredBy, parseAs } from "./test-helpers.ts";

describe("Charles Schwab CSV", () => {
  it("reads the 119 transactions of schwab-export.csv (the total line is not one)", async () => {
    const r = await parseAs(fixture("schwab/schwab-export.csv"), "schwab");
    expect(r.errors).toEqual([]);
    expect(r.totalRows).toBe(119);
    expect(byType(r)).toEqual({
      buy: 43,
      dividend: 43,
      interest: 5,
      fee: 11,
      sell: 2,
      transferOut: 1,
      withdrawal: 2,
      deposit: 1,
      tax: 1,
      returnOfCapital: 1,
    });
    expect(ignoredBy(r)).toEqual({ corporate_action: 9 });
    expectAllAccounted(r);
    expect(r.activities[0]).toMatchObject({
      row: 2,
      date: "2023-11-01",
      type: "buy",
      symbol: "SPY",
      quantity: "1.6531",
      price: "420.1",
      amount: "694.48",
      currency: "USD",
    });
    expect(r.activities.find((a) => a.row === 101)).toMatchObject({
      type: "withdrawal",
      amount: "100000",
      date: "2023-10-18",
    });
    expect(r.activities.find((a) => a.row === 106)).toMatchObject({
      type: "tax",
      symbol: "IBN",
      amount: "1.3",
    });
    // "10/14/2024 as of 10/10/2024": the booking date.
    expect(r.activities.find((a) => a.type === "returnOfCapital")).toMatchObject({
      date: "2024-10-14",
      symbol: "SCHB",
      amount: "5.49",
    });
  });

  it("reads the titled brokerage export", async () => {
    const r = await parseAs(fixture("schwab/schwab_csv_brokerage_XX876_Transactions_20220731.csv"), "schwab");
    expect(r.errors).toEqual([]);
    expect(r.totalRows).toBe(11);
    expect(byType(r)).toEqual({ buy: 2, sell: 1, deposit: 3, withdrawal: 1, interest: 1, dividend: 3 });
    expect(r.activities[0]).toMatchObject({
      row: 3,
      date: "2023-04-27",
      type: "buy",
      symbol: "BND",
      quantity: "45",
      price: "73.7789",
      amount: "3320.05",
    });
  });

  it("reads reordered columns, a missing fee column and fees taken out of the amount", async () => {
    const text = [
      "Symbol,Date,Amount,Action,Quantity,Price,Description,Fees & Comm",
      'AAPL,03/04/2024,"-$1,001.00",Buy,10,$100.00,APPLE INC,$1.00',
      'AAPL,03/15/2024,"$1,049.00",Sell,10,$105.00,APPLE INC,$1.00',
      "XYZ,3/15/2024,$5.00,Mystery Thing,,,,",
    ].join("\n");
    const r = await parseAs(fromText("x.csv", text), "schwab");
    expect(r.activities).toEqual([
      expect.objectContaining({
        date: "2024-03-04",
        type: "buy",
        quantity: "10",
        price: "100",
        amount: "1000",
        fee: "1",
      }),
      expect.objectContaining({
        date: "2024-03-15",
        type: "sell",
        quantity: "10",
        price: "105",
        amount: "1050",
        fee: "1",
      }),
    ]);
    expect(r.errors).toEqual([expect.objectContaining({ row: 4, code: "unknown_type", column: "Action" })]);
  });
});

describe("Charles Schwab JSON export", () => {
  it("reads BrokerageTransactions as the CSV's rows, numbered from 1", async () => {
    const json = JSON.stringify({
      FromDate: "01/01/2024",
      ToDate: "03/31/2024",
      TotalTransactionsAmount: "-$995.00",
      BrokerageTransactions: [
        {
          Date: "03/04/2024",
          Action: "Buy",
          Symbol: "VTI",
          Description: "VANGUARD TOTAL STOCK MARKET ETF",
          Quantity: "4",
          Price: "$250.00",
          "Fees & Comm": "",
          Amount: "-$1,000.00",
        },
        {
          Date: "03/28/2024 as of 03/27/2024",
          Action: "Qualified Dividend",
          Symbol: "VTI",
          Description: "VANGUARD TOTAL STOCK MARKET ETF",
          Quantity: "",
          Price: "",
          "Fees & Comm": "",
          Amount: "$5.00",
        },
      ],
    });
    const r = await parseAs(fromText("Individual_XXX123_Transactions.json", json), "schwab");
    expect(r.errors).toEqual([]);
    expect(r.totalRows).toBe(2);
    expect(r.activities).toEqual([
      expect.objectContaining({
        row: 1,
        date: "2024-03-04",
        type: "buy",
        symbol: "VTI",
        quantity: "4",
        price: "250",
        amount: "1000",
      }),
      expect.objectContaining({ row: 2, date: "2024-03-28", type: "dividend", symbol: "VTI", amount: "5" }),
    ]);
  });
});
