import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import {
  activePremium,
  annualizedReturn,
  annualizedSharpeRatio,
  annualizedTurnover,
  capmBeta,
  deflatedSharpeRatio,
  drawdowns,
  drawdownsFromEquity,
  excessReturns,
  expectedMaxSharpe,
  gaussianES,
  gaussianVaR,
  historicalES,
  historicalVaR,
  informationRatio,
  maxDrawdown,
  modifiedVaR,
  normalCdf,
  normalQuantile,
  omegaRatio,
  painIndex,
  performanceSummary,
  probabilisticSharpeRatio,
  quantileType7,
  returnsFromEquity,
  returnsKurtosis,
  returnsSkewness,
  sharpeEstimate,
  sortinoRatio,
  trackingError,
  tradeStatistics,
  ulcerIndex,
  withoutBlanks,
} from "@bullpen/quant/performance";
import { describe, expect, it } from "vitest";
import { readCsv } from "../oracles/compare.ts";
import { checkPerformanceFile, parseRCall } from "../oracles/performance.ts";

const close = (a: number, b: number, rel = 1e-13) => Math.abs(a - b) <= rel * Math.abs(b) + 1e-300;

describe("normal distribution", () => {
  // Reference values from mpmath at 40 digits (scipy's ndtr is itself ~1e-14 off in the far tail).
  const cdf: [number, number][] = [
    [0, 0.5],
    [0.5, 0.6914624612740131],
    [1, 0.8413447460685429],
    [-1, 0.15865525393145707],
    [1.96, 0.9750021048517795],
    [-3, 0.0013498980316300946],
    [3, 0.9986501019683699],
    [-5, 2.866515718791939e-7],
    [-10, 7.619853024160525e-24],
    [-20, 2.7536241186062337e-89],
    [-37, 5.725571222524577e-300],
  ];
  it.each(cdf)("Φ(%d)", (x, p) => expect(close(normalCdf(x), p, 1e-14)).toBe(true));
  const ppf: [number, number][] = [
    [1e-300, -37.0470962993612],
    [1e-20, -9.262340089798409],
    [1e-10, -6.361340902404056],
    [1e-5, -4.264890793922825],
    [0.001, -3.090232306167813],
    [0.02425, -1.972961051311885],
    [0.025, -1.9599639845400545],
    [0.1, -1.2815515655446004],
    [0.3, -0.5244005127080409],
    [0.7, 0.5244005127080407],
    [0.975, 1.959963984540054],
    [0.9999999999, 6.361340889697422],
  ];
  it.each(ppf)("Φ⁻¹(%d)", (p, x) => expect(close(normalQuantile(p), x, 1e-14)).toBe(true));
  it("edges", () => {
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normalQuantile(1)).toBe(Number.POSITIVE_INFINITY);
    expect(normalQuantile(1.5)).toBeNaN();
    expect(normalCdf(Number.NaN)).toBeNaN();
  });
});

describe("PSR and DSR", () => {
  // Bailey & López de Prado (2014) example: annual SR 2.5 on 1250 daily returns, skew −3, kurtosis 10,
  // 100 trials with annualised SR variance ½. The paper reports SR₀ ≈ 0.1132 and DSR ≈ 0.9004;
  // the unrounded values below were recomputed with scipy.
  const est = { sharpe: 2.5 / Math.sqrt(250), n: 1250, skew: -3, kurtosis: 10 };
  it("expected max Sharpe of 100 trials", () => {
    expect(close(expectedMaxSharpe(100, 0.5 / 250), 0.11317200186513214, 1e-12)).toBe(true);
  });
  it("deflated Sharpe ratio", () => {
    expect(close(deflatedSharpeRatio(est, 100, 0.5 / 250), 0.9003968344493903, 1e-12)).toBe(true);
  });
  it("PSR against a fixed benchmark, and PSR(SR̂) = ½", () => {
    expect(close(probabilisticSharpeRatio(est, 0.1), 0.9515517530662259, 1e-12)).toBe(true);
    expect(probabilisticSharpeRatio(est, est.sharpe)).toBe(0.5);
  });
  it("sharpeEstimate uses non-excess kurtosis", () => {
    const r = [0.01, -0.02, 0.03, 0.005, -0.01, 0.02];
    const e = sharpeEstimate(r);
    expect(close(e.kurtosis, returnsKurtosis(r, "moment"), 1e-14)).toBe(true);
    expect(e.n).toBe(6);
  });
});

