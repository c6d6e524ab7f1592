// Lint: a module may import another module only through its index.ts ("one door per module").
// Biome's restricted-import patterns match specifiers, not resolved paths, so this resolves them.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";

const root = resolve(import.meta.dirname, "..");
const modulesDir = join(root, "server/src/modules");
const importRe =
  /(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*["'](\.[^"']+)["']|import\(\s*["'](\.[^"']+)["']\s*\)/g;

function* files(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* files(p);
    else if (/\.tsx?$/.test(e.name)) yield p;
  }
}

const moduleOf = (path: string) => {
  const rel = relative(modulesDir, path);
  return rel.startsWith("..") ? null : rel.split(sep)[0];
};

const problems: string[] = [];
for (const file of files(modulesDir)) {
  const own = moduleOf(file);
  for (const m of readFileSync(file, "utf8").matchAll(importRe)) {
    const target = resolve(dirname(file), m[1] ?? m[2]);
    const other = moduleOf(target);
    if (!other || other === own) continue;
    const targetFile = relative(join(modulesDir, other), target);
    // Cross-module foreign keys may point at identity.users and market.instruments (SCHEMA-MAP).
    const foreignKey =
      /\/schema[^/]*\.ts$/.test(file) && targetFile === "schema.ts" && ["identity", "market"].includes(other);
    if (targetFile !== "index.ts" && !foreignKey) {
      problems.push(`${relative(root, file)}: imports ${m[1] ?? m[2]} — use ../${other}/index.ts`);
    }
  }
}
if (problems.length) {
  console.error(
    `Module boundary violations (import other modules only through their index.ts):\n${problems.join("\n")}`,
  );
  process.exit(1);
}
console.log("module doors ok");
