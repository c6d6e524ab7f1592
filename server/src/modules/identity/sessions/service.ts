// Sessions: signing in and out, and the signed-in user's list of sessions.
import { type Ctx, requireActor } from "../../../platform/context.ts";
import {
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  UnauthenticatedError,
} from "../../../platform/errors.ts";
import { newId } from "../../../platform/ids.ts";
import { defineVerb } from "../../../platform/verb.ts";
import { idParams } from "../contracts.ts";
import { csrfTokenFor, dummyVerify, randomToken, sha256, verifyPassword } from "../crypto.ts";
import { authEvent, securityEvent } from "../events.ts";
import { defineStep, ipKey, limit, now } from "../internal.ts";
import { BUCKETS, throttleSeconds, unknownLoginFailed, unknownLoginThrottle } from "../limits.ts";
import { checkSecondFactor } from "../mfa/service.ts";
import type { UserRow } from "../repository.ts";
import * as users from "../repository.ts";
import { loginBody } from "./contracts.ts";
import * as repo from "./repository.ts";

export interface StartedSession {
  token: string;
  expiresAt: Date;
  sessionId: string;
  csrfToken: string;
}

/**
 * Opens a new session for the user: a fresh 32-byte token (only its SHA-256 is stored), absolute
 * lifetime SESSION_TTL_DAYS; records the IP and user agent from ctx. A step of the verbs that sign
 * someone in (password, setup, OIDC), inside their transaction; not a verb of its own.
 */
export async function openSession(ctx: Ctx, userId: string): Promise<StartedSession> {
  const token = randomToken(32);
  const t = now(ctx);
  const expiresAt = new Date(t.getTime() + ctx.config.SESSION_TTL_DAYS * 24 * 3600_000);
  const s = await repo.insertSession(ctx.db, {
    id: newId(),
    userId,
    tokenHash: sha256(token),
    ipAddress: ctx.ip,
    userAgent: ctx.userAgent,
    createdAt: t,
    lastSeenAt: t,
    expiresAt,
  });
  return { token, expiresAt, sessionId: s.id, csrfToken: csrfTokenFor(token) };
}

/** Counts a failed sign-in on the account and throttles it per the schedule (commits on its own). */
async function recordFailure(ctx: Ctx, user: UserRow): Promise<void> {
  const n = user.failedLoginCount + 1;
  const secs = throttleSeconds(n);
  await users.updateUser(
    ctx.db,
    user.id,
    {
      failedLoginCount: n,
      throttledUntil: secs > 0 ? new Date(now(ctx).getTime() + secs * 1000) : user.throttledUntil,
    },
    now(ctx),
  );
  if (secs > 0)
    await securityEvent(ctx, {
      eventCode: "account_throttled",
      severity: n >= 10 ? "high" : "medium",
      userId: user.id,
      isBlocked: true,
      details: { failures: n, seconds: secs },
    });
}

const invalidCredentials = () =>
  new UnauthenticatedError("The sign-in name, password or code is not correct", "invalid_credentials");

/** The success path of `login`: counters cleared and a new session, in one transaction. */
const signedIn = defineStep<
  { user: UserRow; factor: "totp" | "recovery" | null },
  { user: UserRow } & StartedSession
>({
  name: "identity.login.commit",
  access: "public",
  run: async ({ ctx, input: { user, factor } }) => {
    const t = now(ctx);
    const u = await users.updateUser(
      ctx.db,
      user.id,
      { failedLoginCount: 0, throttledUntil: null, lastLoginAt: t },
      t,
    );
    const s = await openSession(ctx, user.id);
    if (factor === "recovery") await authEvent(ctx, user.id, "recovery_code_used", true);
    await authEvent(ctx, user.id, "login_success", true, { sessionId: s.sessionId, mfa: factor });
    return { user: u, ...s };
  },
});

/**
 * Sign-in with username or email and password (+ TOTP or recovery code when MFA is on).
 * Order: per-IP and per-account limits; throttle; password (a dummy bcrypt run for unknown names);
 * account status (only after a correct password); second factor; then a new session.
 * Unknown names and wrong passwords answer identically (message, status, timing, throttling).
 */
