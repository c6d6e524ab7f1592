// Portfolio import benchmark (issue 10): a 50,000-row broker file in Trading 212's History CSV shape
// (deposits, buys, sales, dividends over 15 years, 300 instruments with ISINs), generated from a fixed
// seed, through the import verbs — preview (decode, detect, parse, match, FX and holdings checks, the
// staged rows stored) and commit (the plan rebuilt, 50,000 ledger rows through COPY and one merge) —
// then the same file again (preview + commit adding nothing). Goals: preview < 3 s, commit < 5 s, on
// PGlite (a data directory, as the server runs it) and on the PostgreSQL server.
//   node bench/portfolio-import.ts [--rows 50000] [--pg postgres://postgres@127.0.0.1:5432/postgres] [--skip-pg]
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { operatorCtxOn } from "../server/src/boot.ts";
import { loadConfig } from "../server/src/config.ts";
import { createUserAdmin } from "../server/src/modules/identity/index.ts";
import { createInstrument } from "../server/src/modules/market/index.ts";
import { commitImport, previewImport } from "../server/src/modules/portfolio/index.ts";
import type { Ctx } from "../server/src/platform/context.ts";
import { connectionOf } from "../server/src/platform/db/connection.ts";
import { type Database, openDatabase } from "../server/src/platform/db/index.ts";
import { newId } from "../server/src/platform/ids.ts";
import { runMigrations } from "../server/src/platform/migrate.ts";

