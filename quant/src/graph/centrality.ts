// Node-level and graph-level metrics with networkx 2.8 conventions.
import type { UndirectedGraph } from "graphology";
import * as betweennessModule from "graphology-metrics/centrality/betweenness.js";
import { symmetricEigen } from "../stats/linalg.ts";
import { indexGraph } from "./build.ts";

// CommonJS interop: Node puts module.exports on `default`; the typings describe it as the module itself.
type Betweenness = (
  graph: UndirectedGraph,
  options: { getEdgeWeight: string | null; normalized: boolean },
) => NodeValues;
const betweenness: Betweenness =
  (betweennessModule as unknown as { default?: Betweenness }).default ??
  (betweennessModule as unknown as Betweenness);

/** A value per node key. */
export type NodeValues = Record<string, number>;

/** Density of a simple undirected graph: 2m/(n(n−1)); 0 for n ≤ 1 (networkx `density`). */
export function graphDensity(graph: UndirectedGraph): number {
  const n = graph.order;
  return n > 1 ? (2 * graph.size) / (n * (n - 1)) : 0;
}

/** Degree of every node (number of incident edges, self loops excluded). */
export function nodeDegrees(graph: UndirectedGraph): NodeValues {
  const { nodes, neighbours } = indexGraph(graph);
  return Object.fromEntries(nodes.map((n, i) => [n, neighbours[i].length]));
}

/** Degree centrality deg(v)/(n−1) (networkx `degree_centrality`; 1 for every node when n = 1). */
export function degreeCentrality(graph: UndirectedGraph): NodeValues {
  const n = graph.order;
  const deg = nodeDegrees(graph);
  const s = n > 1 ? 1 / (n - 1) : 1;
  return Object.fromEntries(Object.entries(deg).map(([k, d]) => [k, d * s]));
}

/**
 * Betweenness centrality (Brandes), networkx `betweenness_centrality(G, weight, normalized=True)`:
 * Σ_{s<t; s,t≠v} σ_st(v)/σ_st ÷ C(n−1, 2), endpoints excluded. `weight: null` (default) counts hops;
 * a weight name (e.g. "distance") uses shortest paths by summed attribute (Dijkstra).
 * Computed with graphology-metrics, whose normalisation matches networkx.
 */
export function betweennessCentrality(
  graph: UndirectedGraph,
  opts: { weight?: string | null } = {},
): NodeValues {
  return betweenness(graph, { getEdgeWeight: opts.weight ?? null, normalized: true });
}

/** Single-source shortest path lengths by Dijkstra (binary heap); Infinity when unreachable. */
function dijkstra(neighbours: number[][], weights: number[][], source: number): Float64Array {
  const n = neighbours.length;
  const dist = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  const done = new Uint8Array(n);
  dist[source] = 0;
  const heap: [number, number][] = [[0, source]];
  const push = (item: [number, number]) => {
    heap.push(item);
    let i = heap.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (heap[p][0] <= heap[i][0]) break;
      [heap[p], heap[i]] = [heap[i], heap[p]];
      i = p;
    }
  };
  const pop = (): [number, number] => {
    const top = heap[0];
    const last = heap.pop() as [number, number];
    if (heap.length) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && heap[l][0] < heap[m][0]) m = l;
        if (r < heap.length && heap[r][0] < heap[m][0]) m = r;
        if (m === i) break;
        [heap[m], heap[i]] = [heap[i], heap[m]];
        i = m;
      }
    }
    return top;
  };
  while (heap.length) {
    const [d, v] = pop();
    if (done[v]) continue;
    done[v] = 1;
    const nb = neighbours[v];
    for (let k = 0; k < nb.length; k++) {
      const w = weights[v][k];
      if (w < 0) throw new RangeError("closeness: negative edge length");
      const nd = d + w;
      if (nd < dist[nb[k]]) {
        dist[nb[k]] = nd;
        push([nd, nb[k]]);
      }
    }
  }
  return dist;
}

/**
 * Closeness centrality, networkx `closeness_centrality(G, distance=…, wf_improved=True)`:
 * C(u) = (r−1)/Σ_v d(u,v) · (r−1)/(n−1), r = nodes reachable from u (u included), shortest-path
 * lengths by the `distance` edge attribute (null → hop counts). An isolated node scores 0.
 * `wfImproved: false` drops the (r−1)/(n−1) factor.
 */
export function closenessCentrality(
  graph: UndirectedGraph,
  opts: { distance?: string | null; wfImproved?: boolean } = {},
): NodeValues {
  const { nodes, neighbours, weights } = indexGraph(
    graph,
    opts.distance === undefined ? "distance" : opts.distance,
  );
  const n = nodes.length;
  const out: NodeValues = {};
  nodes.forEach((key, u) => {
    const dist = dijkstra(neighbours, weights, u);
    let total = 0;
    let reach = 0;
    for (const d of dist) {
      if (Number.isFinite(d)) {
        total += d;
        reach++;
      }
    }
    let c = 0;
    if (total > 0 && n > 1) {
      c = (reach - 1) / total;
      if (opts.wfImproved ?? true) c *= (reach - 1) / (n - 1);
    }
    out[key] = c;
  });
  return out;
}

/** Raised when power iteration does not converge within maxIter (networkx PowerIterationFailedConvergence). */
export class PowerIterationError extends Error {}

