// `bullpen db info` (dead space) and `bullpen db vacuum` as real child processes, on a temporary
// data directory or a fresh database on the PostgreSQL server when TEST_DATABASE_URL is set.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { usingPostgres } from "../../test/harness.ts";
import { openDatabase } from "../platform/db/index.ts";

const bin = fileURLToPath(new URL("../../../bin/bullpen.js", import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), "bullpen-db-"));
const env: Record<string, string> = {
  PATH: process.env.PATH ?? "",
  HOME: process.env.HOME ?? dataDir,
  BULLPEN_DATA_DIR: dataDir,
  BULLPEN_DEMO_DATA: "false",
  LOG_LEVEL: "warn",
};
let dropDatabase: (() => Promise<void>) | undefined;

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  if (!usingPostgres) return;
  const admin = new URL(process.env.TEST_DATABASE_URL as string);
  const name = `bullpen_db_${randomBytes(5).toString("hex")}`;
  const c = new pg.Client({ connectionString: admin.toString() });
  await c.connect();
  await c.query(`create database ${name}`);
  await c.end();
  const url = new URL(admin.toString());
  url.pathname = `/${name}`;
  env.DATABASE_URL = url.toString();
  env.BULLPEN_SECRET_KEY = randomBytes(32).toString("hex");
  dropDatabase = async () => {
    const d = new pg.Client({ connectionString: admin.toString() });
    await d.connect();
    await d.query(`drop database if exists ${name} with (force)`);
    await d.end();
  };
});
afterAll(async () => {
  await dropDatabase?.();
  rmSync(dataDir, { recursive: true, force: true });
});

interface Table {
  table: string;
  totalBytes: number;
  rows: number | null;
  deadRows: number | null;
  reclaimableBytes: number | null;
}
const requests = (info: { largestTables: Table[] }) =>
  info.largestTables.find((t) => t.table === "audit.api_requests");

describe("bullpen db", () => {
  it("shows the dead space a large delete leaves; vacuum makes it reusable, vacuum --full gives it back", async () => {
    expect((await cli(["migrate"])).code).toBe(0);
    // Ten days of request log written in order, then its retention deleting the oldest nine tenths (no
    // process runs
    // maintenance meanwhile: the embedded database is closed, and a server's autovacuum is not immediate).
    const db = await openDatabase({ url: env.DATABASE_URL, dataDir, poolSize: 2 });
    try {
      await db.exec(
        `insert into audit.api_requests (occurred_at, method, route, status_code, response_time_ms)
         select now() - (100001 - g) * interval '10 second', 'GET', '/api/instruments/:id/bars', 200, 1.5
           from generate_series(1, 100000) g;
         analyze audit.api_requests;
         delete from audit.api_requests where occurred_at < now() - interval '10000 second';
         analyze audit.api_requests;`,
      );
    } finally {
      await db.close();
    }

    const before = JSON.parse((await cli(["db", "info", "--json"])).stdout);
    expect(before.walBytes).toBeGreaterThan(0);
    expect(requests(before)?.rows).toBeLessThan(2000);
    expect(requests(before)?.reclaimableBytes).toBeGreaterThan(0.7 * (requests(before)?.totalBytes ?? 0));
    const text = await cli(["db", "info"]);
    expect(text.stdout).toMatch(/largest tables \(dead space ~\d/);
    expect(text.stdout).toMatch(/ audit\.api_requests +\d/);

    const vacuum = await cli(["db", "vacuum"]);
    expect(vacuum.code, vacuum.stderr).toBe(0);
    expect(vacuum.stdout).toMatch(/^vacuum: \d+ tables vacuumed, \d+ analyzed/);
    if (!usingPostgres) expect(vacuum.stdout).toContain("checkpoint");
    // Plain VACUUM keeps the pages for new rows (and adds its free-space map): the files stay as large.
    const reused = JSON.parse((await cli(["db", "info", "--json"])).stdout);
    expect(requests(reused)?.totalBytes).toBeGreaterThanOrEqual(requests(before)?.totalBytes ?? 0);
    if (usingPostgres) expect(requests(reused)?.deadRows).toBe(0);

    const full = await cli(["db", "vacuum", "--full"]);
    expect(full.code, full.stderr).toBe(0);
    expect(full.stdout).toMatch(/^vacuum full: /);
    const after = JSON.parse((await cli(["db", "info", "--json"])).stdout);
    expect(requests(after)?.totalBytes).toBeLessThan(0.3 * (requests(before)?.totalBytes ?? 0));
    expect(after.databaseBytes).toBeLessThan(before.databaseBytes);
  }, 120_000);
});
