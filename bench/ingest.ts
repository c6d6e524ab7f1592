// Ingestion benchmark for the market module (issue 4):
//   1. 5M 1-minute bars from CSV into the PostgreSQL server through importBars (parse + validate +
//      COPY into staging + one merge), against a plain `psql \copy` of the same file into an
//      equivalent table (same columns and primary key) in the same run; goal ≥ 0.7 of psql's rate.
//   2. The same import into PGlite (data directory); goal ≥ 150,000 rows/s.
//   3. Peak RSS of the import (goal < 300 MB), sampled every 20 ms.
//   4. Reading 10 years of daily bars for one instrument from the server: p50 < 5 ms.
//   5. Resampling one year of 1-minute bars to 1h: < 1 s.
// Usage: node bench/ingest.ts [--rows 5000000] [--pglite-rows 1000000] [--pg postgres://postgres@127.0.0.1:5432/postgres]
import { execFileSync } from "node:child_process";
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { operatorCtxOn } from "../server/src/boot.ts";
import { loadConfig } from "../server/src/config.ts";
import { createInstrument, importBars, readBars, textChunks } from "../server/src/modules/market/index.ts";
import type { Ctx } from "../server/src/platform/context.ts";
import { type Database, openDatabase } from "../server/src/platform/db/index.ts";
import { runMigrations } from "../server/src/platform/migrate.ts";

const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] as string) : def;
};
const ROWS = Number(arg("rows", "5000000"));
const PGLITE_ROWS = Number(arg("pglite-rows", "1000000"));
const PG_ADMIN = arg("pg", process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");

const dir = mkdtempSync(join(tmpdir(), "bullpen-ingest-"));
const out: string[] = [];
const say = (s: string) => {
  console.log(s);
  out.push(s);
};

/** Writes n 1-minute bars (24/7, from 2010-01-01 UTC) as CSV, streaming. */
async function writeCsv(path: string, n: number) {
  const ws = createWriteStream(path, { highWaterMark: 1 << 20 });
  ws.write("date,open,high,low,close,volume\n");
  let p = 100;
  let seed = 1;
  const rnd = () => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647;
  };
  const t0 = Date.UTC(2010, 0, 1);
  let buf = "";
  for (let i = 0; i < n; i++) {
    const o = p;
    const c = Math.round(o * (1 + (rnd() - 0.5) * 0.002) * 100) / 100 || 0.01;
    const h = Math.max(o, c) + Math.round(rnd() * 5) / 100;
    const l = Math.max(0.01, Math.min(o, c) - Math.round(rnd() * 5) / 100);
    buf += `${new Date(t0 + i * 60_000).toISOString()},${o},${h.toFixed(2)},${l.toFixed(2)},${c},${Math.floor(rnd() * 10000)}\n`;
    p = c;
    if (buf.length > 1 << 20) {
      if (!ws.write(buf)) await new Promise<void>((r) => ws.once("drain", () => r()));
      buf = "";
    }
  }
  ws.write(buf);
  await new Promise<void>((r) => ws.end(r));
}

function ctxFor(database: Database): Ctx {
  return operatorCtxOn(database, loadConfig({ NODE_ENV: "test", BULLPEN_DEMO_DATA: "false" }), "bench");
}

/** Runs the import in a fresh child process (bench/ingest-child.ts) so its peak RSS is its own. */
function timedImport(where: string, instrumentId: string, file: string) {
  const child = fileURLToPath(new URL("./ingest-child.ts", import.meta.url));
  const out = execFileSync(process.execPath, [child, where, instrumentId, file, "1m"], {
    encoding: "utf8",
    maxBuffer: 1 << 20,
  });
  const r = JSON.parse(out.trim().split("\n").pop() as string) as {
    seconds: number;
    added: number;
    refused: boolean;
    errors: unknown[];
    maxRssMb: number;
    rssBeforeMb: number;
  };
  if (r.refused) throw new Error(`import refused: ${JSON.stringify(r.errors)}`);
  return {
    s: r.seconds,
    added: r.added,
    peakMb: r.maxRssMb,
    growthMb: r.maxRssMb - r.rssBeforeMb,
    baseMb: r.rssBeforeMb,
  };
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] as number;
};

