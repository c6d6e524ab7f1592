// Two-factor authentication (TOTP, with recovery codes): enrolment, confirmation, turning it off,
// the administrator's reset, and the second-factor check that sign-in uses.
import { generateSecret, generateURI, verify as verifyTotp } from "otplib";
import { type Ctx, requireActor } from "../../../platform/context.ts";
import { inTransaction } from "../../../platform/db/index.ts";
import { AppError, ConflictError, NotFoundError } from "../../../platform/errors.ts";
import { newId } from "../../../platform/ids.ts";
import { defineVerb } from "../../../platform/verb.ts";
import { notifyUser } from "../../notify/index.ts";
import * as apiKeys from "../api-keys/repository.ts";
import { passwordBody, userIdInput } from "../contracts.ts";
import { randomCode, sha256 } from "../crypto.ts";
import { authEvent, securityEvent } from "../events.ts";
import { defineStep, limit, loadSelf, now, reauthenticate } from "../internal.ts";
import { BUCKETS } from "../limits.ts";
import type { UserRow } from "../repository.ts";
import * as users from "../repository.ts";
import * as sessions from "../sessions/repository.ts";
import { mfaDisableBody, mfaRecoveryCodesBody, mfaVerifyBody } from "./contracts.ts";
import * as repo from "./repository.ts";

export const RECOVERY_CODE_COUNT = 10;

/** AAD of users.mfa_secret: binds the ciphertext to its user (registered for key rotation). */
export const MFA_SECRET_AAD = (userId: string): string => `identity.users.mfa_secret:${userId}`;

