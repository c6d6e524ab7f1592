// SQL of watchlists (004 trading.watchlists): several per user, at most one default.
import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "../../../platform/db/index.ts";
import { watchlists } from "../schema.ts";

export type WatchlistRow = typeof watchlists.$inferSelect;

export async function listWatchlists(db: Db, userId: string): Promise<WatchlistRow[]> {
  return db
    .select()
    .from(watchlists)
    .where(eq(watchlists.userId, userId))
    .orderBy(sql`${watchlists.isDefault} desc`, asc(watchlists.createdAt));
}
export async function findWatchlist(db: Db, userId: string, id: string): Promise<WatchlistRow | undefined> {
  const [row] = await db
    .select()
    .from(watchlists)
    .where(and(eq(watchlists.id, id), eq(watchlists.userId, userId)));
  return row;
}
export async function insertWatchlist(db: Db, row: typeof watchlists.$inferInsert): Promise<WatchlistRow> {
  const [out] = await db.insert(watchlists).values(row).returning();
  return out as WatchlistRow;
}
export async function updateWatchlist(
  db: Db,
  userId: string,
  id: string,
  patch: Partial<typeof watchlists.$inferInsert>,
): Promise<WatchlistRow | undefined> {
  const [out] = await db
    .update(watchlists)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(and(eq(watchlists.id, id), eq(watchlists.userId, userId)))
    .returning();
  return out;
}
export async function clearDefaultWatchlist(db: Db, userId: string): Promise<void> {
  await db
    .update(watchlists)
    .set({ isDefault: false })
    .where(and(eq(watchlists.userId, userId), eq(watchlists.isDefault, true)));
}
export async function deleteWatchlist(db: Db, userId: string, id: string): Promise<boolean> {
  const r = await db
    .delete(watchlists)
    .where(and(eq(watchlists.id, id), eq(watchlists.userId, userId)))
    .returning({ id: watchlists.id });
  return r.length > 0;
}