/**
 * Eigenvector centrality by power iteration, networkx `eigenvector_centrality(G, max_iter, tol,
 * weight)` semantics: start from the all-ones vector scaled to sum 1; each step x ← (A+I)·x
 * (the identity shift avoids oscillation on bipartite graphs), then scale to Euclidean norm 1;
 * stop when Σ|x − x_prev| < n·tol. Defaults maxIter 100 and tol 1e-6 as networkx; the oracle
 * uses maxIter 10000, tol 1e-12. `weight` null (default) is unweighted. On a disconnected graph
 * nodes outside the dominant component keep tiny leftovers (≈1e-11), as networkx. Throws
 * {@link PowerIterationError} when it does not converge.
 */
export function eigenvectorCentrality(
  graph: UndirectedGraph,
  opts: { maxIter?: number; tol?: number; weight?: string | null } = {},
): NodeValues {
  const maxIter = opts.maxIter ?? 100;
  const tol = opts.tol ?? 1e-6;
  const { nodes, neighbours, weights } = indexGraph(graph, opts.weight ?? null);
  const n = nodes.length;
  if (n === 0) throw new RangeError("eigenvectorCentrality: empty graph");
  let x = new Float64Array(n).fill(1 / n);
  for (let it = 0; it < maxIter; it++) {
    const last = x;
    x = Float64Array.from(last);
    for (let v = 0; v < n; v++) {
      const nb = neighbours[v];
      for (let k = 0; k < nb.length; k++) x[nb[k]] += last[v] * weights[v][k];
    }
    let ss = 0;
    for (let i = 0; i < n; i++) ss += x[i] * x[i];
    const norm = Math.sqrt(ss) || 1;
    let diff = 0;
    for (let i = 0; i < n; i++) {
      x[i] /= norm;
      diff += Math.abs(x[i] - last[i]);
    }
    if (diff < n * tol) return Object.fromEntries(nodes.map((k, i) => [k, x[i]]));
  }
  throw new PowerIterationError(`eigenvectorCentrality: no convergence in ${maxIter} iterations`);
}

/**
 * Eigenvector centrality from a full symmetric eigen-decomposition (Jacobi) of the adjacency
 * matrix — the exact counterpart of networkx `eigenvector_centrality_numpy`: the eigenvector of
 * the largest eigenvalue, scaled to Euclidean norm 1 with a non-negative sum.
 */
export function eigenvectorCentralityExact(
  graph: UndirectedGraph,
  opts: { weight?: string | null } = {},
): NodeValues {
  const { nodes, neighbours, weights } = indexGraph(graph, opts.weight ?? null);
  const n = nodes.length;
  const A = new Float64Array(n * n);
  for (let v = 0; v < n; v++)
    for (let k = 0; k < neighbours[v].length; k++) A[v * n + neighbours[v][k]] = weights[v][k];
  const { vectors } = symmetricEigen(A, n);
  const col = Array.from({ length: n }, (_, i) => vectors[i * n + n - 1]);
  let sum = 0;
  let ss = 0;
  for (const c of col) {
    sum += c;
    ss += c * c;
  }
  const scale = (sum < 0 ? -1 : 1) / Math.sqrt(ss);
  return Object.fromEntries(nodes.map((k, i) => [k, col[i] * scale]));
}

/**
 * Local clustering coefficient (unweighted, networkx `clustering`): c(v) = T(v)/(deg(v)(deg(v)−1)/2),
 * T(v) the triangles through v; 0 when deg(v) < 2.
 */
export function clusteringCoefficients(graph: UndirectedGraph): NodeValues {
  const { nodes, neighbours } = indexGraph(graph);
  const sets = neighbours.map((nb) => new Set(nb));
  const out: NodeValues = {};
  nodes.forEach((key, v) => {
    const nb = neighbours[v];
    const d = nb.length;
    if (d < 2) {
      out[key] = 0;
      return;
    }
    let links = 0;
    for (let a = 0; a < d; a++) for (let b = a + 1; b < d; b++) if (sets[nb[a]].has(nb[b])) links++;
    out[key] = (2 * links) / (d * (d - 1));
  });
  return out;
}

/** Average clustering over all nodes, zeros included (networkx `average_clustering`, count_zeros=True). */
export function averageClustering(graph: UndirectedGraph): number {
  const c = Object.values(clusteringCoefficients(graph));
  return c.length ? c.reduce((a, b) => a + b, 0) / c.length : 0;
}

/**
 * Connected components as arrays of node keys (members in graph node order), largest first,
 * equal sizes ordered by their first member's position.
 */
export function connectedComponents(graph: UndirectedGraph): string[][] {
  const { nodes, neighbours } = indexGraph(graph);
  const comp = new Int32Array(nodes.length).fill(-1);
  const groups: number[][] = [];
  for (let s = 0; s < nodes.length; s++) {
    if (comp[s] >= 0) continue;
    const id = groups.length;
    const members: number[] = [];
    const stack = [s];
    comp[s] = id;
    while (stack.length) {
      const v = stack.pop() as number;
      members.push(v);
      for (const u of neighbours[v]) {
        if (comp[u] < 0) {
          comp[u] = id;
          stack.push(u);
        }
      }
    }
    groups.push(members.sort((a, b) => a - b));
  }
  return groups.sort((a, b) => b.length - a.length || a[0] - b[0]).map((g) => g.map((i) => nodes[i]));
}
