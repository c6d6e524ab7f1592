import { describe, expect, it } from "vitest";
import { computeRegimes, type DatedValue } from "./regimes.ts";

const s = (pairs: [string, number | null][]): DatedValue[] => pairs.map(([d, v]) => ({ d, v }));

describe("computeRegimes", () => {
  // Index closes chosen so every value is easy to check by hand:
  //   peak 110 from 01-03; 99/110 − 1 = −0.1; 87/110 − 1 = −0.20909…; 85/110 − 1 = −0.22727…;
  //   95/110 − 1 = −0.13636…; 111 is a new peak (0); 105/111 − 1 = −0.05405…
  const index = s([
    ["2024-01-02", 100],
    ["2024-01-03", 110],
    ["2024-01-04", 99],
    ["2024-01-05", 87],
    ["2024-01-08", 85],
    ["2024-01-09", 95],
    ["2024-01-10", 111],
    ["2024-01-11", 105],
  ]);
  // 10y observed daily; 3m observed on fewer days (carried forward). Slope 10y − 3m:
  //   01-02..01-09: 4.0 − 3.5 = 0.5 … ; from 01-11 the 3m is 4.3 → 4.1 − 4.3 = −0.2 (inverted).
  const long = s([
    ["2024-01-02", 4.0],
    ["2024-01-05", 4.0],
    ["2024-01-10", 4.1],
  ]);
  const short = s([
    ["2024-01-02", 3.5],
    ["2024-01-11", 4.3],
  ]);
  const corporate = s([["2024-01-02", 5.25]]);
  const vix = s([
    ["2024-01-02", 13.2],
    ["2024-01-08", 29.5],
  ]);

  it("is known at the day's close, or later when a macro value it uses was published later", () => {
    const ms = (iso: string) => Date.parse(iso);
    // The 3m value of 01-11 was published on 01-20; the 10y ones the next day (no k: the date's end).
    const late = short.map((p) => (p.d === "2024-01-11" ? { ...p, k: ms("2024-01-20T14:00:00Z") } : p));
    const r = computeRegimes({
      index,
      vix,
      long,
      short: late,
      credit: null,
      corporate: null,
      from: "2024-01-01",
      to: "2024-01-31",
    });
    expect(r.map((p) => new Date(p.knownAt).toISOString())).toEqual([
      "2024-01-03T00:00:00.000Z",
      "2024-01-04T00:00:00.000Z",
      "2024-01-05T00:00:00.000Z",
      "2024-01-06T00:00:00.000Z",
      "2024-01-09T00:00:00.000Z",
      "2024-01-10T00:00:00.000Z",
      "2024-01-11T00:00:00.000Z",
      "2024-01-20T14:00:00.000Z",
    ]);
  });

  it("matches the hand-computed drawdown, bear flag, slope, spread and cycle", () => {
    const r = computeRegimes({
      index,
      vix,
      long,
      short,
      credit: null,
      corporate,
      from: "2024-01-01",
      to: "2024-01-31",
    });
    expect(r.map((p) => p.date)).toEqual(index.map((p) => p.d));
    const dd = [0, 0, 99 / 110 - 1, 87 / 110 - 1, 85 / 110 - 1, 95 / 110 - 1, 0, 105 / 111 - 1];
    for (const [i, p] of r.entries()) expect(p.drawdown).toBeCloseTo(dd[i] as number, 12);
    expect(r[3]?.drawdown).toBeCloseTo(-0.209090909090909, 12);
    expect(r.map((p) => p.bear)).toEqual([false, false, false, true, true, false, false, false]);
    expect(r.map((p) => p.slope)).toEqual([0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 4.1 - 3.5, 4.1 - 4.3]);
    expect(r.map((p) => p.cycle)).toEqual([
      "expansion",
      "expansion",
      "expansion",
      "contraction",
      "contraction",
      "recovery",
      "expansion",
      "late_cycle",
    ]);
    // VIX only on its own dates (carried ≤ 5 days): 01-02..01-05 13.2, from 01-08 29.5.
    expect(r.map((p) => p.vix)).toEqual([13.2, 13.2, 13.2, 13.2, 29.5, 29.5, 29.5, 29.5]);
    // Credit spread = corporate − 10y.
    expect(r[0]?.creditSpread).toBeCloseTo(1.25, 12);
    expect(r[7]?.creditSpread).toBeCloseTo(5.25 - 4.1, 12);
  });

  it("keeps the whole history for the running peak when the window starts later", () => {
    const r = computeRegimes({
      index,
      vix: null,
      long: null,
      short: null,
      credit: null,
      corporate: null,
      from: "2024-01-08",
      to: "2024-01-09",
    });
    expect(r.map((p) => [p.date, p.bear, p.cycle])).toEqual([
      ["2024-01-08", true, "contraction"],
      ["2024-01-09", false, "recovery"],
    ]);
    expect(r[0]?.slope).toBeNull();
    expect(r[0]?.vix).toBeNull();
  });

  it("drops macro values staler than 45 days, and labels from the curve alone without an index", () => {
    const r = computeRegimes({
      index: null,
      vix: null,
      long: s([
        ["2024-01-02", 4.0],
        ["2024-03-01", 3.9],
      ]),
      short: s([["2024-01-02", 4.4]]),
      credit: null,
      corporate: null,
      from: "2024-01-01",
      to: "2024-12-31",
    });
    expect(r.map((p) => [p.date, p.slope === null ? null : Number(p.slope.toFixed(10)), p.cycle])).toEqual([
      ["2024-01-02", -0.4, "late_cycle"],
      ["2024-03-01", null, null],
    ]);
  });

  it("answers nothing without inputs", () => {
    expect(
      computeRegimes({
        index: null,
        vix: null,
        long: null,
        short: null,
        credit: null,
        corporate: null,
        from: "2024-01-01",
        to: "2024-12-31",
      }),
    ).toEqual([]);
  });
});
