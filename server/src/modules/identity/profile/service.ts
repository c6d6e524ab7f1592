// The signed-in account: /api/me, profile, settings, password change and deleting the account.
import { z } from "zod";
import { requireActor } from "../../../platform/context.ts";
import { NotFoundError, UnauthenticatedError } from "../../../platform/errors.ts";
import { defineVerb } from "../../../platform/verb.ts";
import { sendEmail } from "../../notify/index.ts";
import * as apiKeys from "../api-keys/repository.ts";
import { getMeExtras, putMeExtras } from "../cache.ts";
import { passwordBody } from "../contracts.ts";
import { hashPassword } from "../crypto.ts";
import { authEvent } from "../events.ts";
import {
  assertNotLastAdmin,
  defineStep,
  loadSelf,
  now,
  pick,
  policyOrThrow,
  reauthenticate,
} from "../internal.ts";
import type { UserRow } from "../repository.ts";
import * as users from "../repository.ts";
import * as sessions from "../sessions/repository.ts";
import { passwordChangeBody, profilePatch, settingsPatch } from "./contracts.ts";
import type { ProfileRow, SettingsRow } from "./repository.ts";
import * as repo from "./repository.ts";

/**
 * The user, profile and settings; the latter two cached briefly. `loaded` is the user row the auth
 * hook loaded for this request (saves /api/me a query); it is used only when it is the actor's.
 */
export const getMe = defineVerb({
  name: "identity.getMe",
  access: "user",
  input: z.object({ loaded: z.custom<UserRow>().optional() }),
  run: async ({ ctx, input, actor }) => {
    const u = input.loaded && input.loaded.id === actor?.userId ? input.loaded : await loadSelf(ctx);
    const ttlMs = ctx.config.AUTH_CACHE_SECONDS * 1000;
    let ps = getMeExtras<{ profile: ProfileRow; settings: SettingsRow }>(u.id, ttlMs);
    if (!ps) {
      ps = await repo.getProfileAndSettings(ctx.db, u.id);
      if (!ps) throw new UnauthenticatedError();
      putMeExtras(u.id, ps, ttlMs);
    }
    return { user: u, ...ps };
  },
});

export const getProfile = defineVerb({
  name: "identity.getProfile",
  access: "user",
  run: async ({ ctx }) => {
    const p = await repo.getProfile(ctx.db, requireActor(ctx).userId);
    if (!p) throw new NotFoundError();
    return p;
  },
});

/** Updates the actor's profile; answers the new row and the old one. */
export const updateProfile = defineVerb({
  name: "identity.updateProfile",
  access: "session",
  input: profilePatch,
  write: true,
  run: async ({ ctx, input }) => {
    const a = requireActor(ctx);
    const previous = await repo.getProfile(ctx.db, a.userId);
    if (!previous) throw new NotFoundError();
    const profile = await repo.updateProfile(ctx.db, a.userId, input, now(ctx));
    return { profile, previous };
  },
  audit: ({ input, result }, ctx) => ({
    eventType: "identity.profile",
    action: "update",
    resourceType: "user_profile",
    resourceId: ctx.actor?.userId ?? null,
    oldValues: pick(result.previous, Object.keys(input)),
    newValues: input,
  }),
});

export const getSettings = defineVerb({
  name: "identity.getSettings",
  access: "user",
  run: async ({ ctx }) => {
    const s = await repo.getSettings(ctx.db, requireActor(ctx).userId);
    if (!s) throw new NotFoundError();
    return s;
  },
});

/** Updates the actor's settings (notifications and display merge into what is there). */
export const updateSettings = defineVerb({
  name: "identity.updateSettings",
  access: "session",
  input: settingsPatch,
  write: true,
  run: async ({ ctx, input: patch }) => {
    const a = requireActor(ctx);
    const previous = await repo.getSettings(ctx.db, a.userId);
    if (!previous) throw new NotFoundError();
    const changes: Partial<SettingsRow> = {};
    if (patch.timezone !== undefined) changes.timezone = patch.timezone;
    if (patch.theme !== undefined) changes.theme = patch.theme;
    if (patch.language !== undefined) changes.language = patch.language;
    if (patch.notifications)
      changes.notifications = { ...(previous.notifications as object), ...patch.notifications };
    if (patch.display) changes.display = { ...(previous.display as object), ...patch.display };
    const settings = await repo.updateSettings(ctx.db, a.userId, changes, now(ctx));
    return { settings, previous, changes };
  },
  audit: ({ result }, ctx) => ({
    eventType: "identity.settings",
    action: "update",
    resourceType: "user_settings",
    resourceId: ctx.actor?.userId ?? null,
    oldValues: pick(result.previous, Object.keys(result.changes)),
    newValues: result.changes,
  }),
});