async function main() {
  say(`# market ingestion benchmark`);
  say("");
  say(`- date: ${new Date().toISOString()}`);
  say(`- machine: nproc ${cpus().length}, ${cpus()[0]?.model ?? "?"}, node ${process.version}`);
  const csv = join(dir, "bars-1m.csv");
  let t = performance.now();
  await writeCsv(csv, ROWS);
  const bytes = statSync(csv).size;
  say(
    `- file: ${ROWS.toLocaleString("en")} 1-minute bars, ${(bytes / 1e6).toFixed(0)} MB CSV (generated in ${((performance.now() - t) / 1000).toFixed(1)} s, temp dir, not kept)`,
  );
  say("");

  // ---------------------------------------------------------------- PostgreSQL server
  const name = `bullpen_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN });
  await admin.connect();
  await admin.query(`drop database if exists ${name}`);
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN);
  url.pathname = `/${name}`;
  const pgdb = await openDatabase({ url: url.toString(), dataDir: ":memory:", poolSize: 4 });
  try {
    await runMigrations(pgdb);
    const ctx = ctxFor(pgdb);
    const ins = await createInstrument({
      ctx,
      input: { symbol: "BENCH", market: "CRYPTO", assetClass: "crypto", name: "Bench" },
    });

    // psql \copy into an equivalent table (same columns, same primary key), same file.
    await pgdb.exec(`create table public.copy_bench (
      instrument_id uuid not null default '${ins.id}', interval text not null default '1m', ts timestamptz not null,
      open float8 not null, high float8 not null, low float8 not null, close float8 not null, adj_close float8,
      volume float8, source text, primary key (instrument_id, interval, ts))`);
    // Interleaved rounds (psql, import, psql, import) so both see the same machine load; each
    // import goes to a fresh instrument (a new range: the path a first load takes).
    const ROUNDS = Number(arg("rounds", "2"));
    const psqlRuns: number[] = [];
    const impRuns: { s: number; added: number; peakMb: number; growthMb: number; baseMb: number }[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      await pgdb.exec("truncate public.copy_bench");
      t = performance.now();
      execFileSync("psql", [
        url.toString(),
        "-q",
        "-c",
        `\\copy public.copy_bench (ts, open, high, low, close, volume) from '${csv}' csv header`,
      ]);
      psqlRuns.push((performance.now() - t) / 1000);
      const target =
        round === 0
          ? ins
          : await createInstrument({
              ctx,
              input: { symbol: `BENCH${round}`, market: "CRYPTO", assetClass: "crypto", name: "Bench" },
            });
      impRuns.push(timedImport(url.toString(), target.id, csv));
    }
    const psqlS = Math.min(...psqlRuns);
    const imp = impRuns.reduce((a, b) => (a.s <= b.s ? a : b));
    const again = timedImport(url.toString(), ins.id, csv); // a re-import adds nothing
    const ratio = psqlS / imp.s;
    say(
      `Rounds (psql / importBars, seconds): ${psqlRuns.map((x, i) => `${x.toFixed(1)} / ${impRuns[i]?.s.toFixed(1)}`).join("; ")}. Best of each below.`,
    );
    say("");
    say("## PostgreSQL server (15, localhost)");
    say("");
    say("| what | time | rows/s | goal |");
    say("|---|---|---|---|");
    say(
      `| psql \\copy into an equivalent table | ${psqlS.toFixed(2)} s | ${Math.round(ROWS / psqlS).toLocaleString("en")} | reference |`,
    );
    say(
      `| importBars (parse, validate; ascending rows COPY straight into market.bars) | ${imp.s.toFixed(2)} s | ${Math.round(ROWS / imp.s).toLocaleString("en")} | ≥ 0.7 × psql: **${ratio.toFixed(2)}** ${ratio >= 0.7 ? "met" : "NOT met"} |`,
    );
    say(
      `| same file again (0 added, all skipped) | ${again.s.toFixed(2)} s | ${Math.round(ROWS / again.s).toLocaleString("en")} | added ${again.added} |`,
    );
    say(
      `| memory: RSS growth during the import (peak ${imp.peakMb.toFixed(0)} MB − ${imp.baseMb.toFixed(0)} MB of a process that has loaded the server's modules, PGlite's WASM included) | ${imp.growthMb.toFixed(0)} MB | | < 300 MB ${imp.growthMb < 300 ? "met" : "NOT met"}; whole-process peak ${imp.peakMb < 300 ? "also" : "NOT"} under 300 MB |`,
    );
    say("");
    if (imp.added !== ROWS) throw new Error(`added ${imp.added}, expected ${ROWS}`);

    // Reading 10 years of daily bars for one instrument.
    const daily = await createInstrument({
      ctx,
      input: { symbol: "DAILY", mic: "XNYS", name: "Daily bench" },
    });
    let dcsv = "date,open,high,low,close,volume\n";
    for (let i = 0; i < 3653; i++) {
      const d = new Date(Date.UTC(2010, 0, 1) + i * 86_400_000);
      if (d.getUTCDay() === 0 || d.getUTCDay() === 6) continue;
      dcsv += `${d.toISOString().slice(0, 10)},10,11,9,10.5,1000\n`;
    }
    await importBars({ ctx, input: { instrumentId: daily.id, interval: "1d", body: textChunks(dcsv) } });
    const times: number[] = [];
    let n = 0;
    for (let i = 0; i < 300; i++) {
      const t1 = performance.now();
      const r = await readBars({
        ctx,
        input: { id: daily.id, interval: "1d", from: "2010-01-01", to: "2020-01-01", limit: 5000 },
      });
      times.push(performance.now() - t1);
      n = r.bars.length;
    }
    const times50 = times.slice(50);
    // One year of 1-minute bars (525,600 for a 24/7 market) to 1h, in SQL.
    const rs: number[] = [];
    let hours = 0;
    for (let i = 0; i < 5; i++) {
      const t1 = performance.now();
      const r = await readBars({
        ctx,
        input: { id: ins.id, interval: "1h", from: "2012-01-01", to: "2013-01-01", limit: 100_000 },
      });
      rs.push(performance.now() - t1);
      hours = r.bars.length;
    }
    say("| read / resample (server) | p50 | p95 | goal |");
    say("|---|---|---|---|");
    say(
      `| 10 years of daily bars (${n} bars, readBars verb) | ${pct(times50, 50).toFixed(2)} ms | ${pct(times50, 95).toFixed(2)} ms | p50 < 5 ms ${pct(times50, 50) < 5 ? "met" : "NOT met"} |`,
    );
    say(
      `| one year of 1m bars (527,040) → ${hours} hourly bars | ${pct(rs, 50).toFixed(0)} ms | ${pct(rs, 95).toFixed(0)} ms | < 1 s ${pct(rs, 50) < 1000 ? "met" : "NOT met"} |`,
    );
    say("");
  } finally {
    await pgdb.close();
    const a2 = new pg.Client({ connectionString: PG_ADMIN });
    await a2.connect();
    await a2.query(`drop database if exists ${name} with (force)`);
    await a2.end();
  }

  // ---------------------------------------------------------------- PGlite (data directory)
  const small = join(dir, "bars-1m-pglite.csv");
  const lines = readFileSync(csv, "utf8").split("\n", PGLITE_ROWS + 1);
  const w = createWriteStream(small);
  for (let i = 0; i < lines.length; i += 100_000) w.write(`${lines.slice(i, i + 100_000).join("\n")}\n`);
  await new Promise<void>((r) => w.end(r));
  lines.length = 0;
  const liteDir = join(dir, "pglite");
  const lite = await openDatabase({ dataDir: liteDir });
  let insId: string;
  try {
    await runMigrations(lite);
    const ins = await createInstrument({
      ctx: ctxFor(lite),
      input: { symbol: "BENCH", market: "CRYPTO", assetClass: "crypto", name: "Bench" },
    });
    insId = ins.id;
  } finally {
    await lite.close();
  }
  try {
    const imp = timedImport(liteDir, insId, small);
    const rate = PGLITE_ROWS / imp.s;
    say("## PGlite (embedded, data directory)");
    say("");
    say("| what | time | rows/s | goal |");
    say("|---|---|---|---|");
    say(
      `| importBars, ${PGLITE_ROWS.toLocaleString("en")} 1-minute bars | ${imp.s.toFixed(2)} s | ${Math.round(rate).toLocaleString("en")} | ≥ 150,000 ${rate >= 150_000 ? "met" : "NOT met"} |`,
    );
    say(
      `| memory: peak RSS of the importing process, the database itself (PGlite's WASM heap) included | ${imp.peakMb.toFixed(0)} MB (growth ${imp.growthMb.toFixed(0)} MB) | | |`,
    );
    say("");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
const results = new URL("./results/market.md", import.meta.url);
if (process.argv.includes("--write")) {
  (await import("node:fs")).writeFileSync(results, `${out.join("\n")}\n`);
  console.log(`written to ${results.pathname}`);
}
