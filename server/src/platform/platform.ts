import type { Config } from "../config.ts";
import type { Clock } from "./clock.ts";
import type { Database } from "./db/index.ts";
import type { Jobs } from "./jobs.ts";
import type { Limits } from "./limits.ts";
import type { Keyring } from "./secrets.ts";

/** The long-lived services every module may use; built once at start (or per test). */
export interface Platform {
  config: Config;
  database: Database;
  keyring: Keyring;
  clock: Clock;
  /** The durable job queue (pg-boss); workers run only where `jobs.start()` is called. */
  jobs: Jobs;
  /** Rate limiters: in memory, or in Redis (REDIS_URL) so every process shares them. */
  limits: Limits;
}
