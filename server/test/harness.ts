// Test harness: a real database per test file (in-memory PGlite by default, a fresh database on
// the PostgreSQL server when TEST_DATABASE_URL is set), migrated, plus a built app for inject().
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import pg from "pg";
import { buildApp } from "../src/app.ts";
import { assemblePlatform, closePlatform } from "../src/boot.ts";
import { type Config, loadConfig } from "../src/config.ts";
import { type Clock, systemClock } from "../src/platform/clock.ts";
import { type Database, MEMORY, openDatabase } from "../src/platform/db/index.ts";
import { runMigrations } from "../src/platform/migrate.ts";
import type { Platform } from "../src/platform/platform.ts";
import { Keyring } from "../src/platform/secrets.ts";

export const usingPostgres = Boolean(process.env.TEST_DATABASE_URL);

/** A settable clock for tests that cross expiry times. */
export function testClock(start = new Date()): Clock & { set(d: Date): void; advance(ms: number): void } {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    set: (d) => {
      now = d.getTime();
    },
    advance: (ms) => {
      now += ms;
    },
  };
}

export interface TestEnv {
  platform: Platform;
  database: Database;
  close(): Promise<void>;
}

/** Opens a fresh, migrated database and a platform around it. */
export async function createTestPlatform(
  opts: { env?: Record<string, string>; clock?: Clock; pgliteDir?: string } = {},
): Promise<TestEnv> {
  const config: Config = loadConfig({
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    BULLPEN_DEMO_DATA: "false",
    BULLPEN_WORKER: "false",
    BCRYPT_COST: "10",
    // A scheduled audit checkpoint that fires during a test must not land in a real ./data.
    AUDIT_CHECKPOINT_FILE: join(
      tmpdir(),
      `bullpen-test-${randomBytes(6).toString("hex")}`,
      "audit-checkpoint.json",
    ),
    ...opts.env,
  });
  let dropDatabase: (() => Promise<void>) | undefined;
  let database: Database;
  if (usingPostgres) {
    const admin = new URL(process.env.TEST_DATABASE_URL as string);
    const name = `bullpen_t_${randomBytes(6).toString("hex")}`;
    const client = new pg.Client({ connectionString: admin.toString() });
    await client.connect();
    await client.query(`create database ${name}`);
    await client.end();
    const url = new URL(admin.toString());
    url.pathname = `/${name}`;
    database = await openDatabase({ url: url.toString(), dataDir: MEMORY, poolSize: 5 });
    dropDatabase = async () => {
      const c = new pg.Client({ connectionString: admin.toString() });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
  } else {
    database = await openDatabase({ dataDir: opts.pgliteDir ?? MEMORY });
  }
  await runMigrations(database);
  const platformConfig = { ...config, DATABASE_URL: usingPostgres ? "postgres://test" : undefined };
  const clock = opts.clock ?? systemClock;
  const platform: Platform = assemblePlatform({
    config: platformConfig,
    database,
    keyring: new Keyring(randomBytes(32)),
    clock,
  });
  return {
    platform,
    database,
    close: async () => {
      await closePlatform(platform, 2000);
      await dropDatabase?.();
    },
  };
}

/** A platform plus the HTTP app built on it. */
export async function createTestApp(
  opts: { env?: Record<string, string>; clock?: Clock; pgliteDir?: string } = {},
): Promise<TestEnv & { app: FastifyInstance }> {
  const env = await createTestPlatform(opts);
  const app = await buildApp(env.platform, { logger: false, serveWeb: false });
  await app.ready();
  return {
    ...env,
    app,
    close: async () => {
      await app.close();
      await env.close();
    },
  };
}
