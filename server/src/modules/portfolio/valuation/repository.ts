// SQL of the holdings cache (portfolio.holdings): rewritten per account after each ledger change.
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../../../platform/db/index.ts";
import { accounts, holdings } from "../schema.ts";

export type CachedHolding = typeof holdings.$inferSelect;

export async function replaceHoldings(
  db: Db,
  accountIds: readonly string[],
  rows: (typeof holdings.$inferInsert)[],
): Promise<void> {
  if (!accountIds.length) return;
  await db.delete(holdings).where(inArray(holdings.accountId, [...accountIds]));
  for (let i = 0; i < rows.length; i += 1000) await db.insert(holdings).values(rows.slice(i, i + 1000));
}

/** The user's cached holdings (through their accounts). */
export async function cachedHoldings(db: Db, userId: string): Promise<CachedHolding[]> {
  return db
    .select({ h: holdings })
    .from(holdings)
    .innerJoin(accounts, eq(accounts.id, holdings.accountId))
    .where(and(eq(accounts.userId, userId)))
    .then((rows) => rows.map((r) => r.h));
}
