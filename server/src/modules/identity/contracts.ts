// Wire shapes of identity's HTTP API that its parts share, as zod schemas (they feed /openapi.json;
// docs/api.md explains the API). Each sub-domain's own schemas are in its folder's contracts.ts.
import { z } from "zod";
import { PASSWORD_MAX, PASSWORD_MIN } from "./crypto.ts";
import type { UserRow } from "./repository.ts";

export const iso = z.string();

/** Free text that reaches the database: PostgreSQL text cannot hold NUL, so refuse it as a 400. */
export const text = () => z.string().refine((v) => !v.includes("\u0000"), "must not contain NUL characters");

export const userStatus = z.enum(["pending_approval", "active", "suspended", "disabled"]);
export const userRole = z.enum(["user", "admin"]);

export const userOut = z.object({
  id: z.string(),
  username: z.string(),
  email: z.string().nullable(),
  phoneNumber: z.string().nullable(),
  status: userStatus,
  role: userRole,
  emailVerifiedAt: iso.nullable(),
  phoneVerifiedAt: iso.nullable(),
  mfaEnabled: z.boolean(),
  lastLoginAt: iso.nullable(),
  createdAt: iso,
});
export type UserOut = z.infer<typeof userOut>;

export const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * A sign-up's pending address is shown as the account's email, unverified: so it looks the same
 * whether or not another account has that address (registration/service.ts).
 */
export function toUserOut(u: UserRow): UserOut {
  return {
    id: u.id,
    username: u.username,
    email: u.email ?? u.pendingEmail,
    phoneNumber: u.phoneNumber,
    status: u.status as UserOut["status"],
    role: u.role as UserOut["role"],
    emailVerifiedAt: u.email ? isoOrNull(u.emailVerifiedAt) : null,
    phoneVerifiedAt: isoOrNull(u.phoneVerifiedAt),
    mfaEnabled: u.mfaEnabled,
    lastLoginAt: isoOrNull(u.lastLoginAt),
    createdAt: u.createdAt.toISOString(),
  };
}

// Inputs. Passwords are length-checked in the policy (characters, not bytes) so messages stay precise;
// the schema only bounds the size.
/** Characters as JSON Schema's minLength and maxLength count them: code points, not UTF-16 units. */
const characters = (v: string): number => [...v].length;
export const password = z
  .string()
  .min(1)
  .max(PASSWORD_MAX * 8)
  .refine((v) => characters(v) <= PASSWORD_MAX * 4, `must be at most ${PASSWORD_MAX * 4} characters`)
  .meta({ maxLength: PASSWORD_MAX * 4 });
/**
 * A password being set, as the document states it: the policy's bounds in characters (JSON Schema
 * counts code points, as the policy does). The policy (passwordProblem) enforces them with the rest
 * of its rules, after the verb has counted the attempt; the schema only bounds the size.
 */
export const newPassword = z
  .string()
  .min(1)
  .max(PASSWORD_MAX * 2)
  .meta({
    minLength: PASSWORD_MIN,
    maxLength: PASSWORD_MAX,
    description: `${PASSWORD_MIN} to ${PASSWORD_MAX} characters; not one of the 10,000 most common passwords, nor the username or email`,
  });
export const username = z
  .string()
  .trim()
  .min(3, "must be at least 3 characters")
  .max(50, "must be at most 50 characters")
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "may contain letters, digits, '.', '_' and '-'");
export const email = z.email().max(254);
export const passwordBody = z.object({ password });
export const codeBody = z.object({ code: z.string().trim().min(1).max(32) });
/**
 * On a password change or two-factor enrolment, the account's API keys keep working unless the user
 * asks for them to be revoked too (a password reset always revokes them): docs/security.md.
 */
export const revokeApiKeys = z
  .boolean()
  .optional()
  .describe("Also revoke every API key of the account (default false: the keys keep working)");
export const idParams = z.object({ id: z.uuid() });

// Inputs of verbs that no route body carries whole (the CLI and routes with path parameters).
export const userIdInput = z.object({ userId: z.uuid() });
