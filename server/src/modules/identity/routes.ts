// Identity's HTTP routes (documented in /openapi.json and docs/api.md): thin handlers over the verbs, one
// routes.ts per sub-domain. Registered in this order so that the OpenAPI document (and the web's
// generated types) keeps its order: the public /api/auth endpoints first, then the signed-in account,
// administration and OIDC sign-in.
import type { FastifyInstance } from "fastify";
import type { Platform } from "../../platform/platform.ts";
import { adminRoutes } from "./admin/routes.ts";
import { apiKeysRoutes } from "./api-keys/routes.ts";
import { mfaRoutes } from "./mfa/routes.ts";
import { oidcRoutes } from "./oidc/routes.ts";
import { passwordResetRoutes } from "./password-reset/routes.ts";
import { phoneRoutes } from "./phone/routes.ts";
import { profileRoutes } from "./profile/routes.ts";
import { emailVerificationRoutes, registrationRoutes } from "./registration/routes.ts";
import { sessionsRoutes, signInRoutes } from "./sessions/routes.ts";

/** Every identity route: sign-up and sign-in, the signed-in account, administration, OIDC sign-in. */
export async function identityRoutes(app: FastifyInstance, platform: Platform): Promise<void> {
  await registrationRoutes(app, platform);
  await signInRoutes(app, platform);
  await emailVerificationRoutes(app, platform);
  await passwordResetRoutes(app, platform);
  await profileRoutes(app, platform);
  await phoneRoutes(app, platform);
  await sessionsRoutes(app, platform);
  await apiKeysRoutes(app, platform);
  await mfaRoutes(app, platform);
  await adminRoutes(app, platform);
  await oidcRoutes(app, platform);
}
