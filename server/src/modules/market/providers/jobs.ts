// Provider jobs: the fetch-run worker (retried with backoff by the queue), the scheduled daily
// refresh of bars and FX, and the retention purge.
import type { Jobs } from "../../../platform/jobs.ts";
import { refreshAllQuotes } from "../quotes/service.ts";
import { createFxRun, createRefreshRun, executeRun, FETCH_JOB, purgeProviderData } from "./service.ts";

export const REFRESH_JOB = "market.refresh";
export const RETENTION_JOB = "market.provider-retention";
const RETENTION_CRON = "17 3 * * *";

/** Registers the handlers and schedules; `refreshCron` comes from MARKET_REFRESH_CRON. */
export async function registerProviderJobs(jobs: Jobs, refreshCron: string): Promise<void> {
  jobs.register<{ runId: string }>(
    FETCH_JOB,
    async (data, c) => {
      const outcome = await executeRun({
        ctx: c,
        input: { runId: data.runId, finalAttempt: c.job.retryCount >= c.job.retryLimit },
      });
      // Throwing hands the job back to the queue, which retries it later with exponential backoff.
      if (outcome === "retry")
        throw new Error(`fetch run ${data.runId}: transient provider failure, will retry`);
    },
    {
      retryLimit: 4,
      retryDelaySeconds: 30,
      retryBackoff: true,
      retryDelayMaxSeconds: 1800,
      expireInSeconds: 3600,
    },
  );
  jobs.register(
    REFRESH_JOB,
    async (_data, c) => {
      // Quotes from the bars already stored (offline too; fetched bars refresh theirs as they land).
      const quotes = await refreshAllQuotes({ ctx: c, input: {} });
      c.log.info(quotes, "market refresh: quotes recomputed");
      const run = await createRefreshRun({ ctx: c, input: {} });
      if (run) await c.jobs.send(FETCH_JOB, { runId: run.id }, { singletonKey: run.id });
      else c.log.info("market refresh: no instrument is covered by an enabled provider (offline mode)");
      const fx = await createFxRun({ ctx: c, input: {} });
      if (fx) await c.jobs.send(FETCH_JOB, { runId: fx.id }, { singletonKey: fx.id });
    },
    { retryLimit: 2 },
  );
  jobs.register(RETENTION_JOB, async (_data, c) => {
    const r = await purgeProviderData({ ctx: c, input: {} });
    c.log.info(r, "market provider retention: rows deleted");
  });
  await jobs.schedule(REFRESH_JOB, refreshCron);
  await jobs.schedule(RETENTION_JOB, RETENTION_CRON);
}
