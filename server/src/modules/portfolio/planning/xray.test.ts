// The X-ray's checks computed by hand: concentration (largest, top five, Herfindahl), currency
// exposure, cash drag and its cost, fees over the average value, the market split and drift.
import { describe, expect, it } from "vitest";
import { Decimal } from "../../../platform/money.ts";
import { type XrayCheck, type XrayInput, xray } from "./xray.ts";

const D = (v: string | number) => new Decimal(v);
const pos = (key: string, value: number, currency = "KRW", market: string | null = "KR") => ({
  key,
  label: key,
  value: D(value),
  currency,
  market,
});
const base: XrayInput = {
  baseCurrency: "KRW",
  positions: [],
  cash: [],
  feesLastYear: D(0),
  averageValue: null,
  yearlyReturnPct: null,
  drifts: [],
  tolerancePct: D(5),
};
const byId = (checks: XrayCheck[]) => Object.fromEntries(checks.map((c) => [c.id, c]));

describe("x-ray", () => {
  it("measures a spread portfolio by hand", () => {
    // Ten positions of 1,000 (one of them held in two accounts), 1,000 of cash: invested 10,000.
    const positions = [
      ...Array.from({ length: 8 }, (_, i) => pos(`K${i}`, 1000)),
      pos("AAPL", 600, "USD", "US"),
      pos("AAPL", 400, "USD", "US"),
      pos("MSFT", 1000, "USD", "US"),
    ];
    const c = byId(
      xray({
        ...base,
        positions,
        cash: [{ currency: "KRW", value: D(1000) }],
        feesLastYear: D(44),
        averageValue: D(8800),
        yearlyReturnPct: D(8),
        drifts: [
          { dimension: "assetClass", key: "bond", driftPct: D("-3.5") },
          { dimension: "market", key: "US", driftPct: D("4") },
        ],
      }),
    );
    // Weights 10 % each: HHI 10 × 0.01 = 0.1, effective 10, top five 50 %.
    expect(c.concentration?.figures).toMatchObject({
      largestPct: "10",
      top5Pct: "50",
      herfindahl: "0.1",
      effectivePositions: "10",
      positions: "10",
    });
    expect(c.concentration?.status).toBe("ok");
    // USD 2,000 of 11,000 = 18.18 %.
    expect(c.currency?.figures.foreignPct).toBe("18.18");
    expect(c.currency?.status).toBe("info");
    // Cash 1,000 of 11,000 = 9.09 %; its cost at 8 % = 80 a year.
    expect(c.cashDrag).toMatchObject({ status: "ok", figures: { cashPct: "9.09", yearlyCost: "80" } });
    expect(c.cashDrag?.explanation).toMatchObject({
      code: "xray.cashDrag.cost",
      params: { cashPct: "9.09", yearlyReturnPct: "8", yearlyCost: "80", currency: "KRW" },
    });
    expect(c.concentration?.explanation).toMatchObject({
      code: "xray.concentration.spread",
      params: { largestPct: "10", top5Pct: "50", herfindahl: "0.1", effectivePositions: "10" },
    });
    expect(c.fees?.explanation).toMatchObject({
      code: "xray.fees.average",
      params: { fees: "44", currency: "KRW", feePct: "0.5" },
    });
    // The home market is the largest: said once.
    expect(c.markets?.explanation).toEqual({
      code: "xray.markets.spread",
      params: { topMarket: "KR", topPct: "80" },
      message: "The largest market, KR, is 80 % of the invested value.",
    });
    expect(c.drift?.explanation).toMatchObject({
      code: "xray.drift.inside",
      params: { key: "US", dimension: "market", driftPct: "4", tolerancePct: "5" },
    });
    // 44 ÷ 8,800 = 0.5 %: not above the 0.5 % line.
    expect(c.fees).toMatchObject({ status: "ok", figures: { feePct: "0.5", averageFrom: "history" } });
    // KR 8,000 / US 2,000 of the invested 10,000; home KR.
    expect(c.markets?.figures).toMatchObject({ homeMarket: "KR", homePct: "80", krPct: "80", usPct: "20" });
    expect(c.markets?.status).toBe("info");
    expect(c.drift).toMatchObject({ status: "ok", figures: { key: "US", driftPct: "4" } });
  });

  it("warns and alerts past each threshold", () => {
    const c = byId(
      xray({
        ...base,
        baseCurrency: "USD",
        positions: [pos("A", 5000, "KRW", "KR"), pos("B", 1000, "KRW", "KR")],
        cash: [{ currency: "KRW", value: D(4000) }],
        feesLastYear: D(101),
        yearlyReturnPct: D(-3),
        drifts: [{ dimension: "currency", key: "KRW", driftPct: D("-5.01") }],
      }),
    );
    // A is 5/6 of the invested value; HHI (25 + 1)/36 = 0.7222.
    expect(c.concentration).toMatchObject({
      status: "alert",
      figures: { largestPct: "83.33", herfindahl: "0.7222" },
    });
    expect(c.currency).toMatchObject({ status: "warning", figures: { foreignPct: "100" } });
    // Cash 40 %; a negative return gives no cost.
    expect(c.cashDrag).toMatchObject({ status: "alert", figures: { cashPct: "40", yearlyCost: null } });
    // No history: 101 over the current 10,000 = 1.01 %.
    expect(c.fees).toMatchObject({ status: "alert", figures: { feePct: "1.01", averageFrom: "current" } });
    expect(c.markets).toMatchObject({
      status: "warning",
      figures: { homeMarket: "US", homePct: "0", krPct: "100" },
    });
    expect(c.drift?.status).toBe("warning");
    expect(c.concentration?.explanation.code).toBe("xray.concentration.high");
    expect(c.currency?.explanation).toMatchObject({
      code: "xray.currency.mostlyForeign",
      params: { foreignPct: "100", currency: "USD" },
    });
    expect(c.cashDrag?.explanation).toEqual(
      expect.objectContaining({ code: "xray.cashDrag.noReturn", params: { cashPct: "40" } }),
    );
    expect(c.fees?.explanation.code).toBe("xray.fees.current");
    expect(c.markets?.explanation).toMatchObject({
      code: "xray.markets.oneMarket",
      params: { topMarket: "KR", topPct: "100" },
    });
    expect(c.drift?.explanation).toMatchObject({
      code: "xray.drift.outside",
      params: { key: "KRW", dimension: "currency", driftPct: "-5.01" },
    });
  });

  it("names the home market beside the largest one when they differ", () => {
    const c = byId(
      xray({
        ...base,
        baseCurrency: "USD",
        positions: [pos("A", 600, "KRW", "KR"), pos("B", 400, "USD", "US")],
      }),
    );
    expect(c.markets?.explanation).toMatchObject({
      code: "xray.markets.spreadHome",
      params: { topMarket: "KR", topPct: "60", homeMarket: "US", homePct: "40" },
    });
  });

  it("says what it cannot measure", () => {
    const c = byId(xray(base));
    expect(Object.values(c).map((x) => x.status)).toEqual([
      "unavailable",
      "unavailable",
      "unavailable",
      "unavailable",
      "unavailable",
      "unavailable",
    ]);
    expect(Object.values(c).map((x) => x.explanation.code)).toEqual([
      "xray.concentration.none",
      "xray.nothing",
      "xray.nothing",
      "xray.fees.none",
      "xray.markets.none",
      "xray.drift.none",
    ]);
  });
});
