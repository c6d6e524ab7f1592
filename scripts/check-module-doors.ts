// Lint: "one door per module". Walks every TypeScript file of server/src, server/test and bench and
// resolves its relative imports (Biome's restricted-import patterns match specifiers, not paths):
// - a module may import another module only through its index.ts (a schema may point a foreign key
//   at identity.users or market.instruments, SCHEMA-MAP);
// - code outside the modules (app, CLI, tests, benchmarks) uses a module through its index.ts; only
//   server/src/modules.ts reads the manifests;
// - platform/ is below every module and imports none.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";

// A different tree can be checked (the check's own test does): node scripts/check-module-doors.ts <root>
const root = resolve(process.argv[2] ?? join(import.meta.dirname, ".."));
const modulesDir = join(root, "server/src/modules");
const platformDir = join(root, "server/src/platform");
const roots = ["server/src", "server/test", "bench"].map((d) => join(root, d));
const importRe =
  /(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*["'](\.[^"']+)["']|import\(\s*["'](\.[^"']+)["']\s*\)/g;

function* files(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === "node_modules") continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* files(p);
    else if (/\.(c|m)?tsx?$/.test(e.name)) yield p;
  }
}

const inside = (dir: string, path: string) => !relative(dir, path).startsWith("..");
const moduleOf = (path: string) =>
  inside(modulesDir, path) ? relative(modulesDir, path).split(sep)[0] : null;

function problem(file: string, target: string): string | null {
  const own = moduleOf(file);
  const other = moduleOf(target);
  const rel = relative(root, file);
  if (inside(platformDir, file) && other) return `${rel}: platform/ must not import a module (${other})`;
  if (!other || other === own) return null;
  const targetFile = relative(join(modulesDir, other), target);
  if (targetFile === "index.ts") return null;
  if (targetFile === "manifest.ts" && relative(root, file) === join("server", "src", "modules.ts"))
    return null;
  // Cross-module foreign keys may point at identity.users and market.instruments (SCHEMA-MAP).
  const foreignKey =
    own !== null &&
    /\/schema[^/]*\.ts$/.test(file) &&
    targetFile === "schema.ts" &&
    ["identity", "market"].includes(other);
  if (foreignKey) return null;
  return `${rel}: imports ${relative(dirname(file), target)} — use modules/${other}/index.ts`;
}

const problems: string[] = [];
let checked = 0;
for (const dir of roots) {
  if (!existsSync(dir)) continue;
  for (const file of files(dir)) {
    checked++;
    for (const m of readFileSync(file, "utf8").matchAll(importRe)) {
      const p = problem(file, resolve(dirname(file), m[1] ?? m[2]));
      if (p) problems.push(p);
    }
  }
}
if (problems.length) {
  console.error(
    `Module boundary violations (import other modules only through their index.ts):\n${problems.join("\n")}`,
  );
  process.exit(1);
}
console.log(`module doors ok (${checked} files)`);