export const login = defineVerb({
  name: "identity.login",
  access: "public",
  input: loginBody,
  // Not `write`: a failed attempt must leave its trace (the failure counter and throttle, auth and
  // security events) although the verb then throws, so each commits on the pool as it is written;
  // bcrypt runs outside any transaction; a second factor is marked used in its own transaction (a
  // TOTP step or recovery code is spent once checked); the session opens in `signedIn`.
  run: async ({ ctx, input }) => {
    const loginKey = input.login.toLowerCase();
    await limit(ctx, BUCKETS.loginIp, ipKey(ctx));
    await limit(ctx, BUCKETS.loginAccount, loginKey);
    const user = await repo.findUserByLogin(ctx.db, input.login);
    const t = now(ctx);

    // Throttle (real accounts in the database, unknown names in the limiter store: same schedule).
    const throttled = user
      ? user.throttledUntil && user.throttledUntil > t
        ? Math.ceil((user.throttledUntil.getTime() - t.getTime()) / 1000)
        : 0
      : await unknownLoginThrottle(ctx.limits, loginKey);
    if (throttled > 0) {
      await authEvent(ctx, user?.id ?? null, "login_failure", false, { reason: "throttled" });
      throw new RateLimitedError(throttled, "Too many failed sign-ins; try again later");
    }

    const passwordOk =
      user?.passwordHash != null
        ? await verifyPassword(input.password, user.passwordHash)
        : await dummyVerify(input.password, ctx.config.BCRYPT_COST);
    if (!user || !passwordOk) {
      if (user) await recordFailure(ctx, user);
      else await unknownLoginFailed(ctx.limits, loginKey);
      await authEvent(ctx, user?.id ?? null, "login_failure", false, { reason: "password" });
      throw invalidCredentials();
    }

    if (user.status === "pending_approval")
      throw new ForbiddenError("This account is waiting for an administrator's approval", "account_pending");
    if (user.status !== "active") throw new ForbiddenError("This account is suspended", "account_suspended");

    let factor: "totp" | "recovery" | null = null;
    if (user.mfaEnabled) {
      if (!input.totp)
        throw new UnauthenticatedError("Enter the code from your authenticator app", "mfa_required");
      factor = await checkSecondFactor(ctx, user, input.totp);
      if (!factor) {
        await recordFailure(ctx, user);
        await authEvent(ctx, user.id, "mfa_failure", false);
        await securityEvent(ctx, { eventCode: "mfa_failure", severity: "medium", userId: user.id });
        throw invalidCredentials();
      }
    }

    const result = await signedIn({ ctx, input: { user, factor } });
    await ctx.limits.reset(BUCKETS.loginAccount, loginKey);
    return result;
  },
});

/** Ends the current session (a no-op when not signed in with a session). */
export const logout = defineVerb({
  name: "identity.logout",
  access: "public",
  write: true,
  run: async ({ ctx, actor }) => {
    if (!actor?.sessionId) return;
    await repo.revokeSession(ctx.db, actor.userId, actor.sessionId, now(ctx));
    await authEvent(ctx, actor.userId, "logout", true, { sessionId: actor.sessionId });
  },
});

/** The actor's live sessions (not revoked, expired or idle), newest first. */
export const listSessions = defineVerb({
  name: "identity.listSessions",
  access: "user",
  run: async ({ ctx }) => {
    const a = requireActor(ctx);
    const idleBefore = new Date(now(ctx).getTime() - ctx.config.SESSION_IDLE_HOURS * 3600_000);
    const rows = await repo.listLiveSessions(ctx.db, a.userId, now(ctx));
    return rows.filter((s) => s.lastSeenAt >= idleBefore);
  },
});

/** Revokes one of the actor's own sessions; another user's id answers 404. */
export const revokeSession = defineVerb({
  name: "identity.revokeSession",
  access: "session",
  input: idParams,
  write: true,
  run: async ({ ctx, input }) => {
    const a = requireActor(ctx);
    if (!(await repo.revokeSession(ctx.db, a.userId, input.id, now(ctx))))
      throw new NotFoundError("No such session");
    await authEvent(ctx, a.userId, "session_revoked", true, { sessionId: input.id });
  },
  audit: ({ input }) => ({
    eventType: "identity.session",
    action: "revoke",
    resourceType: "session",
    resourceId: input.id,
  }),
});

/** "Sign out everywhere": every session of the actor, the current one included. */
export const revokeAllSessions = defineVerb({
  name: "identity.revokeAllSessions",
  access: "session",
  write: true,
  run: async ({ ctx }) => {
    const a = requireActor(ctx);
    const n = await repo.revokeUserSessions(ctx.db, a.userId, now(ctx));
    await authEvent(ctx, a.userId, "sessions_revoked_all", true, { revoked: n });
    return n;
  },
  audit: ({ result }, ctx) => ({
    eventType: "identity.session",
    action: "revoke_all",
    resourceType: "user",
    resourceId: ctx.actor?.userId ?? null,
    newValues: { revoked: result },
  }),
});
