// Minimum spanning trees/forests by Kruskal.
import type { UndirectedGraph } from "graphology";
import { buildCorrelationGraph } from "./build.ts";

/** One edge of a spanning forest. */
export interface ForestEdge {
  u: string;
  v: string;
  /** The edge's value of the weight attribute used (e.g. its distance). */
  weight: number;
  /** All attributes of the edge. */
  attributes: Record<string, unknown>;
}

/**
 * Minimum spanning forest by Kruskal (networkx `minimum_spanning_tree(G, weight, algorithm='kruskal')`):
 * edges sorted by the `weight` attribute (default "distance") with a stable sort, so ties keep the
 * graph's edge order; an edge is taken when it joins two different trees (union–find). On a
 * connected graph this is a spanning tree (n−1 edges); otherwise one tree per component.
 * Edge endpoints are reported as (u, v) with u before v in node order.
 */
export function minimumSpanningForest(
  graph: UndirectedGraph,
  opts: { weight?: string } = {},
): { edges: ForestEdge[]; totalWeight: number } {
  const key = opts.weight ?? "distance";
  const nodes = graph.nodes();
  const index = new Map(nodes.map((n, i) => [n, i]));
  const all: ForestEdge[] = [];
  graph.forEachEdge((_e, attr, s, t) => {
    if (s === t) return;
    const [u, v] = (index.get(s) as number) < (index.get(t) as number) ? [s, t] : [t, s];
    const w = Number(attr[key]);
    if (Number.isNaN(w))
      throw new RangeError(`minimumSpanningForest: edge ${u}–${v} has no numeric "${key}"`);
    all.push({ u, v, weight: w, attributes: attr });
  });
  all.sort((a, b) => a.weight - b.weight); // Array.prototype.sort is stable
  const parent = Int32Array.from(nodes, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  };
  const edges: ForestEdge[] = [];
  let totalWeight = 0;
  for (const e of all) {
    const a = find(index.get(e.u) as number);
    const b = find(index.get(e.v) as number);
    if (a === b) continue;
    parent[a] = b;
    edges.push(e);
    totalWeight += e.weight;
    if (edges.length === nodes.length - 1) break;
  }
  return { edges, totalWeight };
}

/**
 * Mantegna's correlation MST: Kruskal on the complete graph of all assets with edge length
 * d_ij = √(2(1−ρ_ij)) (29 edges for 30 assets).
 */
export function correlationMst(
  corr: readonly ArrayLike<number>[],
  symbols?: readonly string[],
): { edges: ForestEdge[]; totalWeight: number } {
  return minimumSpanningForest(
    buildCorrelationGraph(corr, { symbols, threshold: Number.NEGATIVE_INFINITY }),
    { weight: "distance" },
  );
}
