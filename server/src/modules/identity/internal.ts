// What identity's verbs share: the success-path step of verbs whose failures must commit, rate
// limits that leave a trace, the signed-in user's row, the password policy, re-authentication, the
// last-admin rule and a new user's rows.
import { z } from "zod";
import type { Ctx } from "../../platform/context.ts";
import { type Db, inTransaction } from "../../platform/db/index.ts";
import {
  ConflictError,
  ForbiddenError,
  RateLimitedError,
  UnauthenticatedError,
  ValidationError,
} from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import type { Bucket } from "../../platform/limits.ts";
import { type Access, defineVerb, type VerbSpec } from "../../platform/verb.ts";
import { passwordProblem, verifyPassword } from "./crypto.ts";
import { authEvent, securityEvent } from "./events.ts";
import { BUCKETS } from "./limits.ts";
import type { UserRow, UserStatus } from "./repository.ts";
import * as repo from "./repository.ts";
import * as sessions from "./sessions/repository.ts";

/** How recent a sign-in must be to stand in for a password on a password-less (OIDC-only) account. */
export const REAUTH_WINDOW_MS = 10 * 60_000;

export const now = (ctx: Ctx): Date => ctx.clock.now();
export const ipKey = (ctx: Ctx): string => ctx.ip ?? "unknown";

/**
 * The success path of a verb that must commit something even when it then fails (failed-attempt
 * counters, the security event before a 429, code attempt counts) or that does slow work first
 * (bcrypt, which must not hold a connection). Such a verb is not `write` itself: it does that work
 * on the pool, each trace committing as it is written, and then calls its step, a `write` verb whose
 * one transaction (joining an outer one) holds the change, its audit row and its success events.
 * The step's input is whatever the verb hands over (not parsed again); access is checked again.
 */
export function defineStep<I, R, A extends Access = Access>(
  spec: Omit<VerbSpec<z.ZodType<I>, R, A>, "input" | "write">,
): (args: { ctx: Ctx; input: I }) => Promise<R> {
  return defineVerb<z.ZodType<I>, R, A>({ ...spec, input: z.custom<I>(), write: true }) as (args: {
    ctx: Ctx;
    input: I;
  }) => Promise<R>;
}

/**
 * Spends one unit of a rate-limit bucket; a trip is recorded as a security event before the 429.
 * Call it with a ctx on the pool (not inside a step) so that the event survives the error.
 */
export async function limit(ctx: Ctx, bucket: Bucket, key: string): Promise<void> {
  try {
    await ctx.limits.consume(bucket, key);
  } catch (err) {
    if (err instanceof RateLimitedError)
      await securityEvent(ctx, {
        eventCode: `rate_limit_${bucket.name}`,
        severity: "medium",
        userId: ctx.actor?.userId ?? null,
        isBlocked: true,
        details: { bucket: bucket.name, ip: ctx.ip },
      });
    throw err;
  }
}

/** The signed-in actor's user row (401 when it is gone). */
export async function loadSelf(ctx: Ctx): Promise<UserRow> {
  if (!ctx.actor) throw new UnauthenticatedError();
  const u = await repo.findUserById(ctx.db, ctx.actor.userId);
  if (!u) throw new UnauthenticatedError();
  return u;
}

/** The password policy as a 400 naming `field`. */
export function policyOrThrow(
  password: string,
  who: { username?: string | null; email?: string | null },
  field: string,
): void {
  const problem = passwordProblem(password, who);
  if (problem) throw new ValidationError(problem, field);
}

/**
 * Re-authentication for sensitive changes: the current password, limited per user. A wrong password
 * is recorded (on the pool: ctx must not be a step's) before the 403.
 */
export async function reauthenticate(ctx: Ctx, user: UserRow, password: string): Promise<void> {
  await limit(ctx, BUCKETS.mfaUser, user.id);
  if (!user.passwordHash) {
    // An OIDC-only account has no password to re-enter: a sign-in within the last 10 minutes stands in.
    const sid = ctx.actor?.sessionId;
    const session = sid ? await sessions.findSession(ctx.db, user.id, sid) : undefined;
    if (session && now(ctx).getTime() - session.createdAt.getTime() <= REAUTH_WINDOW_MS) return;
    throw new ForbiddenError(
      "Sign in again (within 10 minutes) to confirm this change",
      "reauthentication_required",
    );
  }
  if (!(await verifyPassword(password, user.passwordHash))) {
    await authEvent(ctx, user.id, "login_failure", false, { reason: "reauthentication" });
    throw new ForbiddenError("The password is not correct", "invalid_credentials");
  }
}

/** Last-admin protection: refuses when `target` is the only active admin left. Call under lockAdminSet. */
export async function assertNotLastAdmin(db: Db, target: UserRow): Promise<void> {
  if (target.role !== "admin" || target.status !== "active") return;
  if ((await repo.countActiveAdmins(db, target.id)) === 0)
    throw new ConflictError("This is the last active administrator; promote another one first", "last_admin");
}

export interface NewUserInput {
  username: string;
  /** Already bcrypt-hashed (hashPassword); null for OIDC-only accounts. */
  passwordHash?: string | null;
  email?: string | null;
  /** An address that becomes `email` when its verification link is opened (sign-up). */
  pendingEmail?: string | null;
  role?: "user" | "admin";
  status?: UserStatus;
  emailVerified?: boolean;
}

/**
 * Inserts a user with profile and settings. A taken username or email is a unique violation that
 * the calling verb's `conflict` turns into a 409.
 */
export function insertNewUser(ctx: Ctx, input: NewUserInput): Promise<UserRow> {
  const t = now(ctx);
  return inTransaction(ctx.db, (tx) =>
    repo.insertUser(tx, {
      id: newId(),
      username: input.username,
      email: input.email ?? null,
      pendingEmail: input.pendingEmail ?? null,
      passwordHash: input.passwordHash ?? null,
      role: input.role ?? "user",
      status: input.status ?? "pending_approval",
      emailVerifiedAt: input.emailVerified ? t : null,
      createdAt: t,
      updatedAt: t,
    }),
  );
}

/** The columns `keys` of a row, for an audit row's old values. */
export function pick(o: object, keys: string[]): Record<string, unknown> {
  const r: Record<string, unknown> = {};
  for (const k of keys) r[k] = (o as Record<string, unknown>)[k];
  return r;
}
