// `npm run bench`: runs every benchmark one after another (never in parallel: they compare ratios
// measured in the same run, and two at once would disturb each other). Name some to run only those:
//   npm run bench -- indicators backtest
// Each prints its own table; bench/RESULTS.md records the figures with the machine they ran on.
import { spawnSync } from "node:child_process";

const suites: Record<string, string[]> = {
  indicators: ["indicators.ts"],
  "stats-graph": ["stats-graph.ts"],
  backtest: ["backtest.ts"],
  http: ["http.ts"],
  ingest: ["ingest.ts"],
  search: ["ingest-search.ts"],
  cli: ["cli.ts"],
  portfolio: ["--expose-gc", "portfolio-engine.ts"],
  import: ["portfolio-import.ts"],
  "portfolio-api": ["portfolio-api.ts"],
  web: ["web.ts"],
  screenshots: ["../server/src/modules/portfolio/snapshots/test-fixtures/accuracy-report.ts"],
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !(w in suites));
if (unknown.length) {
  console.error(`unknown benchmark(s): ${unknown.join(", ")}; choose from ${Object.keys(suites).join(", ")}`);
  process.exit(2);
}
let failed = 0;
for (const [name, args] of Object.entries(suites)) {
  if (wanted.length && !wanted.includes(name)) continue;
  console.log(`\n=== ${name} ===`);
  const r = spawnSync(process.execPath, args, { cwd: import.meta.dirname, stdio: "inherit" });
  if (r.status !== 0) {
    failed++;
    console.error(`${name}: exited with ${r.status ?? r.signal}`);
  }
}
process.exit(failed ? 1 : 0);
