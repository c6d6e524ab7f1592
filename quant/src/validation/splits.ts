// Time-series cross-validation splits over observations 0..n−1 in time order. Ranges are half-open
// [start, end). Purging and embargo follow López de Prado, "Advances in Financial Machine Learning", ch. 7 and 12.

/** One walk-forward fold: a training window followed by a test window. */
export interface WalkForwardFold {
  fold: number;
  trainStart: number;
  trainEnd: number;
  testStart: number;
  testEnd: number;
}

/**
 * Walk-forward splits. Rolling (default): the training window has a fixed length `train`; expanding:
 * it always starts at 0 and grows. The test window of `test` observations starts `gap` after the
 * training window ends; windows advance by `step` (default `test`, so test windows tile without overlap).
 * Folds whose test window would pass n are dropped (no partial last fold unless `allowPartial`).
 */
export function walkForwardSplits(
  n: number,
  opts: {
    train: number;
    test: number;
    step?: number;
    gap?: number;
    expanding?: boolean;
    allowPartial?: boolean;
  },
): WalkForwardFold[] {
  const { train, test } = opts;
  const step = opts.step ?? test;
  const gap = opts.gap ?? 0;
  if (!(train > 0 && test > 0 && step > 0 && gap >= 0))
    throw new Error("walkForwardSplits: train, test, step > 0; gap ≥ 0");
  const out: WalkForwardFold[] = [];
  for (let trainEnd = train; ; trainEnd += step) {
    const testStart = trainEnd + gap;
    let testEnd = testStart + test;
    if (testStart >= n) break;
    if (testEnd > n) {
      if (!opts.allowPartial) break;
      testEnd = n;
    }
    out.push({
      fold: out.length,
      trainStart: opts.expanding ? 0 : trainEnd - train,
      trainEnd,
      testStart,
      testEnd,
    });
  }
  return out;
}

/** A split as index sets (sorted ascending). */
export interface IndexSplit {
  train: Int32Array;
  test: Int32Array;
}

/**
 * Label spans: observation i's label uses data from i through `labelEnd[i]` (inclusive). Give either an
 * array or a constant horizon h (labelEnd[i] = min(i + h, n − 1)). Default horizon 0.
 */
export type LabelSpan = { labelEnd: ArrayLike<number> } | { horizon: number };

function labelEndFn(n: number, span: LabelSpan | undefined): (i: number) => number {
  if (!span) return (i) => i;
  if ("labelEnd" in span) {
    if (span.labelEnd.length !== n) throw new Error("labelEnd must have one entry per observation");
    return (i) => span.labelEnd[i];
  }
  const h = span.horizon;
  return (i) => Math.min(i + h, n - 1);
}

/**
 * Training indices for a test set made of contiguous blocks, purged and embargoed: an observation i is
 * dropped when its label span [i, labelEnd(i)] overlaps the span of a test block [a, max labelEnd over
 * the block] (purge, both directions), or when i ∈ [b, b + embargo) after a block [a, b) (embargo,
 * against serial correlation leaking backwards).
 */
function purgedTrain(
  n: number,
  blocks: [number, number][],
  end: (i: number) => number,
  embargo: number,
): Int32Array {
  const spans = blocks.map(([a, b]) => {
    let last = b - 1;
    for (let j = a; j < b; j++) if (end(j) > last) last = end(j);
    return [a, b, last] as const;
  });
  const keep: number[] = [];
  for (let i = 0; i < n; i++) {
    let ok = true;
    for (const [a, b, last] of spans) {
      if (i <= last && end(i) >= a)
        ok = false; // label spans overlap (includes i inside the block)
      else if (i >= b && i < b + embargo) ok = false;
      if (!ok) break;
    }
    if (ok) keep.push(i);
  }
  return Int32Array.from(keep);
}

function range(a: number, b: number): Int32Array {
  const out = new Int32Array(Math.max(0, b - a));
  for (let i = 0; i < out.length; i++) out[i] = a + i;
  return out;
}

/** Contiguous groups of a range: k groups of sizes differing by at most one (larger ones first, like numpy.array_split). */
export function contiguousGroups(n: number, k: number): [number, number][] {
  if (!(k >= 1 && k <= n)) throw new Error(`cannot split ${n} observations into ${k} groups`);
  const out: [number, number][] = [];
  const base = Math.floor(n / k);
  const extra = n % k;
  let s = 0;
  for (let g = 0; g < k; g++) {
    const len = base + (g < extra ? 1 : 0);
    out.push([s, s + len]);
    s += len;
  }
  return out;
}

/**
 * Purged k-fold cross-validation: k contiguous test folds; the training set is every other observation
 * minus those purged (label span overlapping the test fold) and embargoed (the `embargo` observations
 * after the fold; a fraction < 1 means that share of n, rounded up).
 */
export function purgedKFold(
  n: number,
  opts: { k: number; embargo?: number; span?: LabelSpan },
): (IndexSplit & { fold: number; testStart: number; testEnd: number })[] {
  const end = labelEndFn(n, opts.span);
  const embargo = embargoCount(n, opts.embargo ?? 0);
  return contiguousGroups(n, opts.k).map(([a, b], fold) => ({
    fold,
    testStart: a,
    testEnd: b,
    test: range(a, b),
    train: purgedTrain(n, [[a, b]], end, embargo),
  }));
}

