// The home module's runtime: the dashboard's routes. It lists what the other modules declare in
// their runtime's `home` (cards and first-run guide steps) and keeps each user's guide state.
import type { ModuleRuntime } from "../../platform/module.ts";

export const homeRuntime: ModuleRuntime = {
  // Loaded only in the server, so a CLI command does not pay for the HTTP layer.
  routes: async (app, platform) => (await import("./routes.ts")).homeRoutes(app, platform),
};
