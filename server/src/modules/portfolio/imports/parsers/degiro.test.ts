import { describe, expect, it } from "vitest";
import { readCsv } from "../text/csv.ts";
import { degiroParser as parser } from "./degiro.ts";
import {
  accountedRows,
  countIgnored,
  countTypes,
  fixture,
  sourceFromBytes,
  utf16le,
  windows1252,
} from "./fixture-source.ts";
import type { ParseResult } from "./types.ts";

const run = (path: string) => parser.parse(fixture(path)) as ParseResult;
const fromText = (text: string, name = "Account.csv") =>
  parser.parse(sourceFromBytes(name, new TextEncoder().encode(text))) as ParseResult;

/** The same file with another delimiter (fields re-quoted only where needed). */
function withDelimiter(text: string, d: string): string {
  return readCsv(text)
    .map((r) =>
      r.fields.map((f) => (f.includes(d) || f.includes('"') ? `"${f.replace(/"/g, '""')}"` : f)).join(d),
    )
    .join("\r\n");
}

describe("DEGIRO account statement", () => {
  it("reads the multilingual, mixed-decimal statement: 74 rows, each imported or ignored with its reason", () => {
    const r = run("degiro/degiro-export.csv");
    expect(r.errors).toEqual([]);
    expect(r.totalRows).toBe(74);
    expect(accountedRows(r)).toBe(74);
    // README: buy 10 + STOCK DIVIDEND 1, sell 3, dividend 9 (+ 6 taxes carried on them), 12 FX legs → 6
    // conversions, 13 fees (5 carried on their trades), deposit 2, withdrawal 1 (+ its flatex side),
    // money-market 2 and courtesy 2 as interest.
    expect(countTypes(r)).toEqual({
      buy: 11,
      sell: 3,
      dividend: 9,
      conversion: 6,
      fee: 8,
      deposit: 2,
      withdrawal: 1,
      interest: 4,
    });
    expect(countIgnored(r)).toEqual({
      continuation: 1,
      cash_sweep: 8,
      reservation: 2,
      product_change: 2,
      merged: 11,
      paired_leg: 6,
    });
    const byRow = (row: number) => r.activities.find((a) => a.row === row);
    // "Koop 1 @ 33,9 USD" with its Order Id wrapped onto the next line; its EUR fee stays a fee.
    expect(byRow(22)).toEqual({
      row: 22,
      date: "2022-12-15",
      type: "buy",
      isin: "US9256521090",
      name: "VICI PROPERTIES INC. C",
      quantity: "1",
      price: "33.9",
      amount: "33.9",
      currency: "USD",
      externalId: "5925d76b-eb36-46e3-b017-a61a6d03c3e7",
    });
    expect(byRow(20)).toMatchObject({
      type: "conversion",
      currency: "EUR",
      amount: "31.91",
      toCurrency: "USD",
      toAmount: "33.9",
      externalId: "5925d76b-eb36-46e3-b017-a61a6d03c3e7",
    });
    // Portuguese "Compra 1 …@82,055 EUR": a three-decimal price settled by the amount; the fee carried.
    expect(byRow(44)).toMatchObject({
      type: "buy",
      quantity: "1",
      price: "82.055",
      amount: "82.06",
      fee: "1",
      currency: "EUR",
    });
    // French "Achat 6 QT GROUP OYJ@79,96 EUR" with "Frais DEGIRO de courtage".
    expect(byRow(50)).toMatchObject({
      type: "buy",
      isin: "FI4000198031",
      quantity: "6",
      price: "79.96",
      fee: "4.9",
    });
    // English "Sell 4 AVIVA@496 GBX" settled in GBP.
    expect(byRow(56)).toMatchObject({
      type: "sell",
      quantity: "4",
      price: "4.96",
      amount: "19.84",
      currency: "GBP",
    });
    // Dutch dividend with its "Dividendbelasting", French "Dividende" with "Impôts sur dividende".
    expect(byRow(10)).toMatchObject({
      type: "dividend",
      isin: "US1912161007",
      amount: "0.44",
      withholdingTax: "0.07",
      currency: "USD",
    });
    expect(byRow(61)).toMatchObject({
      type: "dividend",
      amount: "3.5",
      withholdingTax: "0.53",
      date: "2024-08-01",
    });
    // The mojibake "CrÃ©dito de divisa" leg pairs with "Levantamento de divisa".
    expect(byRow(58)).toMatchObject({
      type: "conversion",
      currency: "USD",
      amount: "457.52",
      toCurrency: "EUR",
      toAmount: "408.83",
    });
    expect(byRow(55)).toMatchObject({ type: "deposit", amount: "25", currency: "EUR", date: "2020-10-26" });
    expect(byRow(25)).toMatchObject({ type: "withdrawal", amount: "15.1", currency: "EUR" });
    expect(byRow(65)).toMatchObject({ type: "buy", isin: "NL0013654783", quantity: "999", price: "0" });
    expect(byRow(70)).toMatchObject({ type: "interest", amount: "-0.25" });
    expect(r.ignored.find((i) => i.row === 19)).toMatchObject({ code: "continuation" });
  });

  it("reads the single-order files in English, Dutch and Portuguese", () => {
    const usd = run("degiro/single_buy_usd.csv");
    expect(usd.errors).toEqual([]);
    expect(countTypes(usd)).toEqual({ buy: 1, fee: 2, conversion: 1 });
    expect(usd.activities.find((a) => a.type === "buy")).toMatchObject({
      quantity: "5",
      price: "21.31",
      currency: "USD",
      isin: "US40434L1052",
      date: "2023-11-06",
    });
    expect(usd.activities.find((a) => a.type === "conversion")).toMatchObject({
      currency: "GBP",
      amount: "82.8",
      toCurrency: "USD",
      toAmount: "106.55",
    });
    const eur = run("degiro/single_buy_euro.csv");
    expect(eur.activities).toEqual([
      expect.objectContaining({
        type: "buy",
        quantity: "1",
        price: "77.3",
        fee: "1",
        currency: "EUR",
        isin: "IE00B3XXRP09",
      }),
    ]);
    expect(eur.ignored).toEqual([expect.objectContaining({ row: 2, code: "merged" })]);
    const gbx = run("degiro/single_buy_GBX.csv");
    expect(gbx.errors).toEqual([]);
    expect(gbx.activities).toEqual([
      expect.objectContaining({
        type: "buy",
        quantity: "1",
        price: "2.35",
        currency: "GBP",
        isin: "AU000000GBP6",
      }),
    ]);
    const div = run("degiro/single_dividend.csv");
    expect(div.activities).toEqual([
      expect.objectContaining({
        type: "dividend",
        amount: "1.38",
        withholdingTax: "0.21",
        currency: "USD",
        date: "2024-07-04",
      }),
    ]);
  });

  it("parses the statement identically from UTF-16, Windows-1252 with semicolons, and German or French headers", () => {
    const f = fixture("degiro/degiro-export.csv");
    const expected = (parser.parse(f) as ParseResult).activities;
    const u16 = parser.parse(sourceFromBytes("a.csv", utf16le(f.text))) as ParseResult;
    expect(u16.activities).toEqual(expected);
    const semi = withDelimiter(f.text.replace("\u202f", " "), ";");
    const cp = parser.parse(sourceFromBytes("a.csv", windows1252(semi))) as ParseResult;
    expect(cp.errors).toEqual([]);
    expect(cp.activities.length).toBe(expected.length);
    expect(cp.activities.find((a) => a.row === 50)).toEqual(expected.find((a) => a.row === 50));
    const lines = f.text.split("\n");
    const de = [
      "Datum,Uhrzeit,Valutadatum,Produkt,ISIN,Beschreibung,FX,Änderung,,Saldo,,Order-ID",
      ...lines.slice(1),
    ].join("\n");
    expect(fromText(de).activities).toEqual(expected);
    const fr = [
      "Date,Heure,Date de valeur,Produit,Code ISIN,Description,FX,Mouvements,,Solde,,ID Ordre",
      ...lines.slice(1),
    ].join("\n");
    expect(fromText(fr).activities).toEqual(expected);
    // A language the vocabulary lacks still reads by DEGIRO's fixed positions.
    const pl = [
      "Data,Czas,Data waluty,Produkt,Kod ISIN,Opis,Kurs,Zmiana,,Saldo,,Identyfikator zlecenia",
      ...lines.slice(1),
    ].join("\n");
    const plr = fromText(pl);
    expect(plr.errors).toEqual([]);
    expect(plr.activities).toEqual(expected);
  });

  it("reads German, Spanish and Italian descriptions", () => {
    const text = [
      "Datum;Uhrzeit;Valutadatum;Produkt;ISIN;Beschreibung;FX;Änderung;;Saldo;;Order-ID",
      "05-03-2024;10:00;05-03-2024;SAP SE;DE0007164600;Kauf 3 SAP SE@170,12 EUR (DE0007164600);;EUR;-510,36;EUR;100,00;o-1",
      "05-03-2024;10:00;05-03-2024;SAP SE;DE0007164600;DEGIRO Transaktionsgebühren und/oder Gebühren Dritter;;EUR;-2,00;EUR;610,36;o-1",
      "04-03-2024;09:00;04-03-2024;;;Einzahlung;;EUR;1.000,00;EUR;612,36;",
      "06-03-2024;08:00;06-03-2024;SAP SE;DE0007164600;Verkauf 1 SAP SE@175,5 EUR (DE0007164600);;EUR;175,50;EUR;275,50;o-2",
      "07-03-2024;08:00;07-03-2024;ENEL;IT0003128367;Dividendo;;EUR;4,00;EUR;279,50;",
      "07-03-2024;08:00;07-03-2024;ENEL;IT0003128367;Ritenuta sul dividendo;;EUR;-1,04;EUR;278,46;",
      "08-03-2024;08:00;08-03-2024;;;Retirada;;EUR;-50,00;EUR;228,46;",
      "09-03-2024;08:00;09-03-2024;;;Zinsen;;EUR;0,12;EUR;228,58;",
      "10-03-2024;08:00;10-03-2024;;;Mysterious entry;;EUR;1,00;EUR;229,58;",
    ].join("\n");
    const r = fromText(text);
    expect(r.totalRows).toBe(9);
    expect(r.activities).toEqual([
      expect.objectContaining({
        row: 2,
        type: "buy",
        quantity: "3",
        price: "170.12",
        amount: "510.36",
        fee: "2",
        externalId: "o-1",
      }),
      expect.objectContaining({ row: 4, type: "deposit", amount: "1000" }),
      expect.objectContaining({ row: 5, type: "sell", quantity: "1", price: "175.5" }),
      expect.objectContaining({
        row: 6,
        type: "dividend",
        amount: "4",
        withholdingTax: "1.04",
        isin: "IT0003128367",
      }),
      expect.objectContaining({ row: 8, type: "withdrawal", amount: "50" }),
      expect.objectContaining({ row: 9, type: "interest", amount: "0.12" }),
    ]);
    expect(r.errors).toEqual([
      expect.objectContaining({ row: 10, column: "Beschreibung", code: "unknown_type" }),
    ]);
  });

  it("reads German statements: currency exchanges, exchange-connection fees, old 'zu je' trades and a split", () => {
    const text = [
      "Datum,Uhrzeit,Valutadatum,Produkt,ISIN,Beschreibung,FX,Änderung,,Saldo,,Order-ID",
      '10-06-2024,15:00,10-06-2024,NVIDIA CORP,US67066G1040,"AKTIENSPLIT: Verkauf 2 NVIDIA CORP@1.200 USD (US67066G1040)",,USD,"0,00",USD,"0,00",',
      '10-06-2024,15:00,10-06-2024,NVIDIA CORP,US67066G1040,"AKTIENSPLIT: Kauf 20 NVIDIA CORP@120 USD (US67066G1040)",,USD,"0,00",USD,"0,00",',
      '05-03-2024,10:00,05-03-2024,,,Währungswechsel (Ausbuchung),"1,0850",EUR,"-100,00",EUR,"0,00",',
      '05-03-2024,10:00,05-03-2024,,,Währungswechsel (Einbuchung),,USD,"108,50",USD,"108,50",',
      '05-02-2024,07:16,31-01-2024,,,Einrichtung von Handelsmodalitäten 2024 (New York - NSY),,EUR,"-2,50",EUR,"10,00",',
      '01-02-2021,15:39,01-02-2021,SIEMENS AG,DE0007236101,"Kauf 4 zu je 120,50 EUR",,EUR,"-482,00",EUR,"12,50",abc',
    ].join("\n");
    const r = fromText(text);
    expect(r.errors).toEqual([]);
    expect(r.activities).toEqual([
      expect.objectContaining({ row: 3, type: "split", isin: "US67066G1040", ratio: "10" }),
      expect.objectContaining({
        row: 4,
        type: "conversion",
        currency: "EUR",
        amount: "100",
        toCurrency: "USD",
        toAmount: "108.5",
      }),
      expect.objectContaining({ row: 6, type: "fee", amount: "2.5", currency: "EUR" }),
      expect.objectContaining({ row: 7, type: "buy", quantity: "4", price: "120.5", isin: "DE0007236101" }),
    ]);
    expect(countIgnored(r)).toEqual({ paired_leg: 2 });
  });
});