/** The time step a TOTP code matches (current ±1, after the last one used), or null. */
async function totpStep(ctx: Ctx, secret: string, code: string, lastStep: number | null) {
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

/**
 * Checks a TOTP code (±1 step, no replay) or else a recovery code, and marks what it used in a
 * transaction of its own: a code is spent once it has been checked, whatever the caller does next.
 */
export function checkSecondFactor(
  ctx: Ctx,
  user: UserRow,
  code: string,
): Promise<"totp" | "recovery" | null> {
  return inTransaction(ctx.db, async (tx) => {
    const c = code.replace(/[\s-]/g, "").toLowerCase();
    if (/^\d{6}$/.test(c)) {
      if (!user.mfaSecret) return null;
      const secret = ctx.keyring.decrypt(user.mfaSecret, MFA_SECRET_AAD(user.id));
      const step = await totpStep(ctx, secret, c, user.mfaLastStep);
      if (step === null) return null;
      await users.updateUser(tx, user.id, { mfaLastStep: step }, now(ctx));
      return "totp";
    }
    if (c.length === 10 && (await repo.useRecoveryCode(tx, user.id, sha256(c), now(ctx)))) return "recovery";
    return null;
  });
}

const enrolled = defineStep<{ user: UserRow; secret: string }, void>({
  name: "identity.enrollMfa.commit",
  access: "session",
  run: async ({ ctx, input: { user, secret } }) => {
    const mfaSecret = ctx.keyring.encrypt(secret, MFA_SECRET_AAD(user.id));
    await users.updateUser(ctx.db, user.id, { mfaSecret, mfaLastStep: null }, now(ctx));
    await authEvent(ctx, user.id, "mfa_enrolled", true);
  },
  audit: ({ input }) => ({
    eventType: "identity.mfa",
    action: "enroll",
    resourceType: "user",
    resourceId: input.user.id,
  }),
});

/** Starts TOTP enrolment (password required): a new secret, stored encrypted, pending until verified. */
export const enrollMfa = defineVerb({
  name: "identity.enrollMfa",
  access: "session",
  input: passwordBody,
  // Not `write`: re-authentication records a wrong password before its 403 (see defineStep).
  run: async ({ ctx, input }) => {
    const u = await loadSelf(ctx);
    await reauthenticate(ctx, u, input.password);
    if (u.mfaEnabled)
      throw new ConflictError("Two-factor authentication is already on", "mfa_already_enabled");
    const secret = generateSecret();
    await enrolled({ ctx, input: { user: u, secret } });
    const otpauthUrl = generateURI({ issuer: "Bullpen", label: u.username, secret });
    // qrcode (and its PNG encoder, 57 files) loads on the first enrolment, not with every CLI command.
    const { default: QRCode } = await import("qrcode");
    const qrCodeDataUrl = await QRCode.toDataURL(otpauthUrl, {
      errorCorrectionLevel: "M",
      margin: 1,
      width: 240,
    });
    return { secret, otpauthUrl, qrCodeDataUrl };
  },
});

const enabled = defineStep<
  { user: UserRow; step: number; codes: string[]; revokeApiKeys: boolean },
  { sessions: number; apiKeys: number }
>({
  name: "identity.verifyMfa.commit",
  access: "session",
  run: async ({ ctx, input: { user, step, codes, revokeApiKeys } }) => {
    await users.updateUser(ctx.db, user.id, { mfaEnabled: true, mfaLastStep: step }, now(ctx));
    const rows = codes.map((code) => ({ id: newId(), codeHash: sha256(code) }));
    await repo.replaceRecoveryCodes(ctx.db, user.id, rows);
    const revoked = await sessions.revokeUserSessions(ctx.db, user.id, now(ctx), ctx.actor?.sessionId);
    const keys = revokeApiKeys ? await apiKeys.revokeUserApiKeys(ctx.db, user.id, now(ctx)) : 0;
    await authEvent(ctx, user.id, "mfa_enabled", true, { apiKeysRevoked: keys });
    return { sessions: revoked, apiKeys: keys };
  },
  audit: ({ input, result }) => ({
    eventType: "identity.mfa",
    action: "enable",
    resourceType: "user",
    resourceId: input.user.id,
    newValues: { sessionsRevoked: result.sessions, apiKeysRevoked: result.apiKeys },
  }),
});

/**
 * Confirms enrolment with a current code: MFA on, ten fresh recovery codes (returned once, stored
 * hashed), and every other session signed out; the account's API keys are revoked too when the user
 * asks (`revokeApiKeys`, default false: keys made before enrolment keep working).
 */
export const verifyMfa = defineVerb({
  name: "identity.verifyMfa",
  access: "session",
  input: mfaVerifyBody,
  // Not `write`: a limit trip and a wrong code are recorded before their errors (see defineStep).
  run: async ({ ctx, input }) => {
    const a = requireActor(ctx);
    await limit(ctx, BUCKETS.mfaUser, a.userId);
    const u = await loadSelf(ctx);
    if (u.mfaEnabled)
      throw new ConflictError("Two-factor authentication is already on", "mfa_already_enabled");
    if (!u.mfaSecret) throw new ConflictError("Start enrolment first", "mfa_not_enrolling");
    const secret = ctx.keyring.decrypt(u.mfaSecret, MFA_SECRET_AAD(u.id));
    const code = input.code.trim();
    const step = /^\d{6}$/.test(code) ? await totpStep(ctx, secret, code, null) : null;
    if (step === null) {
      await authEvent(ctx, u.id, "mfa_failure", false, { stage: "enrolment" });
      await securityEvent(ctx, { eventCode: "mfa_failure", severity: "low", userId: u.id });
      throw new AppError(400, "invalid_code", "body.code: the code is not correct");
    }
    const codes = newRecoveryCodes();
    await enabled({ ctx, input: { user: u, step, codes, revokeApiKeys: input.revokeApiKeys === true } });
    return codes.map(showRecoveryCode);
  },
});

/** Ten fresh recovery codes, as stored (10 characters); shown to the user as `xxxxx-xxxxx`. */
const newRecoveryCodes = () => Array.from({ length: RECOVERY_CODE_COUNT }, () => randomCode(10));
const showRecoveryCode = (x: string) => `${x.slice(0, 5)}-${x.slice(5)}`;

/** Whether two-factor authentication is on, and how many unused recovery codes are left. */
export const getMfaStatus = defineVerb({
  name: "identity.getMfaStatus",
  access: "user",
  run: async ({ ctx }) => {
    const u = await loadSelf(ctx);
    const left = u.mfaEnabled ? await repo.countUnusedRecoveryCodes(ctx.db, u.id) : 0;
    return { enabled: u.mfaEnabled, recoveryCodesLeft: left, recoveryCodesTotal: RECOVERY_CODE_COUNT };
  },
});

const regenerated = defineStep<{ user: UserRow; codes: string[] }, { replaced: number }>({
  name: "identity.regenerateRecoveryCodes.commit",
  access: "session",
  run: async ({ ctx, input: { user, codes } }) => {
    const unused = await repo.countUnusedRecoveryCodes(ctx.db, user.id);
    const rows = codes.map((code) => ({ id: newId(), codeHash: sha256(code) }));
    await repo.replaceRecoveryCodes(ctx.db, user.id, rows);
    await authEvent(ctx, user.id, "recovery_codes_regenerated", true, { unusedReplaced: unused });
    await securityEvent(ctx, {
      eventCode: "mfa_recovery_codes_regenerated",
      severity: "low",
      userId: user.id,
      details: { unusedReplaced: unused },
    });
    return { replaced: unused };
  },
  audit: ({ input, result }) => ({
    eventType: "identity.mfa",
    action: "recovery_codes_regenerate",
    resourceType: "user",
    resourceId: input.user.id,
    newValues: { count: input.codes.length, unusedReplaced: result.replaced },
  }),
});

/**
 * New recovery codes (the password and a current TOTP or recovery code required): the old ones stop
 * working at once, ten new ones are returned once and stored hashed.
 */
export const regenerateRecoveryCodes = defineVerb({
  name: "identity.regenerateRecoveryCodes",
  access: "session",
  input: mfaRecoveryCodesBody,
  // Not `write`: a wrong password or code is recorded before its error, and a checked code stays
  // spent (see defineStep and checkSecondFactor).
  run: async ({ ctx, input }) => {
    const u = await loadSelf(ctx);
    if (!u.mfaEnabled) throw new ConflictError("Two-factor authentication is not on", "mfa_not_enabled");
    await reauthenticate(ctx, u, input.password);
    if (!(await checkSecondFactor(ctx, u, input.code))) {
      await authEvent(ctx, u.id, "mfa_failure", false, { stage: "recovery_codes" });
      await securityEvent(ctx, { eventCode: "mfa_failure", severity: "medium", userId: u.id });
      throw new AppError(400, "invalid_code", "body.code: the code is not correct");
    }
    const codes = newRecoveryCodes();
    await regenerated({ ctx, input: { user: u, codes } });
    return codes.map(showRecoveryCode);
  },
});

const disabled = defineStep<{ user: UserRow }, number>({
  name: "identity.disableMfa.commit",
  access: "session",
  run: async ({ ctx, input: { user } }) => {
    await users.updateUser(
      ctx.db,
      user.id,
      { mfaEnabled: false, mfaSecret: null, mfaLastStep: null },
      now(ctx),
    );
    await repo.replaceRecoveryCodes(ctx.db, user.id, []);
    const revoked = await sessions.revokeUserSessions(ctx.db, user.id, now(ctx), ctx.actor?.sessionId);
    await authEvent(ctx, user.id, "mfa_disabled", true);
    return revoked;
  },
  audit: ({ input, result }) => ({
    eventType: "identity.mfa",
    action: "disable",
    resourceType: "user",
    resourceId: input.user.id,
    severity: "warning",
    newValues: { sessionsRevoked: result },
  }),
});

/** Turns MFA off: needs the password and a current TOTP or recovery code; other sessions signed out. */
export const disableMfa = defineVerb({
  name: "identity.disableMfa",
  access: "session",
  input: mfaDisableBody,
  // Not `write`: a wrong password or code is recorded before its error, and a checked code stays
  // spent (see defineStep and checkSecondFactor).
  run: async ({ ctx, input }) => {
    const u = await loadSelf(ctx);
    if (!u.mfaEnabled) throw new ConflictError("Two-factor authentication is not on", "mfa_not_enabled");
    await reauthenticate(ctx, u, input.password);
    if (!(await checkSecondFactor(ctx, u, input.code))) {
      await authEvent(ctx, u.id, "mfa_failure", false, { stage: "disable" });
      await securityEvent(ctx, { eventCode: "mfa_failure", severity: "medium", userId: u.id });
      throw new AppError(400, "invalid_code", "body.code: the code is not correct");
    }
    await disabled({ ctx, input: { user: u } });
  },
});

/**
 * Admin or operator: clears a user's MFA (lost device) and signs them out everywhere; audited, and
 * the user is told. Answers the user as it is now and as it was.
 */
export const resetMfa = defineVerb({
  name: "identity.resetMfa",
  access: "admin",
  input: userIdInput,
  write: true,
  run: async ({ ctx, input }) => {
    const target = await users.lockUser(ctx.db, input.userId);
    if (!target) throw new NotFoundError("No such user");
    const user = await users.updateUser(
      ctx.db,
      target.id,
      { mfaEnabled: false, mfaSecret: null, mfaLastStep: null },
      now(ctx),
    );
    await repo.replaceRecoveryCodes(ctx.db, target.id, []);
    await sessions.revokeUserSessions(ctx.db, target.id, now(ctx));
    await notifyUser({
      ctx: ctx,
      input: {
        userId: target.id,
        type: "mfa_reset",
        title: "Two-factor authentication was reset",
        message:
          "An administrator turned off two-factor authentication on your account. Turn it on again in Security.",
      },
    });
    await authEvent(ctx, user.id, "mfa_reset", true, { by: ctx.actor?.userId ?? "operator" });
    return { user, previous: target };
  },
  audit: ({ result }) => ({
    eventType: "identity.mfa",
    action: "admin_reset",
    resourceType: "user",
    resourceId: result.user.id,
    severity: "warning",
    oldValues: { mfaEnabled: result.previous.mfaEnabled },
    newValues: { mfaEnabled: false },
  }),
});
