// Soak test of the embedded database's maintenance (issue 15, finding 15): a compressed day of
// job-queue and request-log churn plus aborted bulk imports (rolled back in this process, and one
// `bullpen import bars` killed with SIGKILL part-way) on a PGlite data directory on disk. With the
// maintenance pass the directory must come back within 1.3x of its size before the churn; the test
// also checks that the churn, left alone, grew it past that bound (so it can fail).
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { createInstrument } from "../src/modules/market/index.ts";
import { connectionOf } from "../src/platform/db/connection.ts";
import { inTransaction } from "../src/platform/db/index.ts";
import { deadSpace, maintainDatabase } from "../src/platform/db/maintenance.ts";
import { operatorCtx } from "./factories.ts";
import { createTestPlatform, type TestEnv, usingPostgres } from "./harness.ts";

const bin = fileURLToPath(new URL("../../bin/bullpen.js", import.meta.url));
const BOUND = 1.3;
const MiB = 1024 * 1024;
const mib = (n: number) => `${(n / MiB).toFixed(1)} MiB`;

function dirBytes(path: string): number {
  let total = 0;
  for (const e of readdirSync(path, { withFileTypes: true })) {
    const p = join(path, e.name);
    if (e.isDirectory()) total += dirBytes(p);
    // PostgreSQL writes temporary files (pg_internal.init.<pid>) and renames them while we walk.
    else if (e.isFile()) total += statSync(p, { throwIfNoEntry: false })?.size ?? 0;
  }
  return total;
}

const BAR_COLUMNS = "market.bars (instrument_id, interval, ts, open, high, low, close, volume, source)";
const MINUTE = 60_000;

/** `count` one-minute bars from `start`, as CSV rows of market.bars. */
async function* minuteBars(instrumentId: string, start: number, count: number): AsyncGenerator<string> {
  const chunk = 20_000;
  for (let i = 0; i < count; i += chunk) {
    const rows: string[] = [];
    for (let j = i; j < Math.min(count, i + chunk); j++)
      rows.push(
        `${instrumentId},1m,${new Date(start + j * MINUTE).toISOString()},10.5,11.25,10.125,11,${1000 + j},soak\n`,
      );
    yield rows.join("");
  }
}

