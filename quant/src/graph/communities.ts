// Community detection (Louvain) and Newman modularity.
import type { UndirectedGraph } from "graphology";
import * as louvainModule from "graphology-communities-louvain";

// CommonJS interop: Node puts module.exports on `default`; the typings describe it as the module itself.
type Louvain = (
  graph: UndirectedGraph,
  options: { getEdgeWeight: string | null; resolution: number; rng: () => number },
) => Record<string, number>;
const louvain: Louvain =
  (louvainModule as unknown as { default?: Louvain }).default ?? (louvainModule as unknown as Louvain);

import { indexGraph } from "./build.ts";

/**
 * Seeded pseudo-random generator (mulberry32) returning floats in [0, 1). The same seed always
 * gives the same sequence; used to make Louvain deterministic.
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Newman modularity of a partition, networkx `community.modularity(G, communities, weight, resolution)`:
 * Q = Σ_c [ W_c/W − γ·(D_c/(2W))² ], W the total edge weight, W_c the weight of edges inside c,
 * D_c the summed weighted degree of c's nodes. `weight` null counts each edge as 1.
 * Every node must be in exactly one community.
 */
export function modularity(
  graph: UndirectedGraph,
  communities: readonly (readonly string[])[],
  opts: { weight?: string | null; resolution?: number } = {},
): number {
  const weight = opts.weight === undefined ? "weight" : opts.weight;
  const gamma = opts.resolution ?? 1;
  const { nodes, index, neighbours, weights } = indexGraph(graph, weight);
  const label = new Int32Array(nodes.length).fill(-1);
  communities.forEach((c, ci) => {
    for (const key of c) {
      const i = index.get(key);
      if (i === undefined) throw new RangeError(`modularity: unknown node "${key}"`);
      if (label[i] >= 0) throw new RangeError(`modularity: node "${key}" is in two communities`);
      label[i] = ci;
    }
  });
  if (label.includes(-1)) throw new RangeError("modularity: the communities do not cover every node");
  const degree = weights.map((w) => w.reduce((a, b) => a + b, 0));
  const degSum = degree.reduce((a, b) => a + b, 0);
  const m = degSum / 2;
  const norm = 1 / (degSum * degSum);
  let q = 0;
  communities.forEach((c, ci) => {
    let inside = 0;
    let dc = 0;
    for (const key of c) {
      const v = index.get(key) as number;
      dc += degree[v];
      // Each internal edge is seen from both ends: count it once (from its smaller index).
      neighbours[v].forEach((u, k) => {
        if (label[u] === ci && u > v) inside += weights[v][k];
      });
    }
    q += inside / m - gamma * dc * dc * norm;
  });
  return q;
}

/** Result of {@link louvainCommunities}. */
export interface LouvainResult {
  /** Communities as arrays of node keys (members in node order), largest first. */
  communities: string[][];
  /** Modularity of the partition by {@link modularity} (same weight and resolution). */
  modularity: number;
  /** The seed of the run that was kept. */
  seed: number;
}

/**
 * Louvain community detection (graphology-communities-louvain) made deterministic: each run uses
 * a {@link seededRandom} generator; `restarts` runs (seeds seed, seed+1, …) are made and the
 * partition with the highest modularity kept (first on ties). `weight` defaults to "weight"
 * (the correlation), `resolution` to 1. Communities may differ from networkx's
 * `louvain_communities`, whose random node order differs.
 */
export function louvainCommunities(
  graph: UndirectedGraph,
  opts: { seed?: number; weight?: string | null; resolution?: number; restarts?: number } = {},
): LouvainResult {
  const seed = opts.seed ?? 42;
  const weight = opts.weight === undefined ? "weight" : opts.weight;
  const resolution = opts.resolution ?? 1;
  const restarts = Math.max(1, opts.restarts ?? 8);
  const nodes = graph.nodes();
  const order = new Map(nodes.map((n, i) => [n, i]));
  let best: LouvainResult | undefined;
  for (let r = 0; r < restarts; r++) {
    let communities: string[][];
    if (graph.size === 0) {
      communities = nodes.map((n) => [n]);
    } else {
      const mapping = louvain(graph, { getEdgeWeight: weight, resolution, rng: seededRandom(seed + r) });
      const groups = new Map<number, string[]>();
      for (const n of nodes) {
        const c = mapping[n];
        const g = groups.get(c);
        if (g) g.push(n);
        else groups.set(c, [n]);
      }
      communities = [...groups.values()].sort(
        (a, b) => b.length - a.length || (order.get(a[0]) as number) - (order.get(b[0]) as number),
      );
    }
    const q = graph.size === 0 ? 0 : modularity(graph, communities, { weight, resolution });
    if (!best || q > best.modularity) best = { communities, modularity: q, seed: seed + r };
  }
  return best as LouvainResult;
}
