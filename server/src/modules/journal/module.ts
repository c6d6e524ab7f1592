// The journal module's runtime: what it adds to the server (routes; later jobs, start-up work).
import type { ModuleRuntime } from "../../platform/module.ts";
import { journalRoutes } from "./routes.ts";

export const journalRuntime: ModuleRuntime = {
  routes: (app, platform) => journalRoutes(app, platform),
};
