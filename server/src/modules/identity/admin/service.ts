// Administration: users (list, status changes, roles, direct creation) and invite codes. Every verb
// admits an administrator (API keys need the admin scope) or a local caller (the CLI operator).
import type { Ctx } from "../../../platform/context.ts";
import { ConflictError, NotFoundError } from "../../../platform/errors.ts";
import { newId } from "../../../platform/ids.ts";
import { defineVerb } from "../../../platform/verb.ts";
import { recordDataAccess } from "../../audit/index.ts";
import { notifyUser, sendEmail } from "../../notify/index.ts";
import { hashPassword, randomCode, sha256 } from "../crypto.ts";
import { assertNotLastAdmin, defineStep, insertNewUser, now, policyOrThrow } from "../internal.ts";
import type { UserRow, UserStatus } from "../repository.ts";
import * as users from "../repository.ts";
import * as sessions from "../sessions/repository.ts";
import {
  createUserInput,
  inviteBody,
  listUsersQuery,
  roleChangeInput,
  statusChangeInput,
} from "./contracts.ts";
import * as repo from "./repository.ts";

export const INVITE_TTL_MS = 7 * 24 * 3600_000;

/** Users, optionally by status; an admin reading other users' records is logged (data_access_logs). */
export const listUsers = defineVerb({
  name: "identity.listUsers",
  access: "admin",
  input: listUsersQuery,
  run: async ({ ctx, input }) => {
    const rows = await repo.listUsers(ctx.db, input.status);
    if (ctx.actor)
      await recordDataAccess(ctx, {
        tableName: "identity.users",
        operation: "list",
        recordId: null,
        fieldsAccessed: ["username", "email", "phone_number", "status", "role", "last_login_at"],
      });
    return rows;
  },
});

type Action = "approve" | "reject" | "suspend" | "reactivate";
const TRANSITIONS: Record<Action, { from: UserStatus[]; to: UserStatus }> = {
  approve: { from: ["pending_approval"], to: "active" },
  reject: { from: ["pending_approval"], to: "disabled" },
  suspend: { from: ["active", "pending_approval"], to: "suspended" },
  reactivate: { from: ["suspended", "disabled"], to: "active" },
};

