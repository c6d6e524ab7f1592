// The notify module's runtime: outbox delivery jobs and the notification routes.
import type { ModuleRuntime } from "../../platform/module.ts";
import { registerNotifyJobs } from "./jobs.ts";

export const notifyRuntime: ModuleRuntime = {
  jobs: (platform) => registerNotifyJobs(platform),
  // Loaded only in the server, so a CLI command does not pay for the HTTP layer.
  routes: async (app, platform) => (await import("./routes.ts")).notifyRoutes(app, platform),
};