describe("trade statistics", () => {
  it("computed by hand", () => {
    const s = tradeStatistics([100, -50, -25, 0, 200, -50, -10, -15, 40]);
    expect(s.count).toBe(9);
    expect(s.wins).toBe(3);
    expect(s.losses).toBe(5);
    expect(s.winRate).toBeCloseTo(3 / 9, 15);
    expect(s.grossProfit).toBe(340);
    expect(s.grossLoss).toBe(150);
    expect(s.profitFactor).toBeCloseTo(340 / 150, 15);
    expect(s.expectancy).toBeCloseTo(190 / 9, 12);
    expect(s.payoffRatio).toBeCloseTo(340 / 3 / 30, 12);
    expect(s.maxConsecutiveLosses).toBe(3);
    expect(s.maxConsecutiveWins).toBe(1);
    expect(s.largestLoss).toBe(50);
    // SQN = √n·mean/sd with the sample SD.
    const pn = [100, -50, -25, 0, 200, -50, -10, -15, 40];
    const m = 190 / 9;
    const sd = Math.sqrt(pn.reduce((a, x) => a + (x - m) ** 2, 0) / 8);
    expect(s.sqn).toBeCloseTo((3 * m) / sd, 12);
  });
  it("no losses → infinite profit factor", () => {
    expect(tradeStatistics([1, 2]).profitFactor).toBe(Number.POSITIVE_INFINITY);
    expect(tradeStatistics([]).profitFactor).toBeNaN();
  });
});

describe("drawdowns, VaR, turnover", () => {
  it("drawdown with the starting wealth as a peak", () => {
    const dd = drawdowns([-0.1, 0.05, 0.2, -0.5]);
    expect(dd[0]).toBeCloseTo(-0.1, 15);
    expect(dd[1]).toBeCloseTo(0.9 * 1.05 - 1, 15);
    expect(dd[2]).toBe(0);
    expect(dd[3]).toBeCloseTo(-0.5, 15);
    expect(maxDrawdown([-0.1, 0.05, 0.2, -0.5])).toBeCloseTo(0.5, 15);
    expect(maxDrawdown([0.1, -0.2], { geometric: false })).toBeCloseTo(1 - 0.9 / 1.1, 15);
    expect(Array.from(drawdownsFromEquity([100, 120, 90, 130]))).toEqual([0, 0, 90 / 120 - 1, 0]);
  });
  it("type-7 quantile, historical VaR/ES signs", () => {
    const r = [0.05, -0.1, 0.02, -0.03, 0.01];
    expect(quantileType7(r, 0.25)).toBeCloseTo(-0.03, 15);
    expect(quantileType7(r, 0.1)).toBeCloseTo(-0.1 + 0.4 * 0.07, 15);
    expect(historicalVaR(r, { p: 0.9 })).toBeCloseTo(-0.072, 15);
    expect(historicalES(r, { p: 0.9 })).toBeCloseTo(-0.1, 15);
    expect(gaussianVaR(r)).toBeLessThan(0);
    expect(gaussianES(r)).toBeLessThan(gaussianVaR(r));
  });
  it("turnover and returns of an equity curve", () => {
    // Trading the whole book once (buy 100% then sell 100%) over 252 periods = 1 turn a year.
    const traded = new Float64Array(252);
    traded[0] = 100;
    traded[100] = 100;
    expect(annualizedTurnover(traded, new Float64Array(252).fill(100))).toBeCloseTo(1, 14);
    expect(Array.from(returnsFromEquity([100, 110, 99]))).toEqual([
      0.10000000000000009, -0.09999999999999998,
    ]);
  });
  it("summary on HAM1 monthly returns", () => {
    const t = readCsv(resolve(import.meta.dirname, "fixtures/inputs/managers-HAM1.csv"));
    const s = performanceSummary(t.column("HAM1"), { scale: 12 });
    expect(s.annualizedReturn).toBeCloseTo(0.13753201082367061, 14);
    expect(s.maxDrawdown).toBeCloseTo(0.15177290548022837, 14);
    expect(s.periods).toBe(132);
  });
});

