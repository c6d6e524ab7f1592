// CLI benchmark (issue 9): what a user waits for at the console.
//   1. start-up: `npx bullpen --help` against `npx node -e 0` (npx and Node themselves), interleaved
//      rounds in the same run; goal: the CLI's own share < 0.3 s.
//   2. a command's fixed cost before its own work, opening the database included: the moment the
//      command's work starts (BULLPEN_CLI_TIMING), and `npx bullpen users list` wall time minus
//      `npx node -e 0`; on the embedded database (as users run it) and on PostgreSQL; goal < 0.7 s.
//   3. `bullpen import bars` of a 1M-row 1-minute file (4-decimal prices) timed as a whole command,
//      against `psql \copy` of the same file into an equivalent table; goal ≥ 0.7 of psql's speed.
// Usage: node cli.ts [--rows N] [--rounds N]
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const ROWS = arg("rows", 1_000_000);
const ROUNDS = arg("rounds", 9);
const PG_ADMIN = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const repo = join(import.meta.dirname, "..");
const dir = mkdtempSync(join(tmpdir(), "bullpen-cli-bench-"));

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (s: number) => `${s.toFixed(3)} s`;

/** Runs a command from the repository root; answers its wall time in seconds and its stderr. */
function timed(cmd: string, args: string[], env: Record<string, string> = {}, input?: string) {
  const t = performance.now();
  const r = spawnSync(cmd, args, {
    cwd: repo,
    env: { ...process.env, NODE_NO_WARNINGS: "1", npm_config_loglevel: "error", ...env },
    encoding: "utf8",
    input,
    maxBuffer: 64 << 20,
  });
  const s = (performance.now() - t) / 1000;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}): ${r.stderr}`);
  return { s, stderr: r.stderr, stdout: r.stdout };
}
const readyMs = (stderr: string) =>
  Number(/ready for the command after (\d+) ms/.exec(stderr)?.[1] ?? Number.NaN);

function say(line = "") {
  console.log(line);
}

async function writeCsv(path: string, rows: number) {
  // A random walk with 4-decimal prices, one bar a minute from 2020-01-01.
  const t0 = Date.UTC(2020, 0, 1);
  const parts: string[] = ["date,open,high,low,close,volume\n"];
  let p = 100;
  let chunk = "";
  for (let i = 0; i < rows; i++) {
    const o = p;
    p = Math.max(1, p * (1 + (Math.random() - 0.5) * 0.002));
    const hi = Math.max(o, p) * 1.0005;
    const lo = Math.min(o, p) * 0.9995;
    chunk += `${new Date(t0 + i * 60_000).toISOString()},${o.toFixed(4)},${hi.toFixed(4)},${lo.toFixed(4)},${p.toFixed(4)},${1000 + (i % 5000)}\n`;
    if (chunk.length > 1 << 20) {
      parts.push(chunk);
      chunk = "";
    }
  }
  parts.push(chunk);
  writeFileSync(path, parts.join(""));
}

async function main() {
  say("# CLI benchmark");
  say();
  say(`- date: ${new Date().toISOString()}`);
  say(
    `- machine: nproc ${cpus().length}, ${cpus()[0]?.model ?? "?"}, load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(" ")}`,
  );
  say(`- rounds: ${ROUNDS}, interleaved; medians`);
  say();

  // ------------------------------------------------------------------ 1. start-up
  const bare: number[] = [];
  const help: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    bare.push(timed("npx", ["node", "-e", "0"]).s);
    help.push(timed("npx", ["bullpen", "--help"]).s);
  }
  const own = median(help) - median(bare);
  say("## Start-up");
  say();
  say("| command | median |");
  say("|---|---|");
  say(`| \`npx node -e 0\` (npx and Node) | ${fmt(median(bare))} |`);
  say(`| \`npx bullpen --help\` | ${fmt(median(help))} |`);
  say(
    `| the CLI's own start-up (difference) | **${fmt(own)}** (goal < 0.3 s: ${own < 0.3 ? "met" : "NOT met"}) |`,
  );
  say();

  // ------------------------------------------------------------------ 2. fixed cost of a command
  const dataDir = join(dir, "data");
  const embedded = { BULLPEN_DATA_DIR: dataDir, BULLPEN_DEMO_DATA: "false", BULLPEN_CLI_TIMING: "1" };
  timed("npx", ["bullpen", "migrate"], embedded);
  const name = `bullpen_cli_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN });
  await admin.connect();
  await admin.query(`drop database if exists ${name}`);
  await admin.query(`create database ${name}`);
  const url = new URL(PG_ADMIN);
  url.pathname = `/${name}`;
  const server = {
    DATABASE_URL: url.toString(),
    BULLPEN_SECRET_KEY: "a".repeat(64),
    BULLPEN_DEMO_DATA: "false",
    BULLPEN_CLI_TIMING: "1",
  };
  timed("npx", ["bullpen", "migrate"], server);
  say("## A command's fixed cost (`bullpen users list`, an empty user table)");
  say();
  say("| database | work starts after (in process) | wall − `npx node -e 0` |");
  say("|---|---|---|");
  for (const [label, env] of [
    ["embedded PGlite (data directory)", embedded],
    ["PostgreSQL server", server],
  ] as const) {
    const ready: number[] = [];
    const wall: number[] = [];
    const base: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      base.push(timed("npx", ["node", "-e", "0"]).s);
      const r = timed("npx", ["bullpen", "users", "list"], env);
      wall.push(r.s);
      ready.push(readyMs(r.stderr) / 1000);
    }
    const fixed = median(wall) - median(base);
    say(
      `| ${label} | ${fmt(median(ready))} | **${fmt(fixed)}** (goal < 0.7 s: ${fixed < 0.7 ? "met" : "NOT met"}) |`,
    );
  }
  say();

  // ------------------------------------------------------------------ 3. import bars as a whole command
  const csv = join(dir, "bars-1m.csv");
  await writeCsv(csv, ROWS);
  say(
    `## \`bullpen import bars\` of ${ROWS.toLocaleString("en")} 1-minute bars (${(statSync(csv).size / 1e6).toFixed(0)} MB), PostgreSQL`,
  );
  say();
  const db = new pg.Client({ connectionString: url.toString() });
  await db.connect();
  // Two references, loaded by psql from the same file: the narrow table the issue names (the file's
  // columns, the time as key) and a table of market.bars' own shape (its columns, types and key, with
  // instrument, interval and source filled by column defaults), which is what Bullpen must store.
  await db.query(`create table public.copy_bench (
      ts timestamptz not null primary key, open numeric not null, high numeric not null,
      low numeric not null, close numeric not null, volume numeric)`);
  await db.query(`create table public.copy_bars_shape (
      instrument_id uuid not null default '00000000-0000-7000-8000-000000000000',
      interval text not null default '1m' check (interval in ('1m','5m','15m','1h','1d','1w')),
      ts timestamptz not null, open double precision not null, high double precision not null,
      low double precision not null, close double precision not null, adj_close double precision,
      volume double precision, source text default 'csv', primary key (instrument_id, interval, ts))`);
  const psqlCopy = (table: string) =>
    timed("psql", [
      url.toString(),
      "-qc",
      `\\copy public.${table} (ts, open, high, low, close, volume) from '${csv}' csv header`,
    ]).s;
  const narrowRuns: number[] = [];
  const shapeRuns: number[] = [];
  const cliRuns: number[] = [];
  const importRounds = Math.max(3, Math.min(ROUNDS, 5));
  for (let i = 0; i < importRounds; i++) {
    await db.query("truncate public.copy_bench, public.copy_bars_shape");
    narrowRuns.push(psqlCopy("copy_bench"));
    shapeRuns.push(psqlCopy("copy_bars_shape"));
    // A fresh instrument each round, so every round adds all rows.
    const symbol = `BENCH${i}`;
    timed(
      "npx",
      [
        "bullpen",
        "instruments",
        "add",
        "--symbol",
        symbol,
        "--market",
        "CRYPTO",
        "--name",
        symbol,
        "--asset-class",
        "crypto",
      ],
      server,
    );
    cliRuns.push(
      timed(
        "npx",
        ["bullpen", "import", "bars", csv, "--symbol", symbol, "--market", "CRYPTO", "--interval", "1m"],
        server,
      ).s,
    );
  }
  const narrowS = median(narrowRuns);
  const shapeS = median(shapeRuns);
  const cliS = median(cliRuns);
  const verdict = (r: number) => `**${r.toFixed(2)}** (goal ≥ 0.7: ${r >= 0.7 ? "met" : "NOT met"})`;
  say(
    `Rounds (psql narrow / psql bars' shape / bullpen, seconds): ${cliRuns.map((x, i) => `${narrowRuns[i].toFixed(2)} / ${shapeRuns[i].toFixed(2)} / ${x.toFixed(2)}`).join("; ")}.`,
  );
  say();
  say("| command | median | rows/s | bullpen's speed as a share of this |");
  say("|---|---|---|---|");
  say(
    `| \`psql \\copy\` into a narrow table (the file's columns, the time as key) | ${fmt(narrowS)} | ${Math.round(ROWS / narrowS).toLocaleString("en")} | ${verdict(narrowS / cliS)} |`,
  );
  say(
    `| \`psql \\copy\` into a table of market.bars' shape (its columns, types and key) | ${fmt(shapeS)} | ${Math.round(ROWS / shapeS).toLocaleString("en")} | ${verdict(shapeS / cliS)} |`,
  );
  say(
    `| \`npx bullpen import bars\` (whole command: start, open, parse, validate, store) | ${fmt(cliS)} | ${Math.round(ROWS / cliS).toLocaleString("en")} | — |`,
  );
  await db.end();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
}

try {
  await main();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
