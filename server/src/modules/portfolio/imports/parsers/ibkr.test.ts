// Interactive Brokers parsers against IB's own exports (fixtures/ibkr, see fixtures/README.md).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { decodeFile, detectParser, PARSERS, parserById } from "./registry.ts";
import type { ParseResult } from "./types.ts";

const dir = new URL("./fixtures/ibkr/", import.meta.url);

function load(name: string) {
  return decodeFile(name, new Uint8Array(readFileSync(new URL(name, dir))));
}

async function parse(name: string, id: string): Promise<ParseResult> {
  const file = load(name);
  const detected = detectParser(file);
  expect(detected[0]?.id, `${name} is detected as ${id}`).toBe(id);
  const parser = PARSERS.find((p) => p.id === id)!;
  return parser.parse(file);
}

function countBy<T>(items: T[], key: (t: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const i of items) out[key(i)] = (out[key(i)] ?? 0) + 1;
  return out;
}

describe("IB Flex Query CSV", () => {
  it("reads the trades subset: 8 buys and 3 FX sells as conversions", async () => {
    const r = await parse("ibkr-trades-export.csv", "ibkr-flex-csv");
    expect(r.errors).toEqual([]);
    expect(r.totalRows).toBe(11);
    expect(countBy(r.activities, (a) => a.type)).toEqual({ buy: 8, conversion: 3 });
    expect(r.activities[0]).toMatchObject({
      row: 2,
      date: "2023-05-22",
      type: "buy",
      isin: "CH0111762537",
      quantity: "7",
      price: "282.7",
      amount: "1978.9",
      fee: "5",
      currency: "CHF",
    });
    // SELL -8000 at 1.1173, money in USD, commission in CHF: 8000 CHF sold for 8938.4 USD.
    expect(r.activities.find((a) => a.row === 10)).toMatchObject({
      type: "conversion",
      date: "2023-05-22",
      currency: "CHF",
      amount: "8000",
      toCurrency: "USD",
      toAmount: "8938.4",
      fee: "1.79924",
    });
  });

  it("reads cash transactions: dividends, withholding, payments in lieu and a return of capital", async () => {
    const r = await parse("ibkr-dividends-export.csv", "ibkr-flex-csv");
    expect(r.errors).toEqual([]);
    expect(r.totalRows).toBe(11);
    expect(countBy(r.activities, (a) => a.type)).toEqual({ dividend: 6, tax: 4, returnOfCapital: 1 });
    expect(r.activities.find((a) => a.row === 4)).toMatchObject({
      type: "tax",
      date: "2023-06-23",
      isin: "US9220427424",
      amount: "20.58",
      currency: "USD",
    });
    expect(r.activities.find((a) => a.row === 7)).toMatchObject({
      type: "returnOfCapital",
      isin: "CH0111762537",
      amount: "4.83",
      currency: "CHF",
    });
    expect(r.activities.find((a) => a.row === 11)).toMatchObject({
      type: "dividend",
      date: "2025-06-25",
      symbol: "4543.T",
      amount: "455",
      currency: "JPY",
    });
  });

  it("reads the full 81-column trade", async () => {
    const r = await parse("vti-buy-on-ibkr.csv", "ibkr-flex-csv");
    expect(r.errors).toEqual([]);
    expect(r.activities).toEqual([
      expect.objectContaining({
        row: 2,
        date: "2023-04-03",
        type: "buy",
        symbol: "VTI",
        isin: "US9229087690",
        mic: "ARCX",
        quantity: "17",
        price: "204.3473",
        amount: "3473.9041",
        fee: "1",
        currency: "USD",
        fxRate: "0.9127",
        accountRef: "U1234567",
        externalId: "1234567890",
        assetClass: "etf",
      }),
    ]);
  });
});