describe("DEGIRO transactions export", () => {
  it("reads the older English layout with currency columns and a USD trade's EUR fee", () => {
    const text = [
      "Date,Time,Product,ISIN,Reference,Venue,Quantity,Price,,Local value,,Value,,Exchange rate,Transaction and/or third,,Total,,Order ID",
      "15-12-2022,16:55,VICI PROPERTIES INC,US9256521090,NSY,XNYS,1,33.90,USD,-33.90,USD,-31.91,EUR,1.0624,-1.00,EUR,-32.91,EUR,5925d76b",
      "01-08-2023,10:03,ISHARES NASDAQ US BIOTECH,IE00BYXG2H39,EAM,XAMS,-1,5.416,EUR,5.42,EUR,5.42,EUR,,-1.00,EUR,4.42,EUR,4c29dd81",
      "02-04-2024,09:00,AVIVA,GB00BPQY8M80,LSE,XLON,-4,496.00,GBX,1984.00,GBX,22.91,EUR,86.6,-4.90,EUR,18.01,EUR,86c1f17b",
    ].join("\n");
    const r = fromText(text, "Transactions.csv");
    expect(r.errors).toEqual([]);
    expect(r.totalRows).toBe(3);
    expect(r.activities[0]).toMatchObject({
      type: "buy",
      quantity: "1",
      price: "33.9",
      currency: "USD",
      amount: "33.9",
      fee: "1.0624",
      fxRate: "0.941265060241",
    });
    expect(r.activities[1]).toMatchObject({
      type: "sell",
      quantity: "1",
      price: "5.416",
      currency: "EUR",
      fee: "1",
    });
    expect(r.activities[2]).toMatchObject({
      type: "sell",
      quantity: "4",
      price: "4.96",
      currency: "GBP",
      amount: "19.84",
      fee: "4.2434",
    });
    expect(
      parser.detect(sourceFromBytes("Transactions.csv", new TextEncoder().encode(text))),
    ).toBeGreaterThan(0.8);
  });

  it("reads the newer Dutch layout with the account currency in the titles and an AutoFX fee", () => {
    const text = [
      "Datum,Tijd,Product,ISIN,Beurs,Uitvoeringsplaats,Aantal,Koers,,Lokale waarde,,Waarde EUR,Wisselkoers,AutoFX Fee,Transactiekosten en/of kosten van derden EUR,Totaal EUR,Order ID",
      '03-04-2024,15:31,APPLE INC,US0378331005,NDQ,XNAS,2,"168,50",USD,"-337,00",USD,"-311,95","1,0803","-0,78","-1,00","-313,73",aa-1',
      '04-04-2024,09:05,VANGUARD FTSE AW,IE00B3RBWM25,EAM,XAMS,3,"112,10",EUR,"-336,30",EUR,"-336,30",,"0,00","-1,00","-337,30",aa-2',
    ].join("\n");
    const r = fromText(text, "Transactions.csv");
    expect(r.errors).toEqual([]);
    expect(r.activities).toEqual([
      expect.objectContaining({
        type: "buy",
        quantity: "2",
        price: "168.5",
        currency: "USD",
        amount: "337",
        fee: "1.922934",
        externalId: "aa-1",
      }),
      expect.objectContaining({
        type: "buy",
        quantity: "3",
        price: "112.1",
        currency: "EUR",
        amount: "336.3",
        fee: "1",
      }),
    ]);
  });

  it("reads a Spanish export with a fee title the vocabulary lacks, and a Polish one by DEGIRO's column order", () => {
    const es = [
      "Fecha,Hora,Producto,ISIN,Bolsa de,Centro de,Número,Precio,,Valor local,,Valor,,Tipo de cambio,Costes de transacción,,Total,,ID Orden",
      '03-04-2024,15:31,APPLE INC,US0378331005,NDQ,XNAS,2,"168,50",USD,"-337,00",USD,"-311,95",EUR,"1,0803","-2,00",EUR,"-313,95",EUR,es-1',
    ].join("\n");
    expect(fromText(es, "Transactions.csv").activities).toEqual([
      expect.objectContaining({
        type: "buy",
        quantity: "2",
        price: "168.5",
        currency: "USD",
        fee: "2.1606",
        externalId: "es-1",
      }),
    ]);
    const pl = [
      "Data,Czas,Produkt,Kod ISIN,Giełda,Miejsce wykonania,Liczba,Kurs,,Wartość lokalna,,Wartość,,Kurs wymiany,Opłata transakcyjna,,Razem,,Identyfikator zlecenia",
      "03-04-2024,15:31,VANGUARD FTSE AW,IE00B3RBWM25,EAM,XAMS,-3,112.10,EUR,336.30,EUR,336.30,EUR,,-1.00,EUR,335.30,EUR,pl-1",
    ].join("\n");
    const r = fromText(pl, "Transactions.csv");
    expect(r.errors).toEqual([]);
    expect(r.activities).toEqual([
      expect.objectContaining({
        type: "sell",
        quantity: "3",
        price: "112.1",
        currency: "EUR",
        fee: "1",
        amount: "336.3",
      }),
    ]);
  });
});

describe("DEGIRO detection", () => {
  it("is confident for statements and not for other brokers' files", () => {
    expect(parser.detect(fixture("degiro/degiro-export.csv"))).toBeGreaterThan(0.9);
    expect(parser.detect(fixture("degiro/single_buy_GBX.csv"))).toBeGreaterThan(0.9);
    expect(parser.detect(fixture("trading212/transactions.csv"))).toBe(0);
    expect(parser.detect(fixture("saxo/saxo-export.csv"))).toBe(0);
  });
});
