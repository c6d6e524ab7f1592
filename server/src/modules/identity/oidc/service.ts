// OpenID Connect sign-in, the account side: linking a provider account, or creating one, and
// opening a session.
//
// Linking rule: a provider account is linked to an existing local account only when the provider
// says the email is verified AND the local account's email is verified. Otherwise a new account is
// created under REGISTRATION_MODE (open → active; approval → waits for an admin; invite/closed →
// refused).
import { z } from "zod";
import type { Ctx } from "../../../platform/context.ts";
import type { Db } from "../../../platform/db/index.ts";
import { AppError, ConflictError, ForbiddenError } from "../../../platform/errors.ts";
import { newId } from "../../../platform/ids.ts";
import { defineVerb } from "../../../platform/verb.ts";
import { notifyAdmins } from "../../notify/index.ts";
import { randomCode } from "../crypto.ts";
import { authEvent } from "../events.ts";
import { insertNewUser, now } from "../internal.ts";
import type { UserRow, UserStatus } from "../repository.ts";
import * as users from "../repository.ts";
import { openSession, type StartedSession } from "../sessions/service.ts";
import { OidcSignInError } from "./client.ts";
import * as links from "./repository.ts";

/** The account whose email is this one AND verified (OIDC links only through a verified email). */
async function findUserByVerifiedEmail(db: Db, email: string): Promise<UserRow | undefined> {
  const u = await users.findUserByEmail(db, email);
  return u?.emailVerifiedAt ? u : undefined;
}

/**
 * Creates a password-less account for a first OIDC sign-in, following REGISTRATION_MODE (open →
 * active; approval → pending, admins notified; invite/closed → refused). A taken username gets a
 * suffix. Called inside `signInWithOidc`'s transaction (it joins it).
 */
export const createOidcUser = defineVerb({
  name: "identity.createOidcUser",
  access: "public",
  input: z.object({
    username: z.string().max(256),
    email: z.string().nullish(),
    emailVerified: z.boolean().optional(),
  }),
  write: true,
  conflict: "That username or email is already in use",
  run: async ({ ctx, input }) => {
    const mode = ctx.config.REGISTRATION_MODE;
    if (mode === "closed" || mode === "invite")
      throw new ForbiddenError("Registration is closed on this server", "registration_closed");
    const status: UserStatus = mode === "open" ? "active" : "pending_approval";
    const base = input.username
      .replace(/[^A-Za-z0-9._-]/g, "")
      .slice(0, 40)
      .padEnd(3, "0");
    // Looked up rather than tried: a failed insert would abort the transaction this one joins.
    let username: string | null = null;
    for (let i = 0; i < 5 && username === null; i++) {
      const candidate = i === 0 ? base : `${base}-${randomCode(4)}`;
      if (!(await users.findUserByUsername(ctx.db, candidate))) username = candidate;
    }
    if (username === null) throw new ConflictError("Could not find a free username");
    const u = await insertNewUser(ctx, {
      username,
      email: input.email ?? null,
      status,
      emailVerified: Boolean(input.email && input.emailVerified),
    });
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
    return u;
  },
  audit: ({ result: u }) => ({
    eventType: "identity.user",
    action: "register_oidc",
    actorUserId: u.id,
    resourceType: "user",
    resourceId: u.id,
    newValues: { username: u.username, email: u.email, status: u.status },
  }),
});

const oidcIdentity = z.object({
  provider: z.string(),
  subject: z.string(),
  email: z.string().optional(),
  emailVerified: z.boolean(),
  preferredUsername: z.string().optional(),
  tokenDocument: z.string(),
  tokenExpiresAt: z.date().nullable(),
});

type Link = "existing" | "new_link" | "new_user";
export type SignInOutcome =
  | { kind: "signed_in"; user: UserRow; session: StartedSession; linked: Link }
  | { kind: "pending_approval"; user: UserRow; linked: Link };

type Linked = { user: UserRow | undefined; linked: Link };

/**
 * Finishes an OIDC sign-in for the identity the provider vouched for (OidcSignIn.identify): links
 * or creates the account, and opens a session for an active user. Refusals are OidcSignInErrors.
 */