describe("IB Flex Query CSV with several sections and control lines", () => {
  it("reads each section by its own header, counting the control lines as nothing", async () => {
    const text = [
      '"BOF","U999","Activity","2","20240101","20240131","20240201;120000","support@example.com"',
      '"BOA","U999"',
      '"BOS","TRNT","Trades; trade date basis"',
      '"ClientAccountID","CurrencyPrimary","AssetClass","Symbol","ISIN","TradeDate","Quantity","TradePrice","TradeMoney","IBCommission","IBCommissionCurrency","Buy/Sell","TransactionID","LevelOfDetail"',
      '"U999","EUR","STK","SAP","DE0007164600","20240110","5","170.2","851","-1.25","EUR","BUY","111","EXECUTION"',
      '"U999","USD","CASH","EUR.USD","","20240110","-1000","1.0952","-1095.2","-2","USD","SELL","112","EXECUTION"',
      '"EOS","TRNT","2"',
      '"BOS","CTRN","Cash Transactions"',
      '"ClientAccountID","CurrencyPrimary","Symbol","ISIN","Description","Date/Time","Amount","Type","TransactionID"',
      '"U999","EUR","SAP","DE0007164600","SAP(DE0007164600) Cash Dividend EUR 2.20 per Share (Ordinary Dividend)","20240115","11","Dividends","113"',
      '"U999","EUR","SAP","DE0007164600","SAP(DE0007164600) Cash Dividend EUR 2.20 per Share - DE Tax","20240115","-2.9","Withholding Tax","114"',
      '"U999","EUR","","","EUR DEBIT INT FOR JAN-2024","20240131","-0.42","Broker Interest Paid","115"',
      '"EOS","CTRN","3"',
      '"EOA","U999"',
      '"EOF","U999"',
    ].join("\n");
    const file = decodeFile("flex.csv", new TextEncoder().encode(text));
    expect(detectParser(file)[0]?.id).toBe("ibkr-flex-csv");
    const r = await parserById("ibkr-flex-csv")!.parse(file);
    expect(r.errors).toEqual([]);
    expect(r.totalRows).toBe(5);
    expect(r.accountRefs).toEqual(["U999"]);
    expect(countBy(r.activities, (a) => a.type)).toEqual({
      buy: 1,
      conversion: 1,
      fee: 1,
      dividend: 1,
      tax: 1,
      interest: 1,
    });
    expect(r.activities.find((a) => a.type === "conversion")).toMatchObject({
      currency: "EUR",
      amount: "1000",
      toCurrency: "USD",
      toAmount: "1095.2",
      externalId: "112",
    });
    expect(r.activities.find((a) => a.type === "fee")).toMatchObject({ amount: "2", currency: "USD" });
    expect(r.activities.find((a) => a.type === "interest")).toMatchObject({
      amount: "-0.42",
      date: "2024-01-31",
    });
  });
});

