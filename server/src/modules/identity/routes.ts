// Identity's HTTP routes (documented in /openapi.json and docs/api.md): thin handlers over the verbs, one file per area.
// Registered in this order so that the OpenAPI document (and the web's generated types) keeps its order.
import type { FastifyInstance } from "fastify";
import type { Platform } from "../../platform/platform.ts";
import { adminRoutes } from "./admin/routes.ts";
import { apiKeysRoutes } from "./api-keys/routes.ts";
import { mfaRoutes } from "./mfa/routes.ts";
import { oidcRoutes } from "./oidc/routes.ts";
import { phoneRoutes } from "./phone/routes.ts";
import { profileRoutes } from "./profile/routes.ts";
import { authRoutes } from "./registration/routes.ts";
import { sessionsRoutes } from "./sessions/routes.ts";

/** Every identity route: sign-up and sign-in, the signed-in account, administration, OIDC sign-in. */
export async function identityRoutes(app: FastifyInstance, platform: Platform): Promise<void> {
  await authRoutes(app, platform);
  await profileRoutes(app, platform);
  await phoneRoutes(app, platform);
  await sessionsRoutes(app, platform);
  await apiKeysRoutes(app, platform);
  await mfaRoutes(app, platform);
  await adminRoutes(app, platform);
  await oidcRoutes(app, platform);
}
