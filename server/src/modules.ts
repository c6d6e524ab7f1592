import type { FastifyInstance } from "fastify";
import { registerIdentity } from "./modules/identity/index.ts";
import type { Platform } from "./platform/platform.ts";

/** Every module's routes, hooks and jobs, registered in dependency order. */
export async function registerModules(app: FastifyInstance, platform: Platform): Promise<void> {
  await registerIdentity(app, platform);
}