const MESSAGES: Record<Action, { title: string; message: string }> = {
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

/**
 * Changes a user's status (approve / reject / suspend / reactivate), audited, with the user told;
 * the last active admin cannot be suspended or rejected. Answers the user now and as it was.
 */
export const changeUserStatus = defineVerb({
  name: "identity.changeUserStatus",
  access: "admin",
  input: statusChangeInput,
  write: true,
  run: async ({ ctx, input }) => {
    const tr = TRANSITIONS[input.action];
    await users.lockAdminSet(ctx.db);
    const target = await users.lockUser(ctx.db, input.userId);
    if (!target) throw new NotFoundError("No such user");
    if (!tr.from.includes(target.status as UserStatus))
      throw new ConflictError(
        `Cannot ${input.action} a user whose status is ${target.status}`,
        "invalid_state",
      );
    if (tr.to !== "active") await assertNotLastAdmin(ctx.db, target);
    const user = await users.updateUser(ctx.db, target.id, { status: tr.to }, now(ctx));
    if (tr.to !== "active") await sessions.revokeUserSessions(ctx.db, target.id, now(ctx));
    const msg = MESSAGES[input.action];
    await notifyUser({ ctx: ctx, input: { userId: target.id, type: `account_${input.action}`, ...msg } });
    if (target.email && (input.action === "approve" || input.action === "reject"))
      await sendEmail({
        ctx: ctx,
        input: {
          to: target.email,
          subject: `Bullpen: ${msg.title.toLowerCase()}`,
          text: `Hello ${target.username},\n\n${msg.message}\n\n${ctx.config.publicUrl}/`,
        },
      });
    return { user, previous: target };
  },
  audit: ({ input, result }) => ({
    eventType: "identity.admin",
    action: input.action,
    resourceType: "user",
    resourceId: result.user.id,
    severity: input.action === "suspend" ? "warning" : "info",
    oldValues: { status: result.previous.status },
    newValues: { status: result.user.status },
  }),
});

type UserIdArgs = { ctx: Ctx; input: { userId: string } };
export const approveUser = ({ ctx, input }: UserIdArgs) =>
  changeUserStatus({ ctx, input: { ...input, action: "approve" } });
export const rejectUser = ({ ctx, input }: UserIdArgs) =>
  changeUserStatus({ ctx, input: { ...input, action: "reject" } });
export const suspendUser = ({ ctx, input }: UserIdArgs) =>
  changeUserStatus({ ctx, input: { ...input, action: "suspend" } });
export const reactivateUser = ({ ctx, input }: UserIdArgs) =>
  changeUserStatus({ ctx, input: { ...input, action: "reactivate" } });

/** Promotes or demotes a user; the last active admin cannot be demoted. Answers the user now and as it was. */
export const setUserRole = defineVerb({
  name: "identity.setUserRole",
  access: "admin",
  input: roleChangeInput,
  write: true,
  run: async ({ ctx, input }) => {
    await users.lockAdminSet(ctx.db);
    const target = await users.lockUser(ctx.db, input.userId);
    if (!target) throw new NotFoundError("No such user");
    if (target.role === input.role) return { user: target, previous: target };
    if (input.role === "user") await assertNotLastAdmin(ctx.db, target);
    const user = await users.updateUser(ctx.db, target.id, { role: input.role }, now(ctx));
    await notifyUser({
      ctx: ctx,
      input: {
        userId: target.id,
        type: "account_role",
        title: input.role === "admin" ? "You are now an administrator" : "You are no longer an administrator",
        message: `An administrator changed your role to ${input.role}.`,
      },
    });
    return { user, previous: target };
  },
  audit: ({ input, result }) =>
    result.previous.role === input.role
      ? null
      : {
          eventType: "identity.admin",
          action: "change_role",
          resourceType: "user",
          resourceId: result.user.id,
          severity: "warning",
          oldValues: { role: result.previous.role },
          newValues: { role: input.role },
        },
});

const userCreated = defineStep<
  {
    username: string;
    passwordHash: string;
    email: string | null;
    role: "user" | "admin";
    status: UserStatus;
  },
  UserRow
>({
  name: "identity.createUserAdmin.commit",
  access: "admin",
  conflict: "That username or email is already in use",
  run: ({ ctx, input }) => insertNewUser(ctx, input),
  audit: ({ result: u }) => ({
    eventType: "identity.admin",
    action: "create_user",
    resourceType: "user",
    resourceId: u.id,
    severity: u.role === "admin" ? "warning" : "info",
    newValues: { username: u.username, email: u.email, role: u.role, status: u.status },
  }),
});

/** Creates an account directly (active by default); the password follows the policy. */
export const createUserAdmin = defineVerb({
  name: "identity.createUserAdmin",
  access: "admin",
  input: createUserInput,
  // Not `write`: bcrypt runs before the transaction (see defineStep).
  run: async ({ ctx, input }) => {
    policyOrThrow(input.password, input, "password");
    const passwordHash = await hashPassword(input.password, ctx.config.BCRYPT_COST);
    return userCreated({
      ctx,
      input: {
        username: input.username,
        passwordHash,
        email: input.email ?? null,
        role: input.role ?? "user",
        status: input.status ?? "active",
      },
    });
  },
});

/** An invite code (7 days) for REGISTRATION_MODE=invite, optionally bound to (and emailed to) an address. */
export const createInvite = defineVerb({
  name: "identity.createInvite",
  access: "admin",
  input: inviteBody,
  write: true,
  run: async ({ ctx, input }) => {
    const code = randomCode(16);
    const expiresAt = new Date(now(ctx).getTime() + INVITE_TTL_MS);
    const invite = await repo.insertInvite(ctx.db, {
      id: newId(),
      codeHash: sha256(code),
      email: input.email ?? null,
      createdBy: ctx.actor?.userId ?? null,
      createdAt: now(ctx),
      expiresAt,
    });
    if (input.email)
      await sendEmail({
        ctx: ctx,
        input: {
          to: input.email,
          subject: "You are invited to Bullpen",
          text: `You are invited to create an account on Bullpen: ${ctx.config.publicUrl}/register?invite=${code}\n\nInvite code: ${code} (valid for 7 days)`,
          // Stored redacted; the whole message sealed until it is sent or the invitation expires.
          secrets: [code],
          secretExpiresAt: expiresAt,
        },
      });
    return { invite, code, expiresAt };
  },
  audit: ({ result: { invite } }) => ({
    eventType: "identity.admin",
    action: "create_invite",
    resourceType: "invite",
    resourceId: invite.id,
    newValues: { email: invite.email, expiresAt: invite.expiresAt },
  }),
});

export const listInvites = defineVerb({
  name: "identity.listInvites",
  access: "admin",
  run: async ({ ctx }) => repo.listInvites(ctx.db),
});
