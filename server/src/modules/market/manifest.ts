// The market module's manifest: cheap to import (the CLI reads it for --help).
import { defineModule } from "../../platform/module.ts";
import { marketCommands } from "./cli.ts";

export const marketModule = defineModule({
  name: "market",
  schema: "market",
  commands: marketCommands,
  load: async () => (await import("./module.ts")).marketRuntime,
});
