// The per-component Mantine styles (styles.ts) must cover every component the app imports, in the
// order @mantine/core/styles.css has them: a missing file leaves a component unstyled in production
// only, where nobody runs the unit tests' jsdom.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";

const src = join(import.meta.dirname);
const core = dirname(createRequire(import.meta.url).resolve("@mantine/core/styles.css"));
const imported = readFileSync(join(src, "styles.ts"), "utf8")
  .split("\n")
  .map((line) => /^import "@mantine\/core\/styles\/([\w-]+)\.css";$/.exec(line)?.[1])
  .filter((name): name is string => Boolean(name));

function usedComponents(): Set<string> {
  const used = new Set<string>();
  for (const entry of readdirSync(src, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.tsx?$/.test(entry.name) || /\.test\.tsx?$/.test(entry.name)) continue;
    const code = readFileSync(join(entry.parentPath, entry.name), "utf8");
    for (const m of code.matchAll(/import\s*\{([^}]*)\}\s*from\s*"@mantine\/core"/g)) {
      for (const part of m[1].split(",")) {
        const name = part
          .trim()
          .replace(/^type\s+/, "")
          .split(/\s+as\s+/)[0];
        if (/^[A-Z]/.test(name) && !part.trim().startsWith("type ")) used.add(name);
      }
    }
  }
  return used;
}

describe("Mantine styles per component", () => {
  it("imports the styles of every Mantine component the app uses", () => {
    const missing = [...usedComponents()].filter(
      (name) => existsSync(join(core, "styles", `${name}.css`)) && !imported.includes(name),
    );
    expect(missing, "add these to web/src/styles.ts").toEqual([]);
  });

  it("keeps @mantine/core/styles.css's order (globals first, building blocks before what uses them)", () => {
    const full = readFileSync(join(core, "styles.css"), "utf8");
    const position = (name: string) =>
      full.indexOf(
        readFileSync(join(core, "styles", `${name}.css`), "utf8")
          .trim()
          .slice(0, 300),
      );
    const positions = imported.map(position);
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });
});
