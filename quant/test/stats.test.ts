import {
  acf,
  adfTest,
  averageRanks,
  correlationMatrix,
  dwt,
  dwtMaxLevel,
  hurstExponent,
  idwt,
  kurtosis,
  logReturns,
  mackinnonCriticalValues,
  mackinnonPValue,
  mean,
  pacfOls,
  pacfYuleWalker,
  rollingKurtosis,
  rollingMean,
  rollingSkewness,
  rollingStdev,
  rollingVariance,
  simpleReturns,
  skewness,
  spearmanCorrelationMatrix,
  stdev,
  variance,
  wavedec,
  waverec,
} from "@bullpen/quant/stats";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { olsQr, symmetricEigen } from "../src/stats/linalg.ts";
import { erfc, gamma, standardNormalCdf } from "../src/stats/special.ts";

/** Deterministic N(0,1) draws (mulberry32 + Box–Muller) so tests are reproducible. */
function normals(n: number, seed: number): Float64Array {
  let a = seed >>> 0;
  const u = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
  return out;
}

const close = (a: number, b: number, tol = 1e-12) =>
  expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));

describe("returns", () => {
  it("simple and log returns of a short price path", () => {
    expect(Array.from(simpleReturns([100, 110, 99]))).toEqual([0.10000000000000009, -0.09999999999999998]);
    const r = logReturns([100, 110, 99]);
    close(r[0], Math.log(1.1));
    close(r[1], Math.log(0.9));
    expect(simpleReturns([5]).length).toBe(0);
  });
});

describe("moments", () => {
  it("hand-computed values", () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    close(variance([1, 2, 3, 4]), 5 / 3);
    close(variance([1, 2, 3, 4], { population: true }), 1.25);
    close(stdev([2, 4, 4, 4, 5, 5, 7, 9], { population: true }), 2);
    close(skewness([1, 2, 3]), 0);
    // m2 = 1.25, m4 = 2.5625 → g2 = 2.5625/1.5625 − 3 = −1.36
    close(kurtosis([1, 2, 3, 4]), -1.36);
    // G2 = ((n+1)g2 + 6)(n−1)/((n−2)(n−3)) = (5·(−1.36)+6)·3/2 = −1.2
    close(kurtosis([1, 2, 3, 4], { bias: false }), -1.2);
    // Right-skewed sample has positive skew.
    expect(skewness([1, 1, 1, 10])).toBeGreaterThan(0);
  });
});

