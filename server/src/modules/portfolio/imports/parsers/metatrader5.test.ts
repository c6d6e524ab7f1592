import { describe, expect, it } from "vitest";
import { decodeFile, detectParser, parserById } from "./registry.ts";
import { byType, expectAllAccounted, fixture, ignoredBy, parseAs } from "./test-helpers.ts";

describe("MetaTrader 5 Trade History Report (xlsx)", () => {
  it("imports the deals: the deposit and three positions opened and closed", async () => {
    const file = fixture("metatrader5/MetaTrader5.xlsx");
    expect(file.text).toBe("");
    const r = await parseAs(file, "metatrader5");
    expect(r.errors).toEqual([]);
    expect(r.baseCurrency).toBe("USD");
    // Positions 3, Orders 6, Deals 7 (the totals line is not one), Working Orders 1.
    expect(r.totalRows).toBe(17);
    expect(ignoredBy(r)).toEqual({ summary: 3, order: 7 });
    expect(byType(r)).toEqual({ deposit: 1, short: 3, cover: 3 });
    expectAllAccounted(r);
    expect(r.activities[0]).toMatchObject({
      row: 21,
      date: "2022-10-28",
      type: "deposit",
      amount: "3000",
      currency: "USD",
    });
    expect(r.activities.find((a) => a.row === 24)).toMatchObject({
      type: "short",
      symbol: "GOLD_",
      quantity: "0.5",
      price: "164916",
      externalId: "269000050",
    });
    // Prices per lot in USD: the ledger's gains equal the report's Total Net Profit, 30.85.
    let pl = 0;
    for (const a of r.activities) {
      if (a.type === "short") pl += Number(a.price) * Number(a.quantity);
      if (a.type === "cover") pl -= Number(a.price) * Number(a.quantity);
    }
    expect(pl).toBeCloseTo(30.85, 4);
  });

  it("answers an error for a damaged workbook and is not detected for text", async () => {
    const bytes = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]);
    const file = decodeFile("broken.xlsx", bytes);
    expect(detectParser(file).find((d) => d.id === "metatrader5")).toBeUndefined();
    const r = await parserById("metatrader5")!.parse(file);
    expect(r.errors[0]).toMatchObject({ row: 0, code: "unrecognised_file" });
    const text = decodeFile("x.csv", new TextEncoder().encode("a,b\n1,2\n"));
    expect(detectParser(text).find((d) => d.id === "metatrader5")).toBeUndefined();
  });
});
