import { readFileSync } from "node:fs";
import {
  averageClustering,
  betweennessCentrality,
  buildCorrelationGraph,
  closenessCentrality,
  clusteringCoefficients,
  connectedComponents,
  correlationMst,
  degreeCentrality,
  eigenvectorCentrality,
  eigenvectorCentralityExact,
  graphDensity,
  louvainCommunities,
  minimumSpanningForest,
  modularity,
  type NodeValues,
  nodeDegrees,
} from "@bullpen/quant/graph";
import { correlationMatrix, logReturns, simpleReturns } from "@bullpen/quant/stats";
import { readCsv, withinTolerance } from "./compare.ts";
import type { InputResolver, OracleResult } from "./types.ts";

interface OracleEdge {
  u: string;
  v: string;
  corr: number;
  distance: number;
}

type Json = Record<string, unknown>;

// Keys that describe the file rather than hold a result.
const METADATA = new Set([
  "input",
  "input_sha256",
  "slice",
  "threshold",
  "first_date",
  "last_date",
  "returns",
  "networkx",
  "numpy",
  "python",
  "definition",
  "symbols",
  "calls",
]);

/** Accumulates max error and the first problem over many comparisons. */
class Tally {
  maxError = 0;
  cells = 0;
  problem: string | undefined;
  num(label: string, ours: number, oracle: number, rel = 1e-9, abs = 1e-10): void {
    this.cells++;
    const err = Math.abs(ours - oracle);
    if (!(err <= this.maxError)) this.maxError = err;
    if (!withinTolerance(ours, oracle, rel, abs)) this.problem ??= `${label}: ours ${ours}, oracle ${oracle}`;
  }
  fail(msg: string): void {
    this.problem ??= msg;
  }
  result(file: string, name: string, note?: string): OracleResult {
    return {
      file,
      name,
      maxError: this.maxError,
      cells: this.cells,
      ok: !this.problem,
      message: this.problem ?? note,
    };
  }
}

function rowsFromSlice(slice: unknown, total: number): [number, number] {
  if (slice === undefined || slice === null || slice === "all") return [0, total];
  const s = String(slice);
  let m = /^first (\d+) rows$/.exec(s);
  if (m) return [0, Number(m[1])];
  m = /^last (\d+) rows$/.exec(s);
  if (m) return [total - Number(m[1]), total];
  m = /^rows (\d+)[-…:](\d+)$/.exec(s);
  if (m) return [Number(m[1]), Number(m[2])];
  throw new Error(`cannot interpret slice "${s}"`);
}

function callOption(call: unknown, name: string): number | undefined {
  const m = new RegExp(`${name}\\s*=\\s*([0-9.eE+-]+)`).exec(String(call ?? ""));
  return m ? Number(m[1]) : undefined;
}

function edgeKey(u: string, v: string): string {
  return u < v ? `${u}\u0000${v}` : `${v}\u0000${u}`;
}

