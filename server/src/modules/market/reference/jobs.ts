// Reference-data jobs: nightly regime recomputation (after the market refresh) and the one-off
// load of the bundled Treasury yields.
import type { Jobs } from "../../../platform/jobs.ts";
import { recomputeRegimes } from "./service.ts";
import { loadTreasuryCmt } from "./treasury.ts";

export const REGIMES_JOB = "market.regimes";
export const TREASURY_JOB = "market.load-treasury";
const REGIMES_CRON = "45 23 * * *";

export async function registerReferenceJobs(jobs: Jobs): Promise<void> {
  jobs.register(
    REGIMES_JOB,
    async (_data, c) => {
      const r = await recomputeRegimes({ ctx: c, input: {} });
      c.log.info(r, "regime indicators recomputed");
    },
    { retryLimit: 3, retryDelaySeconds: 60, retryBackoff: true },
  );
  jobs.register(TREASURY_JOB, async (_data, c) => {
    const n = await loadTreasuryCmt({ ctx: c, input: {} });
    c.log.info({ observations: n }, "treasury yields loaded");
  });
  await jobs.schedule(REGIMES_JOB, REGIMES_CRON);
}
