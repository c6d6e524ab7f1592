import { type Config, loadConfig } from "./config.ts";
import { systemClock } from "./platform/clock.ts";
import { openDatabase } from "./platform/db.ts";
import { createJobs } from "./platform/jobs.ts";
import { runMigrations } from "./platform/migrate.ts";
import type { Platform } from "./platform/platform.ts";
import { loadKeyring } from "./platform/secrets.ts";

export interface BootOptions {
  config?: Config;
  /** Apply pending migrations (the server and `bullpen migrate` do; read-only commands need not). */
  migrate?: boolean;
  log?: (msg: string) => void;
}

/** Opens the database, migrates and loads the master key: everything a process needs before work. */
export async function bootPlatform(
  opts: BootOptions = {},
): Promise<Platform & { migrated: number; keyOrigin: string; keyGenerated: boolean }> {
  const config = opts.config ?? loadConfig();
  const database = await openDatabase({
    url: config.DATABASE_URL,
    dataDir: config.dataDir,
    poolSize: config.DATABASE_POOL_SIZE,
  });
  try {
    const migrated = opts.migrate === false ? 0 : (await runMigrations(database)).applied;
    const key = loadKeyring({
      envKey: config.BULLPEN_SECRET_KEY,
      envPreviousKey: config.BULLPEN_SECRET_KEY_PREVIOUS,
      dataDir: config.dataDir,
      embedded: database.kind === "pglite",
    });
    return {
      config,
      database,
      keyring: key.keyring,
      clock: systemClock,
      jobs: createJobs({ config, database, clock: systemClock }),
      migrated,
      keyOrigin: key.origin,
      keyGenerated: key.generated,
    };
  } catch (err) {
    await database.close();
    throw err;
  }
}
