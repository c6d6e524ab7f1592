import {
  averageClustering,
  betweennessCentrality,
  buildCorrelationGraph,
  closenessCentrality,
  clusteringCoefficients,
  connectedComponents,
  correlationDistance,
  correlationGraphFromReturns,
  correlationMst,
  degreeCentrality,
  eigenvectorCentrality,
  eigenvectorCentralityExact,
  graphDensity,
  louvainCommunities,
  minimumSpanningForest,
  modularity,
  PowerIterationError,
  spectralEmbedding,
} from "@bullpen/quant/graph";
import fc from "fast-check";
import { UndirectedGraph } from "graphology";
import { describe, expect, it } from "vitest";
import { seededRandom } from "../src/graph/communities.ts";

function graphOf(edges: [string, string, number?][], nodes: string[] = []): UndirectedGraph {
  const g = new UndirectedGraph();
  for (const n of nodes) g.mergeNode(n);
  for (const [u, v, w = 1] of edges) {
    g.mergeNode(u);
    g.mergeNode(v);
    g.addEdge(u, v, { weight: w, distance: w });
  }
  return g;
}

const close = (a: number, b: number, tol = 1e-12) => expect(Math.abs(a - b)).toBeLessThanOrEqual(tol);

describe("hand-checkable graphs", () => {
  it("a triangle: clustering 1, density 1, no betweenness, equal eigenvector centrality", () => {
    const g = graphOf([
      ["a", "b"],
      ["b", "c"],
      ["a", "c"],
    ]);
    expect(clusteringCoefficients(g)).toEqual({ a: 1, b: 1, c: 1 });
    expect(averageClustering(g)).toBe(1);
    expect(graphDensity(g)).toBe(1);
    expect(betweennessCentrality(g)).toEqual({ a: 0, b: 0, c: 0 });
    for (const v of Object.values(eigenvectorCentrality(g, { tol: 1e-12, maxIter: 1000 })))
      close(v, 1 / Math.sqrt(3), 1e-9);
  });
  it("a star: the centre carries all betweenness; closeness by hops", () => {
    const g = graphOf([
      ["c", "l1"],
      ["c", "l2"],
      ["c", "l3"],
      ["c", "l4"],
    ]);
    const b = betweennessCentrality(g);
    expect(b.c).toBe(1);
    expect(b.l1).toBe(0);
    expect(degreeCentrality(g)).toEqual({ c: 1, l1: 0.25, l2: 0.25, l3: 0.25, l4: 0.25 });
    const cl = closenessCentrality(g, { distance: null });
    close(cl.c, 1);
    close(cl.l1, 4 / 7);
    expect(clusteringCoefficients(g).c).toBe(0);
  });
  it("closeness uses Wasserman–Faust scaling on disconnected graphs; isolated nodes score 0", () => {
    const g = graphOf([["a", "b", 2]], ["z"]);
    const c = closenessCentrality(g);
    close(c.a, (1 / 2) * (1 / 2));
    expect(c.z).toBe(0);
    close(closenessCentrality(g, { wfImproved: false }).a, 1 / 2);
  });
  it("components: largest first, members in node order", () => {
    const g = graphOf(
      [
        ["d", "e"],
        ["a", "c"],
        ["c", "b"],
      ],
      ["x"],
    );
    // Node order is x, d, e, a, c, b.
    expect(connectedComponents(g)).toEqual([["a", "c", "b"], ["d", "e"], ["x"]]);
  });
});

describe("spanning trees", () => {
  it("Kruskal keeps the two shortest edges of a triangle and makes a forest when disconnected", () => {
    const g = graphOf([
      ["a", "b", 1],
      ["b", "c", 2],
      ["a", "c", 3],
      ["x", "y", 5],
    ]);
    const f = minimumSpanningForest(g);
    expect(f.edges.map((e) => `${e.u}${e.v}`)).toEqual(["ab", "bc", "xy"]);
    expect(f.totalWeight).toBe(8);
  });
  it("ties are broken by edge insertion order", () => {
    const g = graphOf([
      ["a", "b", 1],
      ["b", "c", 1],
      ["a", "c", 1],
    ]);
    expect(minimumSpanningForest(g).edges.map((e) => `${e.u}${e.v}`)).toEqual(["ab", "bc"]);
  });
  it("the correlation MST of k assets has k−1 edges and uses √(2(1−ρ))", () => {
    const corr = [
      [1, 0.9, 0.1],
      [0.9, 1, 0.5],
      [0.1, 0.5, 1],
    ];
    const t = correlationMst(corr, ["A", "B", "C"]);
    expect(t.edges.map((e) => `${e.u}${e.v}`)).toEqual(["AB", "BC"]);
    close(t.totalWeight, correlationDistance(0.9) + correlationDistance(0.5));
    close(correlationDistance(0), Math.SQRT2);
    expect(correlationDistance(1)).toBe(0);
  });
});

