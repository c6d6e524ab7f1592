// The identity module's one door: registration with the app, the auth hook, and verbs for the CLI and OIDC.
import type { FastifyInstance } from "fastify";
import { createLimits, type Limits } from "../../platform/limits.ts";
import type { Platform } from "../../platform/platform.ts";
import { registerEncryptedColumn } from "../../platform/secrets.ts";
import { createAuthHook } from "./hook.ts";
import { registerIdentityJobs } from "./jobs.ts";
import { identityRoutes } from "./routes.ts";
import { type Deps, MFA_SECRET_AAD, settleBackground } from "./service.ts";

export { createLimits, type Limits } from "../../platform/limits.ts";
export { toUserOut, type UserOut, userOut } from "./contracts.ts";
export { hashPassword, passwordProblem, verifyPassword } from "./crypto.ts";
export {
  CSRF_COOKIE,
  CSRF_HEADER,
  clearSessionCookies,
  createAuthHook,
  SESSION_COOKIE,
  setSessionCookies,
} from "./hook.ts";
export { CLEANUP_JOB, cleanupIdentity } from "./jobs.ts";
export type { UserRow, UserStatus } from "./repository.ts";
export { users } from "./schema.ts";
export {
  approveUser,
  changeUserStatus,
  createOidcUser,
  createUserAdmin,
  ensureSetupToken,
  findUserByVerifiedEmail,
  listUsers,
  reactivateUser,
  rejectUser,
  resetMfa,
  settleBackground,
  setUserRole,
  startSession,
  suspendUser,
} from "./service.ts";

registerEncryptedColumn({
  table: "identity.users",
  idColumn: "id",
  column: "mfa_secret",
  aad: MFA_SECRET_AAD,
});

/**
 * Registers identity on the app: the authentication hook (root level, so every route sees
 * request.actor), the routes, and the rate limiters (closed with the app).
 */
export async function registerIdentity(
  app: FastifyInstance,
  platform: Platform,
): Promise<{ limits: Limits }> {
  const limits = createLimits({
    enabled: platform.config.RATE_LIMIT_ENABLED,
    redisUrl: platform.config.REDIS_URL,
  });
  const deps: Deps = { keyring: platform.keyring, limits };
  app.addHook("onRequest", createAuthHook(platform));
  registerIdentityJobs(platform.jobs);
  app.addHook("onClose", async () => {
    await settleBackground();
    await limits.close();
  });
  await identityRoutes(app, platform, deps);
  return { limits };
}
