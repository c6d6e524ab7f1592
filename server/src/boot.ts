import { randomBytes } from "node:crypto";
import pino from "pino";
import { type Config, loadConfig } from "./config.ts";
import { type Clock, systemClock } from "./platform/clock.ts";
import { type Ctx, makeCtx } from "./platform/context.ts";
import { type Database, openDatabaseFor } from "./platform/db/index.ts";
import { createJobs } from "./platform/jobs.ts";
import { createLimits } from "./platform/limits.ts";
import { runMigrations } from "./platform/migrate.ts";
import type { Platform } from "./platform/platform.ts";
import { Keyring, loadKeyring } from "./platform/secrets.ts";

export interface BootOptions {
  config?: Config;
  /** Apply pending migrations (the server and `bullpen migrate` do; read-only commands need not). */
  migrate?: boolean;
  log?: (msg: string) => void;
  /** A database already being opened (the CLI starts it before it loads the rest). */
  database?: Promise<Database>;
}

/** The platform around an open database: the job queue (not started) and the rate limiters. */
export function assemblePlatform(p: {
  config: Config;
  database: Database;
  keyring: Keyring;
  clock?: Clock;
}): Platform {
  const clock = p.clock ?? systemClock;
  const platform: Platform = {
    config: p.config,
    database: p.database,
    keyring: p.keyring,
    clock,
    jobs: createJobs({
      config: p.config,
      database: p.database,
      clock,
      ctx: (log) => makeCtx(platform, { origin: "system", log, userAgent: "bullpen-worker" }),
    }),
    limits: createLimits({ enabled: p.config.RATE_LIMIT_ENABLED, redisUrl: p.config.REDIS_URL }),
  };
  return platform;
}

/**
 * A verb ctx for the local operator on an open database, without the rest of a process (child
 * processes of tests and benchmarks): a throw-away master key, rate limits off.
 */
export function operatorCtxOn(database: Database, config: Config, userAgent: string): Ctx {
  const platform = assemblePlatform({
    config: { ...config, RATE_LIMIT_ENABLED: false, REDIS_URL: undefined },
    database,
    keyring: new Keyring(randomBytes(32)),
  });
  return makeCtx(platform, { origin: "operator", log: pino({ level: "silent" }), userAgent });
}

/** Opens the database, migrates and loads the master key: everything a process needs before work. */
export async function bootPlatform(
  opts: BootOptions = {},
): Promise<Platform & { migrated: number; keyOrigin: string; keyGenerated: boolean }> {
  const config = opts.config ?? loadConfig();
  const database = await (opts.database ?? openDatabaseFor(config));
  try {
    const migrated = opts.migrate === false ? 0 : (await runMigrations(database)).applied;
    const key = loadKeyring({
      envKey: config.BULLPEN_SECRET_KEY,
      envPreviousKey: config.BULLPEN_SECRET_KEY_PREVIOUS,
      dataDir: config.dataDir,
      embedded: database.kind === "pglite",
    });
    return {
      ...assemblePlatform({ config, database, keyring: key.keyring }),
      migrated,
      keyOrigin: key.origin,
      keyGenerated: key.generated,
    };
  } catch (err) {
    await database.close();
    throw err;
  }
}

/** Stops the job queue, the rate limiters' connections and the database, in that order. */
export async function closePlatform(platform: Platform, jobsTimeoutMs?: number): Promise<void> {
  await platform.jobs.stop(jobsTimeoutMs);
  await platform.limits.close();
  await platform.database.close();
}
