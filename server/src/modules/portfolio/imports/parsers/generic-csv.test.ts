import { describe, expect, it } from "vitest";
import { sourceFromBytes, utf16le, windows1252 } from "./fixture-source.ts";
import { genericCsvParser as parser, suggestMapping, typeFromWord } from "./generic-csv.ts";
import type { ParseOptions, ParseResult } from "./types.ts";

const run = (text: string, options?: ParseOptions, bytes?: Uint8Array) =>
  parser.parse(sourceFromBytes("my.csv", bytes ?? new TextEncoder().encode(text)), options) as ParseResult;

const ENGLISH = [
  "Trade Date,Action,Ticker,Shares,Price,Commission,Net Amount,Currency,Memo",
  "2024-03-01,Buy,AAPL,10,170.25,1.00,-1703.50,USD,first lot",
  "2024-03-05,Sell,AAPL,4,180,1.00,719.00,USD,",
  "2024-03-10,Dividend,AAPL,,,,2.40,USD,",
  "2024-03-12,Deposit,,,,,5000,USD,",
  "2024-03-13,Teleport,,,,,1,USD,",
].join("\n");

describe("generic CSV", () => {
  it("reads a file through the user's mapping, naming rows it cannot read", () => {
    const mapping = {
      date: "Trade Date",
      type: "Action",
      symbol: "Ticker",
      quantity: "Shares",
      price: "Price",
      fee: "Commission",
      amount: "Net Amount",
      currency: "Currency",
      note: "Memo",
    };
    const r = run(ENGLISH, { mapping });
    expect(r.totalRows).toBe(5);
    expect(r.activities).toEqual([
      {
        row: 2,
        date: "2024-03-01",
        type: "buy",
        symbol: "AAPL",
        quantity: "10",
        price: "170.25",
        amount: "1703.5",
        fee: "1",
        currency: "USD",
        note: "first lot",
      },
      {
        row: 3,
        date: "2024-03-05",
        type: "sell",
        symbol: "AAPL",
        quantity: "4",
        price: "180",
        amount: "719",
        fee: "1",
        currency: "USD",
      },
      { row: 4, date: "2024-03-10", type: "dividend", symbol: "AAPL", amount: "2.4", currency: "USD" },
      { row: 5, date: "2024-03-12", type: "deposit", amount: "5000", currency: "USD" },
    ]);
    expect(r.errors).toEqual([expect.objectContaining({ row: 6, column: "Action", code: "unknown_type" })]);
    // The user's own word for the type, through a value: entry.
    const again = run(ENGLISH, { mapping: { ...mapping, "value:Teleport": "deposit" } });
    expect(again.errors).toEqual([]);
    expect(again.activities.at(-1)).toMatchObject({ row: 6, type: "deposit", amount: "1" });
  });

  it("suggests a mapping from English, German and Korean headers", () => {
    expect(
      suggestMapping([
        "Trade Date",
        "Action",
        "Ticker",
        "Shares",
        "Price",
        "Commission",
        "Net Amount",
        "Currency",
        "Memo",
      ]),
    ).toEqual({
      date: "Trade Date",
      type: "Action",
      symbol: "Ticker",
      quantity: "Shares",
      price: "Price",
      fee: "Commission",
      amount: "Net Amount",
      currency: "Currency",
      note: "Memo",
    });
    expect(
      suggestMapping(["Datum", "Typ", "ISIN", "Stück", "Kurs", "Betrag", "Gebühren", "Währung"]),
    ).toEqual({
      date: "Datum",
      type: "Typ",
      isin: "ISIN",
      quantity: "Stück",
      price: "Kurs",
      amount: "Betrag",
      fee: "Gebühren",
      currency: "Währung",
    });
    expect(
      suggestMapping([
        "거래일자",
        "거래구분",
        "종목코드",
        "종목명",
        "수량",
        "단가",
        "거래금액",
        "수수료",
        "제세금",
      ]),
    ).toEqual({
      date: "거래일자",
      type: "거래구분",
      symbol: "종목코드",
      name: "종목명",
      quantity: "수량",
      price: "단가",
      amount: "거래금액",
      fee: "수수료",
      tax: "제세금",
    });
  });

  it("reads type words in six languages", () => {
    const cases: Array<[string, string]> = [
      ["매수", "buy"],
      ["매도", "sell"],
      ["배당", "dividend"],
      ["배당금입금", "dividend"],
      ["입금", "deposit"],
      ["출금", "withdrawal"],
      ["Kauf", "buy"],
      ["Verkauf", "sell"],
      ["Ausschüttung", "dividend"],
      ["Koop", "buy"],
      ["Verkoop", "sell"],
      ["Storting", "deposit"],
      ["Achat", "buy"],
      ["Vente", "sell"],
      ["Intérêts", "interest"],
      ["Compra", "buy"],
      ["Venta", "sell"],
      ["Retirada", "withdrawal"],
      ["Market buy", "buy"],
      ["SELL", "sell"],
      ["Stock split", "split"],
    ];
    for (const [word, type] of cases) expect(typeFromWord(word), word).toBe(type);
    expect(typeFromWord("frobnicate")).toBeUndefined();
  });

  it("reads a Korean file (won with thousands commas) without a mapping, suggesting one", () => {
    const text = [
      "거래일자,거래구분,종목코드,종목명,수량,단가,거래금액,수수료,통화",
      '2024.03.04,매수,005930,삼성전자,10,"72,800","728,000",110,KRW',
      '2024.03.20,매도,005930,삼성전자,3,"79,000","237,000",40,KRW',
      '2024.04.19,배당,005930,삼성전자,,,"3,610",,KRW',
    ].join("\n");
    const r = run(text);
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([expect.objectContaining({ code: "mapping_suggested" })]);
    expect(r.activities).toEqual([
      expect.objectContaining({
        date: "2024-03-04",
        type: "buy",
        symbol: "005930",
        name: "삼성전자",
        quantity: "10",
        price: "72800",
        amount: "728000",
        fee: "110",
        currency: "KRW",
      }),
      expect.objectContaining({ type: "sell", quantity: "3", price: "79000" }),
      expect.objectContaining({ type: "dividend", amount: "3610", date: "2024-04-19" }),
    ]);
  });

  it("names a Korean file's own column in its errors", () => {
    const text = [
      "거래일자,거래구분,종목코드,수량,단가,통화",
      "2024.03.04,매수,005930,열,72800,KRW",
      "2024.03.05,매수,005930,1,72800,KRW",
    ].join("\n");
    const r = run(text);
    expect(r.errors).toEqual([expect.objectContaining({ row: 2, column: "수량", code: "bad_number" })]);
    expect(r.errors[0]!.message).toMatch(/^수량/);
    expect(r.activities).toEqual([
      expect.objectContaining({ row: 3, type: "buy", quantity: "1", price: "72800" }),
    ]);
  });

  it("reads a German Windows-1252 file with semicolons and decimal commas, and the same file as UTF-16", () => {
    const text = [
      "Datum;Typ;ISIN;Stück;Kurs;Betrag;Gebühren;Steuer;Währung",
      "05.03.2024;Kauf;DE0007164600;3;170,12;510,36;2,00;;EUR",
      "06.03.2024;Verkauf;DE0007164600;1;1.175,50;1.175,50;2,00;;EUR",
      "07.03.2024;Dividende;DE0007164600;;;8,20;;2,16;EUR",
      "08.03.2024;Gebühr;;;;€1,50;;;",
    ].join("\r\n");
    const mapping = {
      date: "Datum",
      type: "Typ",
      isin: "ISIN",
      quantity: "Stück",
      price: "Kurs",
      amount: "Betrag",
      fee: "Gebühren",
      tax: "Steuer",
      currency: "Währung",
    };
    const cp = run("", { mapping }, windows1252(text));
    expect(cp.errors).toEqual([]);
    expect(cp.activities).toEqual([
      expect.objectContaining({
        date: "2024-03-05",
        type: "buy",
        isin: "DE0007164600",
        quantity: "3",
        price: "170.12",
        amount: "510.36",
        fee: "2",
        currency: "EUR",
      }),
      expect.objectContaining({ date: "2024-03-06", type: "sell", price: "1175.5" }),
      expect.objectContaining({ type: "dividend", amount: "8.2", withholdingTax: "2.16" }),
      expect.objectContaining({ type: "fee", amount: "1.5", currency: "EUR" }),
    ]);
    expect(run("", { mapping }, utf16le(text)).activities).toEqual(cp.activities);
  });

  it("asks for the missing columns and for a decision on ambiguous dates", () => {
    const bad = run(ENGLISH, { mapping: { date: "When", type: "Action" } });
    expect(bad.errors).toEqual([expect.objectContaining({ row: 0, code: "missing_column" })]);
    const ambiguous = "Date,Type,Symbol,Quantity,Price\n03/04/2024,buy,X,1,10\n05/06/2024,sell,X,1,11\n";
    const r = run(ambiguous, {
      mapping: { date: "Date", type: "Type", symbol: "Symbol", quantity: "Quantity", price: "Price" },
    });
    expect(r.errors.map((e) => e.code)).toEqual(["bad_date", "bad_date"]);
    const settled = run(ambiguous, {
      mapping: { date: "Date", type: "Type", symbol: "Symbol", quantity: "Quantity", price: "Price" },
      dateOrder: "MDY",
    });
    expect(settled.activities.map((a) => a.date)).toEqual(["2024-03-04", "2024-05-06"]);
  });
});
