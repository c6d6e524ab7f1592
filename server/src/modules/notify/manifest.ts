// The notify module's manifest: cheap to import (the CLI reads it for --help).
import { defineModule } from "../../platform/module.ts";

export const notifyModule = defineModule({
  name: "notify",
  schema: "notify",
  load: async () => (await import("./module.ts")).notifyRuntime,
});
