// SQL of broker connections. Every query filters by the owner's user id.
import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "../../../platform/db/index.ts";
import { brokerConnections } from "../schema.ts";

export type ConnectionRow = typeof brokerConnections.$inferSelect;

export async function listConnections(db: Db, userId: string): Promise<ConnectionRow[]> {
  return db
    .select()
    .from(brokerConnections)
    .where(eq(brokerConnections.userId, userId))
    .orderBy(asc(brokerConnections.createdAt));
}

export async function findConnection(db: Db, userId: string, id: string): Promise<ConnectionRow | undefined> {
  const [row] = await db
    .select()
    .from(brokerConnections)
    .where(and(eq(brokerConnections.id, id), eq(brokerConnections.userId, userId)));
  return row;
}

/** Active connections of every user, for the scheduled sync. */
export async function activeConnections(db: Db): Promise<{ id: string; userId: string }[]> {
  return db
    .select({ id: brokerConnections.id, userId: brokerConnections.userId })
    .from(brokerConnections)
    .where(eq(brokerConnections.active, true));
}

export async function insertConnection(
  db: Db,
  row: typeof brokerConnections.$inferInsert,
): Promise<ConnectionRow> {
  const [out] = await db.insert(brokerConnections).values(row).returning();
  return out as ConnectionRow;
}

export async function updateConnection(
  db: Db,
  userId: string,
  id: string,
  patch: Partial<typeof brokerConnections.$inferInsert>,
): Promise<ConnectionRow | undefined> {
  const [out] = await db
    .update(brokerConnections)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(and(eq(brokerConnections.id, id), eq(brokerConnections.userId, userId)))
    .returning();
  return out;
}

export async function deleteConnection(db: Db, userId: string, id: string): Promise<boolean> {
  const out = await db
    .delete(brokerConnections)
    .where(and(eq(brokerConnections.id, id), eq(brokerConnections.userId, userId)))
    .returning({ id: brokerConnections.id });
  return out.length > 0;
}