describe("communities", () => {
  const twoTriangles = () =>
    graphOf([
      ["a", "b"],
      ["b", "c"],
      ["a", "c"],
      ["d", "e"],
      ["e", "f"],
      ["d", "f"],
      ["c", "d", 0.1],
    ]);
  it("modularity of two disjoint triangles split correctly is 1/2", () => {
    const g = graphOf([
      ["a", "b"],
      ["b", "c"],
      ["a", "c"],
      ["d", "e"],
      ["e", "f"],
      ["d", "f"],
    ]);
    close(
      modularity(g, [
        ["a", "b", "c"],
        ["d", "e", "f"],
      ]),
      0.5,
    );
    close(modularity(g, [["a", "b", "c", "d", "e", "f"]]), 0);
    expect(() => modularity(g, [["a"]])).toThrow();
  });
  it("Louvain finds the two triangles and is deterministic for a seed", () => {
    const g = twoTriangles();
    const r1 = louvainCommunities(g, { seed: 1 });
    const r2 = louvainCommunities(g, { seed: 1 });
    expect(r1).toEqual(r2);
    expect(r1.communities.map((c) => [...c].sort().join(""))).toEqual(["abc", "def"]);
    close(r1.modularity, modularity(g, r1.communities));
    const rng = seededRandom(9);
    const a = [rng(), rng()];
    const rng2 = seededRandom(9);
    expect([rng2(), rng2()]).toEqual(a);
  });
});

describe("eigenvector centrality and embedding", () => {
  it("power iteration agrees with the exact eigenvector on a connected graph, and reports non-convergence", () => {
    const g = graphOf([
      ["a", "b"],
      ["b", "c"],
      ["c", "d"],
      ["d", "a"],
      ["a", "c"],
    ]);
    const p = eigenvectorCentrality(g, { maxIter: 10000, tol: 1e-13 });
    const e = eigenvectorCentralityExact(g);
    for (const k of g.nodes()) close(p[k], e[k], 1e-9);
    expect(() => eigenvectorCentrality(g, { maxIter: 1, tol: 1e-15 })).toThrow(PowerIterationError);
  });
  it("the spectral embedding separates two weakly joined clusters, deterministically", () => {
    const g = graphOf([
      ["a", "b"],
      ["b", "c"],
      ["a", "c"],
      ["d", "e"],
      ["e", "f"],
      ["d", "f"],
      ["c", "d", 0.1],
    ]);
    const emb = spectralEmbedding(g, 1);
    expect(spectralEmbedding(g, 1)).toEqual(emb);
    const x = emb.coordinates.map((c) => c[0]);
    expect(Math.sign(x[0])).toBe(Math.sign(x[1]));
    expect(Math.sign(x[0])).toBe(-Math.sign(x[5]));
    // Sign convention: the largest-magnitude entry is positive.
    const big = x.reduce((m, v, i) => (Math.abs(v) > Math.abs(x[m]) ? i : m), 0);
    expect(x[big]).toBeGreaterThan(0);
    expect(emb.eigenvalues[0]).toBeGreaterThan(0);
  });
});

describe("correlation graph construction (property)", () => {
  it("edges are exactly the pairs with ρ ≥ threshold, carrying weight and distance", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 6 }),
        fc.double({ min: -0.5, max: 0.9, noNaN: true }),
        fc.integer(),
        (k, thr, seed) => {
          const rng = seededRandom(seed);
          const cols = Array.from({ length: k }, () => Float64Array.from({ length: 40 }, () => rng() - 0.5));
          const { correlation, graph } = correlationGraphFromReturns(cols, { threshold: thr });
          let expected = 0;
          for (let i = 0; i < k; i++)
            for (let j = i + 1; j < k; j++) if (correlation[i][j] >= thr) expected++;
          expect(graph.size).toBe(expected);
          expect(graph.order).toBe(k);
          graph.forEachEdge((_e, a) => {
            expect(a.weight).toBeGreaterThanOrEqual(thr);
            close(a.distance, Math.sqrt(2 * (1 - a.weight)));
          });
          expect(graphDensity(graph)).toBeCloseTo((2 * expected) / (k * (k - 1)), 12);
        },
      ),
      { numRuns: 100 },
    );
    expect(() => buildCorrelationGraph([[1]], { symbols: ["a", "b"], threshold: 0 })).toThrow();
  });
});
