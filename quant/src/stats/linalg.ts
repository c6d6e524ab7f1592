// Small dense linear algebra for the statistics module (internal). Matrices are row-major
// Float64Arrays. Least squares goes through Householder QR, never the normal equations.

/** Result of an OLS fit y ≈ X·β by Householder QR. */
export interface OlsFit {
  /** Coefficients β, one per column of X. */
  beta: Float64Array;
  /** Residual sum of squares Σ(y − Xβ)². */
  ssr: number;
  /** Standard errors √(σ²·diag((XᵀX)⁻¹)) with σ² = ssr/(n − p). */
  se: Float64Array;
  n: number;
  p: number;
}

/**
 * Ordinary least squares by Householder QR of the n×p design X (row-major, n ≥ p, full rank).
 * diag((XᵀX)⁻¹) comes from R⁻¹ (XᵀX = RᵀR), so no normal-equations matrix is ever formed.
 */
export function olsQr(X: Float64Array, y: ArrayLike<number>, n: number, p: number): OlsFit {
  // Work column-major so every Householder inner loop runs over contiguous memory.
  const a = new Float64Array(n * p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) a[j * n + i] = X[i * p + j];
  const b = Float64Array.from(y);
  const rdiag = new Float64Array(p);
  for (let k = 0; k < p; k++) {
    const ck = k * n;
    // Scaled 2-norm (no overflow/underflow, cheaper than repeated Math.hypot).
    let big = 0;
    for (let i = k; i < n; i++) big = Math.max(big, Math.abs(a[ck + i]));
    let ss = 0;
    if (big > 0) {
      const inv = 1 / big;
      for (let i = k; i < n; i++) {
        const v = a[ck + i] * inv;
        ss += v * v;
      }
    }
    let norm = big * Math.sqrt(ss);
    if (norm === 0) throw new Error("olsQr: design matrix is rank deficient");
    // LINPACK dqrdc convention: v = x/(±‖x‖) + e_k, H = I − v vᵀ/v_k, R_kk = ∓‖x‖.
    if (a[ck + k] > 0) norm = -norm;
    for (let i = k; i < n; i++) a[ck + i] /= -norm;
    a[ck + k] += 1;
    const vkk = a[ck + k];
    for (let j = k + 1; j < p; j++) {
      const cj = j * n;
      let s = 0;
      for (let i = k; i < n; i++) s += a[ck + i] * a[cj + i];
      s = -s / vkk;
      for (let i = k; i < n; i++) a[cj + i] += s * a[ck + i];
    }
    let s = 0;
    for (let i = k; i < n; i++) s += a[ck + i] * b[i];
    s = -s / vkk;
    for (let i = k; i < n; i++) b[i] += s * a[ck + i];
    rdiag[k] = norm;
  }
  // R is upper-triangular: diagonal in rdiag, above-diagonal in a. Back-substitute.
  const R = (i: number, j: number) => (i === j ? rdiag[i] : a[j * n + i]);
  const beta = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let s = b[i];
    for (let j = i + 1; j < p; j++) s -= R(i, j) * beta[j];
    beta[i] = s / R(i, i);
  }
  // Residuals computed directly from the data (more accurate than ‖Qᵀy‖ tail for ill-conditioned X).
  let ssr = 0;
  for (let i = 0; i < n; i++) {
    let fit = 0;
    for (let j = 0; j < p; j++) fit += X[i * p + j] * beta[j];
    const e = y[i] - fit;
    ssr += e * e;
  }
  // Rinv (upper-triangular); diag((XᵀX)⁻¹)_i = Σ_j Rinv[i][j]².
  const rinv = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    rinv[j * p + j] = 1 / R(j, j);
    for (let i = j - 1; i >= 0; i--) {
      let s = 0;
      for (let k = i + 1; k <= j; k++) s += R(i, k) * rinv[k * p + j];
      rinv[i * p + j] = -s / R(i, i);
    }
  }
  const sigma2 = ssr / (n - p);
  const se = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = 0;
    for (let j = i; j < p; j++) s += rinv[i * p + j] ** 2;
    se[i] = Math.sqrt(sigma2 * s);
  }
  return { beta, ssr, se, n, p };
}

/** Solves the square system A·x = b (row-major A, n×n) by Gaussian elimination with partial pivoting. */
export function solveLinear(A: ArrayLike<number>, b: ArrayLike<number>, n: number): Float64Array {
  const m = Float64Array.from(A);
  const x = Float64Array.from(b);
  for (let k = 0; k < n; k++) {
    let piv = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(m[i * n + k]) > Math.abs(m[piv * n + k])) piv = i;
    if (m[piv * n + k] === 0) throw new Error("solveLinear: singular matrix");
    if (piv !== k) {
      for (let j = 0; j < n; j++) {
        const t = m[k * n + j];
        m[k * n + j] = m[piv * n + j];
        m[piv * n + j] = t;
      }
      const t = x[k];
      x[k] = x[piv];
      x[piv] = t;
    }
    for (let i = k + 1; i < n; i++) {
      const f = m[i * n + k] / m[k * n + k];
      if (f === 0) continue;
      for (let j = k; j < n; j++) m[i * n + j] -= f * m[k * n + j];
      x[i] -= f * x[k];
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i];
    for (let j = i + 1; j < n; j++) s -= m[i * n + j] * x[j];
    x[i] = s / m[i * n + i];
  }
  return x;
}

/** Slope and intercept of the simple OLS line y = a + b·x (centred formulas). */
export function linearFit(x: ArrayLike<number>, y: ArrayLike<number>): { slope: number; intercept: number } {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
  }
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx };
}

/**
 * Eigen-decomposition of a symmetric n×n matrix (row-major) by the cyclic Jacobi method.
 * Returns eigenvalues ascending and the matching unit eigenvectors as columns of `vectors`
 * (row-major n×n: vectors[i*n + k] is component i of eigenvector k). Deterministic.
 */
export function symmetricEigen(
  S: ArrayLike<number>,
  n: number,
): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(S);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) off += a[i * n + j] ** 2;
    if (off < 1e-300) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (apq === 0) continue;
        const app = a[p * n + p];
        const aqq = a[q * n + q];
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p];
          const akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k];
          const aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p];
          const vkq = v[k * n + q];
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => a[i * n + i] - a[j * n + j] || i - j);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  order.forEach((src, k) => {
    values[k] = a[src * n + src];
    for (let i = 0; i < n; i++) vectors[i * n + k] = v[i * n + src];
  });
  return { values, vectors };
}