describe.skipIf(usingPostgres)("embedded database under a compressed day of churn", () => {
  const dir = mkdtempSync(join(tmpdir(), "bullpen-soak-"));
  let env: TestEnv | null = null;
  afterAll(async () => {
    await env?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("stays within 1.3x of its size before the churn", async () => {
    const started = performance.now();
    env = await createTestPlatform({ pgliteDir: dir });
    const { database } = env.platform;
    const sizes: Record<string, number> = {};
    const wal: Record<string, number> = {};
    const size = (label: string) => {
      sizes[label] = dirBytes(dir);
      wal[label] = dirBytes(join(dir, "pgdata", "pg_wal"));
      return sizes[label];
    };

    // The stored data: 200,000 one-minute bars of one instrument, and the job queue installed.
    const instrument = await createInstrument({
      ctx: operatorCtx(env.platform),
      input: { symbol: "SOAK", mic: "XNAS", name: "Soak test" },
    });
    await inTransaction(database.db, (tx) =>
      connectionOf(tx).copyCsv(BAR_COLUMNS, minuteBars(instrument.id, Date.UTC(2020, 0, 1), 200_000)),
    );
    await env.platform.jobs.ready();
    const boss = await env.platform.jobs.boss();
    await boss.createQueue("soak.churn");
    await maintainDatabase(database, { all: true, checkpoint: true });
    const baseline = size("baseline");

    // Four compressed six-hour blocks: jobs sent, worked and purged (as pg-boss's retention does),
    // request-log rows written and pruned (as audit's retention job does), and an import of 150,000
    // rows rolled back. The maintenance pass runs after each block, as the server's timer would.
    let peakBeforePass = 0;
    let longestStatementMs = 0;
    const aborted = (n: number) =>
      inTransaction(database.db, async (tx) => {
        await connectionOf(tx).copyCsv(BAR_COLUMNS, minuteBars(randomUUID(), Date.UTC(2022, 0, 1), n));
        throw new Error("import refused");
      }).catch((err: Error) => expect(err.message).toBe("import refused"));
    for (let block = 0; block < 4; block++) {
      await boss.insert(
        "soak.churn",
        Array.from({ length: 1500 }, (_, i) => ({ data: { block, i, note: "x".repeat(200) } })),
      );
      let done = 0;
      for (;;) {
        const jobs = await boss.fetch("soak.churn", { batchSize: 500 });
        if (jobs.length === 0) break;
        await boss.complete(
          "soak.churn",
          jobs.map((j) => j.id),
        );
        done += jobs.length;
      }
      expect(done).toBe(1500);
      await boss.deleteStoredJobs("soak.churn");

      // 20,000 requests in this block's six hours; the previous block's rows pass their retention.
      const blockStart = `now() - interval '${6 * (4 - block)} hours'`;
      await database.exec(
        `insert into audit.api_requests (occurred_at, method, route, status_code, response_time_ms)
         select ${blockStart} + g * interval '1 second', 'GET', '/api/instruments/:id/bars', 200, 1.5
           from generate_series(1, 20000) g`,
      );
      await database.exec(`delete from audit.api_requests where occurred_at < ${blockStart}`);

      await aborted(150_000);
      peakBeforePass = Math.max(peakBeforePass, size(`block ${block + 1} before the pass`));
      const report = await maintainDatabase(database);
      longestStatementMs = Math.max(longestStatementMs, report.longestStatementMs);
      expect(report.vacuumed).toContain("market.bars");
      size(`block ${block + 1} after the pass`);
    }

    // A `bullpen import bars` of 400,000 rows killed part-way through its COPY.
    await env.close();
    env = null;
    const csv = join(dir, "bars.csv");
    const lines = ["date,open,high,low,close,volume"];
    for (let i = 0; i < 400_000; i++)
      lines.push(`${new Date(Date.UTC(2021, 0, 1) + i * MINUTE).toISOString()},10.5,11.25,10.125,11,${i}`);
    writeFileSync(csv, `${lines.join("\n")}\n`);
    const beforeKill = dirBytes(join(dir, "pgdata"));
    const child: ChildProcess = spawn(
      process.execPath,
      [bin, "import", "bars", csv, "--symbol", "SOAK", "--mic", "XNAS", "--interval", "1m"],
      {
        env: {
          PATH: process.env.PATH ?? "",
          BULLPEN_DATA_DIR: dir,
          BULLPEN_DEMO_DATA: "false",
          LOG_LEVEL: "warn",
        },
        stdio: "ignore",
      },
    );
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
      child.on("exit", (code, signal) => resolve(signal ?? code)),
    );
    // Killed once its COPY has written 40 MB (rows and log), well before it could finish.
    const deadline = Date.now() + 30_000;
    while (dirBytes(join(dir, "pgdata")) < beforeKill + 40 * MiB && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");
    rmSync(csv);

    env = await createTestPlatform({ pgliteDir: dir }); // takes over the dead process's lock
    const afterKill = size("after the killed import, before the pass");
    peakBeforePass = Math.max(peakBeforePass, afterKill);
    const bars = await env.platform.database.query<{ n: string }>(
      "select count(*)::text as n from market.bars",
    );
    expect(Number(bars.rows[0]?.n)).toBe(200_000); // the killed import left no row behind
    // The first pass of a process covers every table: statistics of the killed one are gone.
    const first = await maintainDatabase(env.platform.database, { all: true, checkpoint: true });
    longestStatementMs = Math.max(longestStatementMs, first.longestStatementMs);
    const final = size("after the first pass of the restarted process");
    const space = await deadSpace(env.platform.database);

    console.log(
      [
        `soak: ${((performance.now() - started) / 1000).toFixed(1)} s, baseline ${mib(baseline)}, bound ${mib(BOUND * baseline)}`,
        ...Object.entries(sizes).map(
          ([k, v]) =>
            `  ${k.padEnd(48)} ${mib(v).padStart(10)}  ${(v / baseline).toFixed(2)}x  (log ${mib(wal[k] ?? 0)})`,
        ),
        `  longest maintenance statement ${Math.round(longestStatementMs)} ms`,
        `  market.bars after: ${mib(space.find((t) => t.table === "market.bars")?.totalBytes ?? 0)} ` +
          `(table ${mib(space.find((t) => t.table === "market.bars")?.tableBytes ?? 0)}), ` +
          `reclaimable ~${mib(space.find((t) => t.table === "market.bars")?.reclaimableBytes ?? 0)}`,
      ].join("\n"),
    );
    // Left alone, the churn grew the directory past the bound; the passes brought it back.
    expect(peakBeforePass).toBeGreaterThan(BOUND * baseline);
    expect(afterKill).toBeGreaterThan(BOUND * baseline);
    for (const [label, bytes] of Object.entries(sizes))
      if (label.endsWith("after the pass")) expect(bytes, label).toBeLessThanOrEqual(BOUND * baseline);
    expect(final).toBeLessThanOrEqual(BOUND * baseline);
  }, 120_000);
});
