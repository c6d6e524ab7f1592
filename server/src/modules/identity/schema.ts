import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  customType,
  index,
  integer,
  jsonb,
  pgSchema,
  smallint,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt, ts, updatedAt } from "../../platform/db/columns.ts";

export const identitySchema = pgSchema("identity");

/** Case-insensitive text (the citext extension is created by migration 0000). */
const citext = customType<{ data: string }>({ dataType: () => "citext" });

/** Accounts (000 users, 001 phone users, 002 users, 004 auth.users); see SCHEMA-MAP identity. */
export const users = identitySchema.table(
  "users",
  {
    id: uuid("id").primaryKey(),
    username: citext("username").notNull(),
    email: citext("email"),
    /**
     * An address given at sign-up, waiting for its verification link: attached as `email` only then,
     * so a sign-up with an address another account has looks the same as any other (not unique, not a
     * sign-in name).
     */
    pendingEmail: citext("pending_email"),
    phoneNumber: text("phone_number"),
    /** bcrypt over an HMAC pre-hash (docs/decisions/0001); null for OIDC-only accounts. */
    passwordHash: text("password_hash"),
    status: text("status").notNull().default("pending_approval"),
    role: text("role").notNull().default("user"),
    emailVerifiedAt: ts("email_verified_at"),
    phoneVerifiedAt: ts("phone_verified_at"),
    mfaEnabled: boolean("mfa_enabled").notNull().default(false),
    /** Envelope-encrypted TOTP secret (AAD "identity.users.mfa_secret:<id>"); set but not enabled while enrolling. */
    mfaSecret: text("mfa_secret"),
    /** Last accepted TOTP time step, so a code cannot be replayed inside its window. */
    mfaLastStep: bigint("mfa_last_step", { mode: "number" }),
    lastLoginAt: ts("last_login_at"),
    preferences: jsonb("preferences").notNull().default({}),
    failedLoginCount: integer("failed_login_count").notNull().default(0),
    throttledUntil: ts("throttled_until"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("users_username_key").on(t.username),
    uniqueIndex("users_email_key").on(t.email),
    uniqueIndex("users_phone_number_key").on(t.phoneNumber),
    index("users_status_idx").on(t.status, t.createdAt),
    check("users_status_check", sql`${t.status} in ('pending_approval','active','suspended','disabled')`),
    check("users_role_check", sql`${t.role} in ('user','admin')`),
    check("users_phone_e164_check", sql`${t.phoneNumber} ~ '^\\+[1-9][0-9]{6,14}$'`),
    check("users_username_check", sql`char_length(${t.username}) between 3 and 50`),
  ],
);

/** 004 auth.user_profiles. */
export const userProfiles = identitySchema.table(
  "user_profiles",
  {
    userId: uuid("user_id")
      .primaryKey()
      .references(() => users.id, { onDelete: "cascade" }),
    firstName: text("first_name"),
    lastName: text("last_name"),
    avatarUrl: text("avatar_url"),
    tradingExperience: text("trading_experience"),
    riskTolerance: text("risk_tolerance"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check(
      "user_profiles_experience_check",
      sql`${t.tradingExperience} in ('none','beginner','intermediate','advanced','professional')`,
    ),
    check("user_profiles_risk_check", sql`${t.riskTolerance} in ('conservative','moderate','aggressive')`),
  ],
);

/** 002 user_settings (one row per user). */
export const userSettings = identitySchema.table(
  "user_settings",
  {
    userId: uuid("user_id")
      .primaryKey()
      .references(() => users.id, { onDelete: "cascade" }),
    timezone: text("timezone").notNull().default("UTC"),
    theme: text("theme").notNull().default("auto"),
    language: text("language").notNull().default("en"),
    notifications: jsonb("notifications").notNull().default({ email: true, inApp: true }),
    display: jsonb("display")
      .notNull()
      .default({ currency: "USD", dateFormat: "YYYY-MM-DD", compactNumbers: false }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check("user_settings_theme_check", sql`${t.theme} in ('light','dark','auto')`),
    check("user_settings_language_check", sql`${t.language} in ('en','ko')`),
  ],
);

/** 000 user_sessions / 004 sessions: only the SHA-256 of the token is kept. */
export const sessions = identitySchema.table(
  "sessions",
  {
    id: uuid("id").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    ipAddress: text("ip_address"),
    userAgent: text("user_agent"),
    createdAt: createdAt(),
    lastSeenAt: ts("last_seen_at").notNull().defaultNow(),
    expiresAt: ts("expires_at").notNull(),
    revokedAt: ts("revoked_at"),
  },
  (t) => [
    uniqueIndex("sessions_token_hash_key").on(t.tokenHash),
    index("sessions_user_idx").on(t.userId),
    index("sessions_expires_idx").on(t.expiresAt),
  ],
);

/** Scoped API keys `bp_<prefix>_<secret>`; the secret is kept as SHA-256 only. */
export const apiKeys = identitySchema.table(
  "api_keys",
  {
    id: uuid("id").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    prefix: text("prefix").notNull(),
    secretHash: text("secret_hash").notNull(),
    scopes: text("scopes").array().notNull(),
    lastUsedAt: ts("last_used_at"),
    createdAt: createdAt(),
    revokedAt: ts("revoked_at"),
  },
  (t) => [
    uniqueIndex("api_keys_prefix_key").on(t.prefix),
    index("api_keys_user_idx").on(t.userId),
    check("api_keys_scopes_check", sql`${t.scopes} <@ array['read','trade','admin']::text[]`),
  ],
);

/** 004 backup codes: ten single-use codes, hashed. */
export const mfaRecoveryCodes = identitySchema.table(
  "mfa_recovery_codes",
  {
    id: uuid("id").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    codeHash: text("code_hash").notNull(),
    usedAt: ts("used_at"),
    createdAt: createdAt(),
  },
  (t) => [index("mfa_recovery_codes_user_idx").on(t.userId)],
);

/**
 * 001 phone codes, 002/004 email verification tokens and password resets: one table, hashed,
 * expiring, attempt-limited and single use.
 */
export const verificationCodes = identitySchema.table(
  "verification_codes",
  {
    id: uuid("id").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    purpose: text("purpose").notNull(),
    /** The email address or phone number being verified (a reset names the email it was sent to). */
    target: text("target"),
    codeHash: text("code_hash").notNull(),
    expiresAt: ts("expires_at").notNull(),
    attempts: smallint("attempts").notNull().default(0),
    consumedAt: ts("consumed_at"),
    createdAt: createdAt(),
  },
  (t) => [
    index("verification_codes_hash_idx").on(t.codeHash),
    index("verification_codes_user_idx").on(t.userId, t.purpose),
    check(
      "verification_codes_purpose_check",
      sql`${t.purpose} in ('email_verify','phone_verify','password_reset')`,
    ),
  ],
);

/** Admin-issued invite codes for REGISTRATION_MODE=invite. */
export const invites = identitySchema.table(
  "invites",
  {
    id: uuid("id").primaryKey(),
    codeHash: text("code_hash").notNull(),
    email: citext("email"),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    expiresAt: ts("expires_at").notNull(),
    usedBy: uuid("used_by").references(() => users.id, { onDelete: "set null" }),
    usedAt: ts("used_at"),
  },
  (t) => [uniqueIndex("invites_code_hash_key").on(t.codeHash)],
);

/**
 * The first-admin setup token (one row) while no admin exists: its hash, to check it, and the token
 * encrypted under the master key, so that every process started on the instance prints the same one.
 */
export const setupState = identitySchema.table(
  "setup_state",
  {
    id: smallint("id").primaryKey().default(1),
    tokenHash: text("token_hash"),
    /** Envelope (platform/secrets.ts) of the token; cleared when it is used. */
    tokenSecret: text("token_secret"),
    createdAt: createdAt(),
    usedAt: ts("used_at"),
  },
  (t) => [check("setup_state_single_row", sql`${t.id} = 1`)],
);
