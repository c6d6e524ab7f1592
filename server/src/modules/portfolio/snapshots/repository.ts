// SQL of screenshot snapshots and their lines; every query filters by the owner.
import { and, asc, count, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "../../../platform/db/index.ts";
import { accounts, holdings, snapshotHoldings, snapshots } from "../schema.ts";

export type SnapshotRow = typeof snapshots.$inferSelect;
export type LineRow = typeof snapshotHoldings.$inferSelect;

export async function insertSnapshot(
  db: Db,
  row: typeof snapshots.$inferInsert,
  lines: (typeof snapshotHoldings.$inferInsert)[],
): Promise<void> {
  await db.insert(snapshots).values(row);
  if (lines.length) await db.insert(snapshotHoldings).values(lines);
}

export async function listSnapshots(
  db: Db,
  userId: string,
): Promise<(SnapshotRow & { lineCount: number })[]> {
  const rows = await db
    .select()
    .from(snapshots)
    .where(eq(snapshots.userId, userId))
    .orderBy(desc(snapshots.takenAt), desc(snapshots.id));
  if (!rows.length) return [];
  const counts = await db
    .select({ id: snapshotHoldings.snapshotId, n: count() })
    .from(snapshotHoldings)
    .where(
      inArray(
        snapshotHoldings.snapshotId,
        rows.map((r) => r.id),
      ),
    )
    .groupBy(snapshotHoldings.snapshotId);
  const by = new Map(counts.map((c) => [c.id, Number(c.n)]));
  return rows.map((r) => ({ ...r, lineCount: by.get(r.id) ?? 0 }));
}

export async function findSnapshot(db: Db, userId: string, id: string): Promise<SnapshotRow | undefined> {
  const [row] = await db
    .select()
    .from(snapshots)
    .where(and(eq(snapshots.id, id), eq(snapshots.userId, userId)));
  return row;
}

export async function findByImage(db: Db, userId: string, sha256: string): Promise<SnapshotRow | undefined> {
  const [row] = await db
    .select()
    .from(snapshots)
    .where(and(eq(snapshots.userId, userId), eq(snapshots.imageSha256, sha256)));
  return row;
}

export async function linesOf(db: Db, snapshotId: string): Promise<LineRow[]> {
  return db
    .select()
    .from(snapshotHoldings)
    .where(eq(snapshotHoldings.snapshotId, snapshotId))
    .orderBy(asc(snapshotHoldings.line));
}

export async function updateSnapshot(
  db: Db,
  userId: string,
  id: string,
  patch: Partial<typeof snapshots.$inferInsert>,
): Promise<void> {
  await db
    .update(snapshots)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(snapshots.id, id), eq(snapshots.userId, userId)));
}

export async function updateLine(
  db: Db,
  snapshotId: string,
  line: number,
  patch: Partial<typeof snapshotHoldings.$inferInsert>,
): Promise<void> {
  await db
    .update(snapshotHoldings)
    .set(patch)
    .where(and(eq(snapshotHoldings.snapshotId, snapshotId), eq(snapshotHoldings.line, line)));
}

export async function insertLine(db: Db, row: typeof snapshotHoldings.$inferInsert): Promise<void> {
  await db.insert(snapshotHoldings).values(row);
}

export async function deleteLine(db: Db, snapshotId: string, line: number): Promise<void> {
  await db
    .delete(snapshotHoldings)
    .where(and(eq(snapshotHoldings.snapshotId, snapshotId), eq(snapshotHoldings.line, line)));
}

export async function deleteSnapshot(db: Db, userId: string, id: string): Promise<boolean> {
  const r = await db
    .delete(snapshots)
    .where(and(eq(snapshots.id, id), eq(snapshots.userId, userId)))
    .returning({ id: snapshots.id });
  return r.length > 0;
}

export async function ownsAccount(db: Db, userId: string, accountId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: accounts.id })
    .from(accounts)
    .where(and(eq(accounts.id, accountId), eq(accounts.userId, userId)));
  return row !== undefined;
}

/** The ledger's holdings of an account (the cache the ledger refreshes). */
export async function accountHoldings(db: Db, accountId: string) {
  return db
    .select({
      instrumentId: holdings.instrumentId,
      side: holdings.side,
      quantity: holdings.quantity,
      asOf: holdings.asOf,
    })
    .from(holdings)
    .where(eq(holdings.accountId, accountId));
}
