// All of identity's SQL. Functions take a Db (the pool or an open transaction).
import { and, asc, count, desc, eq, gt, isNull, lt, ne, or, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/index.ts";
import { invalidateUser } from "./cache.ts";
import {
  apiKeys,
  invites,
  mfaRecoveryCodes,
  sessions,
  setupState,
  userProfiles,
  userSettings,
  users,
  verificationCodes,
} from "./schema.ts";

export type UserRow = typeof users.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;
export type ApiKeyRow = typeof apiKeys.$inferSelect;
export type ProfileRow = typeof userProfiles.$inferSelect;
export type SettingsRow = typeof userSettings.$inferSelect;
export type VerificationRow = typeof verificationCodes.$inferSelect;
export type InviteRow = typeof invites.$inferSelect;
export type UserStatus = "pending_approval" | "active" | "suspended" | "disabled";
export type Purpose = "email_verify" | "phone_verify" | "password_reset";

// ---------------------------------------------------------------------------------- users

export async function insertUser(db: Db, row: typeof users.$inferInsert): Promise<UserRow> {
  const [u] = await db.insert(users).values(row).returning();
  await db.insert(userProfiles).values({ userId: u.id });
  await db.insert(userSettings).values({ userId: u.id });
  return u;
}

export async function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  const [u] = await db.select().from(users).where(eq(users.id, id));
  return u;
}

/** By username or email (citext: case-insensitive). */
export async function findUserByLogin(db: Db, login: string): Promise<UserRow | undefined> {
  const [u] = await db
    .select()
    .from(users)
    .where(or(eq(users.username, login), eq(users.email, login)))
    .limit(1);
  return u;
}

export async function findUserByUsername(db: Db, username: string): Promise<UserRow | undefined> {
  const [u] = await db.select().from(users).where(eq(users.username, username));
  return u;
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  const [u] = await db.select().from(users).where(eq(users.email, email));
  return u;
}

/** Locks the user's row for the rest of the transaction (serialises concurrent changes). */
export async function lockUser(db: Db, id: string): Promise<UserRow | undefined> {
  const [u] = await db.select().from(users).where(eq(users.id, id)).for("update");
  return u;
}

export async function updateUser(
  db: Db,
  id: string,
  patch: Partial<typeof users.$inferInsert>,
  now: Date,
): Promise<UserRow> {
  invalidateUser(id);
  const [u] = await db
    .update(users)
    .set({ ...patch, updatedAt: now })
    .where(eq(users.id, id))
    .returning();
  return u;
}

export async function deleteUser(db: Db, id: string): Promise<void> {
  invalidateUser(id);
  await db.delete(users).where(eq(users.id, id));
}

export async function listUsers(db: Db, status?: UserStatus): Promise<UserRow[]> {
  return db
    .select()
    .from(users)
    .where(status ? eq(users.status, status) : undefined)
    .orderBy(asc(users.createdAt))
    .limit(1000);
}

export async function countActiveAdmins(db: Db, excludingUserId?: string): Promise<number> {
  const conds: SQL[] = [eq(users.role, "admin"), eq(users.status, "active")];
  if (excludingUserId) conds.push(ne(users.id, excludingUserId));
  const [r] = await db
    .select({ n: count() })
    .from(users)
    .where(and(...conds));
  return Number(r.n);
}

export async function anyAdminExists(db: Db): Promise<boolean> {
  const [r] = await db.select({ id: users.id }).from(users).where(eq(users.role, "admin")).limit(1);
  return Boolean(r);
}