const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] as string) : def;
};
const ROWS = Number(arg("rows", "50000"));
const INSTRUMENTS = 300;
const PG_ADMIN = arg("pg", process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");
const SKIP_PG = process.argv.includes("--skip-pg");

let seed = 20261207;
const uniform = () => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

/** An ISIN with its check digit (letters as numbers 10–35, then Luhn over the digits). */
function isin(body: string): string {
  const digits = [...body].map((c) => (/[0-9]/.test(c) ? c : String(c.charCodeAt(0) - 55))).join("");
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return `${body}${(10 - (sum % 10)) % 10}`;
}

export interface Inst {
  symbol: string;
  isin: string;
  name: string;
  price: number;
}
/** `count` instruments with ISINs and a starting price (the same for the same count and seed). */
export const makeInstruments = (count: number): Inst[] =>
  Array.from({ length: count }, (_, i) => {
    const symbol = `B${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(65 + Math.floor(i / 26))}X`;
    return {
      symbol,
      isin: isin(`US${String(900000000 + i)}`),
      name: `Bench Company ${i}`,
      price: 20 + uniform() * 300,
    };
  });
const instruments = makeInstruments(INSTRUMENTS);

const HEADER =
  "Action,Time,ISIN,Ticker,Name,No. of shares,Price / share,Currency (Price / share),Exchange rate,Result,Currency (Result),Total,Currency (Total),Withholding tax,Currency (Withholding tax),Notes,ID,Currency conversion fee,Currency (Currency conversion fee)";

/**
 * The file: a deposit every 20 rows, then trades; sales never exceed what is held. `years` from
 * `start` (15 from 2010-01-04 for the import benchmark).
 */
export function generate(
  n: number,
  list: Inst[] = instruments,
  opts: { start?: number; years?: number } = {},
): string {
  const lines = [HEADER];
  const held = new Array<number>(list.length).fill(0);
  const start = opts.start ?? Date.UTC(2010, 0, 4);
  const span = (opts.years ?? 15) * 365 * 86_400_000;
  for (let i = 0; i < n; i++) {
    const t = new Date(start + Math.floor((span * i) / n) + 14 * 3_600_000);
    const time = `${t.toISOString().slice(0, 10)} ${t.toISOString().slice(11, 19)}`;
    const rate = (1.05 + 0.2 * Math.sin(i / 5000)).toFixed(5); // USD per EUR
    const k = Math.floor(uniform() * list.length);
    const ins = list[k] as Inst;
    ins.price = Math.max(1, ins.price * (1 + (uniform() - 0.5) * 0.02));
    const price = ins.price.toFixed(2);
    const r = uniform();
    const id = `EOF${1_000_000 + i}`;
    if (i % 20 === 0) {
      lines.push(
        `Deposit,${time},,,,,,,,,,${(1000 + Math.floor(uniform() * 5000)).toFixed(2)},"EUR",,,"Transaction ID: ${id}",${id},,`,
      );
    } else if (r < 0.3 && (held[k] as number) > 1) {
      const q = Math.max(1, Math.floor((held[k] as number) * uniform() * 0.5));
      held[k] = (held[k] as number) - q;
      const total = ((q * Number(price)) / Number(rate)).toFixed(2);
      lines.push(
        `Market sell,${time},${ins.isin},${ins.symbol},"${ins.name}",${q}.0000000000,${price},USD,${rate},0.00,"EUR",${total},"EUR",,,,${id},0.15,"EUR"`,
      );
    } else if (r < 0.4 && (held[k] as number) > 0) {
      const gross = ((held[k] as number) * 0.2).toFixed(2);
      lines.push(
        `Dividend (Ordinary),${time},${ins.isin},${ins.symbol},"${ins.name}",${held[k]}.0000000000,0.20,USD,Not available,,,${(Number(gross) * 0.85).toFixed(2)},"EUR",${(Number(gross) * 0.15).toFixed(2)},USD,,,,`,
      );
    } else {
      const q = 1 + Math.floor(uniform() * 20);
      held[k] = (held[k] as number) + q;
      const total = ((q * Number(price)) / Number(rate)).toFixed(2);
      lines.push(
        `Market buy,${time},${ins.isin},${ins.symbol},"${ins.name}",${q}.0000000000,${price},USD,${rate},,"EUR",${total},"EUR",,,,${id},0.15,"EUR"`,
      );
    }
  }
  return `${lines.join("\n")}\n`;
}

const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const out: string[] = [];
const say = (s: string) => {
  console.log(s);
  out.push(s);
};

async function run(where: string, database: Database, bytes: Uint8Array) {
  await runMigrations(database);
  const operator = operatorCtxOn(
    database,
    loadConfig({ NODE_ENV: "test", BULLPEN_DEMO_DATA: "false" }),
    "bench",
  );
  for (const i of instruments)
    await createInstrument({
      ctx: operator,
      input: { symbol: i.symbol, mic: "XNYS", name: i.name, currency: "USD", isin: i.isin },
    });
  const user = await createUserAdmin({
    ctx: operator,
    input: {
      username: `bench_${process.pid}`,
      password: `Pw-${newId()}`,
      email: null,
      role: "user",
      status: "active",
    },
  });
  const accountId = newId();
  await connectionOf(database.db).query(
    "insert into portfolio.accounts (id, user_id, name, broker, base_currency) values ($1, $2, 'T212', 'trading212', 'EUR')",
    [accountId, user.id],
  );
  const ctx: Ctx = { ...operator, origin: "request", actor: { userId: user.id, role: "user" } };
  /** Wall time, and CPU time of this process (its PGlite worker thread included, not a server's). */
  const timed = async <T>(fn: () => Promise<T>): Promise<[T, number, number]> => {
    const t = performance.now();
    const c = process.cpuUsage();
    const r = await fn();
    const u = process.cpuUsage(c);
    return [r, performance.now() - t, (u.user + u.system) / 1000];
  };
  const input = { fileName: "bench-history.csv", bytes, fields: { accountId } };
  const [p1, preview, previewCpu] = await timed(() => previewImport({ ctx, input }));
  const [c1, commit, commitCpu] = await timed(() => commitImport({ ctx, input: { id: p1.id } }));
  const [p2, preview2] = await timed(() => previewImport({ ctx, input }));
  const [c2, commit2] = await timed(() => commitImport({ ctx, input: { id: p2.id } }));
  const ok = c1.importedRows === p1.validRows && c2.importedRows === 0 && c2.duplicateRows === p1.validRows;
  const mark = (ms: number, goal: number) => `${fmt(ms)} ${ms < goal ? "✓" : "✗"}`;
  say(
    `| ${where} | ${p1.totalRows.toLocaleString("en")} | ${mark(preview, 3000)} | ${fmt(previewCpu)} | ${mark(commit, 5000)} | ${fmt(commitCpu)} | ${c1.importedRows.toLocaleString("en")} | ${fmt(preview2)} | ${fmt(commit2)} | ${c2.duplicateRows.toLocaleString("en")} | ${ok ? "yes" : "NO"} |`,
  );
  if (!ok) process.exitCode = 1;
}

async function main() {
  say("# portfolio import benchmark");
  say("");
  say(`- date: ${new Date().toISOString()}`);
  say(
    `- machine: nproc ${cpus().length}, ${cpus()[0]?.model ?? "?"}, node ${process.version}, load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}`,
  );
  const t = performance.now();
  const text = generate(ROWS);
  const bytes = new TextEncoder().encode(text);
  say(
    `- file: ${ROWS.toLocaleString("en")} rows, Trading 212 History CSV, ${INSTRUMENTS} instruments, ${(bytes.length / 1e6).toFixed(1)} MB (generated in ${fmt(performance.now() - t)})`,
  );
  say("");
  say(
    "| database | rows | preview (< 3 s) | its CPU | commit (< 5 s) | its CPU | added | same file: preview | commit | duplicates | counts right |",
  );
  say("|---|---|---|---|---|---|---|---|---|---|---|");

  const dir = mkdtempSync(join(tmpdir(), "bullpen-import-bench-"));
  try {
    const lite = await openDatabase({ dataDir: join(dir, "pglite") });
    try {
      await run("PGlite (data dir)", lite, bytes);
    } finally {
      await lite.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  if (!SKIP_PG) {
    const name = `bullpen_import_bench_${process.pid}`;
    const admin = new pg.Client({ connectionString: PG_ADMIN });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(PG_ADMIN);
    url.pathname = `/${name}`;
    const pgdb = await openDatabase({ url: url.toString(), dataDir: ":memory:", poolSize: 4 });
    try {
      await run("PostgreSQL server", pgdb, bytes);
    } finally {
      await pgdb.close();
      const a2 = new pg.Client({ connectionString: PG_ADMIN });
      await a2.connect();
      await a2.query(`drop database if exists ${name} with (force)`);
      await a2.end();
    }
  }
}

if (import.meta.main) await main();