export const signInWithOidc = defineVerb({
  name: "identity.signInWithOidc",
  access: "public",
  input: oidcIdentity,
  write: true,
  run: async ({ ctx, input: who }): Promise<SignInOutcome> => {
    const t = now(ctx);
    const sealed = (id: string) => ctx.keyring.encrypt(who.tokenDocument, links.tokensAad(id));
    const existing = await links.findLink(ctx.db, who.provider, who.subject);
    let found: Linked;
    if (existing) {
      found = { user: await users.findUserById(ctx.db, existing.userId), linked: "existing" };
      await links.updateLink(ctx.db, existing.id, {
        email: who.email ?? null,
        emailVerified: who.emailVerified,
        tokens: sealed(existing.id),
        tokenExpiresAt: who.tokenExpiresAt,
        lastLoginAt: t,
        updatedAt: t,
      });
    } else {
      found = await linkOrCreate(ctx, who);
      const id = newId();
      await links.insertLink(ctx.db, {
        id,
        userId: (found.user as UserRow).id,
        provider: who.provider,
        subject: who.subject,
        email: who.email ?? null,
        emailVerified: who.emailVerified,
        tokens: sealed(id),
        tokenExpiresAt: who.tokenExpiresAt,
        lastLoginAt: t,
        createdAt: t,
        updatedAt: t,
      });
    }
    const { user, linked } = found;
    if (!user) throw new OidcSignInError("failed", "linked account no longer exists");
    const method = { method: "oidc", provider: who.provider };
    if (user.status === "pending_approval") {
      await authEvent(ctx, user.id, "login_failure", false, { ...method, reason: "pending_approval" });
      return { kind: "pending_approval", user, linked };
    }
    if (user.status !== "active")
      throw new OidcSignInError("account_suspended", "this account is suspended or disabled");
    // The provider vouches for the person, not for our second factor: an account that set up
    // TOTP signs in with password and code (OIDC-only accounts have no password, so no TOTP).
    if (user.mfaEnabled)
      throw new OidcSignInError(
        "mfa_required",
        "this account uses two-factor authentication; sign in with it",
      );
    await users.updateUser(ctx.db, user.id, { lastLoginAt: t }, t);
    const session = await openSession(ctx, user.id);
    await authEvent(ctx, user.id, "login_success", true, method);
    return { kind: "signed_in", user, session, linked };
  },
  audit: ({ input, result }) =>
    result.linked === "existing"
      ? null
      : {
          eventType: "identity.user",
          action: "oidc_link",
          actorUserId: result.user.id,
          resourceType: "user",
          resourceId: result.user.id,
          newValues: {
            provider: input.provider,
            subject: input.subject,
            via: result.linked === "new_user" ? "new_account" : "verified_email",
          },
        },
});

/** A first sign-in with this provider account: the verified-email match, or a new account. */
async function linkOrCreate(ctx: Ctx, who: z.output<typeof oidcIdentity>): Promise<Linked> {
  const { email, emailVerified } = who;
  const match = email && emailVerified ? await findUserByVerifiedEmail(ctx.db, email) : undefined;
  if (match) {
    if (await links.findLinkForUser(ctx.db, match.id, who.provider))
      throw new OidcSignInError(
        "already_linked",
        "this account is linked to another account at that provider",
      );
    return { user: match, linked: "new_link" };
  }
  // A local account holds this email but it cannot be proven to be the same person.
  if (email && (await users.findUserByEmail(ctx.db, email)))
    throw new OidcSignInError(
      "email_in_use",
      "an account with this email exists; sign in with your password and verify your email first",
    );
  try {
    const user = await createOidcUser({
      ctx,
      input: {
        username: who.preferredUsername ?? email?.split("@")[0] ?? `${who.provider}-user`,
        email: email && emailVerified ? email : null,
        emailVerified,
      },
    });
    return { user, linked: "new_user" };
  } catch (err) {
    if (err instanceof AppError && err.code === "registration_closed")
      throw new OidcSignInError("registration_closed", "this server does not accept new accounts");
    throw err;
  }
}
