// The portfolio module's manifest: cheap to import (the CLI reads it for --help).
import { defineModule } from "../../platform/module.ts";
import { portfolioCommands } from "./cli.ts";

export const portfolioModule = defineModule({
  name: "portfolio",
  schema: "portfolio",
  commands: portfolioCommands,
  load: async () => (await import("./module.ts")).portfolioRuntime,
});
