// The account's phone number (seed 001): a texted 6-digit code verifies it.
import { type Ctx, requireActor } from "../../../platform/context.ts";
import { inTransaction } from "../../../platform/db/index.ts";
import { AppError } from "../../../platform/errors.ts";
import { newId } from "../../../platform/ids.ts";
import { defineVerb } from "../../../platform/verb.ts";
import { sendSms } from "../../notify/index.ts";
import * as codes from "../codes/repository.ts";
import { codeBody } from "../contracts.ts";
import { randomDigits, safeEqual, sha256 } from "../crypto.ts";
import { authEvent } from "../events.ts";
import { defineStep, limit, now } from "../internal.ts";
import { BUCKETS } from "../limits.ts";
import * as users from "../repository.ts";
import { phoneRequestBody } from "./contracts.ts";

export const PHONE_CODE_TTL_MS = 10 * 60_000;
export const PHONE_CODE_MAX_ATTEMPTS = 5;

const codeHash = (id: string, code: string) => sha256(`${id}:${code}`);

const codeSent = defineStep<{ phoneNumber: string }, void>({
  name: "identity.requestPhoneCode.commit",
  access: "session",
  run: async ({ ctx, input }) => {
    const a = requireActor(ctx);
    const id = newId();
    const code = randomDigits(6);
    const expiresAt = new Date(now(ctx).getTime() + PHONE_CODE_TTL_MS);
    await codes.consumeOpenCodes(ctx.db, a.userId, "phone_verify", now(ctx));
    await codes.insertCode(ctx.db, {
      id,
      userId: a.userId,
      purpose: "phone_verify",
      target: input.phoneNumber,
      codeHash: codeHash(id, code),
      expiresAt,
      createdAt: now(ctx),
    });
    await sendSms({
      ctx: ctx,
      input: {
        to: input.phoneNumber,
        text: `Your Bullpen verification code is ${code}. It expires in 10 minutes.`,
        userId: a.userId,
        // Stored and logged redacted; the whole text sealed until it is sent or the code expires.
        secrets: [code],
        secretExpiresAt: expiresAt,
      },
    });
  },
});

/** Texts a 6-digit code (10 minutes, 5 attempts) to verify a phone number for the actor. */
export const requestPhoneCode = defineVerb({
  name: "identity.requestPhoneCode",
  access: "session",
  input: phoneRequestBody,
  // Not `write`: a limit trip records its security event before the 429 (see defineStep).
  run: async ({ ctx, input }) => {
    await limit(ctx, BUCKETS.phoneUser, requireActor(ctx).userId);
    await codeSent({ ctx, input });
  },
});

type Attempt = "invalid" | "wrong" | "exhausted" | { phone: string };

/**
 * Checks the code against the newest open one and commits the attempt whatever its outcome: a wrong
 * code counts towards PHONE_CODE_MAX_ATTEMPTS, and the last allowed one retires the code.
 */
function attempt(ctx: Ctx, userId: string, code: string): Promise<Attempt> {
  return inTransaction(ctx.db, async (tx) => {
    const open = await codes.findOpenCode(tx, userId, "phone_verify");
    if (!open || open.expiresAt <= now(ctx)) return "invalid";
    if (open.attempts >= PHONE_CODE_MAX_ATTEMPTS) {
      await codes.markCodeConsumed(tx, open.id, now(ctx));
      return "exhausted";
    }
    if (!safeEqual(codeHash(open.id, code), open.codeHash)) {
      await codes.bumpCodeAttempts(tx, open.id);
      if (open.attempts + 1 >= PHONE_CODE_MAX_ATTEMPTS) await codes.markCodeConsumed(tx, open.id, now(ctx));
      return "wrong";
    }
    await codes.markCodeConsumed(tx, open.id, now(ctx));
    return { phone: open.target as string };
  });
}

const phoneVerified = defineStep<{ phone: string }, void>({
  name: "identity.verifyPhone.commit",
  access: "session",
  conflict: "That phone number belongs to another account",
  run: async ({ ctx, input }) => {
    const a = requireActor(ctx);
    await users.updateUser(
      ctx.db,
      a.userId,
      { phoneNumber: input.phone, phoneVerifiedAt: now(ctx) },
      now(ctx),
    );
    await authEvent(ctx, a.userId, "phone_verified", true);
  },
  audit: ({ input }, ctx) => ({
    eventType: "identity.user",
    action: "verify_phone",
    resourceType: "user",
    resourceId: ctx.actor?.userId ?? null,
    newValues: { phoneNumber: input.phone },
  }),
});

/** Checks the texted code; on success the number becomes the account's verified phone. */
export const verifyPhone = defineVerb({
  name: "identity.verifyPhone",
  access: "session",
  input: codeBody,
  // Not `write`: the attempt (and a limit trip) commits before a wrong code's 400 (see `attempt`).
  run: async ({ ctx, input }) => {
    const a = requireActor(ctx);
    await limit(ctx, BUCKETS.mfaUser, a.userId);
    const outcome = await attempt(ctx, a.userId, input.code.trim());
    if (outcome === "invalid" || outcome === "wrong")
      throw new AppError(400, "invalid_code", "body.code: the code is not correct or has expired");
    if (outcome === "exhausted")
      throw new AppError(400, "invalid_code", "body.code: too many attempts; request a new code");
    await phoneVerified({ ctx, input: { phone: outcome.phone } });
  },
});
