// Builds the web app once, before any browser test file starts, when a source is newer than the
// build. Once: test files run in parallel and would otherwise rebuild web/dist under each other's
// servers. In production mode: vitest sets NODE_ENV=test, which would bundle React's development
// build (and fail the first-page budget).
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { hasChromium, inCI, ROOT } from "./harness.ts";

function webBuildStale(): boolean {
  const built = join(ROOT, "web", "dist", "index.html");
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  const sources = [
    join(ROOT, "web", "index.html"),
    join(ROOT, "web", "vite.config.ts"),
    join(ROOT, "docs", "user-guide.md"),
  ];
  for (const dir of ["src", "vite"]) {
    const path = join(ROOT, "web", dir);
    if (!existsSync(path)) continue;
    for (const entry of readdirSync(path, { recursive: true, withFileTypes: true }))
      if (entry.isFile()) sources.push(join(entry.parentPath, entry.name));
  }
  return sources.some((f) => existsSync(f) && statSync(f).mtimeMs > builtAt);
}

export default function buildWebOnce(): void {
  if ((!hasChromium && !inCI) || !webBuildStale()) return;
  execFileSync(process.execPath, [join(ROOT, "node_modules", "vite", "bin", "vite.js"), "build"], {
    cwd: join(ROOT, "web"),
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
}
