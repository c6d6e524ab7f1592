// The README's examples are part of the test suite, so the documentation cannot drift from the code:
// every ```ts block (except those marked `no-run`) is type-stripped, its imports are resolved through
// the package's public entries, and it runs; each `console.log(…); // → text` line checks that the
// call printed `text` (arguments joined by a space; a comment after the value in parentheses is
// ignored). A second test requires every runtime export of each entry to be named in the README.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const readme = readFileSync(resolve(import.meta.dirname, "../README.md"), "utf8");

interface Block {
  line: number;
  code: string;
  run: boolean;
}

function codeBlocks(md: string): Block[] {
  const out: Block[] = [];
  const lines = md.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = /^```ts(?:\s+(.*))?$/.exec(lines[i] as string);
    if (!open) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && lines[end] !== "```") end++;
    out.push({
      line: start,
      code: lines.slice(start, end).join("\n"),
      run: !/\bno-run\b/.test(open[1] ?? ""),
    });
    i = end;
  }
  return out;
}

/** The outputs a block promises: the text after `// →` on each console.log line, in order. */
function expectedOutputs(code: string): string[] {
  const out: string[] = [];
  for (const line of code.split("\n")) {
    const m = /console\.log\(.*\);\s*\/\/ → (.*)$/.exec(line);
    if (m) out.push((m[1] as string).replace(/\s+\(.*\)$/, "").trim());
    else if (line.includes("console.log("))
      throw new Error(`console.log without "// →" expectation: ${line}`);
  }
  return out;
}

/** Type-strips a block and turns its static imports into awaited dynamic ones. */
function toRunnable(code: string): string {
  const js = ts.transpileModule(code, {
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      verbatimModuleSyntax: false,
    },
  }).outputText;
  return js
    .replace(/^import\s*\{([^}]*)\}\s*from\s*"([^"]+)";?$/gm, (_, names: string, spec: string) => {
      const fields = names
        .split(",")
        .map((n) => n.trim())
        .filter((n) => n && !n.startsWith("type "))
        .map((n) => n.replace(/\s+as\s+/, ": "));
      return `const { ${fields.join(", ")} } = await __import(${JSON.stringify(spec)});`;
    })
    .replace(/^import\s+\*\s+as\s+(\w+)\s+from\s*"([^"]+)";?$/gm, "const $1 = await __import($2);")
    .replace(/^export\s*\{\s*\};?$/gm, "");
}

const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
  ...args: string[]
) => (...args: unknown[]) => Promise<void>;

const blocks = codeBlocks(readme);

describe("README examples", () => {
  it("has a runnable example for every family", () => {
    const run = blocks.filter((b) => b.run).map((b) => b.code);
    for (const entry of ["indicators", "stats", "graph", "performance", "backtest", "validation"])
      expect(
        run.some((c) => c.includes(`from "@bullpen/quant/${entry}"`)),
        entry,
      ).toBe(true);
    // Batch and streaming indicators, an event-driven backtest and a walk-forward split in particular.
    expect(run.some((c) => /new \w+Stream\(/.test(c))).toBe(true);
    expect(run.some((c) => c.includes("new EventBacktest("))).toBe(true);
    expect(run.some((c) => c.includes("walkForwardSplits("))).toBe(true);
  });

  for (const block of blocks.filter((b) => b.run)) {
    it(`README.md line ${block.line} runs and prints what its comments say`, async () => {
      const expected = expectedOutputs(block.code);
      expect(expected.length).toBeGreaterThan(0);
      const printed: string[] = [];
      const fakeConsole = { log: (...args: unknown[]) => printed.push(args.map(String).join(" ")) };
      const fn = new AsyncFunction("__import", "console", toRunnable(block.code));
      await fn((spec: string) => import(spec), fakeConsole);
      expect(printed).toEqual(expected);
    });
  }
});

describe("README names the public surface", () => {
  it.each(["indicators", "stats", "graph", "performance", "backtest", "validation", "validation/node"])(
    "every runtime export of @bullpen/quant/%s appears in backticks",
    async (entry) => {
      const mod = await import(`@bullpen/quant/${entry}`);
      const missing = Object.keys(mod).filter(
        (k) => !readme.includes(`\`${k}\``) && !readme.includes(`\`${k}(`),
      );
      expect(missing).toEqual([]);
    },
  );
});
