// SQL of the playbooks (journal.strategies). Every query filters by the owner.
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../../../platform/db/index.ts";
import { strategies } from "../schema.ts";

export type StrategyRow = typeof strategies.$inferSelect;
export interface Rule {
  id: string;
  text: string;
}

export async function listStrategies(db: Db, userId: string): Promise<StrategyRow[]> {
  return db.select().from(strategies).where(eq(strategies.userId, userId)).orderBy(asc(strategies.name));
}

export async function findStrategy(db: Db, userId: string, id: string): Promise<StrategyRow | undefined> {
  const [r] = await db
    .select()
    .from(strategies)
    .where(and(eq(strategies.userId, userId), eq(strategies.id, id)));
  return r;
}

export async function strategiesByIds(
  db: Db,
  userId: string,
  ids: string[],
): Promise<Map<string, StrategyRow>> {
  if (!ids.length) return new Map();
  const rows = await db
    .select()
    .from(strategies)
    .where(and(eq(strategies.userId, userId), inArray(strategies.id, ids)));
  return new Map(rows.map((r) => [r.id, r]));
}

export async function insertStrategy(db: Db, row: typeof strategies.$inferInsert): Promise<StrategyRow> {
  const [r] = await db.insert(strategies).values(row).returning();
  if (!r) throw new Error("the playbook was not stored");
  return r;
}

export async function updateStrategy(
  db: Db,
  userId: string,
  id: string,
  set: Partial<Pick<StrategyRow, "name" | "description" | "rules" | "active">>,
): Promise<StrategyRow | undefined> {
  const [r] = await db
    .update(strategies)
    .set({ ...set, updatedAt: new Date() })
    .where(and(eq(strategies.userId, userId), eq(strategies.id, id)))
    .returning();
  return r;
}

export async function deleteStrategy(db: Db, userId: string, id: string): Promise<boolean> {
  const r = await db
    .delete(strategies)
    .where(and(eq(strategies.userId, userId), eq(strategies.id, id)))
    .returning({ id: strategies.id });
  return r.length > 0;
}
