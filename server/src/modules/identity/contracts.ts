// Wire shapes of identity's HTTP API, as zod schemas (they feed /openapi.json; docs/api.md explains the API).
import { z } from "zod";
import { PASSWORD_MAX } from "./crypto.ts";
import type { ApiKeyRow, ProfileRow, SessionRow, SettingsRow, UserRow } from "./repository.ts";

const iso = z.string();

/** Free text that reaches the database: PostgreSQL text cannot hold NUL, so refuse it as a 400. */
const text = () => z.string().refine((v) => !v.includes("\u0000"), "must not contain NUL characters");

export const userStatus = z.enum(["pending_approval", "active", "suspended", "disabled"]);
export const userRole = z.enum(["user", "admin"]);
export const apiScope = z.enum(["read", "trade", "admin"]);

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

const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

export function toUserOut(u: UserRow): UserOut {
  return {
    id: u.id,
    username: u.username,
    email: u.email,
    phoneNumber: u.phoneNumber,
    status: u.status as UserOut["status"],
    role: u.role as UserOut["role"],
    emailVerifiedAt: isoOrNull(u.emailVerifiedAt),
    phoneVerifiedAt: isoOrNull(u.phoneVerifiedAt),
    mfaEnabled: u.mfaEnabled,
    lastLoginAt: isoOrNull(u.lastLoginAt),
    createdAt: u.createdAt.toISOString(),
  };
}

export const tradingExperience = z.enum(["none", "beginner", "intermediate", "advanced", "professional"]);
export const riskTolerance = z.enum(["conservative", "moderate", "aggressive"]);

export const profileOut = z.object({
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  avatarUrl: z.string().nullable(),
  tradingExperience: tradingExperience.nullable(),
  riskTolerance: riskTolerance.nullable(),
});
export type ProfileOut = z.infer<typeof profileOut>;

export const toProfileOut = (p: ProfileRow): ProfileOut => ({
  firstName: p.firstName,
  lastName: p.lastName,
  avatarUrl: p.avatarUrl,
  tradingExperience: p.tradingExperience as ProfileOut["tradingExperience"],
  riskTolerance: p.riskTolerance as ProfileOut["riskTolerance"],
});

export const profilePatch = z
  .object({
    firstName: text().trim().max(100).nullable(),
    lastName: text().trim().max(100).nullable(),
    avatarUrl: z
      .url({ protocol: /^https?$/ })
      .max(2048)
      .nullable(),
    tradingExperience: tradingExperience.nullable(),
    riskTolerance: riskTolerance.nullable(),
  })
  .partial()
  .strict();

const timezone = z
  .string()
  .min(1)
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, "must be an IANA time zone such as Asia/Seoul");

export const settingsOut = z.object({
  timezone: z.string(),
  theme: z.enum(["light", "dark", "auto"]),
  language: z.enum(["en", "ko"]),
  notifications: z.object({ email: z.boolean(), inApp: z.boolean() }),
  display: z.object({ currency: z.string(), dateFormat: z.string(), compactNumbers: z.boolean() }),
});
export type SettingsOut = z.infer<typeof settingsOut>;

const defaultNotifications = { email: true, inApp: true };
const defaultDisplay = { currency: "USD", dateFormat: "YYYY-MM-DD", compactNumbers: false };

export const toSettingsOut = (s: SettingsRow): SettingsOut => ({
  timezone: s.timezone,
  theme: s.theme as SettingsOut["theme"],
  language: s.language as SettingsOut["language"],
  notifications: { ...defaultNotifications, ...(s.notifications as object) },
  display: { ...defaultDisplay, ...(s.display as object) },
});

export const settingsPatch = z
  .object({
    timezone,
    theme: z.enum(["light", "dark", "auto"]),
    language: z.enum(["en", "ko"]),
    notifications: z.object({ email: z.boolean(), inApp: z.boolean() }).partial().strict(),
    display: z
      .object({
        currency: z.string().regex(/^[A-Z]{3}$/, "must be an ISO 4217 code such as KRW"),
        dateFormat: text().min(1).max(32),
        compactNumbers: z.boolean(),
      })
      .partial()
      .strict(),
  })
  .partial()
  .strict();

