// Sessions: signing in and out, and the signed-in user's list of sessions.
import { z } from "zod";
import { type Ctx, requireActor } from "../../../platform/context.ts";
import { ForbiddenError, NotFoundError, UnauthenticatedError } from "../../../platform/errors.ts";
import { newId } from "../../../platform/ids.ts";
import { defineVerb } from "../../../platform/verb.ts";
import { idParams } from "../contracts.ts";
import { csrfTokenFor, dummyVerify, randomToken, sha256, verifyPassword } from "../crypto.ts";
import { authEvent, securityEvent } from "../events.ts";
import { defineStep, limit, now } from "../internal.ts";
import { BUCKETS } from "../limits.ts";
import { checkSecondFactor } from "../mfa/service.ts";
import type { UserRow } from "../repository.ts";
import * as users from "../repository.ts";
import { loginBody } from "./contracts.ts";
import { deviceCookieAfterSignIn, knownDevice, readDevices } from "./device.ts";
import * as repo from "./repository.ts";
import {
  type AttemptKeys,
  attemptFailed,
  attemptKeys,
  attemptState,
  attemptSucceeded,
  lockedError,
  sourceOf,
  waitError,
} from "./throttle.ts";

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

const invalidCredentials = () =>
  new UnauthenticatedError("The sign-in name or password is not correct", "invalid_credentials");

/**
 * A wrong two-factor code after the right password (which `mfa_required` has already said): the
 * code is what to fix, so the answer says so.
 */
const invalidCode = () =>
  new UnauthenticatedError(
    "The two-factor code is not correct: enter the current code from your authenticator app, or an unused recovery code",
    "invalid_code",
  );

/** The success path of `login`: the counts it ends cleared and a new session, in one transaction. */
const signedIn = defineStep<
  { user: UserRow; factor: "totp" | "recovery" | null; keys: AttemptKeys },
  { user: UserRow } & StartedSession
>({
  name: "identity.login.commit",
  access: "public",
  run: async ({ ctx, input: { user, factor, keys } }) => {
    const t = now(ctx);
    const u = await users.updateUser(ctx.db, user.id, { lastLoginAt: t }, t);
    await attemptSucceeded(ctx, keys);
    const s = await openSession(ctx, user.id);
    if (factor === "recovery") await authEvent(ctx, user.id, "recovery_code_used", true);
    await authEvent(ctx, user.id, "login_success", true, { sessionId: s.sessionId, mfa: factor });
    return { user: u, ...s };
  },
});

/** The sign-in body, and the known-device cookie the route passes along (not part of the body). */
const loginInput = loginBody.extend({ device: z.string().max(4096).optional().catch(undefined) });

/**
 * Sign-in with username or email and password (+ TOTP or recovery code when MFA is on).
 * Order: the per-address limit (not for a known device: with a device cookie it waits for the
 * account the name matches and the cookie's check); the failure counts (sessions/throttle.ts): an
 * address or device that must wait gets 429 at once, a locked name lets only a second factor
 * through; password (a dummy bcrypt run for unknown names); account status (only after a correct
 * password); second factor; then a new session and a fresh device cookie.
 * Unknown names and wrong passwords answer identically (message, status, timing, throttling).
 */
export const login = defineVerb({
  name: "identity.login",
  access: "public",
  input: loginInput,
  // Not `write`: a failed attempt must leave its trace (the failure counts, auth and security
  // events) although the verb then throws, so each commits on the pool as it is written; bcrypt
  // runs outside any transaction; a second factor is marked used in its own transaction (a TOTP
  // step or recovery code is spent once checked); the session opens in `signedIn`.
  run: async ({ ctx, input }) => {
    // Without a device cookie the per-address limit comes first, before any query.
    const devices = readDevices(input.device, now(ctx));
    if (devices.length === 0) await limit(ctx, BUCKETS.loginIp, sourceOf(ctx.ip));
    const user = await repo.findUserByLogin(ctx.db, input.login);
    const device = user ? knownDevice(ctx.keyring, devices, user) : undefined;
    const keys = attemptKeys(ctx, input.login, device);
    const state = await attemptState(ctx, keys);
    if (devices.length > 0 && !state.knownDevice) await limit(ctx, BUCKETS.loginIp, sourceOf(ctx.ip));

    if (state.waitSeconds > 0) {
      await authEvent(ctx, user?.id ?? null, "login_failure", false, { reason: "throttled" });
      throw waitError(state.waitSeconds);
    }
    // A locked name: without a code there is nothing to check; every other failure looks the same.
    const locked = state.lockedSeconds > 0;
    if (locked && !input.totp) {
      await authEvent(ctx, user?.id ?? null, "login_failure", false, { reason: "locked" });
      throw lockedError(state.lockedSeconds);
    }
    const refuse = async (reason: string, events?: () => Promise<void>) => {
      await attemptFailed(ctx, keys, state, user);
      await authEvent(ctx, user?.id ?? null, "login_failure", false, { reason });
      await events?.();
      if (locked) return lockedError(state.lockedSeconds);
      return reason === "mfa" ? invalidCode() : invalidCredentials();
    };

    const passwordOk =
      user?.passwordHash != null
        ? await verifyPassword(input.password, user.passwordHash)
        : await dummyVerify(input.password, ctx.config.BCRYPT_COST);
    if (!user || !passwordOk) throw await refuse("password");

    let factor: "totp" | "recovery" | null = null;
    const mfaFailed = () => refuse("mfa", () => mfaEvents(ctx, user.id));
    if (locked) {
      // Only the password with a valid second factor passes a locked name (checked before anything
      // else about the account is said); without one, a right password is refused like a wrong one.
      if (!user.mfaEnabled) throw await refuse("locked");
      factor = await checkSecondFactor(ctx, user, input.totp as string);
      if (!factor) throw await mfaFailed();
    }

    if (user.status === "pending_approval")
      throw new ForbiddenError("This account is waiting for an administrator's approval", "account_pending");
    if (user.status !== "active") throw new ForbiddenError("This account is suspended", "account_suspended");

    if (user.mfaEnabled && !factor) {
      if (!input.totp)
        throw new UnauthenticatedError("Enter the code from your authenticator app", "mfa_required");
      factor = await checkSecondFactor(ctx, user, input.totp);
      if (!factor) throw await mfaFailed();
    }

    const result = await signedIn({ ctx, input: { user, factor, keys } });
    return {
      ...result,
      device: deviceCookieAfterSignIn(ctx.keyring, devices, result.user, now(ctx), device),
    };
  },
});

async function mfaEvents(ctx: Ctx, userId: string): Promise<void> {
  await authEvent(ctx, userId, "mfa_failure", false);
  await securityEvent(ctx, { eventCode: "mfa_failure", severity: "medium", userId });
}

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
