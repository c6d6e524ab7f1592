// Hurst exponent estimates, a port of the algorithm of R pracma 2.4 `hurstexp(x, d)`.
import { linearFit } from "./linalg.ts";
import { gamma } from "./special.ts";

/** The five estimates of {@link hurstExponent}. */
export interface HurstResult {
  /** Simple R/S estimate over the whole series: ln(R/S)/ln(n). */
  Hs: number;
  /** Corrected R/S exponent: recursive halving, OLS slope of ln(mean R/S) on ln(mean block size). */
  Hrs: number;
  /** Empirical exponent: slope of log10(mean R/S) on log10(block size). */
  He: number;
  /** Anis–Lloyd/Peters corrected empirical exponent: slope of log10(R/S − E[R/S] + √(πn/2)). */
  Hal: number;
  /** Theoretical exponent: slope of log10 of the Anis–Lloyd expected R/S. */
  Ht: number;
}

function sampleSd(x: ArrayLike<number>, start: number, end: number): number {
  const n = end - start;
  let s = 0;
  for (let i = start; i < end; i++) s += x[i];
  const m = s / n;
  let ss = 0;
  for (let i = start; i < end; i++) ss += (x[i] - m) ** 2;
  return Math.sqrt(ss / (n - 1));
}

/** R/S of x[start,end): range of the cumulative mean-adjusted sums over the sample SD. */
function rescaledRange(x: ArrayLike<number>, start: number, end: number): number {
  const n = end - start;
  let s = 0;
  for (let i = start; i < end; i++) s += x[i];
  const m = s / n;
  let c = 0;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = start; i < end; i++) {
    c += x[i] - m;
    if (c < lo) lo = c;
    if (c > hi) hi = c;
  }
  return (hi - lo) / sampleSd(x, start, end);
}

function divisors(n: number, from: number): number[] {
  const out: number[] = [];
  for (let d = from; d <= Math.floor(n / 2); d++) if (n % d === 0) out.push(d);
  return out;
}

// pracma:::.hurstrs — average R/S over blocks obtained by repeatedly halving the index range.
function hurstRecursive(x: ArrayLike<number>): number {
  const X = [x.length];
  const Y = [rescaledRange(x, 0, x.length)];
  let N = [0, Math.floor(x.length / 2), x.length];
  const minDiff = (v: number[]) => Math.min(...v.slice(1).map((b, i) => b - v[i]));
  while (minDiff(N) >= 8) {
    let sx = 0;
    let sy = 0;
    for (let i = 1; i < N.length; i++) {
      sx += N[i] - N[i - 1];
      sy += rescaledRange(x, N[i - 1], N[i]);
    }
    X.push(sx / (N.length - 1));
    Y.push(sy / (N.length - 1));
    // half(): insert each interval's midpoint N[i] + ⌊(N[i+1] − N[i] + 1)/2⌋.
    const next = [...N];
    for (let i = 0; i < N.length - 1; i++) next.push(N[i] + Math.floor((N[i + 1] - N[i] + 1) / 2));
    N = next.sort((a, b) => a - b);
  }
  return linearFit(X.map(Math.log), Y.map(Math.log)).slope;
}

/**
 * Hurst exponent estimates of a series (e.g. returns), porting R pracma `hurstexp(x, d)`:
 * 1. An odd length gets the mean of its last two values appended.
 * 2. The series is truncated to the length N′ ∈ [min(⌊0.99N⌋, N−1), N] with the most divisors in
 *    [d, N′/2] (first such length on ties); those divisors are the block sizes n.
 * 3. For each n, R/S is averaged over the N′/n consecutive blocks (sample SD per block).
 * 4. E[R/S]_n = (n−½)/n · Σ_{i=1}^{n−1}√((n−i)/i) · Γ((n−1)/2)/(Γ(n/2)√π), or /√(πn/2) for n > 340.
 * He, Hal and Ht are OLS slopes on log10 scales; Hs and Hrs are computed on the truncated series.
 * `d` (default 50) is the smallest block size, at least 2.
 */
export function hurstExponent(x: ArrayLike<number>, d = 50): HurstResult {
  const dmin = Math.max(2, Math.floor(d));
  let v = Array.from(x);
  if (v.length % 2 !== 0) v.push((v[v.length - 2] + v[v.length - 1]) / 2);
  const N = v.length;
  const N0 = Math.min(Math.floor(0.99 * N), N - 1);
  let N1 = N0;
  let dv = divisors(N1, dmin);
  for (let i = N0 + 1; i <= N; i++) {
    const dw = divisors(i, dmin);
    if (dw.length > dv.length) {
      N1 = i;
      dv = dw;
    }
  }
  v = v.slice(0, N1);
  if (dv.length < 2) throw new RangeError("hurstExponent: series too short for the minimum block size");

  const RSe = dv.map((n) => {
    const m = N1 / n;
    let s = 0;
    for (let b = 0; b < m; b++) s += rescaledRange(v, b * n, (b + 1) * n);
    return s / m;
  });
  const ERS = dv.map((n) => {
    let k = 0;
    for (let i = 1; i <= n - 1; i++) k += Math.sqrt((n - i) / i);
    const ratio = ((n - 0.5) / n) * k;
    return n > 340
      ? ratio / Math.sqrt(0.5 * Math.PI * n)
      : (gamma(0.5 * (n - 1)) * ratio) / (gamma(0.5 * n) * Math.sqrt(Math.PI));
  });
  const logd = dv.map(Math.log10);
  const Hal = linearFit(
    logd,
    dv.map((n, i) => Math.log10(RSe[i] - ERS[i] + Math.sqrt(0.5 * Math.PI * n))),
  ).slope;
  const He = linearFit(logd, RSe.map(Math.log10)).slope;
  const Ht = linearFit(logd, ERS.map(Math.log10)).slope;
  const Hs = Math.log(rescaledRange(v, 0, v.length)) / Math.log(v.length);
  const Hrs = hurstRecursive(v);
  return { Hs, Hrs, He, Hal, Ht };
}
