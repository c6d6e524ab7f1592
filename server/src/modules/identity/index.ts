// The identity module's one door: registration with the app, the auth hook, and verbs for the CLI and OIDC.
import type { FastifyInstance } from "fastify";
import type { Platform } from "../../platform/platform.ts";
import { registerEncryptedColumn } from "../../platform/secrets.ts";
import { setEventWriters } from "./events.ts";
import { createAuthHook } from "./hook.ts";
import { createLimits, type Limits } from "./limits.ts";
import { type Outbound, setOutbound } from "./outbound.ts";
import { identityRoutes } from "./routes.ts";
import { type Deps, MFA_SECRET_AAD } from "./service.ts";

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
export { createLimits, type Limits } from "./limits.ts";
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
  await connectModules();
  const limits = createLimits({
    enabled: platform.config.RATE_LIMIT_ENABLED,
    redisUrl: platform.config.REDIS_URL,
  });
  const deps: Deps = { keyring: platform.keyring, limits };
  app.addHook("onRequest", createAuthHook(platform));
  app.addHook("onClose", async () => limits.close());
  await identityRoutes(app, platform, deps);
  return { limits };
}

// notify and the audit extras are being written alongside identity; connect them when present.
async function connectModules(): Promise<void> {
  const notifyPath = "../notify/index.ts";
  const notify = (await import(notifyPath).catch(() => null)) as Partial<Outbound> | null;
  if (notify?.sendEmail && notify.sendSms && notify.notifyUser && notify.notifyAdmins) {
    setOutbound(notify as Outbound);
  } else {
    setOutbound({
      notifyUser: async (ctx, n) => ctx.log.info({ notification: n }, "notify not installed"),
      notifyAdmins: async (ctx, n) => ctx.log.info({ notification: n }, "notify not installed"),
      sendEmail: async (ctx, m) => ctx.log.info({ to: m.to, subject: m.subject }, "notify not installed"),
      sendSms: async (ctx, m) => ctx.log.info({ to: m.to }, "notify not installed"),
    });
  }
  const audit = (await import("../audit/index.ts")) as Record<string, unknown>;
  if (typeof audit.recordAuthEvent === "function" && typeof audit.recordSecurityEvent === "function")
    setEventWriters({ auth: audit.recordAuthEvent as never, security: audit.recordSecurityEvent as never });
}
