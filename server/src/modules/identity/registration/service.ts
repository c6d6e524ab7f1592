// Registration: self-service sign-up (REGISTRATION_MODE), the first administrator with the setup
// token, and email verification.
import type { Ctx } from "../../../platform/context.ts";
import { AppError, ConflictError, ForbiddenError, ValidationError } from "../../../platform/errors.ts";
import { newId } from "../../../platform/ids.ts";
import { defineVerb } from "../../../platform/verb.ts";
import { notifyAdmins, sendEmail } from "../../notify/index.ts";
import * as codes from "../codes/repository.ts";
import { hashPassword, randomToken, safeEqual, sha256 } from "../crypto.ts";
import { authEvent } from "../events.ts";
import { defineStep, insertNewUser, ipKey, limit, loadSelf, now, policyOrThrow } from "../internal.ts";
import { BUCKETS } from "../limits.ts";
import type { UserRow, UserStatus } from "../repository.ts";
import * as users from "../repository.ts";
import { openSession, type StartedSession } from "../sessions/service.ts";
import { registerBody, setupBody, tokenBody } from "./contracts.ts";
import * as repo from "./repository.ts";

export const EMAIL_TOKEN_TTL_MS = 60 * 60_000;

/** Emails a new single-use verification token (1 hour), retiring earlier ones. Inside a transaction. */
export async function sendEmailVerification(
  ctx: Ctx,
  user: { id: string; email: string; username: string },
): Promise<void> {
  const token = randomToken(32);
  const expiresAt = new Date(now(ctx).getTime() + EMAIL_TOKEN_TTL_MS);
  await codes.consumeOpenCodes(ctx.db, user.id, "email_verify", now(ctx));
  await codes.insertCode(ctx.db, {
    id: newId(),
    userId: user.id,
    purpose: "email_verify",
    target: user.email,
    codeHash: sha256(token),
    expiresAt,
    createdAt: now(ctx),
  });
  const link = `${ctx.config.publicUrl}/verify-email?token=${encodeURIComponent(token)}`;
  await sendEmail({
    ctx: ctx,
    input: {
      to: user.email,
      subject: "Confirm your email address for Bullpen",
      text: `Hello ${user.username},\n\nConfirm your email address by opening this link (valid for one hour):\n\n${link}\n\nVerification token: ${token}\n\nIf you did not ask for this, ignore this message.`,
      // Stored redacted; the whole message sealed until it is sent or the token expires.
      secrets: [token],
      secretExpiresAt: expiresAt,
    },
  });
}

type RegisterInput = { username: string; password: string; email?: string; inviteCode?: string };

/**
 * Sign-up with an email address another account already has. The account is created all the same
 * (the address stays pending, as every sign-up's does until its link is opened), so nothing tells
 * the two apart; the address's owner gets an email saying what happened and how to get back in,
 * instead of a verification link that could never attach the address.
 */
async function emailAlreadyRegistered(ctx: Ctx, created: UserRow, holder: UserRow): Promise<void> {
  await sendEmail({
    ctx: ctx,
    input: {
      to: holder.email as string,
      subject: "Someone tried to sign up for Bullpen with your email address",
      text: `Hello ${holder.username},\n\nSomeone just signed up for a Bullpen account named "${created.username}" giving this email address, which already belongs to your account "${holder.username}". The address was not added to the new account, and nothing changed on yours.\n\nIf it was you, sign in at ${ctx.config.publicUrl}/login, or reset your password at ${ctx.config.publicUrl}/reset-password if you forgot it.\n\nIf it was not you, you can ignore this message.`,
    },
  });
  await authEvent(ctx, holder.id, "registration_email_taken", false, { mode: ctx.config.REGISTRATION_MODE });
}

/**
 * The success path of `register`. An address given at sign-up is kept pending (`pendingEmail`) and
 * becomes the account's email when its verification link is opened, whether or not another account
 * has it: the same account, answer and later behaviour either way (issue 15, finding 7).
 */
const registered = defineStep<RegisterInput & { passwordHash: string }, UserRow>({
  name: "identity.register.commit",
  access: "public",
  conflict: "That username or email is already in use",
  run: async ({ ctx, input }) => {
    const mode = ctx.config.REGISTRATION_MODE;
    let inviteId: string | null = null;
    if (mode === "invite") {
      const inv = await repo.findUsableInvite(ctx.db, sha256((input.inviteCode as string).trim()), now(ctx));
      if (!inv || (inv.email && inv.email.toLowerCase() !== input.email?.toLowerCase()))
        throw new AppError(400, "invalid_invite", "body.inviteCode: invalid, used or expired invite code");
      inviteId = inv.id;
    }
    const status: UserStatus = mode === "approval" ? "pending_approval" : "active";
    const u = await insertNewUser(ctx, {
      username: input.username,
      pendingEmail: input.email ?? null,
      passwordHash: input.passwordHash,
      status,
    });
    if (inviteId) await repo.markInviteUsed(ctx.db, inviteId, u.id, now(ctx));
    if (u.pendingEmail) {
      const holder = await users.findUserByEmail(ctx.db, u.pendingEmail);
      if (holder) await emailAlreadyRegistered(ctx, u, holder);
      else await sendEmailVerification(ctx, { id: u.id, email: u.pendingEmail, username: u.username });
    }
    if (status === "pending_approval")
      await notifyAdmins({
        ctx: ctx,
        input: {
          type: "user_pending_approval",
          title: "New account waiting for approval",
          message: `${u.username} signed up and is waiting for approval.`,
          data: { userId: u.id, username: u.username },
        },
      });
    await authEvent(ctx, u.id, "registered", true, { mode });
    return u;
  },
  audit: ({ result }, ctx) => ({
    eventType: "identity.user",
    action: "register",
    actorUserId: result.id,
    resourceType: "user",
    resourceId: result.id,
    newValues: {
      username: result.username,
      pendingEmail: result.pendingEmail,
      status: result.status,
      mode: ctx.config.REGISTRATION_MODE,
    },
  }),
});

