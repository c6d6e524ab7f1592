// Password reset by email: the request (same answer whether or not the account exists) and the
// confirmation with the emailed token.
import type { Ctx } from "../../../platform/context.ts";
import { AppError } from "../../../platform/errors.ts";
import { newId } from "../../../platform/ids.ts";
import { defineVerb } from "../../../platform/verb.ts";
import { sendEmail } from "../../notify/index.ts";
import * as apiKeys from "../api-keys/repository.ts";
import * as codes from "../codes/repository.ts";
import { hashPassword, randomToken, sha256 } from "../crypto.ts";
import { authEvent } from "../events.ts";
import { defineStep, ipKey, limit, now, policyOrThrow } from "../internal.ts";
import { BUCKETS } from "../limits.ts";
import type { UserRow } from "../repository.ts";
import * as users from "../repository.ts";
import * as sessions from "../sessions/repository.ts";
import { resetConfirmBody, resetRequestBody } from "./contracts.ts";

export const RESET_TOKEN_TTL_MS = 60 * 60_000;

const background = new Set<Promise<void>>();

/** Resolves when background work started by requests (reset emails) has finished: for tests and shutdown. */
export async function settleBackground(): Promise<void> {
  while (background.size) await Promise.all([...background]);
}

const resetSent = defineStep<{ user: UserRow }, void>({
  name: "identity.requestPasswordReset.commit",
  access: "public",
  run: async ({ ctx, input: { user } }) => {
    const token = randomToken(32);
    const expiresAt = new Date(now(ctx).getTime() + RESET_TOKEN_TTL_MS);
    await codes.consumeOpenCodes(ctx.db, user.id, "password_reset", now(ctx));
    await codes.insertCode(ctx.db, {
      id: newId(),
      userId: user.id,
      purpose: "password_reset",
      target: user.email,
      codeHash: sha256(token),
      expiresAt,
      createdAt: now(ctx),
    });
    const link = `${ctx.config.publicUrl}/reset-password?token=${encodeURIComponent(token)}`;
    await sendEmail({
      ctx: ctx,
      input: {
        to: user.email as string,
        subject: "Reset your Bullpen password",
        text: `Hello ${user.username},\n\nSomeone asked to reset the password of your Bullpen account. To choose a new password, open this link (valid for one hour):\n\n${link}\n\nReset token: ${token}\n\nIf it was not you, ignore this message; your password stays as it is.`,
        userId: user.id,
        // Stored redacted; the whole message sealed until it is sent or the token expires.
        secrets: [token],
        secretExpiresAt: expiresAt,
      },
    });
    await authEvent(ctx, user.id, "password_reset_requested", true);
  },
});

async function sendPasswordReset(ctx: Ctx, email: string): Promise<void> {
  const user = await users.findUserByEmail(ctx.db, email);
  if (!user || user.status === "disabled") return;
  await resetSent({ ctx, input: { user } });
}

/**
 * Emails a password-reset token (1 hour) when the address belongs to an account. The answer is the
 * same either way, and so is its timing: the account lookup and the email happen after the reply.
 */
export const requestPasswordReset = defineVerb({
  name: "identity.requestPasswordReset",
  access: "public",
  input: resetRequestBody,
  // Not `write`: a limit trip records its security event before the 429 (see defineStep); the rest
  // runs in the background after the answer.
  run: async ({ ctx, input }) => {
    const email = input.email.trim();
    await limit(ctx, BUCKETS.resetIp, ipKey(ctx));
    await limit(ctx, BUCKETS.resetAccount, email.toLowerCase());
    const job: Promise<void> = sendPasswordReset(ctx, email)
      .catch((err) => ctx.log.error({ err }, "password-reset email failed"))
      .finally(() => background.delete(job));
    background.add(job);
  },
});

const invalidToken = () => new AppError(400, "invalid_token", "body.token: invalid, used or expired token");

const passwordReset = defineStep<
  { token: string; user: UserRow; passwordHash: string },
  { sessions: number; apiKeys: number }
>({
  name: "identity.confirmPasswordReset.commit",
  access: "public",
  run: async ({ ctx, input: { token, user, passwordHash } }) => {
    const code = await codes.findLiveToken(ctx.db, "password_reset", sha256(token), now(ctx));
    if (!code || code.userId !== user.id) throw invalidToken(); // used concurrently
    await codes.markCodeConsumed(ctx.db, code.id, now(ctx));
    const patch = { passwordHash, failedLoginCount: 0, throttledUntil: null };
    await users.updateUser(ctx.db, user.id, patch, now(ctx));
    const revoked = await sessions.revokeUserSessions(ctx.db, user.id, now(ctx));
    // A reset is how an account is taken back after a suspected compromise: keys someone else may
    // have made with it go as well (docs/security.md, "Sessions and API keys").
    const keys = await apiKeys.revokeUserApiKeys(ctx.db, user.id, now(ctx));
    await authEvent(ctx, user.id, "password_reset", true, { apiKeysRevoked: keys });
    return { sessions: revoked, apiKeys: keys };
  },
  audit: ({ input, result }) => ({
    eventType: "identity.user",
    action: "password_reset",
    actorUserId: input.user.id,
    resourceType: "user",
    resourceId: input.user.id,
    newValues: { sessionsRevoked: result.sessions, apiKeysRevoked: result.apiKeys },
  }),
});

/**
 * Sets a new password with a reset token; signs the account out everywhere, revokes every API key
 * and lifts any throttle.
 */
export const confirmPasswordReset = defineVerb({
  name: "identity.confirmPasswordReset",
  access: "public",
  input: resetConfirmBody,
  // Not `write`: a limit trip records its security event before the 429, and bcrypt runs before the
  // transaction, which then checks the token again (see defineStep).
  run: async ({ ctx, input }) => {
    await limit(ctx, BUCKETS.tokenIp, ipKey(ctx));
    const code = await codes.findLiveToken(ctx.db, "password_reset", sha256(input.token), now(ctx));
    if (!code) throw invalidToken();
    const user = await users.findUserById(ctx.db, code.userId);
    if (!user) throw invalidToken();
    policyOrThrow(input.password, user, "body.password");
    const passwordHash = await hashPassword(input.password, ctx.config.BCRYPT_COST);
    await passwordReset({ ctx, input: { token: input.token, user, passwordHash } });
  },
});
