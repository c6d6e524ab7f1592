// The reference half of the market module: fundamentals, macro series, regimes.
import type { FastifyInstance } from "fastify";
import type { Platform } from "../../../platform/platform.ts";
import { registerReferenceJobs, TREASURY_JOB } from "./jobs.ts";
import * as repo from "./repository.ts";
import { referenceRoutes } from "./routes.ts";

export { REGIMES_JOB } from "./jobs.ts";
export { computeRegimes } from "./regimes.ts";
export {
  addFundamentals,
  getFundamentals,
  loadTreasuryCmt,
  recomputeRegimes,
  saveMacroSeries,
} from "./service.ts";

/**
 * Registers routes and jobs. With demo data on, the bundled Treasury yields are queued for loading
 * once (when absent), so a new installation has a macro series to look at.
 */
export async function registerMarketReference(app: FastifyInstance, platform: Platform): Promise<void> {
  await registerReferenceJobs(platform.jobs);
  await referenceRoutes(app, platform);
  // Like the module's demo data: only for the embedded database, never into a shared server.
  if (platform.config.BULLPEN_DEMO_DATA && platform.database.kind === "pglite") {
    const present = await repo.seriesByCode(platform.database.db, "UST10Y_CMT_1962").catch(() => null);
    if (!present) await platform.jobs.send(TREASURY_JOB, {}, { singletonKey: "treasury" }).catch(() => null);
  }
}