describe("IB Flex Query XML", () => {
  const cases: [string, number, Record<string, number>, Record<string, number>][] = [
    ["ibkr-flex-report.xml", 4, { buy: 3, sell: 1 }, {}],
    [
      "testIBFlexStatementFile01.xml",
      41,
      { buy: 14, sell: 1, fee: 2, interest: 2, tax: 1 },
      { fx_translation: 15, corporate_action: 4, reversal: 1, reversed: 1 },
    ],
    ["testIBFlexStatementFile02.xml", 13, { buy: 6, short: 2, cover: 1, dividend: 1, tax: 1, fee: 2 }, {}],
    ["testIBFlexStatementFile10.xml", 2, { buy: 1, conversion: 1 }, {}],
    [
      "testIBFlexStatementFile12.xml",
      18,
      { buy: 4, tax: 5, dividend: 5, fee: 2, deposit: 1, interest: 1 },
      {},
    ],
    ["testIBFlexStatementFile14.xml", 10, { buy: 6, conversion: 2, deposit: 2 }, {}],
    ["testIBFlexStatementFile24.xml", 10, { dividend: 9, fee: 1 }, {}],
    ["testIBFlexStatementFile28.xml", 3, { conversion: 1 }, { cancelled: 2 }],
    ["testIBFlexStatementFile29.xml", 5, { dividend: 4, returnOfCapital: 1 }, {}],
  ];
  for (const [name, total, types, ignored] of cases) {
    it(`${name}: ${total} records, every one accounted for`, async () => {
      const r = await parse(name, "ibkr-flex-xml");
      expect(r.errors).toEqual([]);
      expect(r.totalRows).toBe(total);
      expect(countBy(r.activities, (a) => a.type)).toEqual(types);
      expect(countBy(r.ignored, (i) => i.code)).toEqual(ignored);
      const accounted = new Set([...r.activities.map((a) => a.row), ...r.ignored.map((i) => i.row)]);
      expect(accounted.size).toBe(total);
    });
  }

  it("reads trades with fees, ids and accounts", async () => {
    const r = await parse("ibkr-flex-report.xml", "ibkr-flex-xml");
    expect(r.accountRefs).toEqual(["U1234567"]);
    expect(r.activities[1]).toMatchObject({
      row: 2,
      date: "2026-06-15",
      type: "sell",
      symbol: "GOLD",
      quantity: "100",
      price: "44.19",
      amount: "4419",
      fee: "1.1108314",
      currency: "USD",
      externalId: "TRD00002",
    });
  });

  it("leaves out a cancelled FX trade and the trade it cancels, keeping the re-executed one", async () => {
    const r = await parse("testIBFlexStatementFile28.xml", "ibkr-flex-xml");
    expect(r.ignored.map((i) => i.row).sort()).toEqual([1, 2]);
    expect(r.activities).toEqual([
      expect.objectContaining({
        row: 3,
        type: "conversion",
        date: "2025-09-11",
        currency: "USD",
        amount: "1145.929445",
        toCurrency: "TWD",
        toAmount: "34649.999995949",
      }),
    ]);
  });

  it("books a cash merger as a sale and leaves ISIN-changing actions for the user", async () => {
    const r = await parse("testIBFlexStatementFile01.xml", "ibkr-flex-xml");
    expect(r.activities.find((a) => a.type === "sell")).toMatchObject({
      date: "2013-10-23",
      isin: "CA91701P1TN3",
      quantity: "12000",
      price: "2.86",
      amount: "34320",
      currency: "CAD",
    });
    expect(
      r.activities
        .filter((a) => a.type === "interest")
        .map((a) => a.amount)
        .sort(),
    ).toEqual(["-15.17", "1.23"]);
  });

  it("books a withholding refund that cancels nothing in the file as a dividend, with a warning", async () => {
    const r = await parse("testIBFlexStatementFile12.xml", "ibkr-flex-xml");
    expect(r.warnings.filter((w) => w.code === "refund")).toHaveLength(1);
    expect(r.activities.find((a) => a.note?.includes("tax refund"))).toMatchObject({
      type: "dividend",
      amount: "1.99",
      currency: "USD",
    });
    expect(r.activities.every((a) => !a.amount?.startsWith("-") || a.type === "interest")).toBe(true);
  });

  it("derives the price where an old schema gives none, with a warning", async () => {
    const r = await parse("testIBFlexStatementFile12.xml", "ibkr-flex-xml");
    expect(r.warnings.filter((w) => w.code === "derived_price")).toHaveLength(4);
    expect(r.activities[0]).toMatchObject({
      type: "buy",
      quantity: "400",
      price: "3.085",
      currency: "CAD",
      fee: "4",
    });
  });

  it("reads GBX and KRW dividends with their currencies", async () => {
    const r = await parse("testIBFlexStatementFile29.xml", "ibkr-flex-xml");
    // Pence are restated in pounds: 138 GBX at 0.01 to the base is 1.38 GBP at 1.
    expect(new Set(r.activities.map((a) => a.currency))).toEqual(new Set(["USD", "GBP", "KRW"]));
    expect(r.activities.find((a) => a.currency === "GBP")).toMatchObject({
      type: "dividend",
      amount: "1.38",
      fxRate: "1",
      symbol: "GBDV",
    });
  });
});

