// The audit module's runtime: the request-log hook, the retention job and the chain's checkpoints.
import type { FastifyBaseLogger } from "fastify";
import type { ModuleRuntime } from "../../platform/module.ts";
import type { Platform } from "../../platform/platform.ts";
import { checkpointPath, writeCheckpoint } from "./chain/checkpoint.ts";
import { chainKeyAad } from "./chain/repository.ts";
import { insertSecurityEvent, pruneApiRequests } from "./repository.ts";
import { installApiRequestLog } from "./request-log.ts";

export const API_REQUESTS_RETENTION_JOB = "audit.api-requests-retention";
export const AUDIT_CHECKPOINT_JOB = "audit.checkpoint";

/**
 * Writes a checkpoint of the chain's head (chain/checkpoint.ts) and logs it, so the head is also in
 * the log stream; a checkpoint file the chain no longer extends is kept, and reported as critical.
 */
async function checkpoint(platform: Platform, log: FastifyBaseLogger, when: string): Promise<void> {
  const path = checkpointPath(platform.config);
  const now = platform.clock.now();
  const r = await writeCheckpoint({ db: platform.database.db, keyring: platform.keyring, now, path });
  if (r.outcome !== "refused") {
    if (r.outcome === "written") log.info({ auditCheckpoint: r.checkpoint, path, when }, "audit checkpoint");
    return;
  }
  log.error(
    { path, reason: r.reason, checkpoint: r.checkpoint },
    "audit checkpoint REFUSED: the chain does not extend the last checkpoint",
  );
  await insertSecurityEvent(platform.database.db, {
    occurredAt: now,
    category: "audit",
    severity: "critical",
    eventCode: "audit_checkpoint_refused",
    requiresReview: true,
    details: { path, reason: r.reason, checkpoint: r.checkpoint ?? null },
  });
}

// The servers started in this process, with their logger: they write a checkpoint when they stop too.
const serving = new WeakMap<Platform, FastifyBaseLogger>();

/** At start and stop a failed checkpoint is logged, never fatal: the schedule tries again. */
async function checkpointOrLog(platform: Platform, log: FastifyBaseLogger, when: string): Promise<void> {
  try {
    await checkpoint(platform, log, when);
  } catch (err) {
    log.error({ err, when }, "audit checkpoint failed");
  }
}

export const auditRuntime: ModuleRuntime = {
  // The chain keys are envelopes under the master key: `bullpen secrets rotate` re-wraps them.
  encryptedColumns: [{ table: "audit.chain_keys", idColumn: "id", column: "key", aad: chainKeyAad }],
  jobs(platform) {
    platform.jobs.register(API_REQUESTS_RETENTION_JOB, async (_data, ctx) => {
      const days = ctx.config.API_REQUESTS_RETENTION_DAYS;
      const before = new Date(ctx.clock.now().getTime() - days * 86_400_000);
      const removed = await pruneApiRequests(ctx.db, before);
      ctx.log.info({ removed, before }, "pruned api_requests");
    });
    void platform.jobs.schedule(API_REQUESTS_RETENTION_JOB, "17 3 * * *");
    platform.jobs.register(AUDIT_CHECKPOINT_JOB, (_data, ctx) => checkpoint(platform, ctx.log, "schedule"));
    void platform.jobs.schedule(AUDIT_CHECKPOINT_JOB, platform.config.AUDIT_CHECKPOINT_CRON);
  },
  // Every API request (route pattern, status, latency, user) in batches, unless API_REQUEST_LOG=false.
  async routes(app, platform) {
    const { config } = platform;
    if (!config.API_REQUEST_LOG) return;
    installApiRequestLog(
      app,
      { database: platform.database, clock: platform.clock },
      { maxRows: config.API_REQUEST_FLUSH_ROWS, intervalMs: config.API_REQUEST_FLUSH_MS },
    );
  },
  // The server checkpoints at start (keying a legacy chain if need be) and again when it stops.
  async start(platform, env) {
    serving.set(platform, env.log);
    await checkpointOrLog(platform, env.log, "start");
    return undefined;
  },
  async stop(platform) {
    const log = serving.get(platform);
    if (!log) return;
    serving.delete(platform);
    await checkpointOrLog(platform, log, "stop");
  },
};
