// SQL of administration: the list of users and the invite codes (registration/ uses them). Functions take a Db.
import { asc, desc, eq } from "drizzle-orm";
import type { Db } from "../../../platform/db/index.ts";
import type { UserRow, UserStatus } from "../repository.ts";
import { invites, users } from "../schema.ts";

export type InviteRow = typeof invites.$inferSelect;

export async function listUsers(db: Db, status?: UserStatus): Promise<UserRow[]> {
  return db
    .select()
    .from(users)
    .where(status ? eq(users.status, status) : undefined)
    .orderBy(asc(users.createdAt))
    .limit(1000);
}

export async function insertInvite(db: Db, row: typeof invites.$inferInsert): Promise<InviteRow> {
  const [i] = await db.insert(invites).values(row).returning();
  return i;
}

export async function listInvites(db: Db): Promise<InviteRow[]> {
  return db.select().from(invites).orderBy(desc(invites.createdAt)).limit(500);
}
