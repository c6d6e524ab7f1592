// The package's public entries: what each exports, and that the browser-safe ones never reach a
// Node built-in. The import graph is walked over the source files (TypeScript's own pre-parser lists
// every import, re-export and dynamic import), so adding `import … from "node:fs"` anywhere below
// `@bullpen/quant/indicators` fails here.
import { readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..");
const pkg = JSON.parse(readFileSync(resolve(root, "package.json"), "utf8")) as {
  exports: Record<string, string>;
  dependencies: Record<string, string>;
};
const builtins = new Set(builtinModules);
const isBuiltin = (spec: string) => spec.startsWith("node:") || builtins.has(spec.split("/")[0]);

interface ImportGraph {
  files: Set<string>;
  /** Specifiers that are not relative paths, with the file importing each. */
  external: { spec: string; from: string }[];
}

/** Every source file reachable from `entry` through relative imports, and the packages they import. */
function importGraph(entry: string): ImportGraph {
  const files = new Set<string>();
  const external: ImportGraph["external"] = [];
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (files.has(file)) continue;
    files.add(file);
    const info = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
    for (const { fileName: spec } of info.importedFiles) {
      if (spec.startsWith(".")) queue.push(resolve(dirname(file), spec));
      else external.push({ spec, from: file.slice(root.length + 1) });
    }
  }
  return { files, external };
}

const entryFile = (name: string) => resolve(root, pkg.exports[name]);
const browserEntries = [
  ".",
  "./indicators",
  "./stats",
  "./graph",
  "./performance",
  "./backtest",
  "./validation",
];

describe("package entries", () => {
  it("exports the families as subpaths", () => {
    expect(Object.keys(pkg.exports)).toEqual(
      expect.arrayContaining([...browserEntries, "./validation/node"]),
    );
  });

  it.each(browserEntries)("%s reaches no Node built-in and only declared packages", (name) => {
    const g = importGraph(entryFile(name));
    expect(g.files.size).toBeGreaterThan(1);
    expect(g.external.filter((e) => isBuiltin(e.spec))).toEqual([]);
    const undeclared = g.external.filter((e) => !(e.spec.split("/")[0] in pkg.dependencies));
    expect(undeclared).toEqual([]);
  });

  it.each(["./indicators", "./stats", "./performance"])("%s imports no package at all", (name) => {
    expect(importGraph(entryFile(name)).external).toEqual([]);
  });

  it("the walker sees the Node-only sweep (so the checks above can fail)", () => {
    const g = importGraph(entryFile("./validation/node"));
    expect(g.external.map((e) => e.spec)).toEqual(expect.arrayContaining(["node:os", "node:worker_threads"]));
    expect([...g.files].some((f) => f.endsWith("sweep-worker.ts"))).toBe(false); // loaded by URL, not import
  });

  it("the indicators' graph covers every kernel file", () => {
    const files = [...importGraph(entryFile("./indicators")).files].map((f) => f.slice(root.length + 1));
    expect(files.sort()).toEqual(
      [
        "src/indicators/channels.ts",
        "src/indicators/core.ts",
        "src/indicators/index.ts",
        "src/indicators/ma.ts",
        "src/indicators/momentum.ts",
        "src/indicators/range-oscillators.ts",
        "src/indicators/trend.ts",
        "src/indicators/true-range.ts",
        "src/indicators/volatility.ts",
        "src/indicators/volume.ts",
      ].sort(),
    );
  });
});

describe("public surface", () => {
  const internals = [
    "prepOut",
    "wants",
    "nanPrefix",
    "nanArray",
    "firstValid",
    "checkPeriod",
    "mean3",
    "MonotonicWindow",
    "RollingSum",
    "runSum",
    "rollingExtreme",
    "rollingMaxMin",
    "olsQr",
    "solveLinear",
    "symmetricEigen",
    "erfc",
    "indexGraph",
    "seededRandom",
    "barDataShape",
    "contiguousGroups",
  ];

  it.each(browserEntries)("%s exports none of the internals, and not the Node-only sweep", async (name) => {
    const mod = await import(`@bullpen/quant${name === "." ? "" : name.slice(1)}`);
    const keys = Object.keys(mod);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.filter((k) => internals.includes(k))).toEqual([]);
    expect(keys).not.toContain("runSweep");
  });

  it("each family exports its documented functions", async () => {
    const I = await import("@bullpen/quant/indicators");
    for (const k of ["sma", "ema", "rsi", "macd", "bbands", "SmaStream", "MacdStream", "typicalPrice"])
      expect(I, k).toHaveProperty(k);
    const P = await import("@bullpen/quant/performance");
    for (const k of ["annualizedReturn", "maxDrawdown", "withoutBlanks", "performanceSummary"])
      expect(P, k).toHaveProperty(k);
    const V = await import("@bullpen/quant/validation");
    expect(V).toHaveProperty("walkForwardSplits");
    expect(V).toHaveProperty("parameterGrid");
    const N = await import("@bullpen/quant/validation/node");
    expect(N).toHaveProperty("runSweep");
    expect(N).toHaveProperty("walkForwardSplits");
    const all = await import("@bullpen/quant");
    for (const k of ["sma", "adfTest", "louvainCommunities", "maxDrawdown", "EventBacktest", "purgedKFold"])
      expect(all, k).toHaveProperty(k);
  });
});
