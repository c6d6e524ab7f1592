// A bulk load killed with SIGKILL midway leaves none of its rows, and the same file then loads cleanly.
import "../audit/index.ts";
import { fork } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { usingPostgres } from "../../../test/harness.ts";
import { operatorCtxOn } from "../../boot.ts";
import { loadConfig } from "../../config.ts";
import type { Ctx } from "../../platform/context.ts";
import { type Database, openDatabase } from "../../platform/db/index.ts";
import { runMigrations } from "../../platform/migrate.ts";
import { importBars } from "./bars/import.ts";
import { createInstrument } from "./instruments/service.ts";

const ROWS = usingPostgres ? 400_000 : 120_000;
const KILL_AFTER = usingPostgres ? 150_000 : 40_000;
const dir = mkdtempSync(join(tmpdir(), "bullpen-crash-"));
const file = join(dir, "bars.csv");
let dropDb: (() => Promise<void>) | undefined;
afterAll(async () => {
  await dropDb?.();
  rmSync(dir, { recursive: true, force: true });
});

function writeFile() {
  const lines = ["date,open,high,low,close,volume"];
  const t0 = Date.UTC(2015, 0, 1);
  for (let i = 0; i < ROWS; i++) lines.push(`${new Date(t0 + i * 60_000).toISOString()},10,11,9,10.5,${i}`);
  writeFileSync(file, `${lines.join("\n")}\n`);
}

async function open(where: string): Promise<Database> {
  return where.startsWith("postgres")
    ? openDatabase({ url: where, dataDir: ":memory:", poolSize: 2 })
    : openDatabase({ dataDir: where });
}
function ctxOf(database: Database): Ctx {
  return operatorCtxOn(database, loadConfig({ NODE_ENV: "test", BULLPEN_DEMO_DATA: "false" }), "crash-test");
}
const countBars = async (db: Database, id: string) =>
  Number(
    (
      await db.query<{ n: string }>("select count(*)::text as n from market.bars where instrument_id = $1", [
        id,
      ])
    ).rows[0]?.n,
  );

describe(`SIGKILL during a bulk load (${usingPostgres ? "PostgreSQL server" : "PGlite data directory"})`, () => {
  it("leaves nothing of the batch and loads cleanly when re-run", async () => {
    let where: string;
    if (usingPostgres) {
      const admin = new URL(process.env.TEST_DATABASE_URL as string);
      const name = `bullpen_crash_${process.pid}`;
      const c = new pg.Client({ connectionString: admin.toString() });
      await c.connect();
      await c.query(`drop database if exists ${name}`);
      await c.query(`create database ${name}`);
      await c.end();
      admin.pathname = `/${name}`;
      where = admin.toString();
      dropDb = async () => {
        const d = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
        await d.connect();
        await d.query(`drop database if exists ${name} with (force)`);
        await d.end();
      };
    } else where = join(dir, "data");
    writeFile();

    let db = await open(where);
    await runMigrations(db);
    const ins = await createInstrument({
      ctx: ctxOf(db),
      input: { symbol: "CRASH", market: "CRYPTO", assetClass: "crypto", name: "Crash test" },
    });
    await db.close();

    const child = fork(
      fileURLToPath(new URL("./test-fixtures/import-child.ts", import.meta.url)),
      [where, ins.id, file, "1m"],
      {
        stdio: ["ignore", "pipe", "pipe", "ipc"],
      },
    );
    let seen = 0;
    const exit = await new Promise<{ code: number | null; signal: string | null }>((resolve) => {
      child.on("message", (m: { rowsRead: number }) => {
        seen = m.rowsRead;
        if (m.rowsRead >= KILL_AFTER && !child.killed) child.kill("SIGKILL");
      });
      child.on("exit", (code, signal) => resolve({ code, signal }));
    });
    expect(exit.signal).toBe("SIGKILL"); // killed midway, not finished
    expect(seen).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(seen).toBeLessThan(ROWS);

    db = await open(where); // PGlite recovers its data directory; the dead child's lock is stale
    try {
      expect(await countBars(db, ins.id)).toBe(0);
      const rerun = await importBars({
        ctx: ctxOf(db),
        input: {
          instrumentId: ins.id,
          interval: "1m",
          body: (await import("node:fs")).createReadStream(file),
        },
      });
      expect(rerun).toMatchObject({ rowsRead: ROWS, added: ROWS, rejected: 0, refused: false });
      expect(await countBars(db, ins.id)).toBe(ROWS);
    } finally {
      await db.close();
    }
  }, 180_000);
});
