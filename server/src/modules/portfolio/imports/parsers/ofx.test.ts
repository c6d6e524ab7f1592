// OFX/QFX statements from E*TRADE, Vanguard, Fidelity and TD Ameritrade (fixtures/*, see fixtures/README.md),
// plus an OFX 2.x XML statement written here to the specification.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { decodeFile, detectParser, parserById } from "./registry.ts";

function load(path: string) {
  return decodeFile(path, new Uint8Array(readFileSync(new URL(`./fixtures/${path}`, import.meta.url))));
}

async function parse(path: string, id: string) {
  const file = load(path);
  expect(detectParser(file)[0]?.id).toBe(id);
  return parserById(id)!.parse(file);
}

function types(r: { activities: { type: string }[] }) {
  const out: Record<string, number> = {};
  for (const a of r.activities) out[a.type] = (out[a.type] ?? 0) + 1;
  return out;
}

describe("OFX / QFX", () => {
  it("E*TRADE QFX (SGML, no closing tags): fractional buys, a dividend and its foreign withholding", async () => {
    const r = await parse("etrade/etrade_09092023.QFX", "etrade-ofx");
    expect(r.errors).toEqual([]);
    expect(r.totalRows).toBe(4);
    expect(types(r)).toEqual({ buy: 2, dividend: 1, tax: 1 });
    expect(r.activities[0]).toMatchObject({
      date: "2023-07-14",
      type: "buy",
      symbol: "TSM",
      quantity: "0.76817",
      price: "107.1895",
      currency: "USD",
      accountRef: "555555555",
    });
    expect(r.activities.find((a) => a.type === "tax")).toMatchObject({ amount: "21.89", symbol: "TSM" });
    expect(r.activities.find((a) => a.type === "dividend")).toMatchObject({
      amount: "104.23",
      date: "2023-07-14",
    });
  });

  it("Vanguard 401(k) QFX: fund buys and transfers between sources", async () => {
    const r = await parse("vanguard/OfxDownload-401k.qfx", "vanguard-ofx");
    expect(r.errors).toEqual([]);
    expect(r.totalRows).toBe(5);
    expect(types(r)).toEqual({ buy: 2, transferOut: 2, transferIn: 1 });
    expect(r.activities[0]).toMatchObject({
      date: "2023-01-06",
      type: "buy",
      symbol: "VGI007743",
      quantity: "10.16089",
      price: "111.75",
      amount: "1135.48",
      assetClass: "fund",
    });
  });

  it("Fidelity OFX on one line with zero-padded signed numbers", async () => {
    const r = await parse("fidelity/fidelity.ofx", "fidelity-ofx");
    expect(r.errors).toEqual([]);
    expect(r.totalRows).toBe(17);
    expect(types(r)).toEqual({ buy: 8, sell: 2, dividend: 4, deposit: 2, withdrawal: 1 });
    expect(r.activities[0]).toMatchObject({
      date: "2012-07-20",
      type: "buy",
      symbol: "INTC",
      quantity: "100",
      price: "25.635",
      amount: "2563.5",
      fee: "7.95",
      currency: "USD",
    });
  });

  it("TD Ameritrade OFX with positions only: nothing to import, nothing wrong", async () => {
    const r = await parse("tdameritrade/td_ameritrade.ofx", "tdameritrade-ofx");
    expect(r).toMatchObject({ totalRows: 0, activities: [], errors: [] });
  });

  it("reads OFX 2.x XML, with reinvestment, a split, a sale short and a bank transaction", async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<?OFX OFXHEADER="200" VERSION="220" SECURITY="NONE" OLDFILEUID="NONE" NEWFILEUID="NONE"?>
<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS><FI><ORG>Some Broker</ORG></FI></SONRS></SIGNONMSGSRSV1>
<INVSTMTMSGSRSV1><INVSTMTTRNRS><INVSTMTRS><CURDEF>USD</CURDEF><INVACCTFROM><BROKERID>x</BROKERID><ACCTID>A-1</ACCTID></INVACCTFROM>
<INVTRANLIST><DTSTART>20240101</DTSTART><DTEND>20241231</DTEND>
<REINVEST><INVTRAN><FITID>r1</FITID><DTTRADE>20240315120000.000[-5:EST]</DTTRADE></INVTRAN><SECID><UNIQUEID>US0378331005</UNIQUEID><UNIQUEIDTYPE>ISIN</UNIQUEIDTYPE></SECID><INCOMETYPE>DIV</INCOMETYPE><TOTAL>-24.00</TOTAL><UNITS>0.12</UNITS><UNITPRICE>200.00</UNITPRICE></REINVEST>
<SPLIT><INVTRAN><FITID>s1</FITID><DTTRADE>20240610</DTTRADE></INVTRAN><SECID><UNIQUEID>US0378331005</UNIQUEID><UNIQUEIDTYPE>ISIN</UNIQUEIDTYPE></SECID><OLDUNITS>10</OLDUNITS><NEWUNITS>40</NEWUNITS><NUMERATOR>4</NUMERATOR><DENOMINATOR>1</DENOMINATOR></SPLIT>
<SELLSTOCK><INVSELL><INVTRAN><FITID>t1</FITID><DTTRADE>20240701</DTTRADE></INVTRAN><SECID><UNIQUEID>US0378331005</UNIQUEID><UNIQUEIDTYPE>ISIN</UNIQUEIDTYPE></SECID><UNITS>-5</UNITS><UNITPRICE>50.5</UNITPRICE><COMMISSION>1.00</COMMISSION><TOTAL>251.50</TOTAL></INVSELL><SELLTYPE>SELLSHORT</SELLTYPE></SELLSTOCK>
<INVBANKTRAN><STMTTRN><TRNTYPE>CREDIT</TRNTYPE><DTPOSTED>20240801</DTPOSTED><TRNAMT>1,000.00</TRNAMT><FITID>b1</FITID><NAME>Wire &amp; transfer</NAME></STMTTRN><SUBACCTFUND>CASH</SUBACCTFUND></INVBANKTRAN>
<FOO><INVTRAN><FITID>x</FITID></INVTRAN></FOO>
</INVTRANLIST></INVSTMTRS></INVSTMTTRNRS></INVSTMTMSGSRSV1></OFX>`;
    const file = decodeFile("statement.ofx", new TextEncoder().encode(xml));
    expect(detectParser(file)[0]?.id).toBe("ofx");
    const r = await parserById("ofx")!.parse(file);
    expect(r.totalRows).toBe(5);
    expect(types(r)).toEqual({ dividend: 1, buy: 1, split: 1, short: 1, deposit: 1 });
    expect(r.activities.find((a) => a.type === "split")).toMatchObject({
      isin: "US0378331005",
      ratio: "4",
      date: "2024-06-10",
    });
    expect(r.activities.find((a) => a.type === "short")).toMatchObject({
      quantity: "5",
      price: "50.5",
      amount: "252.5",
      fee: "1",
    });
    expect(r.activities.find((a) => a.type === "deposit")).toMatchObject({
      amount: "1000",
      note: "Wire & transfer",
    });
    expect(r.errors).toEqual([expect.objectContaining({ row: 5, code: "unknown_type" })]);
  });

  it("recognises Vanguard by its FI name or broker id, and reads a fund sale on one SGML line", async () => {
    const sgml =
      "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\n\n<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS><FI><ORG>The Vanguard Group</FI></SONRS></SIGNONMSGSRSV1>" +
      "<INVSTMTMSGSRSV1><INVSTMTTRNRS><INVSTMTRS><CURDEF>USD<INVACCTFROM><BROKERID>vanguard.com<ACCTID>0987</INVACCTFROM><INVTRANLIST>" +
      "<SELLMF><INVSELL><INVTRAN><FITID>s-1<DTTRADE>20230315160000.000[-5:EST]</INVTRAN><SECID><UNIQUEID>922908728<UNIQUEIDTYPE>CUSIP</SECID><UNITS>-10.5<UNITPRICE>400.10<TOTAL>4201.05</INVSELL><SELLTYPE>SELL</SELLMF>" +
      "</INVTRANLIST></INVSTMTRS></INVSTMTTRNRS></INVSTMTMSGSRSV1><SECLISTMSGSRSV1><SECLIST><MFINFO><SECINFO><SECID><UNIQUEID>922908728<UNIQUEIDTYPE>CUSIP</SECID><SECNAME>Total Stock Mkt Idx Adm<TICKER>VTSAX</SECINFO></MFINFO></SECLIST></SECLISTMSGSRSV1></OFX>";
    const file = decodeFile("ofxdownload.qfx", new TextEncoder().encode(sgml));
    expect(detectParser(file)[0]?.id).toBe("vanguard-ofx");
    const r = await parserById("vanguard-ofx")!.parse(file);
    expect(r.errors).toEqual([]);
    expect(r.activities).toEqual([
      expect.objectContaining({
        row: 1,
        date: "2023-03-15",
        type: "sell",
        symbol: "VTSAX",
        quantity: "10.5",
        price: "400.1",
        amount: "4201.05",
        assetClass: "fund",
        note: "CUSIP 922908728",
      }),
    ]);
  });

  it("reads a bank statement and reports an institution's error status", async () => {
    const sgml = [
      "OFXHEADER:100",
      "DATA:OFXSGML",
      "VERSION:102",
      "",
      "<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS></SONRS></SIGNONMSGSRSV1>",
      "<BANKMSGSRSV1><STMTTRNRS><STATUS><CODE>2000<SEVERITY>ERROR<MESSAGE>General error</STATUS>",
      "<STMTRS><CURDEF>EUR<BANKACCTFROM><BANKID>1<ACCTID>DE001<ACCTTYPE>CHECKING</BANKACCTFROM><BANKTRANLIST>",
      "<STMTTRN><TRNTYPE>DIRECTDEP<DTPOSTED>20240105<TRNAMT>2500.00<FITID>1<NAME>Salary</STMTTRN>",
      "<STMTTRN><TRNTYPE>SRVCHG<DTPOSTED>20240131<TRNAMT>-4.90<FITID>2<NAME>Account fee</STMTTRN>",
      "<STMTTRN><TRNTYPE>DIV<DTPOSTED>20240215<TRNAMT>3.10<FITID>3</STMTTRN>",
      "</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>",
    ].join("\n");
    const r = await parserById("ofx")!.parse(decodeFile("bank.ofx", new TextEncoder().encode(sgml)));
    expect(r.errors).toEqual([expect.objectContaining({ row: 0, code: "ofx_status" })]);
    expect(r.accountRefs).toEqual(["DE001"]);
    expect(r.activities.map((a) => [a.type, a.amount, a.currency])).toEqual([
      ["deposit", "2500", "EUR"],
      ["fee", "4.9", "EUR"],
      ["interest", "3.1", "EUR"],
    ]);
  });

  it("answers an error, not an exception, for a file that is not OFX", async () => {
    const r = await parserById("ofx")!.parse(decodeFile("x.ofx", new TextEncoder().encode("hello")));
    expect(r.errors[0]).toMatchObject({ row: 0, code: "unrecognised_file" });
  });
});
