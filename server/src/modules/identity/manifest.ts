// The identity module's manifest: cheap to import (the CLI reads it for --help).
import { defineModule } from "../../platform/module.ts";
import { identityCommands } from "./cli.ts";

export const identityModule = defineModule({
  name: "identity",
  schema: "identity",
  commands: identityCommands,
  load: async () => (await import("./module.ts")).identityRuntime,
});
