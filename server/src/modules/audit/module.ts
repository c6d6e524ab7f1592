// The audit module's runtime: the request-log hook and the retention job.
import type { ModuleRuntime } from "../../platform/module.ts";
import { pruneApiRequests } from "./repository.ts";
import { installApiRequestLog } from "./request-log.ts";

export const API_REQUESTS_RETENTION_JOB = "audit.api-requests-retention";

export const auditRuntime: ModuleRuntime = {
  jobs(platform) {
    platform.jobs.register(API_REQUESTS_RETENTION_JOB, async (_data, ctx) => {
      const days = ctx.config.API_REQUESTS_RETENTION_DAYS;
      const before = new Date(ctx.clock.now().getTime() - days * 86_400_000);
      const removed = await pruneApiRequests(ctx.db, before);
      ctx.log.info({ removed, before }, "pruned api_requests");
    });
    void platform.jobs.schedule(API_REQUESTS_RETENTION_JOB, "17 3 * * *");
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
};
