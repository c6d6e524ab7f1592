// Identity's shared SQL: the users every part of the module reads and writes (a sub-domain's own SQL
// is in its folder's repository.ts), and the shape of the authentication hook's credential lookups.
// Functions take a Db (the pool or an open transaction).
import { and, count, eq, ne, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/index.ts";
import { invalidateUser } from "./cache.ts";
import { userProfiles, userSettings, users } from "./schema.ts";

export type UserRow = typeof users.$inferSelect;
export type UserStatus = "pending_approval" | "active" | "suspended" | "disabled";

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

export async function countActiveAdmins(db: Db, excludingUserId?: string): Promise<number> {
  const conds: SQL[] = [eq(users.role, "admin"), eq(users.status, "active")];
  if (excludingUserId) conds.push(ne(users.id, excludingUserId));
  const [r] = await db
    .select({ n: count() })
    .from(users)
    .where(and(...conds));
  return Number(r.n);
}

/** Serialises admin-count-sensitive changes (last-admin protection) across concurrent requests. */
export async function lockAdminSet(db: Db): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(7300101)`);
}

/** What the authentication hook reads for a credential (sessions/ and api-keys/ look them up). */
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
