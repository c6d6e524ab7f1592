// Hand-computed valuation and return scenarios. Money figures are minor units of the valuation
// currency (cents for USD, won for KRW); each expected number is worked out in the comments.
import { describe, expect, it } from "vitest";
import { replay } from "./ledger.ts";
import { analyse, holdingsBetween, periodFigures, riskFigures } from "./returns.ts";
import type { Series } from "./series.ts";
import { journal, series } from "./test-builders.ts";
import { dailyReturns, link } from "./twr.ts";
import type { Account } from "./types.ts";
import { valuate } from "./valuation.ts";

const usd: Account = { id: "A", baseCurrency: "USD" };
const market = (prices: Record<string, Series>, fx: Record<string, Series> = {}) => ({
  prices: new Map(Object.entries(prices)),
  fx: new Map(Object.entries(fx)),
});

describe("valuation and returns", () => {
  it("a KRW account holding a US stock splits its gain into price and FX", () => {
    const j = journal("K", "KRW");
    j.deposit("2024-01-02", "1350000");
    j.convert("2024-01-02", ["KRW", "1350000", "1"], ["USD", "1000", "1350"]);
    j.buy("2024-01-02", "AAPL", "10", "100", { currency: "USD", fx: "1350" });
    const krw: Account = { id: "K", baseCurrency: "KRW" };
    const v = valuate({
      ledger: replay([krw], j.rows),
      accounts: [krw],
      currency: "KRW",
      market: market(
        {
          AAPL: series([
            ["2024-01-02", 100],
            ["2024-01-03", 110],
          ]),
        },
        {
          "USD/KRW": series([
            ["2024-01-02", 1350],
            ["2024-01-03", 1400],
          ]),
        },
      ),
    });
    // 2 Jan: 10 × 100 × 1350 = 1,350,000; 3 Jan: 10 × 110 × 1400 = 1,540,000.
    expect([...v.value]).toEqual([1_350_000, 1_540_000]);
    expect([...v.inflow]).toEqual([1_350_000, 0]);
    const p = periodFigures(v, "max");
    // Price: 10 × (110 − 100) × 1350 = 135,000 (at the old rate); FX: 10 × 110 × (1400 − 1350) = 55,000.
    expect(p.decomposition).toEqual({ price: 135_000, income: 0, fx: 55_000, fees: 0, total: 190_000 });
    // TWR: the first day starts from the deposit (r = 0), then 1,540,000 / 1,350,000 − 1.
    expect(p.twr).toBeCloseTo(1_540_000 / 1_350_000 - 1, 14);
  });

  it("a dividend with withholding is income less a tax in fees", () => {
    const j = journal("A", "USD");
    j.deposit("2024-01-02", "5000");
    j.buy("2024-01-02", "XYZ", "100", "50");
    j.dividend("2024-03-15", "XYZ", "100", "15");
    const ledger = replay([usd], j.rows);
    const a = analyse({
      ledger,
      accounts: [usd],
      currency: "USD",
      market: market({
        XYZ: series([
          ["2024-01-02", 50],
          ["2024-03-15", 50],
        ]),
      }),
      periods: ["max", "YTD"],
    });
    const [max] = a.periods;
    // Income 100.00, withholding −15.00, price unchanged: the gain is the 85.00 paid into cash.
    expect(max.decomposition).toEqual({ price: 0, income: 10_000, fx: 0, fees: -1_500, total: 8_500 });
    const xyz = max.holdings.find((h) => h.instrumentId === "XYZ")!;
    expect(xyz.decomposition).toEqual({ price: 0, income: 10_000, fx: 0, fees: -1_500, total: 8_500 });
    expect(xyz.endValue).toBe(500_000);
    // TWR: 5085 / 5000 − 1 on the dividend day.
    expect(max.twr).toBeCloseTo(0.017, 14);
  });

  it("an account sold out, emptied and started again links on instead of falling to −100 %", () => {
    const j = journal("A", "USD");
    j.deposit("2024-01-02", "1000");
    j.buy("2024-01-02", "XYZ", "10", "100"); // close 100: value 1000
    j.sell("2024-01-03", "XYZ", "10", "110"); // close 110: sold for 1100 …
    j.withdrawal("2024-01-03", "1100"); // … and taken out: value 0, r = (0 + 1100) / 1000 − 1 = 10 %
    j.deposit("2024-01-05", "900"); // 4 Jan: nothing held, r = 0
    j.buy("2024-01-05", "XYZ", "10", "90"); // close 99: value 990, r = 990 / 900 − 1 = 10 %
    const v = valuate({
      ledger: replay([usd], j.rows),
      accounts: [usd],
      currency: "USD",
      market: market({
        XYZ: series([
          ["2024-01-02", 100],
          ["2024-01-03", 110],
          ["2024-01-04", 100],
          ["2024-01-05", 99],
        ]),
      }),
      track: [{ accountId: "A", instrumentId: "XYZ" }],
    });
    expect([...v.value]).toEqual([100_000, 0, 0, 99_000]);
    const daily = dailyReturns(v.value, v.inflow, v.outflow, -1, 3);
    expect([...daily].map((r) => Number(r.toFixed(12)))).toEqual([0, 0.1, 0, 0.1]);
    const p = periodFigures(v, "max");
    expect(p.twr).toBeCloseTo(1.1 * 1.1 - 1, 14); // 21 %
    // The holding's own series (flows to and from cash) links the same way: never −100 %.
    const h = v.tracked[0];
    const hr = dailyReturns(h.value, h.inflow, h.outflow, -1, 3);
    expect(link(hr)).toBeCloseTo(0.21, 14);
    expect(Math.min(...hr)).toBeGreaterThan(-1);
    // Gain: +100 on the first round trip, +90 on the second (bought at 90, worth 99).
    expect(p.decomposition).toEqual({ price: 19_000, income: 0, fx: 0, fees: 0, total: 19_000 });
    // MWR: the rate at which the flows (−1000, +1100 a day later, −900 and the end value +990 three
    // days after the start) are worth nothing. 10 % in a day is about 10^29 % a year: the solver must
    // still find it, and over the period's 3 days it is a modest figure.
    expect(p.mwr.ok).toBe(true);
    const rate = p.mwr.ok ? p.mwr.rate : Number.NaN;
    const v1 = (days: number) => (1 + rate) ** (-days / 365);
    expect(Math.abs(-1000 + 1100 * v1(1) + (990 - 900) * v1(3)) / 1000).toBeLessThan(1e-12);
    expect(rate).toBeGreaterThan(1e20);
    expect(p.mwrPeriod).toBeCloseTo((1 + rate) ** (3 / 365) - 1, 12);
    expect(p.mwrPeriod).toBeGreaterThan(0.1);
  });

  it("a short and its cover: the fall is a gain, the two fees are fees", () => {
    const j = journal("A", "USD");
    j.deposit("2024-01-02", "10000");
    j.short("2024-01-02", "XYZ", "10", "100", { fee: "1" }); // cash 10,999; owes 10 × 100: value 9,999
    j.cover("2024-01-03", "XYZ", "10", "90", { fee: "1" }); // cash 10,999 − 901 = 10,098
    const v = valuate({
      ledger: replay([usd], j.rows),
      accounts: [usd],
      currency: "USD",
      market: market({
        XYZ: series([
          ["2024-01-02", 100],
          ["2024-01-03", 90],
        ]),
      }),
    });
    expect([...v.value]).toEqual([999_900, 1_009_800]);
    const p = periodFigures(v, "max");
    // Price: −10 × (90 − 100) = +100.00; fees −2.00; total 98.00.
    expect(p.decomposition).toEqual({ price: 10_000, income: 0, fx: 0, fees: -200, total: 9_800 });
    expect(p.twr).toBeCloseTo(10_098 / 10_000 - 1, 14);
  });

  it("a transfer between accounts is a flow for each account and nothing for both together", () => {
    const a = journal("A", "USD");
    const b = journal("B", "USD");
    a.deposit("2024-01-02", "2000");
    a.buy("2024-01-02", "XYZ", "10", "100");
    a.transferOut("2024-03-01", "XYZ", "10", "T1");
    b.transferIn("2024-03-01", "XYZ", "10", "T1");
    const accounts: Account[] = [usd, { id: "B", baseCurrency: "USD" }];
    const ledger = replay(accounts, [...a.rows, ...b.rows]);
    const m = market({
      XYZ: series([
        ["2024-01-02", 100],
        ["2024-03-01", 115],
        ["2024-04-01", 120],
      ]),
    });
    const va = valuate({ ledger, accounts: [usd], currency: "USD", market: m });
    const vb = valuate({ ledger, accounts: [accounts[1]], currency: "USD", market: m });
    const all = valuate({ ledger, accounts, currency: "USD", market: m });
    // The shares leave A and reach B at the day's close, 10 × 115 = 1,150.00.
    expect([...va.outflow]).toEqual([0, 115_000, 0]);
    expect([...vb.inflow]).toEqual([115_000, 0]); // B's days start when the shares arrive
    // A alone: 2000 → 2150 on 1 March (then only cash): TWR 7.5 %. B alone: 1150 → 1200.
    expect(periodFigures(va, "max").twr).toBeCloseTo(0.075, 14);
    expect(periodFigures(vb, "max").twr).toBeCloseTo(1200 / 1150 - 1, 14);
    // Together: 2000 → 2200 with no flow but the first deposit: 10 %.
    expect(periodFigures(all, "max").twr).toBeCloseTo(0.1, 14);
    expect(periodFigures(all, "max").decomposition.total).toBe(20_000);
  });

  it("a spin-off moves value from the parent to the new line inside the holdings", () => {
    const j = journal("A", "USD");
    j.deposit("2024-01-02", "5000");
    j.buy("2024-01-02", "PAR", "100", "50");
    j.spinOff("2024-06-03", "PAR", "KID", "0.5", "0.2");
    const a = analyse({
      ledger: replay([usd], j.rows),
      accounts: [usd],
      currency: "USD",
      market: market({
        PAR: series([
          ["2024-01-02", 50],
          ["2024-06-03", 42],
        ]),
        KID: series([["2024-06-03", 18]]),
      }),
      periods: ["max"],
    });
    const [max] = a.periods;
    const par = max.holdings.find((h) => h.instrumentId === "PAR")!;
    const kid = max.holdings.find((h) => h.instrumentId === "KID")!;
    // PAR: 4,200 − 5,000 + 900 handed to KID = +100; KID: worth 900, received 900: 0.
    expect(par.decomposition.total).toBe(10_000);
    expect(par.decomposition.price).toBe(10_000);
    expect(kid.decomposition.total).toBe(0);
    expect(kid.endValue).toBe(90_000);
    expect(max.decomposition.total).toBe(10_000); // 5,100 − 5,000
  });

  it("a missing price carries the last one and flags the day", () => {
    const j = journal("A", "USD");
    j.deposit("2024-01-02", "300");
    j.buy("2024-01-02", "AAA", "1", "100");
    j.buy("2024-01-02", "BBB", "1", "200");
    const v = valuate({
      ledger: replay([usd], j.rows),
      accounts: [usd],
      currency: "USD",
      market: market({
        AAA: series([
          ["2024-01-02", 100],
          ["2024-01-03", 101],
          ["2024-01-04", 102],
        ]),
        BBB: series([
          ["2024-01-02", 200],
          ["2024-01-04", 210],
        ]), // no price on 3 Jan
      }),
      checkpoints: ["2024-01-04"],
    });
    expect([...v.value]).toEqual([30_000, 30_100, 31_200]); // 101 + 200 (carried), then 102 + 210
    expect([...v.stale]).toEqual([0, 1, 0]);
    expect(v.books.find((b) => b.instrumentId === "BBB")!.staleDays).toBe(1);
  });

  it("holdings' decompositions add up to the scope's, for a period between checkpoints", () => {
    const j = journal("A", "USD");
    j.deposit("2023-12-01", "1000");
    j.buy("2023-12-01", "AAA", "3", "100", { fee: "1.5" });
    j.dividend("2024-02-01", "AAA", "3", "0.45");
    j.fee("2024-02-15", "2");
    const a = analyse({
      ledger: replay([usd], j.rows),
      accounts: [usd],
      currency: "USD",
      market: market({
        AAA: series([
          ["2023-12-01", 100],
          ["2023-12-29", 104],
          ["2024-02-01", 103.5],
          ["2024-03-01", 110.25],
        ]),
      }),
      periods: ["YTD"],
    });
    const [ytd] = a.periods;
    // From 29 Dec (3 × 104) to 1 Mar (3 × 110.25): price +18.75; dividend 3.00, withheld 0.45, fee 2.00.
    expect(ytd.decomposition).toEqual({ price: 1_875, income: 300, fx: 0, fees: -245, total: 1_930 });
    const sum = { price: 0, income: 0, fx: 0, fees: 0, total: 0 };
    for (const h of ytd.holdings)
      for (const k of Object.keys(sum) as (keyof typeof sum)[]) sum[k] += h.decomposition[k];
    expect(sum).toEqual(ytd.decomposition);
    // Scope total = end value − start value − external flows, exactly.
    expect(ytd.decomposition.total).toBe(ytd.endValue - ytd.startValue - ytd.inflow + ytd.outflow);
    expect(holdingsBetween(a.valuation, 0, 1).length).toBeGreaterThan(0);
  });

  it("risk figures come from @bullpen/quant on the daily TWR series", () => {
    const j = journal("A", "USD");
    j.deposit("2024-01-02", "100");
    j.buy("2024-01-02", "XYZ", "1", "100");
    const v = valuate({
      ledger: replay([usd], j.rows),
      accounts: [usd],
      currency: "USD",
      market: market({
        XYZ: series([
          ["2024-01-02", 100],
          ["2024-01-03", 110],
          ["2024-01-04", 99],
        ]),
      }),
    });
    const risk = riskFigures(v, "max", {
      benchmark: series([
        ["2024-01-02", 50],
        ["2024-01-03", 55],
        ["2024-01-04", 49.5],
      ]),
    });
    // Returns +10 %, −10 %: from 1.10 down to 0.99 is a 10 % drawdown; the benchmark moves alike: β = 1.
    expect(risk.maxDrawdown).toBeCloseTo(0.1, 12);
    expect(risk.beta).toBeCloseTo(1, 12);
    expect(risk.periods).toBe(2);
  });
});