const passwordChanged = defineStep<
  { user: UserRow; passwordHash: string; revokeApiKeys: boolean },
  { sessions: number; apiKeys: number }
>({
  name: "identity.changePassword.commit",
  access: "session",
  run: async ({ ctx, input: { user, passwordHash, revokeApiKeys } }) => {
    await users.updateUser(ctx.db, user.id, { passwordHash }, now(ctx));
    const revoked = await sessions.revokeUserSessions(ctx.db, user.id, now(ctx), ctx.actor?.sessionId);
    const keys = revokeApiKeys ? await apiKeys.revokeUserApiKeys(ctx.db, user.id, now(ctx)) : 0;
    const what = keys
      ? `your other sessions were signed out and your API keys (${keys}) revoked`
      : "your other sessions were signed out (your API keys still work)";
    if (user.email)
      await sendEmail({
        ctx: ctx,
        input: {
          to: user.email,
          subject: "Your Bullpen password was changed",
          text: `Hello ${user.username},\n\nThe password of your Bullpen account was just changed and ${what}. If this was not you, reset your password now: a reset also revokes every API key.`,
        },
      });
    await authEvent(ctx, user.id, "password_changed", true, { apiKeysRevoked: keys });
    return { sessions: revoked, apiKeys: keys };
  },
  audit: ({ input, result }) => ({
    eventType: "identity.user",
    action: "password_change",
    resourceType: "user",
    resourceId: input.user.id,
    newValues: { sessionsRevoked: result.sessions, apiKeysRevoked: result.apiKeys },
  }),
});

/**
 * Changes the password (current one required) and signs out every other session; the account's API
 * keys are revoked too when the user asks (`revokeApiKeys`, default false).
 */
export const changePassword = defineVerb({
  name: "identity.changePassword",
  access: "session",
  input: passwordChangeBody,
  // Not `write`: re-authentication records a wrong password before its 403, and bcrypt runs before
  // the transaction (see defineStep).
  run: async ({ ctx, input }) => {
    const u = await loadSelf(ctx);
    await reauthenticate(ctx, u, input.currentPassword);
    policyOrThrow(input.newPassword, u, "body.newPassword");
    const passwordHash = await hashPassword(input.newPassword, ctx.config.BCRYPT_COST);
    await passwordChanged({
      ctx,
      input: { user: u, passwordHash, revokeApiKeys: input.revokeApiKeys === true },
    });
  },
});

const accountDeleted = defineStep<{ user: UserRow }, void>({
  name: "identity.deleteAccount.commit",
  access: "session",
  run: async ({ ctx, input: { user } }) => {
    await users.lockAdminSet(ctx.db);
    const locked = await users.lockUser(ctx.db, user.id);
    if (!locked) throw new NotFoundError();
    await assertNotLastAdmin(ctx.db, locked);
    await repo.deleteUser(ctx.db, user.id);
    await authEvent(ctx, null, "account_deleted", true, { userId: user.id, username: user.username });
  },
  audit: ({ input: { user } }) => ({
    eventType: "identity.user",
    action: "delete_account",
    resourceType: "user",
    resourceId: user.id,
    severity: "warning",
    oldValues: { username: user.username, email: user.email, role: user.role },
  }),
});

/** Deletes the actor's own account after re-authentication; data goes by cascade, the audit trail stays. */
export const deleteAccount = defineVerb({
  name: "identity.deleteAccount",
  access: "session",
  input: passwordBody,
  // Not `write`: re-authentication records a wrong password before its 403 (see defineStep).
  run: async ({ ctx, input }) => {
    const u = await loadSelf(ctx);
    await reauthenticate(ctx, u, input.password);
    await accountDeleted({ ctx, input: { user: u } });
  },
});