/** Serialises admin-count-sensitive changes (last-admin protection) across concurrent requests. */
export async function lockAdminSet(db: Db): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(7300101)`);
}

export async function getProfileAndSettings(
  db: Db,
  userId: string,
): Promise<{ profile: ProfileRow; settings: SettingsRow } | undefined> {
  const [r] = await db
    .select({ profile: userProfiles, settings: userSettings })
    .from(userProfiles)
    .innerJoin(userSettings, eq(userSettings.userId, userProfiles.userId))
    .where(eq(userProfiles.userId, userId));
  return r;
}

export async function getProfile(db: Db, userId: string): Promise<ProfileRow | undefined> {
  const [p] = await db.select().from(userProfiles).where(eq(userProfiles.userId, userId));
  return p;
}

export async function updateProfile(
  db: Db,
  userId: string,
  patch: Partial<typeof userProfiles.$inferInsert>,
  now: Date,
): Promise<ProfileRow> {
  invalidateUser(userId);
  const [p] = await db
    .update(userProfiles)
    .set({ ...patch, updatedAt: now })
    .where(eq(userProfiles.userId, userId))
    .returning();
  return p;
}

export async function getSettings(db: Db, userId: string): Promise<SettingsRow | undefined> {
  const [s] = await db.select().from(userSettings).where(eq(userSettings.userId, userId));
  return s;
}

export async function updateSettings(
  db: Db,
  userId: string,
  patch: Partial<typeof userSettings.$inferInsert>,
  now: Date,
): Promise<SettingsRow> {
  invalidateUser(userId);
  const [s] = await db
    .update(userSettings)
    .set({ ...patch, updatedAt: now })
    .where(eq(userSettings.userId, userId))
    .returning();
  return s;
}

// ---------------------------------------------------------------------------------- sessions

export async function insertSession(db: Db, row: typeof sessions.$inferInsert): Promise<SessionRow> {
  const [s] = await db.insert(sessions).values(row).returning();
  return s;
}

export interface CredentialLookup {
  user: UserRow;
  sessionId: string | null;
  apiKeyId: string | null;
  secretHash: string | null;
  scopes: string[] | null;
  expiresAt: Date | null;
  lastSeenAt: Date | null;
  revokedAt: Date | null;
}

/** The authentication hook's one query for a session: the session and its user, by token hash. */
export async function findSessionWithUser(db: Db, tokenHash: string): Promise<CredentialLookup | undefined> {
  const [r] = await db
    .select({
      user: users,
      sessionId: sessions.id,
      expiresAt: sessions.expiresAt,
      lastSeenAt: sessions.lastSeenAt,
      revokedAt: sessions.revokedAt,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.tokenHash, tokenHash));
  return r && { ...r, apiKeyId: null, secretHash: null, scopes: null };
}

/** The hook's one query for an API key: the key and its user, by prefix. */
export async function findApiKeyWithUser(db: Db, prefix: string): Promise<CredentialLookup | undefined> {
  const [r] = await db
    .select({
      user: users,
      apiKeyId: apiKeys.id,
      secretHash: apiKeys.secretHash,
      scopes: apiKeys.scopes,
      lastSeenAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.userId))
    .where(eq(apiKeys.prefix, prefix));
  return r && { ...r, sessionId: null, expiresAt: null };
}

export async function findSession(db: Db, userId: string, id: string): Promise<SessionRow | undefined> {
  const [r] = await db
    .select()
    .from(sessions)
    .where(and(eq(sessions.id, id), eq(sessions.userId, userId)));
  return r;
}

export async function touchSession(db: Db, id: string, now: Date): Promise<void> {
  await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, id));
}

export async function touchApiKey(db: Db, id: string, now: Date): Promise<void> {
  await db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, id));
}

/** The user's live sessions (not revoked, not past their absolute expiry), newest first. */
export async function listLiveSessions(db: Db, userId: string, now: Date): Promise<SessionRow[]> {
  return db
    .select()
    .from(sessions)
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)))
    .orderBy(desc(sessions.createdAt));
}

/** Revokes one of the user's sessions; false when it is not theirs or already revoked. */
export async function revokeSession(db: Db, userId: string, id: string, now: Date): Promise<boolean> {
  invalidateUser(userId);
  const r = await db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.id, id), eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return r.length > 0;
}

/** Revokes every live session of the user except `keepId`; returns how many. */
export async function revokeUserSessions(
  db: Db,
  userId: string,
  now: Date,
  keepId?: string | null,
): Promise<number> {
  invalidateUser(userId);
  const conds: SQL[] = [eq(sessions.userId, userId), isNull(sessions.revokedAt)];
  if (keepId) conds.push(ne(sessions.id, keepId));
  const r = await db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(...conds))
    .returning({ id: sessions.id });
  return r.length;
}

/** Deletes sessions that can never be used again (expired, idle past `idleBefore`, or revoked a day ago). */
export async function purgeDeadSessions(db: Db, now: Date, idleBefore: Date): Promise<number> {
  const dayAgo = new Date(now.getTime() - 24 * 3600_000);
  const r = await db
    .delete(sessions)
    .where(
      or(lt(sessions.expiresAt, now), lt(sessions.lastSeenAt, idleBefore), lt(sessions.revokedAt, dayAgo)),
    )
    .returning({ id: sessions.id });
  return r.length;
}

// ---------------------------------------------------------------------------------- API keys

export async function insertApiKey(db: Db, row: typeof apiKeys.$inferInsert): Promise<ApiKeyRow> {
  const [k] = await db.insert(apiKeys).values(row).returning();
  return k;
}

export async function listApiKeys(db: Db, userId: string): Promise<ApiKeyRow[]> {
  return db.select().from(apiKeys).where(eq(apiKeys.userId, userId)).orderBy(desc(apiKeys.createdAt));
}

export async function revokeApiKey(db: Db, userId: string, id: string, now: Date): Promise<boolean> {
  invalidateUser(userId);
  const r = await db
    .update(apiKeys)
    .set({ revokedAt: now })
    .where(and(eq(apiKeys.id, id), eq(apiKeys.userId, userId), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  return r.length > 0;
}

// ---------------------------------------------------------------------------------- MFA

export async function replaceRecoveryCodes(
  db: Db,
  userId: string,
  rows: { id: string; codeHash: string }[],
): Promise<void> {
  await db.delete(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, userId));
  if (rows.length) await db.insert(mfaRecoveryCodes).values(rows.map((r) => ({ ...r, userId })));
}

/** Marks an unused recovery code used; true when one matched. */
export async function useRecoveryCode(db: Db, userId: string, codeHash: string, now: Date): Promise<boolean> {
  const r = await db
    .update(mfaRecoveryCodes)
    .set({ usedAt: now })
    .where(
      and(
        eq(mfaRecoveryCodes.userId, userId),
        eq(mfaRecoveryCodes.codeHash, codeHash),
        isNull(mfaRecoveryCodes.usedAt),
      ),
    )
    .returning({ id: mfaRecoveryCodes.id });
  return r.length > 0;
}

export async function countUnusedRecoveryCodes(db: Db, userId: string): Promise<number> {
  const [r] = await db
    .select({ n: count() })
    .from(mfaRecoveryCodes)
    .where(and(eq(mfaRecoveryCodes.userId, userId), isNull(mfaRecoveryCodes.usedAt)));
  return Number(r.n);
}

// ---------------------------------------------------------------------------------- codes

export async function insertCode(db: Db, row: typeof verificationCodes.$inferInsert): Promise<void> {
  await db.insert(verificationCodes).values(row);
}

/** Retires the user's open codes of a purpose (a new one supersedes them). */
export async function consumeOpenCodes(db: Db, userId: string, purpose: Purpose, now: Date): Promise<void> {
  await db
    .update(verificationCodes)
    .set({ consumedAt: now })
    .where(
      and(
        eq(verificationCodes.userId, userId),
        eq(verificationCodes.purpose, purpose),
        isNull(verificationCodes.consumedAt),
      ),
    );
}

/** An unconsumed, unexpired token of `purpose` by its hash, locked for the transaction. */
export async function findLiveToken(
  db: Db,
  purpose: Purpose,
  codeHash: string,
  now: Date,
): Promise<VerificationRow | undefined> {
  const [r] = await db
    .select()
    .from(verificationCodes)
    .where(
      and(
        eq(verificationCodes.codeHash, codeHash),
        eq(verificationCodes.purpose, purpose),
        isNull(verificationCodes.consumedAt),
        gt(verificationCodes.expiresAt, now),
      ),
    )
    .for("update");
  return r;
}

/** The user's newest unconsumed code of a purpose, locked. */
export async function findOpenCode(
  db: Db,
  userId: string,
  purpose: Purpose,
): Promise<VerificationRow | undefined> {
  const [r] = await db
    .select()
    .from(verificationCodes)
    .where(
      and(
        eq(verificationCodes.userId, userId),
        eq(verificationCodes.purpose, purpose),
        isNull(verificationCodes.consumedAt),
      ),
    )
    .orderBy(desc(verificationCodes.createdAt))
    .limit(1)
    .for("update");
  return r;
}

export async function markCodeConsumed(db: Db, id: string, now: Date): Promise<void> {
  await db.update(verificationCodes).set({ consumedAt: now }).where(eq(verificationCodes.id, id));
}

export async function bumpCodeAttempts(db: Db, id: string): Promise<void> {
  await db
    .update(verificationCodes)
    .set({ attempts: sql`${verificationCodes.attempts} + 1` })
    .where(eq(verificationCodes.id, id));
}

export async function purgeDeadCodes(db: Db, now: Date): Promise<number> {
  const dayAgo = new Date(now.getTime() - 24 * 3600_000);
  const r = await db
    .delete(verificationCodes)
    .where(or(lt(verificationCodes.expiresAt, dayAgo), lt(verificationCodes.consumedAt, dayAgo)))
    .returning({ id: verificationCodes.id });
  return r.length;
}

// ---------------------------------------------------------------------------------- invites

export async function insertInvite(db: Db, row: typeof invites.$inferInsert): Promise<InviteRow> {
  const [i] = await db.insert(invites).values(row).returning();
  return i;
}

export async function findUsableInvite(db: Db, codeHash: string, now: Date): Promise<InviteRow | undefined> {
  const [i] = await db
    .select()
    .from(invites)
    .where(and(eq(invites.codeHash, codeHash), isNull(invites.usedAt), gt(invites.expiresAt, now)))
    .for("update");
  return i;
}

export async function markInviteUsed(db: Db, id: string, userId: string, now: Date): Promise<void> {
  await db.update(invites).set({ usedBy: userId, usedAt: now }).where(eq(invites.id, id));
}

export async function listInvites(db: Db): Promise<InviteRow[]> {
  return db.select().from(invites).orderBy(desc(invites.createdAt)).limit(500);
}

// ---------------------------------------------------------------------------------- setup

export async function storeSetupToken(db: Db, tokenHash: string, now: Date): Promise<void> {
  await db
    .insert(setupState)
    .values({ id: 1, tokenHash, createdAt: now, usedAt: null })
    .onConflictDoUpdate({ target: setupState.id, set: { tokenHash, createdAt: now, usedAt: null } });
}

export async function lockSetupState(db: Db): Promise<typeof setupState.$inferSelect | undefined> {
  const [r] = await db.select().from(setupState).where(eq(setupState.id, 1)).for("update");
  return r;
}

export async function markSetupUsed(db: Db, now: Date): Promise<void> {
  await db.update(setupState).set({ usedAt: now, tokenHash: null }).where(eq(setupState.id, 1));
}
