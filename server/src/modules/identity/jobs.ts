// Identity's scheduled work: deleting sessions and codes that can never be used again.
import type { Db } from "../../platform/db/index.ts";
import type { Jobs } from "../../platform/jobs.ts";
import { purgeDeadCodes } from "./codes/repository.ts";
import { LOCK_WINDOW_SECONDS } from "./limits.ts";
import { purgeDeadSessions, purgeOldFailures } from "./sessions/repository.ts";

export const CLEANUP_JOB = "identity.cleanup";

/**
 * Removes sessions past their absolute expiry, idle past SESSION_IDLE_HOURS, or revoked more than a
 * day ago, verification codes expired or consumed more than a day ago, and failed sign-in counts
 * that have lapsed (no failure for the longest window, no back-off in force). Idempotent.
 */
export async function cleanupIdentity(
  db: Db,
  now: Date,
  idleHours: number,
): Promise<{ sessions: number; codes: number; signInFailures: number }> {
  const idleBefore = new Date(now.getTime() - idleHours * 3600_000);
  return {
    sessions: await purgeDeadSessions(db, now, idleBefore),
    codes: await purgeDeadCodes(db, now),
    signInFailures: await purgeOldFailures(db, now, new Date(now.getTime() - LOCK_WINDOW_SECONDS * 1000)),
  };
}

/** Registers the clean-up handler and its hourly schedule. */
export function registerIdentityJobs(jobs: Jobs): void {
  jobs.register(CLEANUP_JOB, async (_data, ctx) => {
    const removed = await cleanupIdentity(ctx.db, ctx.clock.now(), ctx.config.SESSION_IDLE_HOURS);
    ctx.log.info(removed, "identity clean-up");
  });
  void jobs.schedule(CLEANUP_JOB, "23 * * * *");
}
