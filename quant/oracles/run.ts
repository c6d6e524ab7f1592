import { existsSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { checkGraphFile } from "./graph.ts";
import { checkPerformanceFile } from "./performance.ts";
import { checkStatsDataset } from "./stats.ts";
import { checkTtrDataset } from "./ttr.ts";
import type { InputResolver, OracleResult } from "./types.ts";

/**
 * Walks an oracle directory in the shared layout and checks every value in it:
 *   ttr/<DATASET>/manifest.json + CSVs, stats/<DATASET>/manifest.json + CSVs,
 *   graph/*.json, performance/*.csv + *.manifest.json.
 * Every oracle file must be covered by a result; a file no checker claims is a failure.
 */
export function runOracles(oraclesDir: string, inputsDir: string): OracleResult[] {
  const resolveInput: InputResolver = (name) => {
    const found = findFile(inputsDir, name);
    if (!found) throw new Error(`input "${name}" not found under ${inputsDir}`);
    return found;
  };
  const results: OracleResult[] = [];
  const rel = (p: string) => relative(oraclesDir, p);
  const guard = (file: string, fn: () => OracleResult[]) => {
    try {
      results.push(...fn());
    } catch (err) {
      results.push({ file, name: file, maxError: Number.NaN, cells: 0, ok: false, message: String(err) });
    }
  };

  for (const [family, check] of [
    ["ttr", checkTtrDataset],
    ["stats", checkStatsDataset],
  ] as const) {
    const root = join(oraclesDir, family);
    for (const dataset of listDirs(root)) {
      const dir = join(root, dataset);
      guard(rel(dir), () => check(dir, resolveInput, rel));
    }
  }
  for (const file of listFiles(join(oraclesDir, "graph"), ".json")) {
    guard(rel(file), () => checkGraphFile(file, resolveInput, rel));
  }
  for (const file of listFiles(join(oraclesDir, "performance"), ".csv")) {
    guard(rel(file), () => checkPerformanceFile(file, resolveInput, rel));
  }

  // Anything in the tree that no result mentions has no implementation: that is a failure.
  const covered = new Set(results.map((r) => r.file));
  for (const file of walk(oraclesDir)) {
    const r = rel(file);
    if (r.endsWith(".md") || r.endsWith("manifest.json")) continue;
    if (!covered.has(r) && ![...covered].some((c) => r.startsWith(`${c}/`))) {
      results.push({
        file: r,
        name: r,
        maxError: Number.NaN,
        cells: 0,
        ok: false,
        message: "no implementation for this oracle file",
      });
    }
  }
  return results;
}

function listDirs(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((d) => statSync(join(dir, d)).isDirectory())
    .sort();
}

function listFiles(dir: string, ext: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(ext) && !f.endsWith(".manifest.json"))
    .sort()
    .map((f) => join(dir, f));
}

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(p);
    else yield p;
  }
}

function findFile(dir: string, name: string): string | undefined {
  for (const p of walk(dir)) if (p.endsWith(`/${name}`)) return p;
  return undefined;
}
