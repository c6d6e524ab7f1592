// SQL of sessions (and the sign-in lookup of a user by login name, and the failed sign-ins' counts).
// Functions take a Db.
import { and, desc, eq, gt, isNull, lt, ne, or, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../../platform/db/index.ts";
import { invalidateUser } from "../cache.ts";
import type { CredentialLookup, UserRow } from "../repository.ts";
import { sessions, users } from "../schema.ts";
import { signInFailures } from "../schema-sign-in.ts";

export type SessionRow = typeof sessions.$inferSelect;

/** By username or email (citext: case-insensitive). */
export async function findUserByLogin(db: Db, login: string): Promise<UserRow | undefined> {
  const [u] = await db
    .select()
    .from(users)
    .where(or(eq(users.username, login), eq(users.email, login)))
    .limit(1);
  return u;
}

export async function insertSession(db: Db, row: typeof sessions.$inferInsert): Promise<SessionRow> {
  const [s] = await db.insert(sessions).values(row).returning();
  return s;
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

// ------------------------------------------------------------------------------ failed sign-ins

export type FailureScope = "source" | "login" | "device";
export interface FailureKey {
  scope: FailureScope;
  key: string;
}
export type FailureRow = typeof signInFailures.$inferSelect;

const keyIs = (k: FailureKey) => and(eq(signInFailures.scope, k.scope), eq(signInFailures.key, k.key));

/** The counts of `keys` (those that have one). */
export function findFailures(db: Db, keys: FailureKey[]): Promise<FailureRow[]> {
  if (keys.length === 0) return Promise.resolve([]);
  return db
    .select()
    .from(signInFailures)
    .where(or(...keys.map(keyIs)));
}

/**
 * Counts one failure for `k` and answers the new count: one more, or 1 when the last failure is
 * older than `windowStart` (a count that lapsed starts again, its back-off with it).
 */
export async function addFailure(db: Db, k: FailureKey, now: Date, windowStart: Date): Promise<number> {
  const lapsed = sql`${signInFailures.lastFailureAt} < ${windowStart.toISOString()}::timestamptz`;
  const [r] = await db
    .insert(signInFailures)
    .values({ scope: k.scope, key: k.key, failures: 1, lastFailureAt: now, blockedUntil: null })
    .onConflictDoUpdate({
      target: [signInFailures.scope, signInFailures.key],
      set: {
        failures: sql`case when ${lapsed} then 1 else ${signInFailures.failures} + 1 end`,
        blockedUntil: sql`case when ${lapsed} then null else ${signInFailures.blockedUntil} end`,
        lastFailureAt: now,
      },
    })
    .returning({ failures: signInFailures.failures });
  return r.failures;
}

/** Blocks `k` until `until` (never shortens a block a concurrent failure set). */
export async function blockFailureKey(db: Db, k: FailureKey, until: Date): Promise<void> {
  await db
    .update(signInFailures)
    .set({
      blockedUntil: sql`greatest(coalesce(${signInFailures.blockedUntil}, ${until.toISOString()}::timestamptz), ${until.toISOString()}::timestamptz)`,
    })
    .where(keyIs(k));
}

/** Forgets the counts of `keys` (after a successful sign-in). */
export async function clearFailures(db: Db, keys: FailureKey[]): Promise<void> {
  if (keys.length === 0) return;
  await db.delete(signInFailures).where(or(...keys.map(keyIs)));
}

/** Deletes counts whose last failure is older than `before` and whose block has ended. */
export async function purgeOldFailures(db: Db, now: Date, before: Date): Promise<number> {
  const r = await db
    .delete(signInFailures)
    .where(
      and(
        lt(signInFailures.lastFailureAt, before),
        or(isNull(signInFailures.blockedUntil), lt(signInFailures.blockedUntil, now)),
      ),
    )
    .returning({ scope: signInFailures.scope });
  return r.length;
}
