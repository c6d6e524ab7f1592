// SQL of planning: risk profiles, target allocations and goals, plus the reads of accounts, the
// ledger and instruments that planning's figures start from. Every query filters by the owner.
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "../../../platform/db/index.ts";
import { newId } from "../../../platform/ids.ts";
import { instrumentsByIds as marketInstruments } from "../../market/index.ts";
import { accounts, goals, riskProfiles, targetAllocations, transactions } from "../schema.ts";

export interface AccountLite {
  id: string;
  name: string;
  baseCurrency: string;
}
export type LedgerRow = typeof transactions.$inferSelect;
export type RiskProfileRow = typeof riskProfiles.$inferSelect;
export type TargetRow = typeof targetAllocations.$inferSelect;
export type GoalRow = typeof goals.$inferSelect;

export async function listAccounts(db: Db, userId: string): Promise<AccountLite[]> {
  return db
    .select({ id: accounts.id, name: accounts.name, baseCurrency: accounts.baseCurrency })
    .from(accounts)
    .where(eq(accounts.userId, userId))
    .orderBy(asc(accounts.createdAt), asc(accounts.id));
}

export async function ledgerRows(
  db: Db,
  userId: string,
  accountIds: readonly string[],
): Promise<LedgerRow[]> {
  if (!accountIds.length) return [];
  return db
    .select()
    .from(transactions)
    .where(and(eq(transactions.userId, userId), inArray(transactions.accountId, [...accountIds])))
    .orderBy(asc(transactions.tradeDate), asc(transactions.seq), asc(transactions.id));
}

export async function instrumentsByIds(db: Db, ids: readonly string[]) {
  return [...(await marketInstruments(db, [...new Set(ids)])).values()];
}

// Risk profile

export async function findRiskProfile(db: Db, userId: string): Promise<RiskProfileRow | undefined> {
  const [row] = await db.select().from(riskProfiles).where(eq(riskProfiles.userId, userId));
  return row;
}

export async function upsertRiskProfile(
  db: Db,
  row: typeof riskProfiles.$inferInsert,
): Promise<RiskProfileRow> {
  const [out] = await db
    .insert(riskProfiles)
    .values(row)
    .onConflictDoUpdate({
      target: riskProfiles.userId,
      set: {
        answers: row.answers,
        score: row.score,
        profileType: row.profileType,
        completedAt: row.completedAt,
      },
    })
    .returning();
  return out as RiskProfileRow;
}

// Target allocations

const scopeOf = (accountId: string | null) =>
  accountId === null ? isNull(targetAllocations.accountId) : eq(targetAllocations.accountId, accountId);

export async function listTargets(db: Db, userId: string, accountId: string | null): Promise<TargetRow[]> {
  return db
    .select()
    .from(targetAllocations)
    .where(and(eq(targetAllocations.userId, userId), scopeOf(accountId)))
    .orderBy(asc(targetAllocations.dimension), asc(targetAllocations.key));
}

/** Replaces the targets of the given dimensions in one scope (the others stay). */
export async function replaceTargets(
  db: Db,
  userId: string,
  accountId: string | null,
  dimensions: readonly string[],
  rows: { dimension: string; key: string; targetPct: string }[],
): Promise<void> {
  if (dimensions.length)
    await db
      .delete(targetAllocations)
      .where(
        and(
          eq(targetAllocations.userId, userId),
          scopeOf(accountId),
          inArray(targetAllocations.dimension, [...dimensions]),
        ),
      );
  if (rows.length)
    await db.insert(targetAllocations).values(rows.map((r) => ({ ...r, id: newId(), userId, accountId })));
}

// Goals

export async function listGoals(db: Db, userId: string): Promise<GoalRow[]> {
  return db
    .select()
    .from(goals)
    .where(eq(goals.userId, userId))
    .orderBy(asc(goals.targetDate), asc(goals.id));
}

export async function findGoal(db: Db, userId: string, id: string): Promise<GoalRow | undefined> {
  const [row] = await db
    .select()
    .from(goals)
    .where(and(eq(goals.id, id), eq(goals.userId, userId)));
  return row;
}

export async function insertGoal(db: Db, row: typeof goals.$inferInsert): Promise<GoalRow> {
  const [out] = await db.insert(goals).values(row).returning();
  return out as GoalRow;
}

export async function updateGoal(
  db: Db,
  userId: string,
  id: string,
  patch: Partial<typeof goals.$inferInsert>,
): Promise<GoalRow | undefined> {
  const [out] = await db
    .update(goals)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(and(eq(goals.id, id), eq(goals.userId, userId)))
    .returning();
  return out;
}

export async function deleteGoal(db: Db, userId: string, id: string): Promise<boolean> {
  const r = await db
    .delete(goals)
    .where(and(eq(goals.id, id), eq(goals.userId, userId)))
    .returning({ id: goals.id });
  return r.length > 0;
}
