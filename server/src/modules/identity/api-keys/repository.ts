// SQL of API keys, and the authentication hook's lookup of a key. Functions take a Db.
import { and, desc, eq, isNotNull, isNull } from "drizzle-orm";
import type { Db } from "../../../platform/db/index.ts";
import { invalidateUser } from "../cache.ts";
import type { CredentialLookup } from "../repository.ts";
import { apiKeys, users } from "../schema.ts";

export type ApiKeyRow = typeof apiKeys.$inferSelect;

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

export async function touchApiKey(db: Db, id: string, now: Date): Promise<void> {
  await db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, id));
}

export async function insertApiKey(db: Db, row: typeof apiKeys.$inferInsert): Promise<ApiKeyRow> {
  const [k] = await db.insert(apiKeys).values(row).returning();
  return k;
}

export async function listApiKeys(db: Db, userId: string): Promise<ApiKeyRow[]> {
  return db.select().from(apiKeys).where(eq(apiKeys.userId, userId)).orderBy(desc(apiKeys.createdAt));
}

/** One of the user's keys (any state), locked for the change that follows. */
export async function findApiKey(db: Db, userId: string, id: string): Promise<ApiKeyRow | undefined> {
  const [k] = await db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.id, id), eq(apiKeys.userId, userId)))
    .for("update");
  return k;
}

/** Removes a revoked key of the user; an active key is never removed (it must be revoked first). */
export async function deleteRevokedApiKey(db: Db, userId: string, id: string): Promise<boolean> {
  const r = await db
    .delete(apiKeys)
    .where(and(eq(apiKeys.id, id), eq(apiKeys.userId, userId), isNotNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  return r.length > 0;
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

/** Revokes every live API key of the user (a password reset, or when the user asks); returns how many. */
export async function revokeUserApiKeys(db: Db, userId: string, now: Date): Promise<number> {
  invalidateUser(userId);
  const r = await db
    .update(apiKeys)
    .set({ revokedAt: now })
    .where(and(eq(apiKeys.userId, userId), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  return r.length;
}
