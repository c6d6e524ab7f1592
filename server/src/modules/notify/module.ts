// The notify module's runtime: outbox delivery jobs and the notification routes.
import type { ModuleRuntime } from "../../platform/module.ts";
import { registerNotifyJobs } from "./jobs.ts";
import { notifyRoutes } from "./routes.ts";

export const notifyRuntime: ModuleRuntime = {
  jobs: (platform) => registerNotifyJobs(platform),
  routes: (app, platform) => notifyRoutes(app, platform),
};
