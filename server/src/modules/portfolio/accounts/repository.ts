// SQL of portfolio accounts. Every query filters by the owner's user id.
import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "../../../platform/db/index.ts";
import { queryRows } from "../../../platform/db/rows.ts";
import { accounts, brokerConnections, transactions } from "../schema.ts";

export type AccountRow = typeof accounts.$inferSelect;
export interface AccountStats {
  count: number;
  first: string | null;
  last: string | null;
  connected: boolean;
}

export async function listAccounts(db: Db, userId: string): Promise<AccountRow[]> {
  return db.select().from(accounts).where(eq(accounts.userId, userId)).orderBy(asc(accounts.createdAt));
}

export async function findAccount(db: Db, userId: string, id: string): Promise<AccountRow | undefined> {
  const [row] = await db
    .select()
    .from(accounts)
    .where(and(eq(accounts.id, id), eq(accounts.userId, userId)));
  return row;
}

export async function insertAccount(db: Db, row: typeof accounts.$inferInsert): Promise<AccountRow> {
  const [out] = await db.insert(accounts).values(row).returning();
  return out as AccountRow;
}

export async function updateAccount(
  db: Db,
  userId: string,
  id: string,
  patch: Partial<typeof accounts.$inferInsert>,
): Promise<AccountRow | undefined> {
  const [out] = await db
    .update(accounts)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(and(eq(accounts.id, id), eq(accounts.userId, userId)))
    .returning();
  return out;
}

/** Deletes the account; its transactions, imports and holdings cache go with it (cascade). */
export async function deleteAccount(db: Db, userId: string, id: string): Promise<boolean> {
  const r = await db
    .delete(accounts)
    .where(and(eq(accounts.id, id), eq(accounts.userId, userId)))
    .returning({ id: accounts.id });
  return r.length > 0;
}

/** Per account of the user: its ledger's size and span, and whether a connection syncs it. */
export async function accountStats(db: Db, userId: string): Promise<Map<string, AccountStats>> {
  const rows = await queryRows<{
    id: string;
    n: string;
    first: string | null;
    last: string | null;
    c: boolean;
  }>(
    db,
    sql`select a.id,
          (select count(*) from ${transactions} t where t.account_id = a.id and t.user_id = ${userId}) as n,
          (select min(t.trade_date)::text from ${transactions} t where t.account_id = a.id and t.user_id = ${userId}) as first,
          (select max(t.trade_date)::text from ${transactions} t where t.account_id = a.id and t.user_id = ${userId}) as last,
          exists (select 1 from ${brokerConnections} c where c.account_id = a.id and c.user_id = ${userId} and c.active) as c
        from ${accounts} a where a.user_id = ${userId}`,
  );
  return new Map(
    rows.map((r) => [r.id, { count: Number(r.n), first: r.first, last: r.last, connected: Boolean(r.c) }]),
  );
}
