// Correlation matrices over the columns of a data set.

/** Columns of equal length (e.g. one return series per asset). */
export type Columns = readonly ArrayLike<number>[];

/**
 * Pearson correlation matrix of the columns (numpy `corrcoef(data, rowvar=False)`):
 * ρ_ij = Σ(x_i−x̄_i)(x_j−x̄_j) / √(Σ(x_i−x̄_i)²·Σ(x_j−x̄_j)²), clipped to [−1, 1], exact 1 on the
 * diagonal. Returns k row-major rows of length k. A constant column gives NaN in its row/column.
 */
export function correlationMatrix(columns: Columns): Float64Array[] {
  const k = columns.length;
  const n = k ? columns[0].length : 0;
  for (const c of columns)
    if (c.length !== n) throw new RangeError("correlationMatrix: columns differ in length");
  const centred = columns.map((c) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += c[i];
    let m = s / n;
    let r = 0;
    for (let i = 0; i < n; i++) r += c[i] - m;
    m += r / n;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = c[i] - m;
    return out;
  });
  const ss = centred.map((c) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += c[i] * c[i];
    return s;
  });
  const out = Array.from({ length: k }, () => new Float64Array(k));
  for (let a = 0; a < k; a++) {
    out[a][a] = ss[a] > 0 ? 1 : Number.NaN;
    for (let b = a + 1; b < k; b++) {
      const x = centred[a];
      const y = centred[b];
      let s = 0;
      for (let i = 0; i < n; i++) s += x[i] * y[i];
      // Same operation order as numpy: cov/√var_a/√var_b.
      let r = s / Math.sqrt(ss[a]) / Math.sqrt(ss[b]);
      if (r > 1) r = 1;
      else if (r < -1) r = -1;
      out[a][b] = r;
      out[b][a] = r;
    }
  }
  return out;
}

/**
 * Ranks 1…n with ties given their average rank (scipy `rankdata(method='average')`).
 * NaN inputs are not supported (they would sort arbitrarily); remove them first.
 */
export function averageRanks(x: ArrayLike<number>): Float64Array {
  const n = x.length;
  const idx = Array.from({ length: n }, (_, i) => i).sort((i, j) => x[i] - x[j] || i - j);
  const ranks = new Float64Array(n);
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && x[idx[j + 1]] === x[idx[i]]) j++;
    const r = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[idx[k]] = r;
    i = j + 1;
  }
  return ranks;
}

/**
 * Spearman rank correlation matrix: Pearson correlation of the average ranks of each column
 * (scipy `spearmanr(data).correlation`, ties get average ranks).
 */
export function spearmanCorrelationMatrix(columns: Columns): Float64Array[] {
  return correlationMatrix(columns.map(averageRanks));
}
