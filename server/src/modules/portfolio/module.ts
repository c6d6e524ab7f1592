// The portfolio module's runtime: the ledger's routes, broker-connection credentials registered for
// key rotation. Sub-domains add their routes, jobs and home card here.
import type { ModuleRuntime } from "../../platform/module.ts";
import { credentialsAad } from "./connections/secrets.ts";
import { portfolioHome } from "./overview/home.ts";

export const portfolioRuntime: ModuleRuntime = {
  encryptedColumns: [
    {
      table: "portfolio.broker_connections",
      idColumn: "id",
      column: "credentials",
      aad: credentialsAad,
    },
  ],
  // The daily sync of every active broker connection (PORTFOLIO_SYNC_CRON).
  jobs(platform) {
    import("./connections/jobs.ts")
      .then((m) => m.registerConnectionJobs(platform.jobs, platform.config.PORTFOLIO_SYNC_CRON))
      .catch((err) => console.error("portfolio: the connection sync schedule could not be saved", err));
  },
  // The card leading the home dashboard and the guide's step "add your portfolio".
  home: portfolioHome,
  // Loaded only in the server, so a CLI command does not pay for the HTTP layer.
  routes: async (app, platform) => (await import("./routes.ts")).portfolioRoutes(app, platform),
  // The screenshot OCR worker, if one was started.
  stop: async () => (await import("./snapshots/ocr.ts")).stopOcr(),
};
