// Ghostfolio JSON and Portfolio Performance CSV exports (hand-made to the formats: fixtures/HANDMADE.md).
import { describe, expect, it } from "vitest";
import { byType, expectAllAccounted, fixture, fromText, ignoredBy, parseAs } from "./test-helpers.ts";

describe("Ghostfolio JSON export", () => {
  it("reads the activities, leaving valuables out and naming bad ones", async () => {
    const r = await parseAs(fixture("ghostfolio/ghostfolio-export.json"), "ghostfolio");
    expect(r.totalRows).toBe(10);
    expect(byType(r)).toEqual({ buy: 3, sell: 1, dividend: 1, fee: 1, interest: 1 });
    expect(ignoredBy(r)).toEqual({ not_security: 1 });
    expect(r.errors).toEqual([
      expect.objectContaining({ row: 9, code: "bad_number", column: "quantity" }),
      expect.objectContaining({ row: 10, code: "unknown_type", column: "type" }),
    ]);
    expectAllAccounted(r);
    expect(r.baseCurrency).toBe("USD");
    expect(r.activities[0]).toMatchObject({
      row: 1,
      date: "2024-01-15",
      type: "buy",
      symbol: "AAPL",
      quantity: "10",
      price: "171.32",
      amount: "1713.2",
      fee: "1.99",
      currency: "USD",
      accountRef: "Brokerage",
    });
    expect(r.activities.find((a) => a.type === "dividend")).toMatchObject({ amount: "1.44", symbol: "AAPL" });
    expect(r.activities.find((a) => a.row === 4)).toMatchObject({
      isin: "IE00B4L5Y983",
      quantity: "0.5",
      amount: "49.3825",
      currency: "EUR",
      accountRef: "Depot EU",
    });
    expect(r.activities.find((a) => a.type === "fee")).toMatchObject({
      amount: "4.5",
      currency: "EUR",
      note: "custody fee; data source MANUAL",
    });
    expect(r.activities.find((a) => a.row === 7)).toMatchObject({
      symbol: "bitcoin",
      assetClass: "crypto",
      amount: "600.001",
    });
  });

  it("names manual assets from the asset profiles, books fees on them as cash, restates pence in pounds", async () => {
    const r = await parseAs(fixture("ghostfolio/ghostfolio-manual-assets.json"), "ghostfolio");
    expect(r.errors).toEqual([]);
    expect(r.totalRows).toBe(5);
    expect(byType(r)).toEqual({ fee: 1, interest: 1, buy: 2 });
    expect(ignoredBy(r)).toEqual({ zero_quantity: 1 });
    expect(r.activities[0]).toMatchObject({
      row: 1,
      type: "fee",
      amount: "60",
      currency: "EUR",
      note: "Safe deposit box rent; data source MANUAL",
    });
    expect(r.activities[0]).not.toHaveProperty("symbol");
    expect(r.activities[1]).toMatchObject({ type: "interest", amount: "12.5" });
    expect(r.activities[1]).not.toHaveProperty("symbol");
    expect(r.activities[2]).toMatchObject({
      type: "buy",
      symbol: "BP.L",
      isin: "GB0007980591",
      name: "BP p.l.c.",
      quantity: "200",
      price: "4.6855",
      amount: "937.1",
      fee: "1.5",
      currency: "GBP",
    });
    expect(r.activities[3]).toMatchObject({
      type: "buy",
      name: "Term deposit",
      assetClass: "liquidity",
      quantity: "1",
      price: "15000",
    });
  });

  it("answers an error for JSON that is not an export", async () => {
    const file = fromText("x.json", '{"hello": 1}');
    expect(
      (await import("./registry.ts")).detectParser(file).find((d) => d.id === "ghostfolio"),
    ).toBeUndefined();
    const r = await (await import("./registry.ts")).parserById("ghostfolio")!.parse(file);
    expect(r.errors[0]).toMatchObject({ row: 0, code: "unrecognised_file" });
  });
});

describe("Portfolio Performance CSV export", () => {
  it("reads the German export (Windows-1252, ;, decimal comma)", async () => {
    const file = fixture("portfolio-performance/pp-export-de.csv");
    expect(file.encoding).toBe("windows-1252");
    const r = await parseAs(file, "portfolio-performance");
    expect(r.totalRows).toBe(11);
    expect(byType(r)).toEqual({
      deposit: 1,
      buy: 1,
      dividend: 1,
      sell: 1,
      interest: 2,
      fee: 1,
      transferIn: 1,
      withdrawal: 2,
    });
    expect(r.errors).toEqual([expect.objectContaining({ row: 12, code: "unknown_type", column: "Typ" })]);
    expectAllAccounted(r);
    expect(r.activities.find((a) => a.type === "buy")).toMatchObject({
      row: 3,
      date: "2024-01-03",
      isin: "IE00B4L5Y983",
      symbol: "EUNL.DE",
      quantity: "10",
      price: "100",
      amount: "1000",
      fee: "12.5",
      currency: "EUR",
      note: "Sparplan",
    });
    expect(r.activities.find((a) => a.type === "dividend")).toMatchObject({
      amount: "9.9",
      withholdingTax: "1.65",
      fxRate: "0.9286",
    });
    expect(r.activities.find((a) => a.type === "sell")).toMatchObject({
      quantity: "5",
      amount: "500",
      fee: "3",
      price: "100",
    });
    // A tax refund with no tax in the file to cancel is income: interest, with a warning.
    expect(r.activities.find((a) => a.row === 8)).toMatchObject({ type: "interest", amount: "2.1" });
    expect(r.warnings).toEqual([expect.objectContaining({ row: 8, code: "refund" })]);
    expect(r.activities.find((a) => a.type === "deposit")).toMatchObject({ amount: "5000" });
  });

  it("reads the English export", async () => {
    const r = await parseAs(fixture("portfolio-performance/pp-export-en.csv"), "portfolio-performance");
    expect(r.errors).toEqual([]);
    expect(byType(r)).toEqual({ buy: 1, dividend: 1, interest: 2, transferOut: 1 });
    expect(r.activities[0]).toMatchObject({
      type: "buy",
      amount: "1000",
      fee: "12.5",
      price: "100",
      symbol: "AAPL",
    });
    expect(r.activities.find((a) => a.type === "interest")).toMatchObject({ amount: "-3.1" });
    expect(r.activities.find((a) => a.row === 5)).toMatchObject({
      type: "interest",
      amount: "1",
      note: "fee rebate",
    });
  });

  it("fails loudly on values whose decimal separator the file never tells", async () => {
    const text =
      "Date;Type;Value;Transaction Currency\n2024-01-02;Deposit;1,000;USD\n2024-01-03;Deposit;2,500;USD\n";
    const r = await parseAs(fromText("pp.csv", text), "portfolio-performance");
    expect(r.activities).toEqual([]);
    expect(r.errors.map((e) => [e.row, e.code])).toEqual([
      [2, "bad_number"],
      [3, "bad_number"],
    ]);
    const told = await parseAs(fromText("pp.csv", text), "portfolio-performance", { decimal: "." });
    expect(told.activities.map((a) => a.amount)).toEqual(["1000", "2500"]);
  });
});
