import { isMainThread } from "node:worker_threads";
import {
  combinatorialPurgedCV,
  foldDateRange,
  parameterGrid,
  purgedKFold,
  runSweep,
  stitchCpcvPath,
  stitchOutOfSample,
  walkForwardSplits,
} from "@bullpen/quant/validation/node";
import { describe, expect, it } from "vitest";
import { contiguousGroups } from "../src/validation/splits.ts";

describe("walk-forward splits", () => {
  it("rolling", () => {
    expect(walkForwardSplits(10, { train: 4, test: 2 })).toEqual([
      { fold: 0, trainStart: 0, trainEnd: 4, testStart: 4, testEnd: 6 },
      { fold: 1, trainStart: 2, trainEnd: 6, testStart: 6, testEnd: 8 },
      { fold: 2, trainStart: 4, trainEnd: 8, testStart: 8, testEnd: 10 },
    ]);
  });
  it("expanding with a gap and a partial last fold", () => {
    expect(walkForwardSplits(11, { train: 4, test: 3, gap: 1, expanding: true, allowPartial: true })).toEqual(
      [
        { fold: 0, trainStart: 0, trainEnd: 4, testStart: 5, testEnd: 8 },
        { fold: 1, trainStart: 0, trainEnd: 7, testStart: 8, testEnd: 11 },
      ],
    );
    expect(walkForwardSplits(10, { train: 4, test: 3, gap: 1, expanding: true })).toHaveLength(1);
  });
  it("fold dates", () => {
    expect(foldDateRange(["a", "b", "c", "d"], 1, 3)).toEqual({ start: "b", end: "c" });
  });
});

describe("purged k-fold", () => {
  it("groups like numpy.array_split", () => {
    expect(contiguousGroups(10, 3)).toEqual([
      [0, 4],
      [4, 7],
      [7, 10],
    ]);
  });
  it("purges label overlap on both sides and embargoes after the test fold", () => {
    const folds = purgedKFold(20, { k: 4, span: { horizon: 2 }, embargo: 1 });
    // Fold 1 tests 5..9. Before: i with i+2 ≥ 5 → 3, 4 purged. After: the test labels reach 11, so
    // 10 and 11 are purged, and the embargo (1) covers 10 as well.
    expect(Array.from(folds[1].test)).toEqual([5, 6, 7, 8, 9]);
    expect(Array.from(folds[1].train)).toEqual([0, 1, 2, 12, 13, 14, 15, 16, 17, 18, 19]);
    // Embargo larger than the label horizon.
    const e = purgedKFold(20, { k: 4, embargo: 3 });
    expect(Array.from(e[0].train)).toEqual([8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    expect(Array.from(e[3].train)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
    // A fractional embargo is a share of n.
    expect(Array.from(purgedKFold(20, { k: 4, embargo: 0.1 })[0].train)[0]).toBe(7);
  });
  it("explicit label ends", () => {
    const labelEnd = Array.from({ length: 10 }, (_, i) => Math.min(9, i === 1 ? 6 : i));
    const f = purgedKFold(10, { k: 2, span: { labelEnd } });
    expect(Array.from(f[1].train)).toEqual([0, 2, 3, 4]); // 1's label reaches into the test fold 5..9
  });
});

describe("combinatorial purged CV", () => {
  const cv = combinatorialPurgedCV(60, { groups: 6, testGroups: 2, span: { horizon: 1 } });
  it("C(6,2) = 15 splits and φ = 2·15/6 = 5 paths", () => {
    expect(cv.splits).toHaveLength(15);
    expect(cv.paths).toHaveLength(5);
    expect(cv.splits[0].testGroups).toEqual([0, 1]);
    expect(cv.splits[14].testGroups).toEqual([4, 5]);
  });
  it("every path covers every group exactly once, each split used k times overall", () => {
    const uses = new Array(15).fill(0);
    for (const path of cv.paths) {
      expect(path.every((s) => s >= 0)).toBe(true);
      path.forEach((s, g) => {
        expect(cv.splits[s].testGroups).toContain(g);
        uses[s]++;
      });
    }
    expect(uses.every((u) => u === 2)).toBe(true);
  });
  it("training sets never touch the test groups or their purge zone", () => {
    for (const s of cv.splits) {
      const test = new Set(s.test);
      for (const i of s.train) {
        expect(test.has(i)).toBe(false);
        expect(test.has(i + 1)).toBe(false); // horizon 1: i's label covers i+1
      }
      expect(s.train.length + s.test.length).toBeLessThan(60);
    }
  });
  it("stitches a path into a full out-of-sample series", () => {
    const preds = cv.splits.map((s) => Float64Array.from(s.test, (i) => i * 1000 + s.split));
    for (let p = 0; p < cv.paths.length; p++) {
      const series = stitchCpcvPath(cv, p, preds);
      for (let i = 0; i < 60; i++) {
        const g = Math.floor(i / 10);
        expect(series[i]).toBe(i * 1000 + cv.paths[p][g]);
      }
    }
  });
  it("walk-forward stitching", () => {
    const folds = walkForwardSplits(10, { train: 4, test: 3 }).map((f) => {
      const test = Array.from({ length: f.testEnd - f.testStart }, (_, i) => f.testStart + i);
      return { test, values: test.map((i) => i * 2) };
    });
    const s = stitchOutOfSample(10, folds);
    expect(Array.from(s.subarray(0, 4))).toEqual([Number.NaN, Number.NaN, Number.NaN, Number.NaN]);
    expect(Array.from(s.subarray(4))).toEqual([8, 10, 12, 14, 16, 18]);
    expect(() => stitchOutOfSample(10, [folds[0], folds[0]])).toThrow(/twice/);
  });
});

describe("parameter sweeps over worker threads", () => {
  const nAssets = 5;
  const nBars = 3000;
  const close = new Float64Array(new SharedArrayBuffer(nAssets * nBars * 8));
  const open = new Float64Array(new SharedArrayBuffer(nAssets * nBars * 8));
  let s = 12345;
  for (let a = 0; a < nAssets; a++) {
    let p = 100;
    for (let t = 0; t < nBars; t++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      open[a * nBars + t] = p * (1 + 0.004 * (s / 2 ** 32 - 0.5));
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      p *= 1 + 0.03 * (s / 2 ** 32 - 0.5);
      close[a * nBars + t] = p;
    }
  }
  const data = { nAssets, nBars, close, open };
  const grid = parameterGrid({ fast: [3, 5, 8, 10], slow: [20, 30, 50] });
  const task = new URL("./validation-sweep-task.ts", import.meta.url);

  it("parameterGrid is the Cartesian product", () => {
    expect(grid).toHaveLength(12);
    expect(grid[0]).toEqual({ fast: 3, slow: 20 });
    expect(grid[1]).toEqual({ fast: 3, slow: 30 });
    expect(grid[11]).toEqual({ fast: 10, slow: 50 });
  });
  it("two workers (loading the .ts task natively) give exactly the single-threaded results", async () => {
    expect(isMainThread).toBe(true);
    const serial = await runSweep(task, grid, { workers: 0, data });
    const parallel = await runSweep(task, grid, { workers: 2, data, chunkSize: 1 });
    expect(parallel).toEqual(serial);
    expect(new Set(serial.map((r) => (r as { final: number }).final)).size).toBeGreaterThan(6);
  });
  it("a failing task rejects", async () => {
    await expect(runSweep(task, [{ fast: 3 }] as never[], { workers: 1, data: null })).rejects.toThrow();
  });
});
