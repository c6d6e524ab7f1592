// The graph oracle checker must read its parameters from the file and fail on wrong values.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkGraphFile } from "../oracles/graph.ts";

const fixtures = resolve(import.meta.dirname, "fixtures");
const tmp = mkdtempSync(join(tmpdir(), "graph-oracle-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const resolveInput = (name: string) => join(fixtures, "inputs", name);
const original = JSON.parse(
  readFileSync(join(fixtures, "oracles/graph/dowjones30-first500-t0.30.json"), "utf8"),
);

function run(mutate: (o: Record<string, unknown>) => void) {
  const o = structuredClone(original);
  mutate(o);
  const file = join(tmp, `g${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(o));
  return checkGraphFile(file, resolveInput, (p) => p);
}

describe("checkGraphFile", () => {
  it("passes the untouched file with one result per metric", () => {
    const res = run(() => {});
    expect(res.every((r) => r.ok)).toBe(true);
    const names = res.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain("eigenvectorCentralityExact");
    expect(names).toContain("louvainCommunities Q ≥ oracle");
  });
  it("fails exactly the tampered metric", () => {
    const res = run((o) => {
      o.density = (o.density as number) + 1e-6;
    });
    expect(res.filter((r) => !r.ok).map((r) => r.name)).toEqual(["graphDensity"]);
  });
  it("uses the file's threshold and slice (changing them breaks the graph metrics)", () => {
    const thr = run((o) => {
      o.threshold = 0.5;
    });
    expect(thr.find((r) => r.name === "graph edges count")?.ok).toBe(false);
    const sl = run((o) => {
      o.slice = "first 400 rows";
    });
    expect(sl.find((r) => r.name === "correlationMatrix")?.ok).toBe(false);
  });
  it("fails unknown fields and a better-than-ours Louvain modularity", () => {
    const res = run((o) => {
      o.katz_centrality = { AA: 1 };
      (o.louvain as { modularity: number }).modularity = 0.9;
    });
    expect(res.find((r) => r.name === "katz_centrality")?.message).toBe(
      "no implementation for this oracle field",
    );
    expect(res.find((r) => r.name === "louvainCommunities Q ≥ oracle")?.ok).toBe(false);
    expect(res.find((r) => r.name === "modularity (oracle's partition)")?.ok).toBe(false);
  });
});