describe("IB statement CSVs", () => {
  it("reads the multi-account Activity Statement's trades: executions, not orders or closed lots", async () => {
    const r = await parse("data_multi_account.csv", "ibkr-statement-csv");
    expect(r.errors).toEqual([]);
    expect(r.totalRows).toBe(19);
    expect(countBy(r.ignored, (i) => i.code)).toEqual({ summary: 6, closed_lot: 6 });
    expect(countBy(r.activities, (a) => a.type)).toEqual({ sell: 2, short: 4, cover: 1 });
    expect(r.activities[0]).toMatchObject({
      row: 3,
      date: "2021-01-11",
      type: "sell",
      symbol: "HMBs",
      quantity: "257",
      price: "176.85",
      amount: "45450.45",
      fee: "49",
      currency: "SEK",
      accountRef: "U12345",
      mic: "XSTO",
    });
    expect(r.activities.at(-1)).toMatchObject({ type: "cover", quantity: "4", price: "0", note: "expired" });
    // Options: 0.41 per share × 100 = 41 per contract, as the proceeds say.
    expect(r.activities.find((a) => a.row === 13)).toMatchObject({
      type: "short",
      quantity: "1",
      price: "41",
      amount: "41",
      assetClass: "option",
    });
  });

  it("reads the Transaction History: income, withholding and its cancellation, trades, FX, deposit", async () => {
    const r = await parse("test_basic.csv", "ibkr-statement-csv");
    expect(r.errors).toEqual([]);
    expect(r.baseCurrency).toBe("GBP");
    expect(r.totalRows).toBe(12);
    expect(countBy(r.activities, (a) => a.type)).toEqual({
      dividend: 2,
      tax: 2,
      conversion: 1,
      sell: 1,
      buy: 1,
      interest: 1,
      deposit: 1,
    });
    // The withholding on interest and its cancellation (rows 20 and 19) cancel out: both are left out.
    expect(countBy(r.ignored, (i) => i.code)).toEqual({ adjustment: 1, reversal: 1, reversed: 1 });
    expect(r.activities.find((a) => a.type === "buy")).toMatchObject({
      date: "2025-03-15",
      symbol: "CNX1",
      quantity: "4",
      price: "1000",
      amount: "4000",
      fee: "3",
      currency: "GBP",
    });
    expect(r.activities.find((a) => a.type === "conversion")).toMatchObject({
      currency: "USD",
      amount: "1.056",
      toCurrency: "GBP",
      toAmount: "0.8",
    });
  });
});

