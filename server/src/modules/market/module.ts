// The market module's runtime: routes, provider and reference jobs, start-up seeding and demo data.
import { makeCtx } from "../../platform/context.ts";
import type { ModuleRuntime } from "../../platform/module.ts";
import { demoPending, loadDemoData, seedConfiguredInstruments } from "./demo.ts";
import { marketHome } from "./overview/home.ts";
import { registerProviderJobs } from "./providers/jobs.ts";
import { registerReferenceJobs, TREASURY_JOB } from "./reference/jobs.ts";
import * as referenceRepo from "./reference/repository.ts";

export const marketRuntime: ModuleRuntime = {
  jobs(platform) {
    const failed = (err: unknown) => console.error("market: a job schedule could not be saved", err);
    registerProviderJobs(platform.jobs, platform.config.MARKET_REFRESH_CRON).catch(failed);
    registerReferenceJobs(platform.jobs).catch(failed);
  },

  // Routes load only in the server, so a CLI command does not pay for the HTTP layer.
  async routes(app, platform) {
    const [{ marketRoutes }, { providerRoutes }, { referenceRoutes }] = await Promise.all([
      import("./routes.ts"),
      import("./providers/routes.ts"),
      import("./reference/routes.ts"),
    ]);
    await marketRoutes(app, platform);
    await providerRoutes(app, platform);
    await referenceRoutes(app, platform);
  },

  demo: { pending: demoPending, load: loadDemoData },

  // Home cards (markets at a glance, the default watchlist) and first-run guide steps.
  home: marketHome,

  /**
   * Every start applies the configured instrument list. On the first start of an empty embedded
   * database with BULLPEN_DEMO_DATA on, the demo data set loads in the background (the server answers
   * meanwhile) and the bundled Treasury yields are queued once. Never into a shared server.
   */
  async start(platform, { log, stopping }) {
    const ctx = makeCtx(platform, { origin: "system", log, userAgent: "bullpen-startup" });
    const seeded = await seedConfiguredInstruments(ctx);
    log.info(seeded, "market: configured instruments applied");
    const { config, database } = platform;
    if (!config.BULLPEN_DEMO_DATA || database.kind !== "pglite") return undefined;
    const treasury = await referenceRepo.seriesByCode(database.db, "UST10Y_CMT_1962").catch(() => null);
    if (!treasury) await platform.jobs.send(TREASURY_JOB, {}, { singletonKey: "treasury" }).catch(() => null);
    if (!(await demoPending(ctx))) return undefined;
    const background = loadDemoData(ctx, (m) => log.info(m)).catch((err) =>
      stopping()
        ? log.info("market: demo data load stopped by the shutdown; the next start finishes it")
        : log.error({ err }, "market: demo data failed to load"),
    );
    return { background };
  },
};