describe("rolling moments", () => {
  it("rolling mean and sd with warm-up", () => {
    const m = rollingMean([1, 2, 3, 4], 2);
    expect(Number.isNaN(m[0])).toBe(true);
    expect(Array.from(m.subarray(1))).toEqual([1.5, 2.5, 3.5]);
    const s = rollingStdev([1, 2, 4, 7], 3);
    close(s[2], stdev([1, 2, 4]));
    close(s[3], stdev([2, 4, 7]));
    close(
      rollingVariance([1, 2, 4, 7], 3, { population: true })[3],
      variance([2, 4, 7], { population: true }),
    );
  });
  it("a NaN inside the window gives NaN; constant windows give NaN skew", () => {
    const s = rollingMean([1, Number.NaN, 3, 4, 5], 2);
    expect(Array.from(s, Number.isNaN)).toEqual([true, true, true, false, false]);
    expect(Number.isNaN(rollingSkewness([2, 2, 2, 2], 3)[3])).toBe(true);
  });
  it("rolling skew/kurt equal the whole-window unbiased statistics (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 6, maxLength: 40 }),
        fc.integer({ min: 4, max: 6 }),
        (x, w) => {
          const sk = rollingSkewness(x, w);
          const ku = rollingKurtosis(x, w);
          for (let t = w - 1; t < x.length; t++) {
            const win = x.slice(t - w + 1, t + 1);
            const s = skewness(win, { bias: false });
            const k = kurtosis(win, { bias: false });
            if (Number.isFinite(s) && variance(win) > 1e-6) {
              expect(Math.abs(sk[t] - s)).toBeLessThanOrEqual(1e-8 * Math.max(1, Math.abs(s)));
              expect(Math.abs(ku[t] - k)).toBeLessThanOrEqual(1e-8 * Math.max(1, Math.abs(k)));
            }
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe("ACF and PACF", () => {
  it("ACF of an alternating series is (−1)^k·(n−k)/n", () => {
    const x = Array.from({ length: 10 }, (_, i) => (i % 2 ? -1 : 1));
    const r = acf(x, 3);
    expect(r[0]).toBe(1);
    close(r[1], -0.9);
    close(r[2], 0.8);
    close(r[3], -0.7);
  });
  it("PACF lag 1 is γ1/γ0 (Yule–Walker adjusted) and both methods recover an AR(1)", () => {
    const x = [1, 3, 2, 5, 4, 6];
    const m = x.map((v) => v - 3.5);
    let g0 = 0;
    let g1 = 0;
    for (let t = 0; t < 6; t++) g0 += m[t] * m[t];
    for (let t = 1; t < 6; t++) g1 += m[t] * m[t - 1];
    close(pacfYuleWalker(x, 1)[1], g1 / 5 / (g0 / 6));
    close(pacfYuleWalker(x, 1, { adjusted: false })[1], g1 / g0);

    const e = normals(5000, 7);
    const ar = new Float64Array(5000);
    for (let t = 1; t < 5000; t++) ar[t] = 0.6 * ar[t - 1] + e[t];
    const yw = pacfYuleWalker(ar, 3);
    const ols = pacfOls(ar, 3);
    expect(Math.abs(yw[1] - 0.6)).toBeLessThan(0.05);
    expect(Math.abs(ols[1] - 0.6)).toBeLessThan(0.05);
    expect(Math.abs(yw[2])).toBeLessThan(0.05);
    expect(Math.abs(ols[3])).toBeLessThan(0.05);
  });
});

describe("augmented Dickey–Fuller", () => {
  it("does not reject a unit root on a random walk, rejects it on white noise", () => {
    const e = normals(500, 11);
    const walk = new Float64Array(500);
    for (let t = 1; t < 500; t++) walk[t] = walk[t - 1] + e[t];
    const rw = adfTest(walk);
    expect(rw.pValue).toBeGreaterThan(0.1);
    expect(rw.statistic).toBeGreaterThan(rw.criticalValues["10%"]);
    const wn = adfTest(e);
    expect(wn.pValue).toBeLessThan(0.01);
    expect(wn.statistic).toBeLessThan(wn.criticalValues["1%"]);
    expect(wn.nobs).toBe(500 - 1 - wn.usedLag);
    expect(wn.maxLag).toBe(Math.ceil(12 * (500 / 100) ** 0.25));
  });
  it("fixed lag and other deterministic terms run; MacKinnon tables behave", () => {
    const e = normals(300, 3);
    const r = adfTest(e, { maxLag: 2, autolag: null, regression: "ct" });
    expect(r.usedLag).toBe(2);
    expect(Number.isNaN(r.icBest)).toBe(true);
    expect(mackinnonCriticalValues(Number.POSITIVE_INFINITY, "c")).toEqual({
      "1%": -3.43035,
      "5%": -2.86154,
      "10%": -2.56677,
    });
    expect(mackinnonPValue(5, "c")).toBe(1);
    expect(mackinnonPValue(-30, "c")).toBe(0);
    expect(mackinnonPValue(-3, "c")).toBeLessThan(mackinnonPValue(-2, "c"));
    expect(mackinnonPValue(-2.86154, "c")).toBeGreaterThan(0.04);
    expect(mackinnonPValue(-2.86154, "c")).toBeLessThan(0.06);
  });
});

describe("Hurst exponent", () => {
  it("white noise is near 0.5, and an odd length equals appending the mean of the last two", () => {
    const e = normals(2001, 5);
    const h = hurstExponent(e);
    expect(Math.abs(h.He - 0.5)).toBeLessThan(0.15);
    expect(h.Ht).toBeGreaterThan(0.4);
    const padded = [...e, (e[1999] + e[2000]) / 2];
    expect(hurstExponent(padded)).toEqual(h);
    expect(() => hurstExponent(normals(60, 1))).toThrow();
  });
});

describe("wavelets", () => {
  it("Haar on [1,2,3,4] and on an odd length", () => {
    const s = Math.SQRT1_2;
    const { cA, cD } = dwt([1, 2, 3, 4], "haar");
    close(cA[0], 3 * s);
    close(cA[1], 7 * s);
    close(cD[0], -s);
    close(cD[1], -s);
    const odd = dwt([1, 2, 3], "haar");
    close(odd.cA[1], 6 * s);
    close(odd.cD[1], 0);
  });
  it("db4 of a constant has zero details; lengths follow pywt", () => {
    const { cA, cD } = dwt(new Array(20).fill(3), "db4");
    expect(cA.length).toBe(13);
    for (const d of cD) expect(Math.abs(d)).toBeLessThan(1e-12);
    for (const a of cA) close(a, 3 * Math.SQRT2, 1e-12);
    expect(wavedec(new Float64Array(1259), "db4", 3).map((c) => c.length)).toEqual([163, 163, 320, 633]);
    expect(dwtMaxLevel(1259, 8)).toBe(7);
  });
  it("waverec(wavedec(x)) reconstructs x (property, haar and db4)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1000, max: 1000, noNaN: true }), { minLength: 1, maxLength: 120 }),
        fc.constantFrom("haar" as const, "db4" as const),
        fc.integer({ min: 1, max: 4 }),
        (x, w, level) => {
          const coeffs = wavedec(x, w, level);
          const y = waverec(coeffs, w);
          expect(y.length).toBeGreaterThanOrEqual(x.length);
          for (let i = 0; i < x.length; i++) expect(Math.abs(y[i] - x[i])).toBeLessThanOrEqual(1e-9 * 1000);
        },
      ),
      { numRuns: 150 },
    );
    const r = idwt(
      ...(Object.values(dwt([4, 8, 15, 16, 23, 42], "db4")) as [Float64Array, Float64Array]),
      "db4",
    );
    expect(Array.from(r, (v) => Math.round(v * 1e9) / 1e9)).toEqual([4, 8, 15, 16, 23, 42]);
  });
});

describe("correlation matrices", () => {
  it("perfect and anti correlation; average ranks with ties", () => {
    const a = [1, 2, 3, 4, 5];
    const c = correlationMatrix([a, a.map((v) => 2 * v + 1), a.map((v) => -v)]);
    close(c[0][1], 1);
    close(c[0][2], -1);
    expect(Array.from(averageRanks([10, 20, 20, 30]))).toEqual([1, 2.5, 2.5, 4]);
    expect(Array.from(averageRanks([3, 1, 3, 3]))).toEqual([3, 1, 3, 3]);
    // Spearman is 1 for any increasing transform.
    close(spearmanCorrelationMatrix([a, a.map((v) => Math.exp(v))])[0][1], 1);
  });
  it("symmetric, unit diagonal, |ρ| ≤ 1 (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 5 }),
        fc.integer({ min: 3, max: 30 }),
        fc.integer(),
        (k, n, seed) => {
          const cols = Array.from({ length: k }, (_, j) => normals(n, seed + j));
          for (const m of [correlationMatrix(cols), spearmanCorrelationMatrix(cols)]) {
            for (let i = 0; i < k; i++) {
              expect(m[i][i]).toBe(1);
              for (let j = 0; j < k; j++) {
                expect(m[i][j]).toBe(m[j][i]);
                expect(Math.abs(m[i][j])).toBeLessThanOrEqual(1);
              }
            }
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe("numerical kernels", () => {
  it("normal CDF, erfc and gamma at known values", () => {
    expect(standardNormalCdf(0)).toBe(0.5);
    close(standardNormalCdf(1.959963984540054), 0.975, 1e-15);
    close(standardNormalCdf(-8), 6.22096057427178e-16, 1e-12);
    close(erfc(0.5), 0.4795001221869535, 1e-15);
    close(gamma(5), 24, 1e-14);
    close(gamma(0.5), Math.sqrt(Math.PI), 1e-14);
  });
  it("QR least squares fits an exact line; Jacobi eigenpairs satisfy S·v = λ·v", () => {
    const X = Float64Array.from([1, 0, 1, 1, 1, 2, 1, 3]);
    const fit = olsQr(X, [1, 3, 5, 7], 4, 2);
    close(fit.beta[0], 1);
    close(fit.beta[1], 2);
    expect(fit.ssr).toBeLessThan(1e-20);
    const S = [4, 1, 2, 1, 3, 0, 2, 0, 5];
    const { values, vectors } = symmetricEigen(S, 3);
    expect(values[0]).toBeLessThanOrEqual(values[1]);
    for (let k = 0; k < 3; k++) {
      for (let i = 0; i < 3; i++) {
        let s = 0;
        for (let j = 0; j < 3; j++) s += S[i * 3 + j] * vectors[j * 3 + k];
        close(s, values[k] * vectors[i * 3 + k], 1e-12);
      }
    }
  });
});
