#!/usr/bin/env node
// `npm start`: build the web app when it is missing or older than its sources, then migrate and
// serve the API and the web app on PORT (default 3000), and say how to create the first admin.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureNode24, root } from "./node24.js";

await ensureNode24(fileURLToPath(import.meta.url));
await import("./fast-resolve.js");

const web = join(root, "web");
const builtIndex = join(web, "dist", "index.html");

/** Newest modification time under the given files and directories (skipping node_modules). */
function newest(paths) {
  let latest = 0;
  for (const p of paths) {
    if (!existsSync(p)) continue;
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const entry of readdirSync(p)) {
        if (entry !== "node_modules") latest = Math.max(latest, newest([join(p, entry)]));
      }
    } else latest = Math.max(latest, st.mtimeMs);
  }
  return latest;
}

function webIsStale() {
  if (!existsSync(builtIndex)) return "the web app has not been built yet";
  const sources = ["src", "public", "index.html", "vite.config.ts", "package.json", "postcss.config.js"];
  if (newest(sources.map((s) => join(web, s))) > statSync(builtIndex).mtimeMs)
    return "the web app's sources changed since the last build";
  return null;
}

const reason = webIsStale();
if (reason && existsSync(join(web, "package.json"))) {
  console.log(`Building the web app (${reason})...`);
  const requireFromWeb = createRequire(join(web, "package.json"));
  const vitePkgPath = requireFromWeb.resolve("vite/package.json");
  const vitePkg = JSON.parse(readFileSync(vitePkgPath, "utf8"));
  const viteBin = join(
    dirname(vitePkgPath),
    typeof vitePkg.bin === "string" ? vitePkg.bin : vitePkg.bin.vite,
  );
  const result = spawnSync(process.execPath, [viteBin, "build", "--logLevel", "warn"], {
    cwd: web,
    stdio: "inherit",
  });
  if (result.status !== 0) {
    console.error("bullpen: building the web app failed (see above); the API would start without it.");
    process.exit(result.status ?? 1);
  }
}

const { serve } = await import("../server/src/main.ts");
const { firstAdminHint } = await import("../server/src/cli/first-admin.ts");
const { url, setupToken } = await serve();
const hint = firstAdminHint(url, setupToken);
if (hint) console.log(hint);
