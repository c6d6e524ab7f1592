// SQL of registration: whether an admin exists, the one-time setup token, and using an invite code.
// Functions take a Db.
import { and, eq, gt, isNull } from "drizzle-orm";
import type { Db } from "../../../platform/db/index.ts";
import type { InviteRow } from "../admin/repository.ts";
import { invites, setupState, users } from "../schema.ts";

export async function anyAdminExists(db: Db): Promise<boolean> {
  const [r] = await db.select({ id: users.id }).from(users).where(eq(users.role, "admin")).limit(1);
  return Boolean(r);
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

export async function storeSetupToken(
  db: Db,
  tokenHash: string,
  tokenSecret: string,
  now: Date,
): Promise<void> {
  await db
    .insert(setupState)
    .values({ id: 1, tokenHash, tokenSecret, createdAt: now, usedAt: null })
    .onConflictDoUpdate({
      target: setupState.id,
      set: { tokenHash, tokenSecret, createdAt: now, usedAt: null },
    });
}

/**
 * The setup row, created empty when missing, locked until the transaction ends: processes starting
 * together decide the token one at a time.
 */
export async function claimSetupState(db: Db): Promise<typeof setupState.$inferSelect | undefined> {
  await db.insert(setupState).values({ id: 1 }).onConflictDoNothing();
  return lockSetupState(db);
}

export async function lockSetupState(db: Db): Promise<typeof setupState.$inferSelect | undefined> {
  const [r] = await db.select().from(setupState).where(eq(setupState.id, 1)).for("update");
  return r;
}

export async function markSetupUsed(db: Db, now: Date): Promise<void> {
  await db
    .update(setupState)
    .set({ usedAt: now, tokenHash: null, tokenSecret: null })
    .where(eq(setupState.id, 1));
}
