// Deterministic spectral node embedding.
import type { UndirectedGraph } from "graphology";
import { symmetricEigen } from "../stats/linalg.ts";
import { indexGraph } from "./build.ts";

/** Result of {@link spectralEmbedding}. */
export interface SpectralEmbedding {
  nodes: string[];
  /** The normalised-Laplacian eigenvalues used, ascending. */
  eigenvalues: Float64Array;
  /** One coordinate vector (length `dimensions`) per node, in node order. */
  coordinates: Float64Array[];
}

/**
 * Spectral embedding (Laplacian eigenmaps): eigenvectors of the symmetric normalised Laplacian
 * L = I − D^{−½} W D^{−½} (W the `weight` attribute, default "weight"; null → adjacency; an
 * isolated node has L_vv = 0, as networkx `normalized_laplacian_matrix`). The eigenvectors of the
 * smallest eigenvalues are used, skipping the first (trivial) one unless `skipFirst: false`.
 * Deterministic: Jacobi eigensolver, ties ordered by index, and each vector's sign fixed so its
 * largest-magnitude entry (first on ties) is positive. Negative weights are not supported.
 */
export function spectralEmbedding(
  graph: UndirectedGraph,
  dimensions = 2,
  opts: { weight?: string | null; skipFirst?: boolean } = {},
): SpectralEmbedding {
  const weight = opts.weight === undefined ? "weight" : opts.weight;
  const { nodes, neighbours, weights } = indexGraph(graph, weight);
  const n = nodes.length;
  const skip = (opts.skipFirst ?? true) ? 1 : 0;
  if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions + skip > n) {
    throw new RangeError("spectralEmbedding: dimensions must be in [1, n − skipped]");
  }
  const deg = weights.map((w) => w.reduce((a, b) => a + b, 0));
  if (deg.some((d) => d < 0)) throw new RangeError("spectralEmbedding: negative weighted degree");
  const inv = deg.map((d) => (d > 0 ? 1 / Math.sqrt(d) : 0));
  const L = new Float64Array(n * n);
  for (let v = 0; v < n; v++) {
    L[v * n + v] = deg[v] > 0 ? 1 : 0;
    neighbours[v].forEach((u, k) => {
      L[v * n + u] -= weights[v][k] * inv[v] * inv[u];
    });
  }
  const { values, vectors } = symmetricEigen(L, n);
  const eigenvalues = values.slice(skip, skip + dimensions);
  const coordinates = nodes.map(() => new Float64Array(dimensions));
  for (let k = 0; k < dimensions; k++) {
    const col = skip + k;
    let big = 0;
    for (let i = 1; i < n; i++)
      if (Math.abs(vectors[i * n + col]) > Math.abs(vectors[big * n + col])) big = i;
    const sign = vectors[big * n + col] < 0 ? -1 : 1;
    for (let i = 0; i < n; i++) coordinates[i][k] = sign * vectors[i * n + col];
  }
  return { nodes, eigenvalues, coordinates };
}
