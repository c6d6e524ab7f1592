// Projections checked against hand computation: compound growth with monthly contributions, the
// contribution that reaches a target, whole months between dates, and the volatility range.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Decimal } from "../../../platform/money.ts";
import { futureValue, monthlyRate, monthsBetween, project, requiredMonthly } from "./projection.ts";

const D = (v: string | number) => new Decimal(v);
const close = (a: Decimal, b: number, digits = 6) => expect(a.toNumber()).toBeCloseTo(b, digits);

describe("projection", () => {
  it("counts whole months", () => {
    expect(monthsBetween("2024-01-15", "2025-01-15")).toBe(12);
    expect(monthsBetween("2024-01-15", "2025-01-14")).toBe(11);
    expect(monthsBetween("2024-01-31", "2024-02-29")).toBe(0);
    expect(monthsBetween("2024-03-01", "2024-01-01")).toBe(0);
  });

  it("grows 10,000 at 1 % a month with 100 a month for a year", () => {
    // 1.01^12 = 1.126825030131969720661201; yearly 12.6825030131969720661201 %.
    const r = monthlyRate(D("12.6825030131969720661201"));
    close(r, 0.01, 12);
    // 10,000 × 1.12682503 + 100 × (0.12682503 / 0.01) = 11,268.2503 + 1,268.2503
    close(futureValue(D(10000), D(100), r, 12), 11268.250301319697 + 1268.2503013196972, 6);
    // No return: the sum of what goes in.
    expect(futureValue(D(10000), D(100), D(0), 12).toString()).toBe("11200");
  });

  it("finds the monthly contribution that reaches the target, and none once it is reached", () => {
    const r = D("0.01");
    const c = requiredMonthly(D(20000), D(10000), r, 12) as Decimal;
    // (20,000 − 11,268.2503013197) × 0.01 / 0.126825030131970
    close(c, ((20000 - 11268.250301319697) * 0.01) / 0.12682503013196972, 6);
    close(futureValue(D(10000), c, r, 12), 20000, 8);
    expect(requiredMonthly(D(12000), D(10000), D(0), 10)?.toString()).toBe("200");
    expect(requiredMonthly(D(5000), D(10000), r, 12)?.toString()).toBe("0");
    expect(requiredMonthly(D(5000), D(10000), r, 0)).toBeNull();
  });

  it("projects a range from the volatility and says whether the goal is on track", () => {
    const p = project({
      currentValue: D(10000),
      monthlyContribution: D(0),
      expectedReturnPct: D(6),
      volatilityPct: D(20),
      target: D(15000),
      asOf: "2024-01-01",
      targetDate: "2028-01-01",
    });
    expect(p.months).toBe(48);
    // 10,000 × 1.06^4 = 12,624.77
    close(p.projected, 12624.7696, 4);
    expect(p.onTrack).toBe(false);
    // Spread 1.6449 × 20 / √4 = 16.449 pp: low −10.449 %, high 22.449 % a year.
    close(p.lowReturnPct as Decimal, 6 - 16.448536269514722, 9);
    close(p.low as Decimal, 10000 * (1 - 0.10448536269514722) ** 4, 4);
    close(p.high as Decimal, 10000 * (1 + 0.2244853626951472) ** 4, 4);
    // Each point's range has its own horizon: after one year, 6 % ± 1.6449 × 20 / √1.
    close(p.points[1]?.low as Decimal, 10000 * (1 + 0.06 - 0.3289707253902944), 4);
    close(p.points[1]?.high as Decimal, 10000 * (1 + 0.06 + 0.3289707253902944), 4);
    expect(p.points[0]?.low?.toString()).toBe("10000");
    expect(p.points.map((x) => [x.date, x.months])).toEqual([
      ["2024-01-01", 0],
      ["2025-01-01", 12],
      ["2026-01-01", 24],
      ["2027-01-01", 36],
      ["2028-01-01", 48],
    ]);
    // 15,000 = 10,000 × 1.06^4 + C × ((1.06^4 − 1)/r): the required C closes the gap.
    close(futureValue(D(10000), p.requiredMonthly as Decimal, p.monthlyRate, 48), 15000, 6);
    const noVol = project({
      ...{ currentValue: D(1), monthlyContribution: D(0), expectedReturnPct: D(0), target: D(1) },
      volatilityPct: null,
      asOf: "2024-01-31",
      targetDate: "2024-07-15",
    });
    expect([noVol.low, noVol.high, noVol.onTrack, noVol.months]).toEqual([null, null, true, 5]);
    expect(noVol.points.at(-1)?.date).toBe("2024-06-30");
  });
});

describe("projection, invariants", () => {
  it("the required contribution reaches the target exactly, and more saving never projects less", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 1, max: 20_000_000 }),
        fc.integer({ min: -2000, max: 3000 }),
        fc.integer({ min: 1, max: 480 }),
        fc.integer({ min: 0, max: 100_000 }),
        (pv, target, bp, months, c) => {
          const r = monthlyRate(D(bp).div(100));
          const need = requiredMonthly(D(target), D(pv), r, months) as Decimal;
          expect(need.gte(0)).toBe(true);
          const fv = futureValue(D(pv), need, r, months);
          // Reached exactly when saving is needed, already reached (with nothing saved) otherwise.
          if (need.gt(0)) expect(fv.minus(target).abs().lt(D(target).times("1e-20"))).toBe(true);
          else expect(fv.gte(target)).toBe(true);
          expect(futureValue(D(pv), D(c + 1), r, months).gt(futureValue(D(pv), D(c), r, months))).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
