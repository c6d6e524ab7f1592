// Correlation graphs: nodes are assets, edges join pairs whose correlation reaches a threshold.
import { UndirectedGraph } from "graphology";
import { correlationMatrix } from "../stats/correlation.ts";

/** Edge attributes of a correlation graph. */
export interface CorrelationEdge {
  /** Pearson correlation ρ of the pair. */
  weight: number;
  /** Mantegna distance √(2(1−ρ)): 0 for ρ = 1, √2 for ρ = 0, 2 for ρ = −1. */
  distance: number;
}

/** An undirected graphology graph whose edges carry {@link CorrelationEdge} attributes. */
export type CorrelationGraph = UndirectedGraph<Record<string, unknown>, CorrelationEdge>;

/** Mantegna's correlation distance d = √(2(1−ρ)) (clamped at 0 against rounding above 1). */
export function correlationDistance(rho: number): number {
  return Math.sqrt(Math.max(0, 2 * (1 - rho)));
}

/**
 * Builds the threshold graph of a correlation matrix: every symbol is a node (in the given
 * order); for each pair i < j with ρ_ij ≥ threshold an edge (symbols[i], symbols[j]) is added
 * in row-major order with weight = ρ_ij and distance = √(2(1−ρ_ij)). No self loops.
 * `threshold: -Infinity` gives the complete graph (for the Mantegna MST).
 */
export function buildCorrelationGraph(
  corr: readonly ArrayLike<number>[],
  opts: { symbols?: readonly string[]; threshold: number },
): CorrelationGraph {
  const k = corr.length;
  const symbols = opts.symbols ?? Array.from({ length: k }, (_, i) => `n${i}`);
  if (symbols.length !== k) throw new RangeError("buildCorrelationGraph: one symbol per row is required");
  if (new Set(symbols).size !== k) throw new RangeError("buildCorrelationGraph: symbols must be unique");
  const g: CorrelationGraph = new UndirectedGraph();
  for (const s of symbols) g.addNode(s);
  for (let i = 0; i < k; i++) {
    for (let j = i + 1; j < k; j++) {
      const rho = corr[i][j];
      if (rho >= opts.threshold)
        g.addEdge(symbols[i], symbols[j], { weight: rho, distance: correlationDistance(rho) });
    }
  }
  return g;
}

/**
 * Correlation graph straight from returns: one array per asset (columns of a returns matrix,
 * equal lengths). Pearson correlation as numpy `corrcoef`, then {@link buildCorrelationGraph}.
 */
export function correlationGraphFromReturns(
  returns: readonly ArrayLike<number>[],
  opts: { symbols?: readonly string[]; threshold: number },
): { correlation: Float64Array[]; graph: CorrelationGraph } {
  const correlation = correlationMatrix(returns);
  return { correlation, graph: buildCorrelationGraph(correlation, opts) };
}

/** Index view of a graph: node keys in graph order and adjacency lists in graphology's order. */
export interface IndexedGraph {
  nodes: string[];
  index: Map<string, number>;
  neighbours: number[][];
  /** Edge attribute values parallel to `neighbours` (1 when no attribute is requested). */
  weights: number[][];
}

/** Builds the {@link IndexedGraph} view; `weight` names the edge attribute to read (null → 1). */
export function indexGraph(graph: UndirectedGraph, weight: string | null = null): IndexedGraph {
  const nodes = graph.nodes();
  const index = new Map(nodes.map((n, i) => [n, i]));
  const neighbours: number[][] = nodes.map(() => []);
  const weights: number[][] = nodes.map(() => []);
  nodes.forEach((n, i) => {
    graph.forEachEdge(n, (_e, attr, source, target) => {
      const other = source === n ? target : source;
      if (other === n) return;
      neighbours[i].push(index.get(other) as number);
      weights[i].push(weight === null ? 1 : Number(attr[weight]));
    });
  });
  return { nodes, index, neighbours, weights };
}