describe("IB Activity Statement, every cash section", () => {
  const statement = (lang: "en" | "de") => {
    const en = lang === "en";
    return [
      en ? "Statement,Header,Field Name,Field Value" : "Statement,Header,Feldname,Feldwert",
      en ? "Statement,Data,Title,Activity Statement" : "Statement,Data,Titel,Kontoauszug",
      en ? "Account Information,Header,Field Name,Field Value" : "Kontoinformation,Header,Feldname,Feldwert",
      en ? "Account Information,Data,Account,U7654321" : "Kontoinformation,Data,Konto,U7654321",
      en ? "Account Information,Data,Base Currency,EUR" : "Kontoinformation,Data,Basiswährung,EUR",
      en
        ? "Trades,Header,DataDiscriminator,Asset Category,Currency,Symbol,Date/Time,Exchange,Quantity,T. Price,C. Price,Proceeds,Comm/Fee,Basis,Realized P/L,MTM P/L,Code"
        : "Transaktionen,Header,DataDiscriminator,Vermögenswertkategorie,Währung,Symbol,Datum/Zeit,Börse,Menge,T.-Kurs,Schlusskurs,Erlös,Prov./Gebühr,Basis,Realisierter G&V,MTM-G&V,Code",
      `${en ? "Trades" : "Transaktionen"},Data,Order,Stocks,USD,AAPL,"2024-02-01, 10:00:00",-,10,180.5,181,-1805,-1,1806,0,5,O`,
      `${en ? "Trades" : "Transaktionen"},Data,Trade,Stocks,USD,AAPL,"2024-02-01, 10:00:00",NASDAQ,10,180.5,181,-1805,-1,1806,0,5,O`,
      `${en ? "Trades" : "Transaktionen"},SubTotal,,Stocks,USD,AAPL,,,10,,,-1805,-1,1806,0,5,`,
      `${en ? "Trades" : "Transaktionen"},Header,DataDiscriminator,Asset Category,Currency,Symbol,Date/Time,Exchange,Quantity,T. Price,C. Price,Proceeds,Comm in EUR,MTM in EUR,Code`,
      `${en ? "Trades" : "Transaktionen"},Data,Trade,Forex,USD,EUR.USD,"2024-02-01, 09:00:00",IDEALFX,-2000,1.08,,2160,-2,0,`,
      en
        ? "Dividends,Header,Currency,Date,Description,Amount"
        : "Dividenden,Header,Währung,Datum,Beschreibung,Betrag",
      `${en ? "Dividends" : "Dividenden"},Data,USD,2024-02-15,AAPL(US0378331005) Cash Dividend USD 0.24 per Share (Ordinary Dividend),2.4`,
      `${en ? "Dividends" : "Dividenden"},Data,Total,,,2.4`,
      en
        ? "Withholding Tax,Header,Currency,Date,Description,Amount,Code"
        : "Quellensteuer,Header,Währung,Datum,Beschreibung,Betrag,Code",
      `${en ? "Withholding Tax" : "Quellensteuer"},Data,USD,2024-02-15,AAPL(US0378331005) Cash Dividend USD 0.24 per Share - US Tax,-0.36,`,
      en
        ? "Deposits & Withdrawals,Header,Currency,Settle Date,Description,Amount"
        : "Ein- & Auszahlungen,Header,Währung,Abwicklungsdatum,Beschreibung,Betrag",
      `${en ? "Deposits & Withdrawals" : "Ein- & Auszahlungen"},Data,EUR,2024-01-10,Electronic Fund Transfer,"10,000"`,
      `${en ? "Deposits & Withdrawals" : "Ein- & Auszahlungen"},Data,EUR,2024-03-10,Disbursement,-500`,
      `${en ? "Deposits & Withdrawals" : "Ein- & Auszahlungen"},Data,Total,,,9500`,
      en
        ? "Interest,Header,Currency,Date,Description,Amount"
        : "Zinsen,Header,Währung,Datum,Beschreibung,Betrag",
      `${en ? "Interest" : "Zinsen"},Data,EUR,2024-02-05,EUR Credit Interest for Jan-2024,3.21`,
      `${en ? "Interest" : "Zinsen"},Data,USD,2024-02-05,USD Debit Interest for Jan-2024,-1.05`,
      en
        ? "Fees,Header,Subtitle,Currency,Date,Description,Amount"
        : "Gebühren,Header,Untertitel,Währung,Datum,Beschreibung,Betrag",
      `${en ? "Fees" : "Gebühren"},Data,Other Fees,USD,2024-02-03,Market data fee,-10`,
      en
        ? "Corporate Actions,Header,Asset Category,Currency,Report Date,Date/Time,Description,Quantity,Proceeds,Value,Realized P/L,Code"
        : "Kapitalmaßnahmen,Header,Vermögenswertkategorie,Währung,Berichtsdatum,Datum/Zeit,Beschreibung,Menge,Erlös,Wert,Realisierter G&V,Code",
      `${en ? "Corporate Actions" : "Kapitalmaßnahmen"},Data,Stocks,USD,2024-06-10,"2024-06-07, 20:25:00",NVDA(US67066G1040) Split 10 for 1,90,0,0,0,`,
    ].join("\n");
  };

  for (const lang of ["en", "de"] as const) {
    it(`reads trades, forex, dividends, withholding, deposits, interest, fees (${lang})`, async () => {
      const file = decodeFile("U7654321_2024.csv", new TextEncoder().encode(statement(lang)));
      expect(detectParser(file)[0]?.id).toBe("ibkr-statement-csv");
      const r = await parserById("ibkr-statement-csv")!.parse(file);
      expect(r.errors).toEqual([]);
      expect(r.baseCurrency).toBe("EUR");
      expect(r.accountRefs).toEqual(["U7654321"]);
      expect(r.totalRows).toBe(11);
      expect(countBy(r.activities, (a) => a.type)).toEqual({
        buy: 1,
        conversion: 1,
        dividend: 1,
        tax: 1,
        deposit: 1,
        withdrawal: 1,
        interest: 2,
        fee: 1,
      });
      expect(countBy(r.ignored, (i) => i.code)).toEqual({ summary: 1, corporate_action: 1 });
      expect(r.activities.find((a) => a.type === "buy")).toMatchObject({
        date: "2024-02-01",
        symbol: "AAPL",
        quantity: "10",
        price: "180.5",
        amount: "1805",
        fee: "1",
        currency: "USD",
        mic: "XNAS",
      });
      expect(r.activities.find((a) => a.type === "conversion")).toMatchObject({
        currency: "EUR",
        amount: "2000",
        toCurrency: "USD",
        toAmount: "2160",
        fee: "2",
      });
      expect(r.activities.find((a) => a.type === "dividend")).toMatchObject({
        isin: "US0378331005",
        symbol: "AAPL",
        amount: "2.4",
        date: "2024-02-15",
      });
      expect(r.activities.find((a) => a.type === "tax")).toMatchObject({
        isin: "US0378331005",
        amount: "0.36",
      });
      expect(r.activities.find((a) => a.type === "deposit")).toMatchObject({
        amount: "10000",
        currency: "EUR",
      });
      expect(r.activities.filter((a) => a.type === "interest").map((a) => a.amount)).toEqual([
        "3.21",
        "-1.05",
      ]);
      expect(r.activities.find((a) => a.type === "fee")).toMatchObject({ amount: "10", currency: "USD" });
    });
  }
});
