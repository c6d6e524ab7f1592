import { describe, expect, it } from "vitest";
import { byType, expectAllAccounted, fixture, fromText, parseAs } from "./test-helpers.ts";

describe("Fidelity Accounts History CSV", () => {
  it("reads the cash-management history between the blank lines and the disclaimers", async () => {
    const r = await parseAs(fixture("fidelity/History_for_Account_X8YYYYYYY.csv"), "fidelity");
    expect(r.errors).toEqual([]);
    expect(r.totalRows).toBe(11);
    expect(byType(r)).toEqual({ withdrawal: 7, deposit: 4 });
    expectAllAccounted(r);
    expect(r.activities[0]).toMatchObject({
      row: 7,
      date: "2023-01-27",
      type: "withdrawal",
      amount: "10000",
      currency: "USD",
    });
    expect(r.activities.find((a) => a.row === 10)).toMatchObject({
      type: "deposit",
      amount: "3085.92",
      date: "2023-01-23",
    });
  });

  it("reads a brokerage history with an Account column: trades, reinvestment, income and tax", async () => {
    const text = [
      "",
      "Brokerage",
      "",
      "Run Date,Account,Action,Symbol,Security Description,Security Type,Quantity,Price ($),Commission ($),Fees ($),Accrued Interest ($),Amount ($),Settlement Date",
      "03/28/2024,Individual Z123,YOU BOUGHT APPLE INC (AAPL) (Cash),AAPL,APPLE INC,Cash,10,171.5,,0.02,,-1715.02,04/01/2024",
      "03/29/2024,Individual Z123,YOU SOLD APPLE INC (AAPL) (Cash),AAPL,APPLE INC,Cash,-4,172,,0.03,,687.97,04/02/2024",
      "04/15/2024,Individual Z123,DIVIDEND RECEIVED VANGUARD TOTAL (VTI) (Cash),VTI,VANGUARD TOTAL,Cash,,,,,,12.5,",
      "04/15/2024,Individual Z123,REINVESTMENT VANGUARD TOTAL (VTI) (Cash),VTI,VANGUARD TOTAL,Cash,0.05,250,,,,-12.5,",
      "04/15/2024,Individual Z123,FOREIGN TAX PAID NESTLE (NSRGY) (Cash),NSRGY,NESTLE,Cash,,,,,,-1.2,",
      "04/30/2024,Individual Z123,INTEREST EARNED FIDELITY GOVERNMENT MONEY MARKET (SPAXX) (Cash),SPAXX,FIDELITY GOVT MM,Cash,,,,,,0.87,",
      "",
      '"The data and information in this spreadsheet is provided to you solely for your use."',
      "Date downloaded 05/01/2024 10:28 am",
    ].join("\r\n");
    const r = await parseAs(fromText("Accounts_History.csv", text), "fidelity");
    expect(r.errors).toEqual([]);
    expect(r.totalRows).toBe(6);
    expect(byType(r)).toEqual({ buy: 2, sell: 1, dividend: 1, tax: 1, interest: 1 });
    expect(r.accountRefs).toEqual(["Individual Z123"]);
    expect(r.activities[0]).toMatchObject({
      date: "2024-03-28",
      type: "buy",
      symbol: "AAPL",
      quantity: "10",
      price: "171.5",
      amount: "1715",
      fee: "0.02",
    });
    expect(r.activities[1]).toMatchObject({ type: "sell", quantity: "4", amount: "688", fee: "0.03" });
    expect(r.activities.find((a) => a.type === "tax")).toMatchObject({ symbol: "NSRGY", amount: "1.2" });
    expect(r.activities.find((a) => a.type === "interest")).not.toHaveProperty("symbol");
  });

  it("reads the newer layout (Account Number, Currency, prices without ($))", async () => {
    const text = [
      "Run Date,Account,Account Number,Action,Symbol,Description,Type,Exchange Quantity,Exchange Currency,Currency,Price,Quantity,Exchange Rate,Commission,Fees,Accrued Interest,Amount,Cash Balance,Settlement Date",
      '06/03/2024,"Joint WROS","Z12345678","YOU BOUGHT NVIDIA CORPORATION (NVDA) (Cash)",NVDA,"NVIDIA CORPORATION",Cash,0,,USD,1150.00,2,0,,,, -2300,1000,06/04/2024',
      '06/10/2024,"Joint WROS","Z12345678","STOCK SPLIT NVIDIA CORPORATION (NVDA) (Cash)",NVDA,"NVIDIA CORPORATION",Cash,0,,USD,,18,0,,,,,1000,',
      '06/28/2024,"Joint WROS","Z12345678","DIVIDEND RECEIVED NVIDIA CORPORATION (NVDA) (Cash)",NVDA,"NVIDIA CORPORATION",Cash,0,,USD,,0.000,0,,,,0.2,1000.2,',
      "",
      '"Brokerage services are provided by Fidelity Brokerage Services LLC (FBS)."',
    ].join("\n");
    const r = await parseAs(fromText("Accounts_History (3).csv", text), "fidelity");
    expect(r.errors).toEqual([]);
    expect(r.totalRows).toBe(3);
    expect(r.accountRefs).toEqual(["Joint WROS"]);
    expect(r.activities).toEqual([
      expect.objectContaining({
        date: "2024-06-03",
        type: "buy",
        symbol: "NVDA",
        quantity: "2",
        price: "1150",
        amount: "2300",
        currency: "USD",
      }),
      expect.objectContaining({
        date: "2024-06-10",
        type: "buy",
        symbol: "NVDA",
        quantity: "18",
        price: "0",
        amount: "0",
      }),
      expect.objectContaining({ date: "2024-06-28", type: "dividend", symbol: "NVDA", amount: "0.2" }),
    ]);
  });
});
