// The notify module's runtime: outbox delivery jobs, the notification routes, and the sealed bodies
// of messages that carry a one-time secret.
import type { ModuleRuntime } from "../../platform/module.ts";
import { registerNotifyJobs } from "./jobs.ts";
import { OUTBOX_SECRET_AAD } from "./secret-body.ts";

export const notifyRuntime: ModuleRuntime = {
  // Re-encrypted by `bullpen secrets rotate`.
  encryptedColumns: [
    { table: "notify.outbox", idColumn: "id", column: "secret_body", aad: OUTBOX_SECRET_AAD },
  ],
  jobs: (platform) => registerNotifyJobs(platform),
  // Loaded only in the server, so a CLI command does not pay for the HTTP layer.
  routes: async (app, platform) => (await import("./routes.ts")).notifyRoutes(app, platform),
};
