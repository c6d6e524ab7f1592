// Layouts and rows the fixtures do not hold, written as the brokers write them: each must read into
// the activity it means (or be set aside with its reason), never into an unexplained error.
import { describe, expect, it } from "vitest";
import { etoroParser } from "./etoro.ts";
import { sourceFromBytes } from "./fixture-source.ts";
import { revolutParser } from "./revolut.ts";
import { tradeRepublicParser } from "./traderepublic.ts";
import { trading212Parser } from "./trading212.ts";
import type { BrokerParser, ParseOptions, ParseResult } from "./types.ts";
import { xtbParser } from "./xtb.ts";

const run = (p: BrokerParser, text: string, options?: ParseOptions) =>
  p.parse(sourceFromBytes("f.csv", new TextEncoder().encode(text)), options) as ParseResult;

describe("second-set layouts beyond the fixtures", () => {
  it("Revolut: dividend tax rows and limit orders", () => {
    const r = run(
      revolutParser,
      [
        "Date,Ticker,Type,Quantity,Price per share,Total Amount,Currency,FX Rate",
        "2024-03-14T14:00:00.000Z,AAPL,DIVIDEND,,,USD 0.24,USD,1.09",
        "2024-03-14T14:00:00.000Z,AAPL,DIVIDEND TAX (CORRECTION),,,USD -0.04,USD,1.09",
        "2024-03-15T14:00:00.000Z,AAPL,BUY - LIMIT,2,USD 170.10,USD 340.20,USD,1.09",
      ].join("\n"),
    );
    expect(r.errors).toEqual([]);
    expect(r.activities).toEqual([
      expect.objectContaining({ type: "dividend", amount: "0.24", currency: "USD" }),
      expect.objectContaining({ type: "tax", amount: "0.04" }),
      expect.objectContaining({ type: "buy", quantity: "2", price: "170.1", amount: "340.2" }),
    ]);
  });

  it("eToro: a corporate action is set aside with a warning, not guessed", () => {
    const r = run(
      etoroParser,
      [
        "Date,Type,Details,Amount,Units / Contracts,Realized Equity Change,Realized Equity,Balance,Position ID,Asset type,NWA",
        "10/06/2024 10:00:00,Corp Action: Split,NVDA/USD,0.00,9.000000,0.00,100.00,0.00,123,Stocks,0.00",
        "11/06/2024 10:00:00,Deposit,,500.00,-,500.00,600.00,500.00,-,,0.00",
      ].join("\n"),
    );
    expect(r.errors).toEqual([]);
    expect(r.ignored).toEqual([expect.objectContaining({ row: 2, code: "corporate_action" })]);
    expect(r.warnings).toEqual([expect.objectContaining({ row: 2, code: "corporate_action" })]);
    expect(r.activities).toEqual([
      expect.objectContaining({ row: 3, type: "deposit", amount: "500", date: "2024-06-11" }),
    ]);
  });

  it("Trade Republic: other trading types (saveback, round-up) read by the shares' sign", () => {
    const head =
      '"datetime","date","account_type","category","type","asset_class","name","symbol","shares","price","amount","fee","tax","currency","original_amount","original_currency","fx_rate","description","transaction_id","counterparty_name","counterparty_iban","payment_reference","mcc_code"';
    const r = run(
      tradeRepublicParser,
      [
        head,
        '"2025-02-03T10:00:00Z","2025-02-03","DEFAULT","TRADING","SAVEBACK","FUND","MSCI World","IE00B4L5Y983","0.1","90.00","-9.00","","","EUR","","","","Saveback","id-1","","","",""',
      ].join("\n"),
    );
    expect(r.errors).toEqual([]);
    expect(r.activities).toEqual([
      expect.objectContaining({ type: "buy", isin: "IE00B4L5Y983", quantity: "0.1", price: "90" }),
    ]);
  });

  it("XTB: CFD close trades and stamp duty", () => {
    const r = run(
      xtbParser,
      [
        "ID;Type;Time;Symbol;Comment;Amount",
        "1;close trade;02.04.2024 14:48:16;EURUSD;Close trade;-12.5",
        "2;Stamp duty;02.04.2024 14:48:16;VOD.UK;Stamp duty;-0.5",
      ].join("\n"),
      { defaultCurrency: "GBP" },
    );
    expect(r.errors).toEqual([]);
    expect(r.activities).toEqual([
      expect.objectContaining({ type: "interest", amount: "-12.5", currency: "GBP" }),
      expect.objectContaining({ type: "tax", amount: "0.5" }),
    ]);
  });

  it("Trading 212: a return-of-capital dividend", () => {
    const r = run(
      trading212Parser,
      [
        "Action,Time,ISIN,Ticker,Name,No. of shares,Price / share,Currency (Price / share),Exchange rate,Total,Currency (Total)",
        "Dividend (Return of capital),2024-05-01 10:00:00,US0000000001,X,X Corp,3,0.10,USD,Not available,0.27,EUR",
      ].join("\n"),
    );
    expect(r.errors).toEqual([]);
    expect(r.activities).toEqual([
      expect.objectContaining({
        type: "returnOfCapital",
        amount: "0.27",
        currency: "EUR",
        isin: "US0000000001",
      }),
    ]);
  });
});
