// Runs the calling script on Node 24. The project brings Node 24 as the npm package `node`
// (node_modules/node/bin/node); npm scripts and npx put it first on PATH, but a user may run a
// script with an older system node, so re-execute under the project's binary, or explain.
// Plain JavaScript that parses on old Node versions too.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const REQUIRED_MAJOR = 24;
export const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * Resolves when this process already runs on Node >= 24; otherwise re-runs `script` under the
 * project's Node 24 and exits with its status (never resolves), or prints how to fix it.
 */
export function ensureNode24(script) {
  const major = Number(process.versions.node.split(".")[0]);
  if (major >= REQUIRED_MAJOR) return Promise.resolve();
  const bundled = join(root, "node_modules", "node", "bin", "node");
  if (!existsSync(bundled) || process.env.BULLPEN_REEXEC === "1") {
    process.stderr.write(
      `bullpen needs Node.js ${REQUIRED_MAJOR} or newer; this is ${process.version}.\n` +
        `Run \`npm install\` in ${root} (it installs Node ${REQUIRED_MAJOR} into node_modules), ` +
        "then use `npx bullpen ...` or `npm start`.\n",
    );
    process.exit(1);
  }
  const child = spawn(bundled, [...process.execArgv, script, ...process.argv.slice(2)], {
    stdio: "inherit",
    env: { ...process.env, BULLPEN_REEXEC: "1" },
  });
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
    process.on(signal, () => child.kill(signal));
  }
  child.on("exit", (code, signal) => {
    if (signal) process.kill(process.pid, signal);
    else process.exit(code ?? 1);
  });
  return new Promise(() => {});
}
