// Discrete wavelet transform in PyWavelets' layout and "symmetric" (half-sample) boundary mode.

/** A wavelet's decomposition filters (pywt `dec_lo`/`dec_hi`); reconstruction uses them reversed. */
export interface Wavelet {
  name: string;
  decLo: readonly number[];
  decHi: readonly number[];
}

const H = Math.SQRT1_2;

// Daubechies' 8-tap (4 vanishing moments) scaling filter as pywt `db4.dec_lo` orders it.
const DB4_LO = [
  -0.010597401784997278, 0.032883011666982945, 0.030841381835986965, -0.18703481171888114,
  -0.02798376941698385, 0.6308807679295904, 0.7148465705525415, 0.23037781330885523,
];

// Quadrature mirror: dec_hi[k] = (−1)^{k+1}·dec_lo[F−1−k].
function mirror(lo: readonly number[]): number[] {
  const F = lo.length;
  return lo.map((_, k) => (k % 2 === 0 ? -1 : 1) * lo[F - 1 - k]);
}

/** Built-in wavelets: Haar (= db1) and Daubechies-4 (8 taps). */
export const WAVELETS: Readonly<Record<"haar" | "db1" | "db4", Wavelet>> = {
  haar: { name: "haar", decLo: [H, H], decHi: [-H, H] },
  db1: { name: "db1", decLo: [H, H], decHi: [-H, H] },
  db4: { name: "db4", decLo: DB4_LO, decHi: mirror(DB4_LO) },
};

function resolve(w: Wavelet | keyof typeof WAVELETS): Wavelet {
  if (typeof w !== "string") return w;
  const found = WAVELETS[w];
  if (!found) throw new Error(`unknown wavelet "${w}"`);
  return found;
}

// Half-sample symmetric extension: … x1 x0 | x0 x1 … x_{N−1} | x_{N−1} x_{N−2} …, periodic with 2N.
function symIndex(i: number, N: number): number {
  const period = 2 * N;
  let j = ((i % period) + period) % period;
  if (j >= N) j = period - 1 - j;
  return j;
}

/**
 * Single-level DWT, pywt `dwt(x, wavelet, mode='symmetric')`. Output lengths ⌊(N+F−1)/2⌋;
 * cA_k = Σ_j lo_j·x̃_{2k+1−j}, cD_k = Σ_j hi_j·x̃_{2k+1−j}, x̃ the half-sample symmetric extension.
 * Haar: cA_k = (x_{2k}+x_{2k+1})/√2, cD_k = (x_{2k}−x_{2k+1})/√2.
 */
export function dwt(
  x: ArrayLike<number>,
  wavelet: Wavelet | keyof typeof WAVELETS,
): { cA: Float64Array; cD: Float64Array } {
  const w = resolve(wavelet);
  const N = x.length;
  if (N < 1) throw new RangeError("dwt: empty input");
  const F = w.decLo.length;
  const len = Math.floor((N + F - 1) / 2);
  const cA = new Float64Array(len);
  const cD = new Float64Array(len);
  for (let k = 0; k < len; k++) {
    const i = 2 * k + 1;
    let a = 0;
    let d = 0;
    for (let j = 0; j < F; j++) {
      const v = x[symIndex(i - j, N)];
      a += w.decLo[j] * v;
      d += w.decHi[j] * v;
    }
    cA[k] = a;
    cD[k] = d;
  }
  return { cA, cD };
}

/**
 * Single-level inverse DWT, pywt `idwt(cA, cD, wavelet, mode='symmetric')`: the upsampled
 * coefficients are convolved with the reversed filters and the central 2·len − F + 2 samples kept.
 * dwt followed by idwt returns the input (with one extra sample when its length was odd).
 */
export function idwt(
  cA: ArrayLike<number>,
  cD: ArrayLike<number>,
  wavelet: Wavelet | keyof typeof WAVELETS,
): Float64Array {
  const w = resolve(wavelet);
  if (cA.length !== cD.length) throw new RangeError("idwt: cA and cD must have the same length");
  const F = w.decLo.length;
  const L = cA.length;
  const outLen = 2 * L - F + 2;
  if (outLen < 1) throw new RangeError("idwt: too few coefficients for this wavelet");
  const out = new Float64Array(outLen);
  // Full convolution y[m] = Σ_k cA_k·recLo[m−2k] + cD_k·recHi[m−2k], recLo[j] = decLo[F−1−j]; keep m = F−2 … .
  for (let o = 0; o < outLen; o++) {
    const m = o + F - 2;
    let s = 0;
    // k ranges where 0 ≤ m − 2k ≤ F−1.
    const kLo = Math.max(0, Math.ceil((m - F + 1) / 2));
    const kHi = Math.min(L - 1, Math.floor(m / 2));
    for (let k = kLo; k <= kHi; k++) {
      const j = F - 1 - (m - 2 * k);
      s += cA[k] * w.decLo[j] + cD[k] * w.decHi[j];
    }
    out[o] = s;
  }
  return out;
}

/** Largest useful decomposition level, pywt `dwt_max_level(N, F)` = ⌊log2(N/(F−1))⌋. */
export function dwtMaxLevel(dataLength: number, filterLength: number): number {
  if (filterLength < 2 || dataLength < filterLength - 1) return 0;
  return Math.floor(Math.log2(dataLength / (filterLength - 1)));
}

/**
 * Multilevel DWT, pywt `wavedec(x, wavelet, mode='symmetric', level)`: returns
 * [cA_L, cD_L, cD_{L−1}, …, cD_1] (coarsest first). `level` defaults to dwtMaxLevel.
 */
export function wavedec(
  x: ArrayLike<number>,
  wavelet: Wavelet | keyof typeof WAVELETS,
  level?: number,
): Float64Array[] {
  const w = resolve(wavelet);
  const max = dwtMaxLevel(x.length, w.decLo.length);
  const L = level ?? max;
  if (!Number.isInteger(L) || L < 0) throw new RangeError("wavedec: level must be a non-negative integer");
  const details: Float64Array[] = [];
  let a: ArrayLike<number> = Float64Array.from(x);
  for (let i = 0; i < L; i++) {
    const r = dwt(a, w);
    details.push(r.cD);
    a = r.cA;
  }
  return [Float64Array.from(a), ...details.reverse()];
}

/**
 * Multilevel inverse, pywt `waverec(coeffs, wavelet, mode='symmetric')`: applies idwt from the
 * coarsest level, dropping the last sample of the running approximation when it is one longer
 * than the next detail array (odd lengths). May return one extra sample for odd-length inputs.
 */
export function waverec(coeffs: ArrayLike<number>[], wavelet: Wavelet | keyof typeof WAVELETS): Float64Array {
  const w = resolve(wavelet);
  if (coeffs.length === 0) throw new RangeError("waverec: no coefficients");
  let a: ArrayLike<number> = coeffs[0];
  for (let i = 1; i < coeffs.length; i++) {
    const d = coeffs[i];
    if (a.length === d.length + 1) a = Array.prototype.slice.call(a, 0, d.length) as number[];
    if (a.length !== d.length) throw new RangeError("waverec: coefficient lengths are inconsistent");
    a = idwt(a, d, w);
  }
  return Float64Array.from(a);
}
