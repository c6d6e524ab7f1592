// The home module's manifest: cheap to import (the CLI reads it for --help).
import { defineModule } from "../../platform/module.ts";

export const homeModule = defineModule({
  name: "home",
  schema: "home",
  load: async () => (await import("./module.ts")).homeRuntime,
});
