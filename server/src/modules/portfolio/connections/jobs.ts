// The scheduled sync: every active connection of every user, one job each, so one broker's outage
// delays nobody else's sync and each failure is recorded on its own connection.
import type { Jobs } from "../../../platform/jobs.ts";
import * as repo from "./repository.ts";
import { syncConnection } from "./service.ts";

export const SYNC_ALL_JOB = "portfolio.sync-all";
export const SYNC_ONE_JOB = "portfolio.sync-connection";

export async function registerConnectionJobs(jobs: Jobs, cron: string): Promise<void> {
  jobs.register(SYNC_ALL_JOB, async (_data, c) => {
    const list = await repo.activeConnections(c.db);
    for (const { id, userId } of list) await c.jobs.send(SYNC_ONE_JOB, { id, userId }, { singletonKey: id });
    c.log.info({ connections: list.length }, "portfolio: connection syncs queued");
  });
  jobs.register<{ id: string; userId: string }>(
    SYNC_ONE_JOB,
    async (data, c) => {
      const { outcome } = await syncConnection({ ctx: c, input: data });
      c.log.info(
        { connection: data.id, ok: outcome.ok, added: outcome.added },
        "portfolio: connection synced",
      );
    },
    { retryLimit: 1, expireInSeconds: 900 },
  );
  await jobs.schedule(SYNC_ALL_JOB, cron);
}
