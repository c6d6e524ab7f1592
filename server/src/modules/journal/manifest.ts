// The journal module's manifest: cheap to import (the CLI reads it for --help).
import { defineModule } from "../../platform/module.ts";

export const journalModule = defineModule({
  name: "journal",
  schema: "journal",
  load: async () => (await import("./module.ts")).journalRuntime,
});