describe("blank periods (NaN) as PerformanceAnalytics treats NA", () => {
  const t = readCsv(resolve(import.meta.dirname, "fixtures/inputs/managers.csv"));
  const ham5 = t.column("HAM5"); // 55 leading blanks
  const sp = t.column("SP500 TR");
  const rf = t.column("US 3m TR");
  const first = ham5.findIndex((x) => !Number.isNaN(x));
  const tail = (x: Float64Array) => x.subarray(first);

  it("leading blanks: every one-series metric equals the metric of the series from its first value", () => {
    expect(first).toBe(55);
    const fns: [string, (r: ArrayLike<number>) => number][] = [
      ["annualizedReturn", (r) => annualizedReturn(r, { scale: 12 })],
      ["sortinoRatio", (r) => sortinoRatio(r, { mar: 0.005 })],
      ["maxDrawdown", (r) => maxDrawdown(r)],
      ["ulcerIndex", ulcerIndex],
      ["painIndex", painIndex],
      ["omegaRatio", (r) => omegaRatio(r)],
      ["historicalVaR", (r) => historicalVaR(r)],
      ["historicalES", (r) => historicalES(r)],
      ["modifiedVaR", (r) => modifiedVaR(r)],
      ["skewness", (r) => returnsSkewness(r, "sample")],
      ["kurtosis", (r) => returnsKurtosis(r, "sample_excess")],
    ];
    for (const [name, f] of fns) {
      const v = f(ham5);
      expect(Number.isFinite(v), name).toBe(true);
      expect(v, name).toBe(f(tail(ham5)));
    }
    expect(performanceSummary(ham5, { scale: 12 })).toEqual(performanceSummary(tail(ham5), { scale: 12 }));
    expect(performanceSummary(ham5, { scale: 12 }).periods).toBe(132 - 55);
    expect(sharpeEstimate(ham5)).toEqual(sharpeEstimate(tail(ham5)));
  });

  it("a fund that starts late is compared with its benchmark over the fund's months only", () => {
    expect(activePremium(ham5, sp, { scale: 12 })).toBe(activePremium(tail(ham5), tail(sp), { scale: 12 }));
    expect(trackingError(ham5, sp, { scale: 12 })).toBe(trackingError(tail(ham5), tail(sp), { scale: 12 }));
    expect(informationRatio(ham5, sp, { scale: 12 })).toBe(
      informationRatio(tail(ham5), tail(sp), { scale: 12 }),
    );
    expect(capmBeta(ham5, sp, { rf })).toBe(capmBeta(tail(ham5), tail(sp), { rf: tail(rf) }));
    expect(annualizedSharpeRatio(ham5, { rf, scale: 12 })).toBe(
      annualizedSharpeRatio(tail(ham5), { rf: tail(rf), scale: 12 }),
    );
    // The benchmark over all 132 months would give another answer: the alignment matters.
    expect(activePremium(ham5, sp, { scale: 12 })).not.toBe(
      annualizedReturn(ham5, { scale: 12 }) - annualizedReturn(sp, { scale: 12 }),
    );
  });

  it("inner blanks are left out: wealth runs across the gap, drawdowns are blank there", () => {
    const r = [0.1, Number.NaN, -0.2, Number.NaN, 0.05];
    const dd = drawdowns(r);
    expect(dd[0]).toBe(0);
    expect(dd[1]).toBeNaN();
    expect(dd[2]).toBeCloseTo((1.1 * 0.8) / 1.1 - 1, 15);
    expect(dd[3]).toBeNaN();
    expect(dd[4]).toBeCloseTo((1.1 * 0.8 * 1.05) / 1.1 - 1, 15);
    expect(maxDrawdown(r)).toBeCloseTo(0.2, 15);
    expect(annualizedReturn(r, { scale: 3 })).toBe(annualizedReturn([0.1, -0.2, 0.05], { scale: 3 }));
    expect(Array.from(withoutBlanks(r))).toEqual([0.1, -0.2, 0.05]);
    const full = [0.1, -0.2];
    expect(withoutBlanks(full)).toBe(full); // no copy when nothing is blank
    expect(annualizedReturn([Number.NaN, Number.NaN])).toBeNaN();
  });

  it("a blank in the rate series carries the last rate forward (Return.excess na.locf)", () => {
    const x = excessReturns([0.02, 0.03, 0.01, Number.NaN], [Number.NaN, 0.01, Number.NaN, 0.005]);
    expect(x[0]).toBeNaN(); // no rate known yet
    expect(x[1]).toBeCloseTo(0.02, 15);
    expect(x[2]).toBeCloseTo(0, 15); // 0.01 − the carried 0.01
    expect(x[3]).toBeNaN(); // no return
  });
});

describe("performance oracle checker", () => {
  it("parses R calls with named, positional, quoted arguments and comments", () => {
    const c = parseRCall("VaR(Ra, p = 0.95, method = 'historical')  # negative, see 'x, y'");
    expect(c.fn).toBe("VaR");
    expect(c.positional).toEqual([{ symbol: "Ra" }]);
    expect(c.named.get("p")).toBe(0.95);
    expect(c.named.get("method")).toBe("historical");
    expect(parseRCall("CAPM.beta(Ra, Rb, Rf = Rf, digits = NULL)").named.get("digits")).toBeNull();
  });
  it("passes every row of the HAM1 fixture", () => {
    const dir = resolve(import.meta.dirname, "fixtures");
    const res = checkPerformanceFile(
      `${dir}/oracles/performance/HAM1.csv`,
      (n) => `${dir}/inputs/${n}`,
      (p) => p,
    );
    expect(res.length).toBe(30);
    expect(res.filter((r) => !r.ok)).toEqual([]);
  });
  it.each(["HAM5", "HAM6", "HAM1-gaps"])(
    "passes every row of the %s fixture (series with blanks)",
    (name) => {
      const dir = resolve(import.meta.dirname, "fixtures");
      const manifest = JSON.parse(readFileSync(`${dir}/oracles/performance/${name}.manifest.json`, "utf8"));
      const b = manifest.blanks.fund;
      expect(b.leading + b.inner + b.trailing).toBeGreaterThan(0);
      const res = checkPerformanceFile(
        `${dir}/oracles/performance/${name}.csv`,
        (n) => `${dir}/inputs/${n}`,
        (p) => p,
      );
      expect(res.length).toBe(36);
      expect(res.filter((r) => !r.ok)).toEqual([]);
    },
  );
});
