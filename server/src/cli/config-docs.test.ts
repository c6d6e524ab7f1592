// The configuration table in docs/configuration.md and the README must list every variable the
// config schema reads, with the default the schema really applies.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { configSchema } from "../config.ts";

const root = new URL("../../../", import.meta.url);

/** Rows of the table between the config-table markers: variable -> default column. */
function table(file: string): Map<string, string> {
  const text = readFileSync(new URL(file, root), "utf8");
  const start = text.indexOf("<!-- config-table:start -->");
  const end = text.indexOf("<!-- config-table:end -->");
  expect(start, `${file} has the config-table markers`).toBeGreaterThan(-1);
  const rows = new Map<string, string>();
  for (const line of text.slice(start, end).split("\n")) {
    const m = /^\| `([A-Z0-9_]+)` \| ([^|]+) \|/.exec(line);
    if (m) rows.set(m[1], m[2].trim());
  }
  return rows;
}

const variables = Object.keys(configSchema.shape).sort();
const defaults = configSchema.parse({}) as Record<string, unknown>;

/** How the table writes a default: `value` in backticks, or — when unset/empty. */
function documented(value: unknown): string {
  if (value === undefined || (Array.isArray(value) && value.length === 0)) return "—";
  return `\`${String(value)}\``;
}

describe.each(["docs/configuration.md", "README.md"])("%s configuration table", (file) => {
  it("lists every variable of the config schema and nothing else", () => {
    expect([...table(file).keys()].sort()).toEqual(variables);
  });
  it("states each default as the schema applies it", () => {
    const rows = table(file);
    for (const v of variables) expect(`${v}: ${rows.get(v)}`).toBe(`${v}: ${documented(defaults[v])}`);
  });
});