/** Self-service sign-up according to REGISTRATION_MODE (approval | open | invite | closed). */
export const register = defineVerb({
  name: "identity.register",
  access: "public",
  input: registerBody,
  // Not `write`: a limit trip records its security event before the 429, and bcrypt runs before
  // the transaction (see defineStep).
  run: async ({ ctx, input }) => {
    const mode = ctx.config.REGISTRATION_MODE;
    if (mode === "closed")
      throw new ForbiddenError("Registration is closed on this server", "registration_closed");
    await limit(ctx, BUCKETS.registerIp, ipKey(ctx));
    if (mode === "invite" && !input.inviteCode)
      throw new ValidationError("an invite code is required", "body.inviteCode");
    policyOrThrow(input.password, input, "body.password");
    const passwordHash = await hashPassword(input.password, ctx.config.BCRYPT_COST);
    // Usernames are public handles, so a taken one may be said; an email address is not: see above.
    if (await users.findUserByUsername(ctx.db, input.username))
      throw new ConflictError("body.username: that username is taken", "username_taken");
    return registered({ ctx, input: { ...input, passwordHash } });
  },
});

// ------------------------------------------------------------------------------ first admin

/** True while no admin exists (the web app then shows the setup page). */
export const setupNeeded = defineVerb({
  name: "identity.setupNeeded",
  access: "public",
  run: async ({ ctx }) => !(await repo.anyAdminExists(ctx.db)),
});

/** What the setup token is encrypted under (AAD): `bullpen secrets rotate` re-wraps it. */
export const SETUP_TOKEN_AAD = "identity.setup_state.token_secret";
/**
 * How long an unused setup token stays the instance's: processes started within this time (replicas
 * started together, a restart) print the same token; a start after it issues a new one.
 */
export const SETUP_TOKEN_REUSE_MS = 24 * 60 * 60_000;

/** The stored token when it is still current and opens under this process's master key. */
function currentSetupToken(ctx: Ctx, state: Awaited<ReturnType<typeof repo.claimSetupState>>): string | null {
  if (!state?.tokenHash || !state.tokenSecret || state.usedAt) return null;
  if (now(ctx).getTime() - state.createdAt.getTime() >= SETUP_TOKEN_REUSE_MS) return null;
  try {
    const token = ctx.keyring.decrypt(state.tokenSecret, SETUP_TOKEN_AAD);
    return safeEqual(sha256(token), state.tokenHash) ? token : null;
  } catch {
    return null; // written under another master key: a new token replaces it
  }
}

const setupToken = defineStep<undefined, string | null>({
  name: "identity.ensureSetupToken.commit",
  access: "local",
  run: async ({ ctx }) => {
    if (await repo.anyAdminExists(ctx.db)) return null;
    const state = await repo.claimSetupState(ctx.db);
    const current = currentSetupToken(ctx, state);
    if (current) return current;
    const token = randomToken(24);
    await repo.storeSetupToken(ctx.db, sha256(token), ctx.keyring.encrypt(token, SETUP_TOKEN_AAD), now(ctx));
    return token;
  },
});

/**
 * At start-up (the process itself): when no admin exists, the instance's one-time setup token — the
 * one already stored (SETUP_TOKEN_REUSE_MS), or a new one — logged as `setup token: <token>` on ctx.log
 * and returned; null once an admin exists. Processes starting together agree on one token.
 */
export const ensureSetupToken = defineVerb({
  name: "identity.ensureSetupToken",
  access: "local",
  // The token is decided in its own transaction and logged once that committed.
  run: async ({ ctx }) => {
    const token = await setupToken({ ctx, input: undefined });
    if (token) ctx.log.warn(`setup token: ${token}`);
    return token;
  },
});

const firstAdmin = defineStep<
  { token: string; username: string; passwordHash: string; email?: string },
  { user: UserRow } & StartedSession