/** Checks one graph oracle file (correlation network in the networkx JSON layout). */
export function checkGraphFile(
  file: string,
  resolveInput: InputResolver,
  rel: (p: string) => string,
): OracleResult[] {
  const f = rel(file);
  const o = JSON.parse(readFileSync(file, "utf8")) as Json;
  const results: OracleResult[] = [];

  // Input: price columns named by `symbols`, sliced, turned into returns.
  const table = readCsv(resolveInput(String(o.input)));
  const symbols = (o.symbols as string[] | undefined) ?? table.header.filter((h) => h !== "date");
  const [from, to] = rowsFromSlice(o.slice, table.rows.length);
  const def = (o.definition ?? {}) as Json;
  const simple = /simple/i.test(String(def.returns ?? ""));
  const returns = symbols.map((s) => {
    const prices = table.column(s).subarray(from, to);
    return simple ? simpleReturns(prices) : logReturns(prices);
  });
  const dates = table.text("date").slice(from, to);
  {
    const t = new Tally();
    if (o.returns !== undefined) t.num("returns", returns[0].length, Number(o.returns), 0, 0);
    if (o.first_date !== undefined && dates[0] !== o.first_date)
      t.fail(`first date ${dates[0]}, oracle ${o.first_date}`);
    if (o.last_date !== undefined && dates[dates.length - 1] !== o.last_date)
      t.fail(`last date ${dates.at(-1)}, oracle ${o.last_date}`);
    if (returns.some((r) => r.some((x) => !Number.isFinite(x)))) t.fail("non-finite returns in the slice");
    results.push(t.result(f, "input slice"));
  }

  const threshold = Number(o.threshold);
  const corr = correlationMatrix(returns);
  const G = buildCorrelationGraph(corr, { symbols, threshold });
  const values = (name: string, ours: NodeValues, oracle: unknown, rel = 1e-9, abs = 1e-10) => {
    const t = new Tally();
    const want = oracle as Record<string, number>;
    const keys = Object.keys(want);
    if (keys.length !== Object.keys(ours).length)
      t.fail(`${Object.keys(ours).length} nodes, oracle ${keys.length}`);
    for (const k of keys) {
      if (!(k in ours)) t.fail(`node ${k} missing`);
      else t.num(k, ours[k], want[k], rel, abs);
    }
    return t.result(f, name);
  };
  const edgeSet = (
    name: string,
    ours: { u: string; v: string; w: number }[],
    oracle: OracleEdge[],
    total?: [number, number],
  ) => {
    const t = new Tally();
    const mine = new Map(ours.map((e) => [edgeKey(e.u, e.v), e.w]));
    if (mine.size !== oracle.length) t.fail(`${mine.size} edges, oracle ${oracle.length}`);
    for (const e of oracle) {
      const w = mine.get(edgeKey(e.u, e.v));
      if (w === undefined) t.fail(`edge ${e.u}–${e.v} missing`);
      else t.num(`${e.u}–${e.v} distance`, w, e.distance);
    }
    if (total) t.num("total distance", total[0], total[1]);
    return t.result(f, name);
  };

  for (const [key, value] of Object.entries(o)) {
    if (METADATA.has(key)) continue;
    const calls = (o.calls ?? {}) as Json;
    try {
      switch (key) {
        case "correlation_matrix": {
          const t = new Tally();
          const m = value as number[][];
          if (m.length !== corr.length) t.fail(`size ${corr.length}, oracle ${m.length}`);
          m.forEach((row, i) => {
            row.forEach((x, j) => {
              t.num(`[${symbols[i]},${symbols[j]}]`, corr[i]?.[j], x);
            });
          });
          results.push(t.result(f, "correlationMatrix"));
          break;
        }
        case "nodes":
        case "edges": {
          const t = new Tally();
          t.num(key, key === "nodes" ? G.order : G.size, Number(value), 0, 0);
          results.push(t.result(f, `graph ${key} count`));
          break;
        }
        case "edge_list": {
          const t = new Tally();
          const list = value as OracleEdge[];
          if (list.length !== G.size) t.fail(`${G.size} edges, oracle ${list.length}`);
          for (const e of list) {
            if (!G.hasEdge(e.u, e.v)) {
              t.fail(`edge ${e.u}–${e.v} missing`);
              continue;
            }
            const a = G.getEdgeAttributes(G.edge(e.u, e.v));
            t.num(`${e.u}–${e.v} corr`, a.weight, e.corr);
            t.num(`${e.u}–${e.v} distance`, a.distance, e.distance);
          }
          results.push(t.result(f, "buildCorrelationGraph edges"));
          break;
        }
        case "connected_components": {
          const t = new Tally();
          const norm = (cs: string[][]) => cs.map((c) => [...c].sort().join(",")).sort();
          const ours = norm(connectedComponents(G));
          const want = norm(value as string[][]);
          t.cells = want.length;
          if (ours.join("|") !== want.join("|"))
            t.fail(`components differ: ours ${ours.length}, oracle ${want.length}`);
          results.push(t.result(f, "connectedComponents"));
          break;
        }
        case "density": {
          const t = new Tally();
          t.num("density", graphDensity(G), Number(value));
          results.push(t.result(f, "graphDensity"));
          break;
        }
        case "degree":
          results.push(values("nodeDegrees", nodeDegrees(G), value, 0, 0));
          break;
        case "degree_centrality":
          results.push(values("degreeCentrality", degreeCentrality(G), value));
          break;
        case "betweenness_centrality":
          results.push(values("betweennessCentrality", betweennessCentrality(G), value));
          break;
        case "betweenness_centrality_distance":
          results.push(
            values(
              "betweennessCentrality(distance)",
              betweennessCentrality(G, { weight: "distance" }),
              value,
            ),
          );
          break;
        case "closeness_centrality_distance":
          results.push(
            values("closenessCentrality(distance)", closenessCentrality(G, { distance: "distance" }), value),
          );
          break;
        case "clustering":
          results.push(values("clusteringCoefficients", clusteringCoefficients(G), value));
          break;
        case "average_clustering": {
          const t = new Tally();
          t.num("average_clustering", averageClustering(G), Number(value));
          results.push(t.result(f, "averageClustering"));
          break;
        }
        case "eigenvector_centrality":
        case "eigenvector_centrality_numpy": {
          const v = value as { status: string; values?: Record<string, number> };
          const power = key === "eigenvector_centrality";
          const name = power ? "eigenvectorCentrality (power iteration)" : "eigenvectorCentralityExact";
          const run = () =>
            power
              ? eigenvectorCentrality(G, {
                  maxIter: callOption(calls[key], "max_iter") ?? 100,
                  tol: callOption(calls[key], "tol") ?? 1e-6,
                })
              : eigenvectorCentralityExact(G);
          if (v.status === "ok") {
            results.push(values(name, run(), v.values, 0, 1e-9));
          } else {
            // The reference failed to converge: we must report failure too.
            let threw = false;
            try {
              run();
            } catch {
              threw = true;
            }
            results.push({
              file: f,
              name,
              maxError: 0,
              cells: 1,
              ok: threw,
              message: threw ? undefined : `oracle status ${v.status} but ours converged`,
            });
          }
          break;
        }
        case "mst_complete_graph": {
          const v = value as { edges: OracleEdge[]; total_distance: number };
          const mst = correlationMst(corr, symbols);
          results.push(
            edgeSet(
              "correlationMst (complete graph)",
              mst.edges.map((e) => ({ u: e.u, v: e.v, w: e.weight })),
              v.edges,
              [mst.totalWeight, v.total_distance],
            ),
          );
          break;
        }
        case "msf_threshold_graph": {
          const v = value as { edges: OracleEdge[]; total_distance: number };
          const msf = minimumSpanningForest(G, { weight: "distance" });
          results.push(
            edgeSet(
              "minimumSpanningForest (threshold graph)",
              msf.edges.map((e) => ({ u: e.u, v: e.v, w: e.weight })),
              v.edges,
              [msf.totalWeight, v.total_distance],
            ),
          );
          break;
        }
        case "louvain": {
          const v = value as { communities: string[][]; modularity: number; call?: string };
          const seed = callOption(v.call, "seed") ?? 42;
          const resolution = callOption(v.call, "resolution") ?? 1;
          const a = new Tally();
          a.num(
            "modularity(oracle partition)",
            modularity(G, v.communities, { weight: "weight", resolution }),
            v.modularity,
            0,
            1e-12,
          );
          results.push(a.result(f, "modularity (oracle's partition)"));
          const ours = louvainCommunities(G, { seed, weight: "weight", resolution });
          const b = new Tally();
          b.cells = 1;
          b.maxError = Math.max(0, v.modularity - ours.modularity);
          if (!(ours.modularity >= v.modularity - 1e-12))
            b.fail(`our Q ${ours.modularity} < oracle Q ${v.modularity}`);
          results.push(
            b.result(
              f,
              "louvainCommunities Q ≥ oracle",
              `Q ${ours.modularity.toFixed(6)} (${ours.communities.length} communities) vs oracle ${v.modularity.toFixed(6)} (${v.communities.length})`,
            ),
          );
          break;
        }
        default:
          results.push({
            file: f,
            name: key,
            maxError: Number.NaN,
            cells: 0,
            ok: false,
            message: "no implementation for this oracle field",
          });
      }
    } catch (err) {
      results.push({ file: f, name: key, maxError: Number.NaN, cells: 0, ok: false, message: String(err) });
    }
  }
  return results;
}
