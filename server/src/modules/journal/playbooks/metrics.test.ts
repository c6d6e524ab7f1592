// Playbook metrics and their intervals against values worked by hand and published tables.
import { describe, expect, it } from "vitest";
import { lnGamma, meanInterval, studentTCdf, studentTQuantile, wilson } from "./intervals.ts";
import { type ClosedTrade, groupMetrics, metricsOf } from "./metrics.ts";

const trade = (pnl: number, extra: Partial<ClosedTrade> = {}): ClosedTrade => ({
  pnl,
  r: null,
  holdingSeconds: 3600,
  entryAt: "2024-01-01T00:00:00.000Z",
  entryTimeKnown: false,
  strategy: null,
  tags: [],
  symbol: "AAPL",
  rulesFollowed: null,
  ...extra,
});

describe("intervals", () => {
  it("Student's t quantiles match the printed table", () => {
    // Two-sided 95 %: df 1 → 12.706, 5 → 2.571, 10 → 2.228, 30 → 2.042; df 4 at 99.5 % → 4.604.
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.7062, 3);
    expect(studentTQuantile(0.975, 5)).toBeCloseTo(2.5706, 3);
    expect(studentTQuantile(0.975, 10)).toBeCloseTo(2.2281, 3);
    expect(studentTQuantile(0.975, 30)).toBeCloseTo(2.0423, 3);
    expect(studentTQuantile(0.995, 4)).toBeCloseTo(4.6041, 3);
    expect(studentTQuantile(0.025, 5)).toBeCloseTo(-2.5706, 3);
    expect(studentTCdf(0, 7)).toBeCloseTo(0.5, 12);
    expect(lnGamma(5)).toBeCloseTo(Math.log(24), 12);
  });

  it("Wilson's interval: 7 of 10 at 95 % is [0.3968, 0.8922]; none of nothing is null", () => {
    const w = wilson(7, 10);
    expect(w?.low).toBeCloseTo(0.3968, 3);
    expect(w?.high).toBeCloseTo(0.8922, 3);
    expect(wilson(0, 0)).toBeNull();
    // All wins of three: the interval still reaches far down.
    expect(wilson(3, 3)?.low).toBeLessThan(0.5);
  });

  it("the mean's t interval: 1..5 is 3 ± 2.776·√2.5/√5", () => {
    const i = meanInterval([1, 2, 3, 4, 5]);
    const half = 2.7764 * Math.sqrt(2.5 / 5);
    expect(i?.low).toBeCloseTo(3 - half, 3);
    expect(i?.high).toBeCloseTo(3 + half, 3);
    expect(meanInterval([1])).toBeNull();
  });
});

describe("metricsOf", () => {
  it("win rate, profit factor, expectancy, payoff, streaks, drawdown, holding and R", () => {
    const m = metricsOf([
      trade(100, { r: 2 }),
      trade(-50, { r: -1 }),
      trade(-30),
      trade(200, { r: 4, holdingSeconds: 7200 }),
      trade(-20, { r: -0.5 }),
    ]);
    expect(m).toMatchObject({ count: 5, wins: 2, losses: 3, netPnl: 200, grossProfit: 300, grossLoss: 100 });
    expect(m.winRate).toBeCloseTo(0.4, 12);
    expect(m.profitFactor).toBeCloseTo(3, 12);
    expect(m.expectancy).toBeCloseTo(40, 12);
    expect(m.averageWin).toBeCloseTo(150, 12);
    expect(m.averageLoss).toBeCloseTo(100 / 3, 12);
    expect(m.payoffRatio).toBeCloseTo(4.5, 12);
    expect(m.maxConsecutiveLosses).toBe(2);
    // Curve 100, 50, 20, 220, 200: the deepest fall is 100 → 20.
    expect(m.maxDrawdown).toBe(80);
    expect(m.averageHoldingSeconds).toBe(4320);
    expect(m).toMatchObject({ rCount: 4, totalR: 4.5, averageR: 1.125 });
    expect(m.winRateInterval?.low).toBeLessThan(0.4);
    expect(m.expectancyInterval?.low).toBeLessThan(40);
    expect(m.expectancyInterval?.high).toBeGreaterThan(40);
  });

  it("no losses: profit factor has no finite value and answers null, not Infinity", () => {
    const m = metricsOf([trade(10), trade(20)]);
    expect(m.profitFactor).toBeNull();
    expect(m.averageLoss).toBeNull();
  });
});

describe("groupMetrics", () => {
  it("groups by tag (a trade in each of its tags), weekday from the date, hour only when known", () => {
    const ts = [
      trade(10, { tags: ["breakout", "gap"], entryAt: "2024-01-01T00:00:00.000Z" }), // Monday
      trade(-5, { tags: ["gap"], entryAt: "2024-01-02T15:30:00.000Z", entryTimeKnown: true }), // Tuesday
    ];
    expect(groupMetrics(ts, "tag").map((g) => [g.key, g.metrics.count])).toEqual([
      ["breakout", 1],
      ["gap", 2],
    ]);
    expect(groupMetrics(ts, "weekday").map((g) => g.key)).toEqual(["mon", "tue"]);
    expect(groupMetrics(ts, "hour").map((g) => g.key)).toEqual(["(unknown)", "15"]);
    expect(groupMetrics(ts, "hour", "Asia/Seoul").map((g) => g.key)).toEqual(["(unknown)", "00"]);
    expect(groupMetrics(ts, "weekday", "Asia/Seoul").map((g) => g.key)).toEqual(["mon", "wed"]);
  });
});
