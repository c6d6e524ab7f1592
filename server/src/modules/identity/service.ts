// Identity's verbs. Each takes a Ctx; permission checks come first; each state change commits in one
// transaction together with its audit row. Failed attempts that must be remembered (throttle counters,
// code attempts) are committed before the error is thrown.
import { generateSecret, generateURI, verify as verifyTotp } from "otplib";
import QRCode from "qrcode";
import type { Ctx } from "../../platform/context.ts";
import { type Db, inTransaction } from "../../platform/db/index.ts";
import {
  AppError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  UnauthenticatedError,
  ValidationError,
} from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import type { Bucket, Limits } from "../../platform/limits.ts";
import { throttleSeconds } from "../../platform/limits.ts";
import type { Keyring } from "../../platform/secrets.ts";
import { recordAudit, recordDataAccess } from "../audit/index.ts";
import { notifyAdmins, notifyUser, sendEmail, sendSms } from "../notify/index.ts";
import { getMeExtras, putMeExtras } from "./cache.ts";
import {
  csrfTokenFor,
  dummyVerify,
  hashPassword,
  passwordProblem,
  randomCode,
  randomDigits,
  randomToken,
  safeEqual,
  sha256,
  verifyPassword,
} from "./crypto.ts";
import { authEvent, securityEvent } from "./events.ts";
import type { UserRow, UserStatus } from "./repository.ts";
import * as repo from "./repository.ts";

export interface Deps {
  keyring: Keyring;
  limits: Limits;
}

export const EMAIL_TOKEN_TTL_MS = 60 * 60_000;
export const RESET_TOKEN_TTL_MS = 60 * 60_000;
export const PHONE_CODE_TTL_MS = 10 * 60_000;
export const PHONE_CODE_MAX_ATTEMPTS = 5;
export const INVITE_TTL_MS = 7 * 24 * 3600_000;
export const RECOVERY_CODE_COUNT = 10;
export const MAX_API_KEYS = 25;
/** How recent a sign-in must be to stand in for a password on a password-less (OIDC-only) account. */
export const REAUTH_WINDOW_MS = 10 * 60_000;

const mfaAad = (userId: string) => `identity.users.mfa_secret:${userId}`;
/** AAD of users.mfa_secret, registered for key rotation. */
export const MFA_SECRET_AAD = mfaAad;

const at = (ctx: Ctx, db: Db): Ctx => ({ ...ctx, db });
const now = (ctx: Ctx) => ctx.clock.now();
const ipKey = (ctx: Ctx) => ctx.ip ?? "unknown";

