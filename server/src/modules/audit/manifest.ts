// The audit module's manifest: cheap to import (the CLI reads it for --help).
import { defineModule } from "../../platform/module.ts";
import { auditCommands } from "./cli.ts";

export const auditModule = defineModule({
  name: "audit",
  schema: "audit",
  commands: auditCommands,
  load: async () => (await import("./module.ts")).auditRuntime,
});
