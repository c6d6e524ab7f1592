// The pipeline's pure parts: fingerprints (canonical numbers, occurrence index), the FX table's rate
// in force on a date (direct, inverse, through USD), and the staged rows' storage round trip.
import { describe, expect, it } from "vitest";
import { daySequence } from "./checks.ts";
import type { StagedRow } from "./contracts.ts";
import { canonicalNumber, type FingerprintContent, fingerprintRows } from "./fingerprint.ts";
import { FxTable } from "./fx.ts";
import { packStaged, unpackStaged } from "./staging.ts";

const buy: FingerprintContent = {
  accountId: "a1",
  date: "2024-01-03",
  type: "buy",
  instrumentKey: "i1",
  quantity: "10",
  price: "185.5",
  currency: "USD",
};

describe("fingerprints", () => {
  it("writes one number one way", () => {
    const cases: [string, string][] = [
      ["1.50", "1.5"],
      ["+01.5", "1.5"],
      ["-0", "0"],
      ["0.000", "0"],
      ["100", "100"],
      ["100.0", "100"],
      ["-0.010", "-0.01"],
      ["1e3", "1000"],
      [".5", "0.5"],
    ];
    for (const [raw, want] of cases) expect(canonicalNumber(raw), raw).toBe(want);
    expect(canonicalNumber("n/a")).toBe("n/a");
  });

  it("depends on content, not on how numbers are written, and tells identical rows apart by occurrence", () => {
    const [a] = fingerprintRows([buy]);
    const [b] = fingerprintRows([{ ...buy, quantity: "10.000", price: "185.50", currency: "usd" }]);
    expect(b).toBe(a);
    const [c] = fingerprintRows([{ ...buy, price: "185.51" }]);
    expect(c).not.toBe(a);
    const [d] = fingerprintRows([{ ...buy, accountId: "a2" }]);
    expect(d).not.toBe(a);
    const twice = fingerprintRows([buy, { ...buy }]);
    expect(twice[0]).toBe(a);
    expect(twice[1]).not.toBe(a);
    // The second identical row in a later file is the second one again.
    expect(fingerprintRows([buy, { ...buy, type: "sell" }, buy])[2]).toBe(twice[1]);
  });
});

describe("FX table", () => {
  const table = new FxTable([
    { base: "USD", quote: "KRW", rateDate: "2024-01-02", rate: "1300" },
    { base: "USD", quote: "KRW", rateDate: "2024-01-05", rate: "1320" },
    { base: "USD", quote: "EUR", rateDate: "2024-01-03", rate: "0.9" },
    { base: "GBP", quote: "USD", rateDate: "2024-01-02", rate: "1.25" },
  ]);

  it("answers the rate in force on a date: direct, inverse, or through USD", () => {
    expect(table.rate("USD", "KRW", "2024-01-04")?.rate.toString()).toBe("1300");
    expect(table.rate("USD", "KRW", "2024-01-05")?.rate.toString()).toBe("1320");
    expect(table.rate("USD", "KRW", "2024-01-01")).toBeNull();
    expect(table.rate("KRW", "USD", "2024-01-09")?.rate.toNumber()).toBeCloseTo(1 / 1320, 12);
    const eurKrw = table.rate("EUR", "KRW", "2024-01-06");
    expect(eurKrw?.rate.toNumber()).toBeCloseTo(1320 / 0.9, 9);
    expect(eurKrw?.rateDate).toBe("2024-01-03");
    expect(table.rate("EUR", "KRW", "2024-01-02")).toBeNull();
    expect(table.rate("CHF", "USD", "2024-01-09")).toBeNull();
    expect(table.rate("CHF", "CHF", "2024-01-09")?.rate.toString()).toBe("1");
  });
});

describe("staged rows", () => {
  it("come back as they were stored", () => {
    const rows: StagedRow[] = [
      {
        row: 2,
        status: "warning",
        activity: {
          row: 2,
          type: "buy",
          date: "2024-01-03",
          symbol: "AAPL",
          quantity: "10",
          price: "185",
          extraField: "x",
        },
        matchedBy: "symbol",
        ledger: {
          type: "buy",
          tradeDate: "2024-01-03",
          seq: 2,
          instrumentId: "i1",
          quantity: "10",
          price: "185",
          amount: null,
          fee: "1",
          withholdingTax: null,
          currency: "USD",
          fxRate: "0.79",
          ratio: null,
          transferId: null,
          toCurrency: null,
          toAmount: null,
          toFxRate: null,
          externalId: "B1",
          note: null,
          fingerprint: "f",
        },
        errors: [],
        warnings: [{ row: 2, column: "fxRate", code: "fx_from_market", message: "m" }],
      },
      {
        row: 3,
        status: "error",
        activity: null,
        matchedBy: null,
        ledger: null,
        errors: [{ row: 3, code: "bad_date", message: "no date" }],
        warnings: [],
      },
    ];
    const stored = packStaged(rows);
    expect(stored.startsWith("gz:")).toBe(true);
    expect(unpackStaged(stored)).toEqual(rows);
    expect(unpackStaged(null)).toBeNull();
  });
});

describe("the day's order", () => {
  it("follows the rows in a file listed oldest first, and reverses them in one listed newest first", () => {
    const oldestFirst = daySequence([
      { row: 2, date: "2024-01-02" },
      { row: 3, date: "2024-01-02" },
      { row: 4, date: "2024-01-05" },
    ]);
    expect([2, 3, 4].map(oldestFirst)).toEqual([2, 3, 4]);
    const newestFirst = daySequence([
      { row: 2, date: "2024-01-05" },
      { row: 3, date: "2024-01-02" },
      { row: 4, date: "2024-01-02" },
    ]);
    // Row 4 (the day's first activity) comes before row 3 on 2024-01-02.
    expect(newestFirst(4)).toBeLessThan(newestFirst(3));
    expect(daySequence([{ row: 7, date: "2024-01-02" }])(7)).toBe(7);
  });
});