/** True for a unique-constraint violation (PostgreSQL 23505), however the driver wraps it. */
export function isUniqueViolation(err: unknown): boolean {
  let e: unknown = err;
  for (let i = 0; i < 4 && e; i++) {
    if ((e as { code?: string }).code === "23505") return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** Spends one unit of a rate-limit bucket; a trip is recorded as a security event before the 429. */
async function limit(ctx: Ctx, deps: Deps, bucket: Bucket, key: string): Promise<void> {
  try {
    await deps.limits.consume(bucket, key);
  } catch (err) {
    if (err instanceof RateLimitedError)
      await securityEvent(ctx, {
        eventCode: `rate_limit_${bucket}`,
        severity: "medium",
        userId: ctx.actor?.userId ?? null,
        isBlocked: true,
        details: { bucket, ip: ctx.ip },
      });
    throw err;
  }
}

function requireActor(ctx: Ctx) {
  if (!ctx.actor) throw new UnauthenticatedError();
  return ctx.actor;
}

/** Sensitive account changes need a signed-in person (a session), not an API key. */
function requireSessionActor(ctx: Ctx) {
  const a = requireActor(ctx);
  if (a.apiKeyId) throw new ForbiddenError("This action needs a signed-in session, not an API key");
  return a;
}

/**
 * Admin verbs: an admin actor, or the local operator (the CLI: no actor and no HTTP request).
 */
function requireAdminOrOperator(ctx: Ctx): void {
  if (ctx.actor === null && ctx.requestId === null) return;
  const a = requireActor(ctx);
  if (a.role !== "admin") throw new ForbiddenError("Administrators only");
  if (a.apiKeyId && !a.scopes?.includes("admin"))
    throw new ForbiddenError('This API key lacks the "admin" scope');
}

async function loadSelf(ctx: Ctx): Promise<UserRow> {
  const a = requireActor(ctx);
  const u = await repo.findUserById(ctx.db, a.userId);
  if (!u) throw new UnauthenticatedError();
  return u;
}

function policyOrThrow(
  password: string,
  who: { username?: string | null; email?: string | null },
  field: string,
) {
  const problem = passwordProblem(password, who);
  if (problem) throw new ValidationError(problem, field);
}

// ------------------------------------------------------------------------------ sessions

export interface StartedSession {
  token: string;
  expiresAt: Date;
  sessionId: string;
  csrfToken: string;
}

/**
 * Opens a new session for the user: a fresh 32-byte token (only its SHA-256 is stored), absolute
 * lifetime SESSION_TTL_DAYS; records the IP and user agent from ctx. Also used by OIDC sign-in.
 */
export async function startSession(ctx: Ctx, userId: string): Promise<StartedSession> {
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

// ------------------------------------------------------------------------------ sign-in

export interface LoginInput {
  login: string;
  password: string;
  totp?: string;
}

async function recordFailure(ctx: Ctx, user: UserRow): Promise<void> {
  const n = user.failedLoginCount + 1;
  const secs = throttleSeconds(n);
  await repo.updateUser(
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

/** Checks a TOTP code (±1 step, no replay) or else a recovery code; marks what it used. */
async function checkSecondFactor(
  ctx: Ctx,
  deps: Deps,
  user: UserRow,
  code: string,
): Promise<"totp" | "recovery" | null> {
  const c = code.replace(/[\s-]/g, "").toLowerCase();
  if (/^\d{6}$/.test(c)) {
    if (!user.mfaSecret) return null;
    const secret = deps.keyring.decrypt(user.mfaSecret, mfaAad(user.id));
    const step = await totpStep(ctx, secret, c, user.mfaLastStep);
    if (step === null) return null;
    await repo.updateUser(ctx.db, user.id, { mfaLastStep: step }, now(ctx));
    return "totp";
  }
  if (c.length === 10 && (await repo.useRecoveryCode(ctx.db, user.id, sha256(c), now(ctx))))
    return "recovery";
  return null;
}

/** The time step a TOTP code matches (current ±1, after the last one used), or null. */
async function totpStep(
  ctx: Ctx,
  secret: string,
  code: string,
  lastStep: number | null,
): Promise<number | null> {
  try {
    const r = await verifyTotp({
      secret,
      token: code,
      epoch: Math.floor(now(ctx).getTime() / 1000),
      epochTolerance: 30,
      ...(lastStep !== null ? { afterTimeStep: lastStep } : {}),
    });
    return r.valid ? (r as { timeStep: number }).timeStep : null;
  } catch {
    return null;
  }
}

const invalidCredentials = () =>
  new UnauthenticatedError("The sign-in name, password or code is not correct", "invalid_credentials");

/**
 * Sign-in with username or email and password (+ TOTP or recovery code when MFA is on).
 * Order: per-IP and per-account limits; throttle; password (a dummy bcrypt run for unknown names);
 * account status (only after a correct password); second factor; then a new session.
 * Unknown names and wrong passwords answer identically (message, status, timing, throttling).
 */
export async function login(
  ctx: Ctx,
  deps: Deps,
  input: LoginInput,
): Promise<{ user: UserRow } & StartedSession> {
  const loginKey = input.login.toLowerCase();
  await limit(ctx, deps, "loginIp", ipKey(ctx));
  await limit(ctx, deps, "loginAccount", loginKey);
  const user = await repo.findUserByLogin(ctx.db, input.login);
  const t = now(ctx);

  // Throttle (real accounts in the database, unknown names in the limiter store: same schedule).
  const throttled = user
    ? user.throttledUntil && user.throttledUntil > t
      ? Math.ceil((user.throttledUntil.getTime() - t.getTime()) / 1000)
      : 0
    : await deps.limits.shadowThrottle(loginKey);
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
    else await deps.limits.shadowFailure(loginKey);
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
    factor = await inTransaction(ctx.db, (tx) =>
      checkSecondFactor(at(ctx, tx), deps, user, input.totp as string),
    );
    if (!factor) {
      await recordFailure(ctx, user);
      await authEvent(ctx, user.id, "mfa_failure", false);
      await securityEvent(ctx, { eventCode: "mfa_failure", severity: "medium", userId: user.id });
      throw invalidCredentials();
    }
  }

  const result = await inTransaction(ctx.db, async (tx) => {
    const c = at(ctx, tx);
    const u = await repo.updateUser(
      tx,
      user.id,
      { failedLoginCount: 0, throttledUntil: null, lastLoginAt: t },
      t,
    );
    const s = await startSession(c, user.id);
    return { user: u, ...s };
  });
  await deps.limits.reset("loginAccount", loginKey);
  if (factor === "recovery") await authEvent(ctx, user.id, "recovery_code_used", true);
  await authEvent(ctx, user.id, "login_success", true, { sessionId: result.sessionId, mfa: factor });
  return result;
}

/** Ends the current session (no-op when not signed in with a session). */
export async function logout(ctx: Ctx): Promise<void> {
  const a = ctx.actor;
  if (!a?.sessionId) return;
  await repo.revokeSession(ctx.db, a.userId, a.sessionId, now(ctx));
  await authEvent(ctx, a.userId, "logout", true, { sessionId: a.sessionId });
}

// ------------------------------------------------------------------------------ registration

async function sendEmailVerification(ctx: Ctx, user: { id: string; email: string; username: string }) {
  const token = randomToken(32);
  await repo.consumeOpenCodes(ctx.db, user.id, "email_verify", now(ctx));
  await repo.insertCode(ctx.db, {
    id: newId(),
    userId: user.id,
    purpose: "email_verify",
    target: user.email,
    codeHash: sha256(token),
    expiresAt: new Date(now(ctx).getTime() + EMAIL_TOKEN_TTL_MS),
    createdAt: now(ctx),
  });
  const link = `${ctx.config.publicUrl}/verify-email?token=${encodeURIComponent(token)}`;
  await sendEmail(ctx, {
    to: user.email,
    subject: "Confirm your email address for Bullpen",
    text: `Hello ${user.username},\n\nConfirm your email address by opening this link (valid for one hour):\n\n${link}\n\nVerification token: ${token}\n\nIf you did not ask for this, ignore this message.`,
  });
}

export interface NewUserInput {
  username: string;
  /** Already bcrypt-hashed (hashPassword); null for OIDC-only accounts. */
  passwordHash?: string | null;
  email?: string | null;
  role?: "user" | "admin";
  status?: UserStatus;
  emailVerified?: boolean;
}

/** Inserts a user with profile and settings; maps unique violations to 409. Caller holds the transaction. */
async function insertNewUser(ctx: Ctx, input: NewUserInput): Promise<UserRow> {
  const t = now(ctx);
  try {
    return await inTransaction(ctx.db, (tx) =>
      repo.insertUser(tx, {
        id: newId(),
        username: input.username,
        email: input.email ?? null,
        passwordHash: input.passwordHash ?? null,
        role: input.role ?? "user",
        status: input.status ?? "pending_approval",
        emailVerifiedAt: input.emailVerified ? t : null,
        createdAt: t,
        updatedAt: t,
      }),
    );
  } catch (err) {
    if (isUniqueViolation(err)) throw new ConflictError("That username or email is already in use");
    throw err;
  }
}

export interface RegisterInput {
  username: string;
  password: string;
  email?: string;
  inviteCode?: string;
}

/** Self-service sign-up according to REGISTRATION_MODE (approval | open | invite | closed). */
export async function register(ctx: Ctx, deps: Deps, input: RegisterInput): Promise<UserRow> {
  const mode = ctx.config.REGISTRATION_MODE;
  if (mode === "closed")
    throw new ForbiddenError("Registration is closed on this server", "registration_closed");
  await limit(ctx, deps, "registerIp", ipKey(ctx));
  if (mode === "invite" && !input.inviteCode)
    throw new ValidationError("an invite code is required", "body.inviteCode");
  policyOrThrow(input.password, input, "body.password");
  const passwordHash = await hashPassword(input.password, ctx.config.BCRYPT_COST);
  // Usernames are public handles, so a taken one may be said; an email address is not: see below.
  if (await repo.findUserByUsername(ctx.db, input.username))
    throw new ConflictError("body.username: that username is taken", "username_taken");
  const user = await inTransaction(ctx.db, async (tx) => {
    const c = at(ctx, tx);
    let inviteId: string | null = null;
    if (mode === "invite") {
      const inv = await repo.findUsableInvite(tx, sha256((input.inviteCode as string).trim()), now(ctx));
      if (!inv || (inv.email && inv.email.toLowerCase() !== input.email?.toLowerCase()))
        throw new AppError(400, "invalid_invite", "body.inviteCode: invalid, used or expired invite code");
      inviteId = inv.id;
    }
    const status: UserStatus = mode === "approval" ? "pending_approval" : "active";
    const holder = input.email ? await repo.findUserByEmail(tx, input.email) : undefined;
    if (holder) return emailAlreadyRegistered(c, input, holder, status);
    const u = await insertNewUser(c, {
      username: input.username,
      email: input.email ?? null,
      passwordHash,
      status,
    });
    if (inviteId) await repo.markInviteUsed(tx, inviteId, u.id, now(ctx));
    await recordAudit(c, {
      eventType: "identity.user",
      action: "register",
      actorUserId: u.id,
      resourceType: "user",
      resourceId: u.id,
      newValues: { username: u.username, email: u.email, status, mode },
    });
    if (u.email) await sendEmailVerification(c, { id: u.id, email: u.email, username: u.username });
    if (status === "pending_approval")
      await notifyAdmins(c, {
        type: "user_pending_approval",
        title: "New account waiting for approval",
        message: `${u.username} signed up and is waiting for approval.`,
        data: { userId: u.id, username: u.username },
      });
    return u;
  });
  if ("kind" in user) {
    await authEvent(ctx, user.holderId, "registration_email_taken", false, { mode });
    return user.answer;
  }
  await authEvent(ctx, user.id, "registered", true, { mode });
  return user;
}

/**
 * Sign-up with an email address another account already has. Saying so would tell anyone which
 * addresses have accounts, so the answer looks like a successful sign-up (nothing is stored), and
 * the address's owner gets an email saying what happened and how to get back in.
 */
async function emailAlreadyRegistered(
  ctx: Ctx,
  input: RegisterInput,
  holder: UserRow,
  status: UserStatus,
): Promise<{ kind: "taken"; holderId: string; answer: UserRow }> {
  await sendEmail(ctx, {
    to: holder.email as string,
    subject: "Someone tried to sign up for Bullpen with your email address",
    text: `Hello ${holder.username},\n\nSomeone just tried to create a Bullpen account named "${input.username}" with this email address, which already belongs to your account "${holder.username}". No new account was created.\n\nIf it was you, sign in at ${ctx.config.publicUrl}/login, or reset your password at ${ctx.config.publicUrl}/reset-password if you forgot it.\n\nIf it was not you, you can ignore this message.`,
  });
  const t = now(ctx);
  const answer: UserRow = {
    id: newId(),
    username: input.username,
    email: input.email ?? null,
    phoneNumber: null,
    passwordHash: null,
    status,
    role: "user",
    emailVerifiedAt: null,
    phoneVerifiedAt: null,
    mfaEnabled: false,
    mfaSecret: null,
    mfaLastStep: null,
    lastLoginAt: null,
    preferences: {},
    failedLoginCount: 0,
    throttledUntil: null,
    createdAt: t,
    updatedAt: t,
  };
  return { kind: "taken", holderId: holder.id, answer };
}

// ------------------------------------------------------------------------------ first admin

/** True while no admin exists (the web app then shows the setup page). */
export const setupNeeded = async (db: Db): Promise<boolean> => !(await repo.anyAdminExists(db));

/**
 * At start-up: when no admin exists, makes a new one-time setup token, stores its hash, logs
 * `setup token: <token>` and returns it; returns null once an admin exists.
 */
export async function ensureSetupToken(
  platform: { database: { db: Db }; clock: { now(): Date } },
  log: { warn(msg: string): void },
): Promise<string | null> {
  const db = platform.database.db;
  if (await repo.anyAdminExists(db)) return null;
  const token = randomToken(24);
  await repo.storeSetupToken(db, sha256(token), platform.clock.now());
  log.warn(`setup token: ${token}`);
  return token;
}

/** Creates the first admin with the setup token from the log; refused once any admin exists. */
export async function setupFirstAdmin(
  ctx: Ctx,
  deps: Deps,
  input: { token: string; username: string; password: string; email?: string },
): Promise<{ user: UserRow } & StartedSession> {
  await limit(ctx, deps, "tokenIp", ipKey(ctx));
  policyOrThrow(input.password, input, "body.password");
  const passwordHash = await hashPassword(input.password, ctx.config.BCRYPT_COST);
  return inTransaction(ctx.db, async (tx) => {
    const c = at(ctx, tx);
    const state = await repo.lockSetupState(tx);
    if (await repo.anyAdminExists(tx))
      throw new ConflictError("This server already has an administrator", "already_set_up");
    if (!state?.tokenHash || !safeEqual(sha256(input.token), state.tokenHash))
      throw new ForbiddenError("The setup token is not valid", "invalid_setup_token");
    const u = await insertNewUser(c, {
      username: input.username,
      email: input.email ?? null,
      passwordHash,
      role: "admin",
      status: "active",
    });
    await repo.markSetupUsed(tx, now(ctx));
    const updated = await repo.updateUser(tx, u.id, { lastLoginAt: now(ctx) }, now(ctx));
    await recordAudit(c, {
      eventType: "identity.user",
      action: "setup_first_admin",
      actorUserId: u.id,
      resourceType: "user",
      resourceId: u.id,
      severity: "warning",
      newValues: { username: u.username, role: "admin" },
    });
    if (u.email) await sendEmailVerification(c, { id: u.id, email: u.email, username: u.username });
    const s = await startSession(c, u.id);
    return { user: updated, ...s };
  });
}

// ------------------------------------------------------------------------------ email & reset

const invalidToken = () => new AppError(400, "invalid_token", "body.token: invalid, used or expired token");

/** Confirms an email address with the emailed single-use token (1 hour). */
export async function verifyEmail(ctx: Ctx, deps: Deps, token: string): Promise<void> {
  await limit(ctx, deps, "tokenIp", ipKey(ctx));
  const userId = await inTransaction(ctx.db, async (tx) => {
    const code = await repo.findLiveToken(tx, "email_verify", sha256(token), now(ctx));
    if (!code) throw invalidToken();
    const u = await repo.findUserById(tx, code.userId);
    if (!u?.email || u.email.toLowerCase() !== code.target?.toLowerCase()) throw invalidToken();
    await repo.markCodeConsumed(tx, code.id, now(ctx));
    await repo.updateUser(tx, u.id, { emailVerifiedAt: now(ctx) }, now(ctx));
    await recordAudit(at(ctx, tx), {
      eventType: "identity.user",
      action: "verify_email",
      actorUserId: u.id,
      resourceType: "user",
      resourceId: u.id,
      newValues: { email: u.email },
    });
    return u.id;
  });
  await authEvent(ctx, userId, "email_verified", true);
}

/** Sends a new verification email to the signed-in user's unverified address. */
export async function resendEmailVerification(ctx: Ctx, deps: Deps): Promise<void> {
  requireSessionActor(ctx);
  const u = await loadSelf(ctx);
  if (!u.email) throw new ValidationError("your account has no email address", "email");
  if (u.emailVerifiedAt) throw new ConflictError("Your email address is already verified");
  await limit(ctx, deps, "emailUser", u.id);
  await inTransaction(ctx.db, (tx) =>
    sendEmailVerification(at(ctx, tx), { id: u.id, email: u.email as string, username: u.username }),
  );
}

const background = new Set<Promise<void>>();

/** Resolves when background work started by requests (reset emails) has finished: for tests and shutdown. */
export async function settleBackground(): Promise<void> {
  while (background.size) await Promise.all([...background]);
}

/**
 * Emails a password-reset token (1 hour) when the address belongs to an account. The answer is the
 * same either way, and so is its timing: the account lookup and the email happen after the reply.
 */
export async function requestPasswordReset(ctx: Ctx, deps: Deps, email: string): Promise<void> {
  await limit(ctx, deps, "resetIp", ipKey(ctx));
  await limit(ctx, deps, "resetAccount", email.trim().toLowerCase());
  const job: Promise<void> = sendPasswordReset(ctx, email.trim())
    .catch((err) => ctx.log.error({ err }, "password-reset email failed"))
    .finally(() => background.delete(job));
  background.add(job);
}

async function sendPasswordReset(ctx: Ctx, email: string): Promise<void> {
  const u = await repo.findUserByEmail(ctx.db, email);
  if (!u || u.status === "disabled") return;
  await inTransaction(ctx.db, async (tx) => {
    const c = at(ctx, tx);
    const token = randomToken(32);
    await repo.consumeOpenCodes(tx, u.id, "password_reset", now(ctx));
    await repo.insertCode(tx, {
      id: newId(),
      userId: u.id,
      purpose: "password_reset",
      target: u.email,
      codeHash: sha256(token),
      expiresAt: new Date(now(ctx).getTime() + RESET_TOKEN_TTL_MS),
      createdAt: now(ctx),
    });
    const link = `${ctx.config.publicUrl}/reset-password?token=${encodeURIComponent(token)}`;
    await sendEmail(c, {
      to: u.email as string,
      subject: "Reset your Bullpen password",
      text: `Hello ${u.username},\n\nSomeone asked to reset the password of your Bullpen account. To choose a new password, open this link (valid for one hour):\n\n${link}\n\nReset token: ${token}\n\nIf it was not you, ignore this message; your password stays as it is.`,
      userId: u.id,
    });
  });
  await authEvent(ctx, u.id, "password_reset_requested", true);
}

/** Sets a new password with a reset token; signs the account out everywhere and lifts any throttle. */
export async function confirmPasswordReset(
  ctx: Ctx,
  deps: Deps,
  input: { token: string; password: string },
): Promise<void> {
  await limit(ctx, deps, "tokenIp", ipKey(ctx));
  const code = await repo.findLiveToken(ctx.db, "password_reset", sha256(input.token), now(ctx));
  if (!code) throw invalidToken();
  const u = await repo.findUserById(ctx.db, code.userId);
  if (!u) throw invalidToken();
  policyOrThrow(input.password, u, "body.password");
  const passwordHash = await hashPassword(input.password, ctx.config.BCRYPT_COST);
  await inTransaction(ctx.db, async (tx) => {
    const again = await repo.findLiveToken(tx, "password_reset", sha256(input.token), now(ctx));
    if (!again) throw invalidToken(); // used concurrently
    await repo.markCodeConsumed(tx, again.id, now(ctx));
    await repo.updateUser(tx, u.id, { passwordHash, failedLoginCount: 0, throttledUntil: null }, now(ctx));
    const revoked = await repo.revokeUserSessions(tx, u.id, now(ctx));
    await recordAudit(at(ctx, tx), {
      eventType: "identity.user",
      action: "password_reset",
      actorUserId: u.id,
      resourceType: "user",
      resourceId: u.id,
      newValues: { sessionsRevoked: revoked },
    });
  });
  await authEvent(ctx, u.id, "password_reset", true);
}

// ------------------------------------------------------------------------------ the signed-in user

/** The user (as loaded by the auth hook when given), profile and settings; the latter cached briefly. */
export async function getMe(ctx: Ctx, preloaded?: UserRow) {
  const u = preloaded ?? (await loadSelf(ctx));
  const ttlMs = ctx.config.AUTH_CACHE_SECONDS * 1000;
  type Extras = { profile: repo.ProfileRow; settings: repo.SettingsRow };
  let ps = getMeExtras<Extras>(u.id, ttlMs);
  if (!ps) {
    ps = await repo.getProfileAndSettings(ctx.db, u.id);
    if (!ps) throw new UnauthenticatedError();
    putMeExtras(u.id, ps, ttlMs);
  }
  return { user: u, ...ps };
}

export async function getProfile(ctx: Ctx) {
  const a = requireActor(ctx);
  const p = await repo.getProfile(ctx.db, a.userId);
  if (!p) throw new NotFoundError();
  return p;
}

export async function updateProfile(ctx: Ctx, patch: Partial<repo.ProfileRow>) {
  const a = requireSessionActor(ctx);
  return inTransaction(ctx.db, async (tx) => {
    const before = await repo.getProfile(tx, a.userId);
    if (!before) throw new NotFoundError();
    const p = await repo.updateProfile(tx, a.userId, patch, now(ctx));
    await recordAudit(at(ctx, tx), {
      eventType: "identity.profile",
      action: "update",
      resourceType: "user_profile",
      resourceId: a.userId,
      oldValues: pick(before, Object.keys(patch)),
      newValues: patch,
    });
    return p;
  });
}

export async function getSettings(ctx: Ctx) {
  const a = requireActor(ctx);
  const s = await repo.getSettings(ctx.db, a.userId);
  if (!s) throw new NotFoundError();
  return s;
}

export async function updateSettings(
  ctx: Ctx,
  patch: {
    timezone?: string;
    theme?: string;
    language?: string;
    notifications?: Record<string, boolean>;
    display?: Record<string, unknown>;
  },
) {
  const a = requireSessionActor(ctx);
  return inTransaction(ctx.db, async (tx) => {
    const before = await repo.getSettings(tx, a.userId);
    if (!before) throw new NotFoundError();
    const next: Partial<repo.SettingsRow> = {};
    if (patch.timezone !== undefined) next.timezone = patch.timezone;
    if (patch.theme !== undefined) next.theme = patch.theme;
    if (patch.language !== undefined) next.language = patch.language;
    if (patch.notifications)
      next.notifications = { ...(before.notifications as object), ...patch.notifications };
    if (patch.display) next.display = { ...(before.display as object), ...patch.display };
    const s = await repo.updateSettings(tx, a.userId, next, now(ctx));
    await recordAudit(at(ctx, tx), {
      eventType: "identity.settings",
      action: "update",
      resourceType: "user_settings",
      resourceId: a.userId,
      oldValues: pick(before, Object.keys(next)),
      newValues: next,
    });
    return s;
  });
}

function pick(o: object, keys: string[]): Record<string, unknown> {
  const r: Record<string, unknown> = {};
  for (const k of keys) r[k] = (o as Record<string, unknown>)[k];
  return r;
}

export async function listSessions(ctx: Ctx) {
  const a = requireActor(ctx);
  const idleBefore = new Date(now(ctx).getTime() - ctx.config.SESSION_IDLE_HOURS * 3600_000);
  const rows = await repo.listLiveSessions(ctx.db, a.userId, now(ctx));
  return rows.filter((s) => s.lastSeenAt >= idleBefore);
}

/** Revokes one of the actor's own sessions; another user's id answers 404. */
export async function revokeSession(ctx: Ctx, id: string): Promise<void> {
  const a = requireSessionActor(ctx);
  const ok = await inTransaction(ctx.db, async (tx) => {
    const done = await repo.revokeSession(tx, a.userId, id, now(ctx));
    if (done)
      await recordAudit(at(ctx, tx), {
        eventType: "identity.session",
        action: "revoke",
        resourceType: "session",
        resourceId: id,
      });
    return done;
  });
  if (!ok) throw new NotFoundError("No such session");
  await authEvent(ctx, a.userId, "session_revoked", true, { sessionId: id });
}

/** "Sign out everywhere": every session of the actor, the current one included. */
export async function revokeAllSessions(ctx: Ctx): Promise<number> {
  const a = requireSessionActor(ctx);
  const n = await inTransaction(ctx.db, async (tx) => {
    const count = await repo.revokeUserSessions(tx, a.userId, now(ctx));
    await recordAudit(at(ctx, tx), {
      eventType: "identity.session",
      action: "revoke_all",
      resourceType: "user",
      resourceId: a.userId,
      newValues: { revoked: count },
    });
    return count;
  });
  await authEvent(ctx, a.userId, "sessions_revoked_all", true, { revoked: n });
  return n;
}

/** Re-authentication for sensitive changes: the current password, limited per user. */
async function reauthenticate(ctx: Ctx, deps: Deps, user: UserRow, password: string): Promise<void> {
  await limit(ctx, deps, "mfaUser", user.id);
  if (!user.passwordHash) {
    // An OIDC-only account has no password to re-enter: a sign-in within the last 10 minutes stands in.
    const sid = ctx.actor?.sessionId;
    const session = sid ? await repo.findSession(ctx.db, user.id, sid) : undefined;
    if (session && now(ctx).getTime() - session.createdAt.getTime() <= REAUTH_WINDOW_MS) return;
    throw new ForbiddenError(
      "Sign in again (within 10 minutes) to confirm this change",
      "reauthentication_required",
    );
  }
  const ok = await verifyPassword(password, user.passwordHash);
  if (!ok) {
    await authEvent(ctx, user.id, "login_failure", false, { reason: "reauthentication" });
    throw new ForbiddenError("The password is not correct", "invalid_credentials");
  }
}

/** Changes the password (current one required) and signs out every other session. */
export async function changePassword(
  ctx: Ctx,
  deps: Deps,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const a = requireSessionActor(ctx);
  const u = await loadSelf(ctx);
  await reauthenticate(ctx, deps, u, input.currentPassword);
  policyOrThrow(input.newPassword, u, "body.newPassword");
  const passwordHash = await hashPassword(input.newPassword, ctx.config.BCRYPT_COST);
  await inTransaction(ctx.db, async (tx) => {
    const c = at(ctx, tx);
    await repo.updateUser(tx, u.id, { passwordHash }, now(ctx));
    const revoked = await repo.revokeUserSessions(tx, u.id, now(ctx), a.sessionId);
    await recordAudit(c, {
      eventType: "identity.user",
      action: "password_change",
      resourceType: "user",
      resourceId: u.id,
      newValues: { sessionsRevoked: revoked },
    });
    if (u.email)
      await sendEmail(c, {
        to: u.email,
        subject: "Your Bullpen password was changed",
        text: `Hello ${u.username},\n\nThe password of your Bullpen account was just changed and your other sessions were signed out. If this was not you, reset your password now.`,
      });
  });
  await authEvent(ctx, u.id, "password_changed", true);
}

/** Last-admin protection: refuses when `userId` is the only active admin left. Call under lockAdminSet. */
async function assertNotLastAdmin(db: Db, target: UserRow): Promise<void> {
  if (target.role !== "admin" || target.status !== "active") return;
  if ((await repo.countActiveAdmins(db, target.id)) === 0)
    throw new ConflictError("This is the last active administrator; promote another one first", "last_admin");
}

/** Deletes the actor's own account after re-authentication; data goes by cascade, the audit row stays. */
export async function deleteAccount(ctx: Ctx, deps: Deps, input: { password: string }): Promise<void> {
  requireSessionActor(ctx);
  const u = await loadSelf(ctx);
  await reauthenticate(ctx, deps, u, input.password);
  await inTransaction(ctx.db, async (tx) => {
    await repo.lockAdminSet(tx);
    const locked = await repo.lockUser(tx, u.id);
    if (!locked) throw new NotFoundError();
    await assertNotLastAdmin(tx, locked);
    await recordAudit(at(ctx, tx), {
      eventType: "identity.user",
      action: "delete_account",
      resourceType: "user",
      resourceId: u.id,
      severity: "warning",
      oldValues: { username: u.username, email: u.email, role: u.role },
    });
    await repo.deleteUser(tx, u.id);
  });
  await authEvent(ctx, null, "account_deleted", true, { userId: u.id, username: u.username });
}

// ------------------------------------------------------------------------------ API keys

/** Creates an API key `bp_<prefix>_<secret>`; the secret is returned once and stored hashed. */
export async function createApiKey(
  ctx: Ctx,
  input: { name: string; scopes: ("read" | "trade" | "admin")[] },
): Promise<{ apiKey: repo.ApiKeyRow; secret: string }> {
  const a = requireSessionActor(ctx);
  const scopes = [...new Set(input.scopes)];
  if (scopes.includes("admin") && a.role !== "admin")
    throw new ForbiddenError("Only administrators may create keys with the admin scope");
  const secret = randomToken(32);
  const prefix = randomCode(8);
  return inTransaction(ctx.db, async (tx) => {
    const live = (await repo.listApiKeys(tx, a.userId)).filter((k) => !k.revokedAt);
    if (live.length >= MAX_API_KEYS) throw new ConflictError(`At most ${MAX_API_KEYS} active API keys`);
    const k = await repo.insertApiKey(tx, {
      id: newId(),
      userId: a.userId,
      name: input.name,
      prefix,
      secretHash: sha256(secret),
      scopes,
      createdAt: now(ctx),
    });
    await recordAudit(at(ctx, tx), {
      eventType: "identity.api_key",
      action: "create",
      resourceType: "api_key",
      resourceId: k.id,
      newValues: { name: k.name, prefix, scopes },
    });
    return { apiKey: k, secret: `bp_${prefix}_${secret}` };
  });
}

export async function listApiKeys(ctx: Ctx) {
  const a = requireActor(ctx);
  return repo.listApiKeys(ctx.db, a.userId);
}

export async function revokeApiKey(ctx: Ctx, id: string): Promise<void> {
  const a = requireSessionActor(ctx);
  await inTransaction(ctx.db, async (tx) => {
    if (!(await repo.revokeApiKey(tx, a.userId, id, now(ctx)))) throw new NotFoundError("No such API key");
    await recordAudit(at(ctx, tx), {
      eventType: "identity.api_key",
      action: "revoke",
      resourceType: "api_key",
      resourceId: id,
    });
  });
}

// ------------------------------------------------------------------------------ MFA

/** Starts TOTP enrolment (password required): a new secret, stored encrypted, pending until verified. */
export async function enrollMfa(ctx: Ctx, deps: Deps, input: { password: string }) {
  requireSessionActor(ctx);
  const u = await loadSelf(ctx);
  await reauthenticate(ctx, deps, u, input.password);
  if (u.mfaEnabled) throw new ConflictError("Two-factor authentication is already on", "mfa_already_enabled");
  const secret = generateSecret();
  await inTransaction(ctx.db, async (tx) => {
    await repo.updateUser(
      tx,
      u.id,
      { mfaSecret: deps.keyring.encrypt(secret, mfaAad(u.id)), mfaLastStep: null },
      now(ctx),
    );
    await recordAudit(at(ctx, tx), {
      eventType: "identity.mfa",
      action: "enroll",
      resourceType: "user",
      resourceId: u.id,
    });
  });
  const otpauthUrl = generateURI({ issuer: "Bullpen", label: u.username, secret });
  const qrCodeDataUrl = await QRCode.toDataURL(otpauthUrl, {
    errorCorrectionLevel: "M",
    margin: 1,
    width: 240,
  });
  await authEvent(ctx, u.id, "mfa_enrolled", true);
  return { secret, otpauthUrl, qrCodeDataUrl };
}

/**
 * Confirms enrolment with a current code: MFA on, ten fresh recovery codes (returned once, stored
 * hashed), and every other session signed out.
 */
export async function verifyMfa(ctx: Ctx, deps: Deps, input: { code: string }): Promise<string[]> {
  const a = requireSessionActor(ctx);
  await limit(ctx, deps, "mfaUser", a.userId);
  const u = await loadSelf(ctx);
  if (u.mfaEnabled) throw new ConflictError("Two-factor authentication is already on", "mfa_already_enabled");
  if (!u.mfaSecret) throw new ConflictError("Start enrolment first", "mfa_not_enrolling");
  const secret = deps.keyring.decrypt(u.mfaSecret, mfaAad(u.id));
  const step = /^\d{6}$/.test(input.code.trim())
    ? await totpStep(ctx, secret, input.code.trim(), null)
    : null;
  if (step === null) {
    await authEvent(ctx, u.id, "mfa_failure", false, { stage: "enrolment" });
    await securityEvent(ctx, { eventCode: "mfa_failure", severity: "low", userId: u.id });
    throw new AppError(400, "invalid_code", "body.code: the code is not correct");
  }
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => randomCode(10));
  await inTransaction(ctx.db, async (tx) => {
    await repo.updateUser(tx, u.id, { mfaEnabled: true, mfaLastStep: step }, now(ctx));
    await repo.replaceRecoveryCodes(
      tx,
      u.id,
      codes.map((c) => ({ id: newId(), codeHash: sha256(c) })),
    );
    const revoked = await repo.revokeUserSessions(tx, u.id, now(ctx), a.sessionId);
    await recordAudit(at(ctx, tx), {
      eventType: "identity.mfa",
      action: "enable",
      resourceType: "user",
      resourceId: u.id,
      newValues: { sessionsRevoked: revoked },
    });
  });
  await authEvent(ctx, u.id, "mfa_enabled", true);
  return codes.map((c) => `${c.slice(0, 5)}-${c.slice(5)}`);
}

/** Turns MFA off: needs the password and a current TOTP or recovery code; other sessions signed out. */
export async function disableMfa(
  ctx: Ctx,
  deps: Deps,
  input: { password: string; code: string },
): Promise<void> {
  const a = requireSessionActor(ctx);
  const u = await loadSelf(ctx);
  if (!u.mfaEnabled) throw new ConflictError("Two-factor authentication is not on", "mfa_not_enabled");
  await reauthenticate(ctx, deps, u, input.password);
  const factor = await inTransaction(ctx.db, (tx) => checkSecondFactor(at(ctx, tx), deps, u, input.code));
  if (!factor) {
    await authEvent(ctx, u.id, "mfa_failure", false, { stage: "disable" });
    await securityEvent(ctx, { eventCode: "mfa_failure", severity: "medium", userId: u.id });
    throw new AppError(400, "invalid_code", "body.code: the code is not correct");
  }
  await inTransaction(ctx.db, async (tx) => {
    await repo.updateUser(tx, u.id, { mfaEnabled: false, mfaSecret: null, mfaLastStep: null }, now(ctx));
    await repo.replaceRecoveryCodes(tx, u.id, []);
    const revoked = await repo.revokeUserSessions(tx, u.id, now(ctx), a.sessionId);
    await recordAudit(at(ctx, tx), {
      eventType: "identity.mfa",
      action: "disable",
      resourceType: "user",
      resourceId: u.id,
      severity: "warning",
      newValues: { sessionsRevoked: revoked },
    });
  });
  await authEvent(ctx, u.id, "mfa_disabled", true);
}

/** Admin/CLI: clears a user's MFA (lost device) and signs them out everywhere; audited. */
export async function resetMfa(ctx: Ctx, input: { userId: string }): Promise<UserRow> {
  requireAdminOrOperator(ctx);
  const u = await inTransaction(ctx.db, async (tx) => {
    const c = at(ctx, tx);
    const target = await repo.lockUser(tx, input.userId);
    if (!target) throw new NotFoundError("No such user");
    const updated = await repo.updateUser(
      tx,
      target.id,
      { mfaEnabled: false, mfaSecret: null, mfaLastStep: null },
      now(ctx),
    );
    await repo.replaceRecoveryCodes(tx, target.id, []);
    await repo.revokeUserSessions(tx, target.id, now(ctx));
    await recordAudit(c, {
      eventType: "identity.mfa",
      action: "admin_reset",
      resourceType: "user",
      resourceId: target.id,
      severity: "warning",
      oldValues: { mfaEnabled: target.mfaEnabled },
      newValues: { mfaEnabled: false },
    });
    await notifyUser(c, {
      userId: target.id,
      type: "mfa_reset",
      title: "Two-factor authentication was reset",
      message:
        "An administrator turned off two-factor authentication on your account. Turn it on again in Security.",
    });
    return updated;
  });
  await authEvent(ctx, u.id, "mfa_reset", true, { by: ctx.actor?.userId ?? "operator" });
  return u;
}

// ------------------------------------------------------------------------------ phone (seed 001)

const codeHash = (id: string, code: string) => sha256(`${id}:${code}`);

/** Texts a 6-digit code (10 minutes, 5 attempts) to verify a phone number for the actor. */
export async function requestPhoneCode(ctx: Ctx, deps: Deps, input: { phoneNumber: string }): Promise<void> {
  const a = requireSessionActor(ctx);
  await limit(ctx, deps, "phoneUser", a.userId);
  await inTransaction(ctx.db, async (tx) => {
    const c = at(ctx, tx);
    const id = newId();
    const code = randomDigits(6);
    await repo.consumeOpenCodes(tx, a.userId, "phone_verify", now(ctx));
    await repo.insertCode(tx, {
      id,
      userId: a.userId,
      purpose: "phone_verify",
      target: input.phoneNumber,
      codeHash: codeHash(id, code),
      expiresAt: new Date(now(ctx).getTime() + PHONE_CODE_TTL_MS),
      createdAt: now(ctx),
    });
    await sendSms(c, {
      to: input.phoneNumber,
      text: `Your Bullpen verification code is ${code}. It expires in 10 minutes.`,
    });
  });
}

/** Checks the texted code; on success the number becomes the account's verified phone. */
export async function verifyPhone(ctx: Ctx, deps: Deps, input: { code: string }): Promise<void> {
  const a = requireSessionActor(ctx);
  await limit(ctx, deps, "mfaUser", a.userId);
  const outcome = await inTransaction(ctx.db, async (tx) => {
    const open = await repo.findOpenCode(tx, a.userId, "phone_verify");
    if (!open || open.expiresAt <= now(ctx)) return "invalid" as const;
    if (open.attempts >= PHONE_CODE_MAX_ATTEMPTS) {
      await repo.markCodeConsumed(tx, open.id, now(ctx));
      return "exhausted" as const;
    }
    if (!safeEqual(codeHash(open.id, input.code.trim()), open.codeHash)) {
      await repo.bumpCodeAttempts(tx, open.id);
      if (open.attempts + 1 >= PHONE_CODE_MAX_ATTEMPTS) await repo.markCodeConsumed(tx, open.id, now(ctx));
      return "wrong" as const;
    }
    await repo.markCodeConsumed(tx, open.id, now(ctx));
    return { phone: open.target as string };
  });
  if (outcome === "invalid" || outcome === "wrong")
    throw new AppError(400, "invalid_code", "body.code: the code is not correct or has expired");
  if (outcome === "exhausted")
    throw new AppError(400, "invalid_code", "body.code: too many attempts; request a new code");
  try {
    await inTransaction(ctx.db, async (tx) => {
      await repo.updateUser(
        tx,
        a.userId,
        { phoneNumber: outcome.phone, phoneVerifiedAt: now(ctx) },
        now(ctx),
      );
      await recordAudit(at(ctx, tx), {
        eventType: "identity.user",
        action: "verify_phone",
        resourceType: "user",
        resourceId: a.userId,
        newValues: { phoneNumber: outcome.phone },
      });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new ConflictError("That phone number belongs to another account");
    throw err;
  }
  await authEvent(ctx, a.userId, "phone_verified", true);
}

// ------------------------------------------------------------------------------ admin

/** Admin: users, optionally by status; an admin reading other users' records is logged (data_access_logs). */
export async function listUsers(ctx: Ctx, input: { status?: UserStatus } = {}): Promise<UserRow[]> {
  requireAdminOrOperator(ctx);
  const rows = await repo.listUsers(ctx.db, input.status);
  if (ctx.actor)
    await recordDataAccess(ctx, {
      tableName: "identity.users",
      operation: "list",
      recordId: null,
      fieldsAccessed: ["username", "email", "phone_number", "status", "role", "last_login_at"],
    });
  return rows;
}

type Transition = {
  action: "approve" | "reject" | "suspend" | "reactivate";
  from: UserStatus[];
  to: UserStatus;
};
const TRANSITIONS: Record<Transition["action"], Transition> = {
  approve: { action: "approve", from: ["pending_approval"], to: "active" },
  reject: { action: "reject", from: ["pending_approval"], to: "disabled" },
  suspend: { action: "suspend", from: ["active", "pending_approval"], to: "suspended" },
  reactivate: { action: "reactivate", from: ["suspended", "disabled"], to: "active" },
};

const MESSAGES: Record<Transition["action"], { title: string; message: string }> = {
  approve: {
    title: "Your account was approved",
    message: "An administrator approved your account. You can sign in now.",
  },
  reject: { title: "Your sign-up was declined", message: "An administrator declined your account request." },
  suspend: { title: "Your account was suspended", message: "An administrator suspended your account." },
  reactivate: {
    title: "Your account is active again",
    message: "An administrator reactivated your account.",
  },
};

/** Changes a user's status (approve / reject / suspend / reactivate), audited, with the user told. */
export async function changeUserStatus(
  ctx: Ctx,
  input: { userId: string; action: Transition["action"] },
): Promise<UserRow> {
  requireAdminOrOperator(ctx);
  const tr = TRANSITIONS[input.action];
  return inTransaction(ctx.db, async (tx) => {
    const c = at(ctx, tx);
    await repo.lockAdminSet(tx);
    const target = await repo.lockUser(tx, input.userId);
    if (!target) throw new NotFoundError("No such user");
    if (!tr.from.includes(target.status as UserStatus))
      throw new ConflictError(`Cannot ${tr.action} a user whose status is ${target.status}`, "invalid_state");
    if (tr.to !== "active") await assertNotLastAdmin(tx, target);
    const updated = await repo.updateUser(tx, target.id, { status: tr.to }, now(ctx));
    if (tr.to !== "active") await repo.revokeUserSessions(tx, target.id, now(ctx));
    await recordAudit(c, {
      eventType: "identity.admin",
      action: tr.action,
      resourceType: "user",
      resourceId: target.id,
      severity: tr.action === "suspend" ? "warning" : "info",
      oldValues: { status: target.status },
      newValues: { status: tr.to },
    });
    const msg = MESSAGES[tr.action];
    await notifyUser(c, { userId: target.id, type: `account_${tr.action}`, ...msg });
    if (target.email && (tr.action === "approve" || tr.action === "reject"))
      await sendEmail(c, {
        to: target.email,
        subject: `Bullpen: ${msg.title.toLowerCase()}`,
        text: `Hello ${target.username},\n\n${msg.message}\n\n${ctx.config.publicUrl}/`,
      });
    return updated;
  });
}

export const approveUser = (ctx: Ctx, input: { userId: string }) =>
  changeUserStatus(ctx, { ...input, action: "approve" });
export const rejectUser = (ctx: Ctx, input: { userId: string }) =>
  changeUserStatus(ctx, { ...input, action: "reject" });
export const suspendUser = (ctx: Ctx, input: { userId: string }) =>
  changeUserStatus(ctx, { ...input, action: "suspend" });
export const reactivateUser = (ctx: Ctx, input: { userId: string }) =>
  changeUserStatus(ctx, { ...input, action: "reactivate" });

/** Promotes or demotes a user; the last active admin cannot be demoted. */
export async function setUserRole(
  ctx: Ctx,
  input: { userId: string; role: "user" | "admin" },
): Promise<UserRow> {
  requireAdminOrOperator(ctx);
  return inTransaction(ctx.db, async (tx) => {
    const c = at(ctx, tx);
    await repo.lockAdminSet(tx);
    const target = await repo.lockUser(tx, input.userId);
    if (!target) throw new NotFoundError("No such user");
    if (target.role === input.role) return target;
    if (input.role === "user") await assertNotLastAdmin(tx, target);
    const updated = await repo.updateUser(tx, target.id, { role: input.role }, now(ctx));
    await recordAudit(c, {
      eventType: "identity.admin",
      action: "change_role",
      resourceType: "user",
      resourceId: target.id,
      severity: "warning",
      oldValues: { role: target.role },
      newValues: { role: input.role },
    });
    await notifyUser(c, {
      userId: target.id,
      type: "account_role",
      title: input.role === "admin" ? "You are now an administrator" : "You are no longer an administrator",
      message: `An administrator changed your role to ${input.role}.`,
    });
    return updated;
  });
}

/** CLI/admin: creates an account directly (active by default); the password follows the policy. */
export async function createUserAdmin(
  ctx: Ctx,
  input: {
    username: string;
    password: string;
    email?: string | null;
    role?: "user" | "admin";
    status?: UserStatus;
  },
): Promise<UserRow> {
  requireAdminOrOperator(ctx);
  policyOrThrow(input.password, input, "password");
  const passwordHash = await hashPassword(input.password, ctx.config.BCRYPT_COST);
  return inTransaction(ctx.db, async (tx) => {
    const c = at(ctx, tx);
    const u = await insertNewUser(c, {
      username: input.username,
      email: input.email ?? null,
      passwordHash,
      role: input.role ?? "user",
      status: input.status ?? "active",
    });
    await recordAudit(c, {
      eventType: "identity.admin",
      action: "create_user",
      resourceType: "user",
      resourceId: u.id,
      severity: u.role === "admin" ? "warning" : "info",
      newValues: { username: u.username, email: u.email, role: u.role, status: u.status },
    });
    return u;
  });
}

/** Admin: an invite code (7 days) for REGISTRATION_MODE=invite, optionally bound to an email. */
export async function createInvite(ctx: Ctx, input: { email?: string }) {
  requireAdminOrOperator(ctx);
  const code = randomCode(16);
  const expiresAt = new Date(now(ctx).getTime() + INVITE_TTL_MS);
  const invite = await inTransaction(ctx.db, async (tx) => {
    const c = at(ctx, tx);
    const inv = await repo.insertInvite(tx, {
      id: newId(),
      codeHash: sha256(code),
      email: input.email ?? null,
      createdBy: ctx.actor?.userId ?? null,
      createdAt: now(ctx),
      expiresAt,
    });
    await recordAudit(c, {
      eventType: "identity.admin",
      action: "create_invite",
      resourceType: "invite",
      resourceId: inv.id,
      newValues: { email: inv.email, expiresAt },
    });
    if (input.email)
      await sendEmail(c, {
        to: input.email,
        subject: "You are invited to Bullpen",
        text: `You are invited to create an account on Bullpen: ${ctx.config.publicUrl}/register?invite=${code}\n\nInvite code: ${code} (valid for 7 days)`,
      });
    return inv;
  });
  return { invite, code, expiresAt };
}

export async function listInvites(ctx: Ctx) {
  requireAdminOrOperator(ctx);
  return repo.listInvites(ctx.db);
}

// ------------------------------------------------------------------------------ for OIDC

/** The account whose email is this one AND verified (OIDC links only through a verified email). */
export async function findUserByVerifiedEmail(db: Db, email: string): Promise<UserRow | undefined> {
  const u = await repo.findUserByEmail(db, email);
  return u?.emailVerifiedAt ? u : undefined;
}

/**
 * Creates a password-less account for a first OIDC sign-in, following REGISTRATION_MODE (open →
 * active; approval → pending, admins notified; invite/closed → refused). A taken username gets a suffix.
 */
export async function createOidcUser(
  ctx: Ctx,
  input: { username: string; email?: string | null; emailVerified?: boolean },
): Promise<UserRow> {
  const mode = ctx.config.REGISTRATION_MODE;
  if (mode === "closed" || mode === "invite")
    throw new ForbiddenError("Registration is closed on this server", "registration_closed");
  const status: UserStatus = mode === "open" ? "active" : "pending_approval";
  const base = input.username
    .replace(/[^A-Za-z0-9._-]/g, "")
    .slice(0, 40)
    .padEnd(3, "0");
  for (let i = 0; i < 5; i++) {
    const username = i === 0 ? base : `${base}-${randomCode(4)}`;
    try {
      return await inTransaction(ctx.db, async (tx) => {
        const c = at(ctx, tx);
        const u = await insertNewUser(c, {
          username,
          email: input.email ?? null,
          status,
          emailVerified: Boolean(input.email && input.emailVerified),
        });
        await recordAudit(c, {
          eventType: "identity.user",
          action: "register_oidc",
          actorUserId: u.id,
          resourceType: "user",
          resourceId: u.id,
          newValues: { username: u.username, email: u.email, status },
        });
        if (status === "pending_approval")
          await notifyAdmins(c, {
            type: "user_pending_approval",
            title: "New account waiting for approval",
            message: `${u.username} signed up and is waiting for approval.`,
            data: { userId: u.id, username: u.username },
          });
        return u;
      });
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
      if (input.email && (await repo.findUserByEmail(ctx.db, input.email))) throw err;
    }
  }
  throw new ConflictError("Could not find a free username");
}