function embargoCount(n: number, e: number): number {
  return e > 0 && e < 1 ? Math.ceil(e * n) : Math.floor(e);
}

/** One CPCV split: the test groups it holds out and its purged training set. */
export interface CpcvSplit extends IndexSplit {
  split: number;
  testGroups: number[];
}

/** Result of {@link combinatorialPurgedCV}. */
export interface Cpcv {
  groups: [number, number][];
  splits: CpcvSplit[];
  /**
   * Backtest paths: φ = k·C(N,k)/N of them. `paths[j][g]` is the split whose test predictions fill
   * group g in path j (the j-th split, in lexicographic order, that tests group g).
   */
  paths: number[][];
}

/**
 * Combinatorial purged cross-validation (López de Prado): N contiguous groups, every combination of k
 * test groups (C(N,k) splits, lexicographic), training purged and embargoed around each test group;
 * the test predictions recombine into φ = k·C(N,k)/N complete out-of-sample paths.
 */
export function combinatorialPurgedCV(
  n: number,
  opts: { groups: number; testGroups: number; embargo?: number; span?: LabelSpan },
): Cpcv {
  const N = opts.groups;
  const k = opts.testGroups;
  if (!(k >= 1 && k < N)) throw new Error("combinatorialPurgedCV: need 1 ≤ testGroups < groups");
  const groups = contiguousGroups(n, N);
  const end = labelEndFn(n, opts.span);
  const embargo = embargoCount(n, opts.embargo ?? 0);
  const splits: CpcvSplit[] = [];
  const combo = Array.from({ length: k }, (_, i) => i);
  for (;;) {
    const blocks = mergeAdjacent(combo.map((g) => groups[g]));
    const test: number[] = [];
    for (const g of combo) for (let i = groups[g][0]; i < groups[g][1]; i++) test.push(i);
    splits.push({
      split: splits.length,
      testGroups: [...combo],
      test: Int32Array.from(test),
      train: purgedTrain(n, blocks, end, embargo),
    });
    // Next combination in lexicographic order.
    let i = k - 1;
    while (i >= 0 && combo[i] === N - k + i) i--;
    if (i < 0) break;
    combo[i]++;
    for (let j = i + 1; j < k; j++) combo[j] = combo[j - 1] + 1;
  }
  const nPaths = (k * splits.length) / N;
  const paths: number[][] = Array.from({ length: nPaths }, () => new Array(N).fill(-1));
  const seen = new Array(N).fill(0);
  for (const s of splits) for (const g of s.testGroups) paths[seen[g]++][g] = s.split;
  return { groups, splits, paths };
}

function mergeAdjacent(blocks: [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  for (const [a, b] of blocks) {
    const lastBlock = out[out.length - 1];
    if (lastBlock && lastBlock[1] === a) lastBlock[1] = b;
    else out.push([a, b]);
  }
  return out;
}

/**
 * Out-of-sample stitching: writes each fold's test predictions into one series of length n (NaN where
 * no fold tests). `folds[i].test` are indices, `folds[i].values` the predictions in the same order.
 * Throws if two folds predict the same observation (use CPCV paths to combine overlapping splits).
 */
export function stitchOutOfSample(
  n: number,
  folds: { test: ArrayLike<number>; values: ArrayLike<number> }[],
): Float64Array {
  const out = new Float64Array(n).fill(Number.NaN);
  const filled = new Uint8Array(n);
  for (const f of folds) {
    if (f.test.length !== f.values.length)
      throw new Error("stitchOutOfSample: test and values differ in length");
    for (let i = 0; i < f.test.length; i++) {
      const j = f.test[i];
      if (filled[j]) throw new Error(`stitchOutOfSample: observation ${j} is predicted twice`);
      filled[j] = 1;
      out[j] = f.values[i];
    }
  }
  return out;
}

/**
 * One CPCV path as a full series: for each group g, the predictions of split `path[g]` over that group.
 * `predictions[s]` holds split s's predictions aligned with `cpcv.splits[s].test`.
 */
export function stitchCpcvPath(
  cpcv: Cpcv,
  pathIndex: number,
  predictions: ArrayLike<number>[],
): Float64Array {
  const path = cpcv.paths[pathIndex];
  const n = cpcv.groups[cpcv.groups.length - 1][1];
  const out = new Float64Array(n).fill(Number.NaN);
  for (let g = 0; g < path.length; g++) {
    const s = cpcv.splits[path[g]];
    const pred = predictions[path[g]];
    const [a, b] = cpcv.groups[g];
    for (let i = 0; i < s.test.length; i++) {
      const j = s.test[i];
      if (j >= a && j < b) out[j] = pred[i];
    }
  }
  return out;
}

/** Date range of a fold for 003 validation_folds (start_date, end_date): dates at the first and last test index. */
export function foldDateRange<T>(
  dates: ArrayLike<T>,
  testStart: number,
  testEnd: number,
): { start: T; end: T } {
  return { start: dates[testStart], end: dates[testEnd - 1] };
}
