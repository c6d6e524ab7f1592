import type { FastifyInstance } from "fastify";
import { registerAudit } from "./modules/audit/index.ts";
import { registerIdentity } from "./modules/identity/index.ts";
import { oidcRoutes } from "./modules/identity/oidc-routes.ts";
import { registerMarket } from "./modules/market/index.ts";
import { registerNotify } from "./modules/notify/index.ts";
import type { Platform } from "./platform/platform.ts";

/** Every module's routes, hooks and jobs, registered in dependency order. */
export async function registerModules(app: FastifyInstance, platform: Platform): Promise<void> {
  await registerAudit(app, platform);
  await registerIdentity(app, platform);
  await oidcRoutes(app, platform);
  await registerNotify(app, platform);
  await registerMarket(app, platform);
}