export const sessionOut = z.object({
  id: z.string(),
  current: z.boolean(),
  ipAddress: z.string().nullable(),
  userAgent: z.string().nullable(),
  createdAt: iso,
  lastSeenAt: iso,
  expiresAt: iso,
});

export const toSessionOut = (s: SessionRow, currentId: string | undefined) => ({
  id: s.id,
  current: s.id === currentId,
  ipAddress: s.ipAddress,
  userAgent: s.userAgent,
  createdAt: s.createdAt.toISOString(),
  lastSeenAt: s.lastSeenAt.toISOString(),
  expiresAt: s.expiresAt.toISOString(),
});

export const apiKeyOut = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(apiScope),
  lastUsedAt: iso.nullable(),
  createdAt: iso,
  revokedAt: iso.nullable(),
});

export const toApiKeyOut = (k: ApiKeyRow) => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  scopes: k.scopes as z.infer<typeof apiScope>[],
  lastUsedAt: isoOrNull(k.lastUsedAt),
  createdAt: k.createdAt.toISOString(),
  revokedAt: isoOrNull(k.revokedAt),
});

// Inputs. Passwords are length-checked in the policy (characters, not bytes) so messages stay precise;
// the schema only bounds the size.
const password = z
  .string()
  .min(1)
  .max(PASSWORD_MAX * 4);
export const username = z
  .string()
  .trim()
  .min(3, "must be at least 3 characters")
  .max(50, "must be at most 50 characters")
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "may contain letters, digits, '.', '_' and '-'");
export const email = z.email().max(254);
export const phoneNumber = z
  .string()
  .regex(/^\+[1-9][0-9]{6,14}$/, "must be an E.164 number such as +821012345678");

export const loginBody = z.object({
  login: text().trim().min(1).max(254),
  password,
  totp: z.string().trim().min(6).max(32).optional(),
});
export const registerBody = z.object({
  username,
  password,
  email: email.optional(),
  inviteCode: text().trim().min(1).max(128).optional(),
});
export const setupBody = z.object({
  token: z.string().min(1).max(256),
  username,
  password,
  email: email.optional(),
});
export const tokenBody = z.object({ token: z.string().min(1).max(256) });
export const resetRequestBody = z.object({ email: text().trim().min(1).max(254) });
export const resetConfirmBody = z.object({ token: z.string().min(1).max(256), password });
export const passwordChangeBody = z.object({ currentPassword: password, newPassword: password });
export const passwordBody = z.object({ password });
export const codeBody = z.object({ code: z.string().trim().min(1).max(32) });
export const mfaDisableBody = z.object({ password, code: z.string().trim().min(1).max(32) });
export const phoneRequestBody = z.object({ phoneNumber });
export const apiKeyCreateBody = z.object({
  name: text().trim().min(1).max(100),
  scopes: z.array(apiScope).min(1).max(3),
});
export const roleBody = z.object({ role: userRole });
export const inviteBody = z.object({ email: email.optional() });
export const idParams = z.object({ id: z.uuid() });
export const listUsersQuery = z.object({ status: userStatus.optional() });

// Inputs of verbs that no route body carries whole (the CLI and routes with path parameters).
export const userIdInput = z.object({ userId: z.uuid() });
export const statusChangeInput = userIdInput.extend({
  action: z.enum(["approve", "reject", "suspend", "reactivate"]),
});
export const roleChangeInput = userIdInput.extend({ role: userRole });
export const createUserInput = z.object({
  username,
  password,
  email: email.nullish(),
  role: userRole.optional(),
  status: userStatus.optional(),
});

export const authResult = z.object({ user: userOut, token: z.string(), expiresAt: iso });
export const meOut = z.object({ user: userOut, profile: profileOut, settings: settingsOut });
export type MeOut = z.infer<typeof meOut>;
export const inviteOut = z.object({
  id: z.string(),
  email: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: iso,
  expiresAt: iso,
  usedBy: z.string().nullable(),
  usedAt: iso.nullable(),
});
