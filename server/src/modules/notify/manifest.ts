// The notify module's manifest: cheap to import (the CLI reads it for --help).
import { defineModule } from "../../platform/module.ts";
import { notifyCommands } from "./cli.ts";

export const notifyModule = defineModule({
  name: "notify",
  schema: "notify",
  commands: notifyCommands,
  load: async () => (await import("./module.ts")).notifyRuntime,
});
