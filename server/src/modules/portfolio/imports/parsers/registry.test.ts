// The registry: each of H2's fixtures is detected as its own preset, ahead of every other registered
// parser; none of H2's detectors claims another broker's file; no parser throws, whatever it is given.
import { readdirSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeFile, detectParser, PARSERS } from "./registry.ts";

const MINE: Record<string, string> = {
  "ibkr/ibkr-trades-export.csv": "ibkr-flex-csv",
  "ibkr/ibkr-dividends-export.csv": "ibkr-flex-csv",
  "ibkr/vti-buy-on-ibkr.csv": "ibkr-flex-csv",
  "ibkr/test_basic.csv": "ibkr-statement-csv",
  "ibkr/data_multi_account.csv": "ibkr-statement-csv",
  "schwab/schwab-export.csv": "schwab",
  "schwab/schwab_csv_brokerage_XX876_Transactions_20220731.csv": "schwab",
  "fidelity/History_for_Account_X8YYYYYYY.csv": "fidelity",
  "fidelity/fidelity.ofx": "fidelity-ofx",
  "tdameritrade/TD_Ameritrade.csv": "tdameritrade",
  "tdameritrade/td_ameritrade.ofx": "tdameritrade-ofx",
  "etrade/etrade_09092023.QFX": "etrade-ofx",
  "vanguard/OfxDownload-401k.qfx": "vanguard-ofx",
  "tradovate/tradovate-paired-trades-sample.csv": "tradovate",
  "tradezero/example_tradezero_file.csv": "tradezero",
  "metatrader5/MetaTrader5.xlsx": "metatrader5",
  "ghostfolio/ghostfolio-export.json": "ghostfolio",
  "ghostfolio/ghostfolio-manual-assets.json": "ghostfolio",
  "portfolio-performance/pp-export-de.csv": "portfolio-performance",
  "portfolio-performance/pp-export-en.csv": "portfolio-performance",
};
const MY_IDS = new Set([...Object.values(MINE), "ibkr-flex-xml", "ofx"]);
const dir = new URL("./fixtures/", import.meta.url);

function load(path: string) {
  return decodeFile(path.split("/").pop()!, new Uint8Array(readFileSync(new URL(path, dir))));
}

describe("detectParser", () => {
  for (const name of readdirSync(new URL("ibkr/", dir)).filter((f) => f.endsWith(".xml")))
    MINE[`ibkr/${name}`] = "ibkr-flex-xml";
  for (const [path, id] of Object.entries(MINE)) {
    it(`${path} → ${id}, ahead of every other parser`, () => {
      const ranked = detectParser(load(path));
      expect(ranked[0]?.id).toBe(id);
      if (ranked[1]) expect(ranked[0]!.confidence).toBeGreaterThan(ranked[1].confidence);
    });
  }

  it("does not hand another broker's file to one of H2's parsers", () => {
    const others: string[] = [];
    for (const broker of readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory())) {
      for (const f of readdirSync(new URL(`${broker.name}/`, dir))) {
        const path = `${broker.name}/${f}`;
        if (MINE[path] || f.endsWith(".md")) continue;
        const top = detectParser(load(path))[0];
        if (top && MY_IDS.has(top.id)) others.push(`${path} → ${top.id}`);
      }
    }
    expect(others).toEqual([]);
  });

  it("ranks nothing for an empty file and scores within 0…1", () => {
    expect(detectParser(decodeFile("empty.csv", new Uint8Array()))).toEqual([]);
    for (const [path] of Object.entries(MINE))
      for (const d of detectParser(load(path))) expect(d.confidence).toBeLessThanOrEqual(1);
  });
});

describe("what H2's parsers hand the ledger", () => {
  it("keeps the ledger's sign rules on every fixture: only interest may be negative", async () => {
    for (const [path, id] of Object.entries(MINE)) {
      const r = await PARSERS.find((p) => p.id === id)!.parse(load(path));
      for (const a of r.activities) {
        for (const field of ["quantity", "price", "fee", "withholdingTax", "toAmount", "ratio"] as const) {
          expect(a[field]?.startsWith("-") ?? false, `${path} row ${a.row} ${field}`).toBe(false);
        }
        if (a.type !== "interest")
          expect(a.amount?.startsWith("-") ?? false, `${path} row ${a.row} amount`).toBe(false);
        expect(a.date).toMatch(/^\d{4}-\d\d-\d\d$/);
      }
    }
  });
});

describe("every parser, on any input", () => {
  const textish = fc.oneof(
    fc.string({ maxLength: 300 }),
    fc
      .array(
        fc.constantFrom(
          "Date",
          "Action",
          "Amount",
          ",",
          ";",
          '"',
          "\n",
          "<OFX>",
          "<Trade ",
          'buySell="BUY" ',
          "/>",
          "1,5",
          "$-3",
          "Trades,Header,",
          "Trades,Data,",
          "{",
          '"activities":[',
          "}",
          "]",
          "2024-01-02",
          "13/13/2024",
        ),
        { maxLength: 60 },
      )
      .map((a) => a.join("")),
  );
  it("never throws, and keeps its own books: every issue has a row, every activity a type and date", async () => {
    await fc.assert(
      fc.asyncProperty(textish, async (text) => {
        const file = decodeFile("input.csv", new TextEncoder().encode(text));
        for (const p of PARSERS) {
          expect(() => p.detect(file)).not.toThrow();
          const r = await p.parse(file);
          for (const a of r.activities) {
            expect(a.date).toMatch(/^\d{4}-\d\d-\d\d$/);
            expect(a.row).toBeGreaterThan(0);
          }
          for (const i of [...r.errors, ...r.warnings, ...r.ignored]) expect(typeof i.row).toBe("number");
        }
      }),
      { numRuns: 150 },
    );
  });

  it("cuts every H2 fixture short anywhere without throwing", async () => {
    for (const path of Object.keys(MINE)) {
      const bytes = new Uint8Array(readFileSync(new URL(path, dir)));
      for (const cut of [
        1,
        7,
        Math.floor(bytes.length / 3),
        Math.floor(bytes.length / 2),
        bytes.length - 3,
      ]) {
        const file = decodeFile(path, bytes.subarray(0, Math.max(0, cut)));
        const ranked = detectParser(file);
        const parser = PARSERS.find((p) => p.id === (ranked[0]?.id ?? MINE[path]))!;
        await expect(Promise.resolve().then(() => parser.parse(file))).resolves.toBeDefined();
      }
    }
  });
});