>({
  name: "identity.setupFirstAdmin.commit",
  access: "public",
  conflict: "That username or email is already in use",
  run: async ({ ctx, input }) => {
    const state = await repo.lockSetupState(ctx.db);
    if (await repo.anyAdminExists(ctx.db))
      throw new ConflictError("This server already has an administrator", "already_set_up");
    if (!state?.tokenHash || !safeEqual(sha256(input.token), state.tokenHash))
      throw new ForbiddenError("The setup token is not valid", "invalid_setup_token");
    const u = await insertNewUser(ctx, {
      username: input.username,
      email: input.email ?? null,
      passwordHash: input.passwordHash,
      role: "admin",
      status: "active",
    });
    await repo.markSetupUsed(ctx.db, now(ctx));
    const updated = await users.updateUser(ctx.db, u.id, { lastLoginAt: now(ctx) }, now(ctx));
    if (u.email) await sendEmailVerification(ctx, { id: u.id, email: u.email, username: u.username });
    const s = await openSession(ctx, u.id);
    return { user: updated, ...s };
  },
  audit: ({ result }) => ({
    eventType: "identity.user",
    action: "setup_first_admin",
    actorUserId: result.user.id,
    resourceType: "user",
    resourceId: result.user.id,
    severity: "warning",
    newValues: { username: result.user.username, role: "admin" },
  }),
});

/** Creates the first admin with the setup token from the log; refused once any admin exists. */
export const setupFirstAdmin = defineVerb({
  name: "identity.setupFirstAdmin",
  access: "public",
  input: setupBody,
  // Not `write`: a limit trip records its security event before the 429, and bcrypt runs before
  // the transaction (see defineStep).
  run: async ({ ctx, input }) => {
    await limit(ctx, BUCKETS.tokenIp, ipKey(ctx));
    policyOrThrow(input.password, input, "body.password");
    const passwordHash = await hashPassword(input.password, ctx.config.BCRYPT_COST);
    const { password: _, ...rest } = input;
    return firstAdmin({ ctx, input: { ...rest, passwordHash } });
  },
});

// ------------------------------------------------------------------------------ email verification

const invalidToken = () => new AppError(400, "invalid_token", "body.token: invalid, used or expired token");

const emailVerified = defineStep<{ token: string }, { userId: string; email: string }>({
  name: "identity.verifyEmail.commit",
  access: "public",
  run: async ({ ctx, input }) => {
    const code = await codes.findLiveToken(ctx.db, "email_verify", sha256(input.token), now(ctx));
    if (!code) throw invalidToken();
    const u = await users.findUserById(ctx.db, code.userId);
    const target = code.target?.toLowerCase();
    const attached = u?.email?.toLowerCase() === target;
    if (!u || !target || !(attached || u.pendingEmail?.toLowerCase() === target)) throw invalidToken();
    await codes.markCodeConsumed(ctx.db, code.id, now(ctx));
    let email = u.email as string;
    if (!attached) {
      // The sign-up's pending address becomes the account's, unless an account took it meanwhile
      // (only the address's owner can open the link, so saying so tells nobody else anything).
      email = u.pendingEmail as string;
      const holder = await users.findUserByEmail(ctx.db, email);
      if (holder && holder.id !== u.id)
        throw new ConflictError("This email address already belongs to another account", "email_in_use");
      await users.updateUser(ctx.db, u.id, { email, pendingEmail: null }, now(ctx));
    }
    await users.updateUser(ctx.db, u.id, { emailVerifiedAt: now(ctx) }, now(ctx));
    await authEvent(ctx, u.id, "email_verified", true);
    return { userId: u.id, email };
  },
  audit: ({ result }) => ({
    eventType: "identity.user",
    action: "verify_email",
    actorUserId: result.userId,
    resourceType: "user",
    resourceId: result.userId,
    newValues: { email: result.email },
  }),
});

/** Confirms an email address with the emailed single-use token (1 hour). */
export const verifyEmail = defineVerb({
  name: "identity.verifyEmail",
  access: "public",
  input: tokenBody,
  // Not `write`: a limit trip records its security event before the 429 (see defineStep).
  run: async ({ ctx, input }) => {
    await limit(ctx, BUCKETS.tokenIp, ipKey(ctx));
    await emailVerified({ ctx, input });
  },
});

const verificationResent = defineStep<{ user: UserRow }, void>({
  name: "identity.resendEmailVerification.commit",
  access: "session",
  run: async ({ ctx, input: { user } }) => {
    const email = (user.email ?? user.pendingEmail) as string;
    // A pending address another account has gets no link (it could never attach); the answer is
    // the same, so the account's holder learns nothing about it.
    if (!user.email && (await users.findUserByEmail(ctx.db, email))) return;
    await sendEmailVerification(ctx, { id: user.id, email, username: user.username });
  },
});

/** Sends a new verification email to the signed-in user's unverified address. */
export const resendEmailVerification = defineVerb({
  name: "identity.resendEmailVerification",
  access: "session",
  // Not `write`: a limit trip records its security event before the 429 (see defineStep).
  run: async ({ ctx }) => {
    const u = await loadSelf(ctx);
    if (!u.email && !u.pendingEmail) throw new ValidationError("your account has no email address", "email");
    if (u.email && u.emailVerifiedAt) throw new ConflictError("Your email address is already verified");
    await limit(ctx, BUCKETS.emailUser, u.id);
    await verificationResent({ ctx, input: { user: u } });
  },
});
