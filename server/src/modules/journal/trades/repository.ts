// SQL of the journal's trades, their fills, known fill times, ledger versions and rule ticks. Every
// query filters by the owner's user id.
import { and, asc, count, desc, eq, gte, inArray, lt, notInArray, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../../platform/db/index.ts";
import { fillTimes, ledgerVersions, ruleChecks, tradeEntryLinks, tradeFills, trades } from "../schema.ts";

export type TradeRow = typeof trades.$inferSelect;
export type TradeInsert = typeof trades.$inferInsert;
export type FillRow = typeof tradeFills.$inferSelect;

/** Serialises rebuilds of one user's trades (two first reads at once must not both insert). */
export async function lockUserTrades(db: Db, userId: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`journal.trades:${userId}`}))`);
}

export async function ledgerVersionsOf(db: Db, userId: string): Promise<Map<string, string>> {
  const rows = await db
    .select({ accountId: ledgerVersions.accountId, version: ledgerVersions.version })
    .from(ledgerVersions)
    .where(eq(ledgerVersions.userId, userId));
  return new Map(rows.map((r) => [r.accountId, r.version]));
}

export async function saveLedgerVersion(db: Db, userId: string, accountId: string, version: string) {
  await db
    .insert(ledgerVersions)
    .values({ userId, accountId, version })
    .onConflictDoUpdate({
      target: [ledgerVersions.userId, ledgerVersions.accountId],
      set: { version, builtAt: sql`now()` },
    });
}

/** Forgets the built version of the user's accounts (all, or some): the next read rebuilds them. */
export async function forgetLedgerVersions(db: Db, userId: string, accountIds?: string[]) {
  const where = accountIds
    ? and(eq(ledgerVersions.userId, userId), inArray(ledgerVersions.accountId, accountIds))
    : eq(ledgerVersions.userId, userId);
  await db.delete(ledgerVersions).where(where);
}

/** Drops the trades (and versions) of accounts the user no longer has. */
export async function dropGoneAccounts(db: Db, userId: string, keep: string[]): Promise<void> {
  const gone = keep.length ? notInArray(trades.accountId, keep) : undefined;
  await db.delete(trades).where(gone ? and(eq(trades.userId, userId), gone) : eq(trades.userId, userId));
  const goneV = keep.length ? notInArray(ledgerVersions.accountId, keep) : undefined;
  await db
    .delete(ledgerVersions)
    .where(goneV ? and(eq(ledgerVersions.userId, userId), goneV) : eq(ledgerVersions.userId, userId));
}

/** opening transaction id → the trade's id and account, of all the user's trades. */
export async function tradesByOpening(
  db: Db,
  userId: string,
): Promise<Map<string, { id: string; accountId: string }>> {
  const rows = await db
    .select({ id: trades.id, accountId: trades.accountId, opening: trades.openingTransactionId })
    .from(trades)
    .where(eq(trades.userId, userId));
  return new Map(rows.map((r) => [r.opening, { id: r.id, accountId: r.accountId }]));
}

/** Ids per statement in an IN list: far below PostgreSQL's 65,535 parameters. */
const IDS = 5000;

export async function deleteTrades(db: Db, userId: string, ids: string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += IDS)
    await db.delete(trades).where(and(eq(trades.userId, userId), inArray(trades.id, ids.slice(i, i + IDS))));
}

/** Computed columns of a rebuilt trade (the journal's own columns are not touched). */
export type Computed = Omit<
  TradeInsert,
  | "userId"
  | "strategyId"
  | "plannedStop"
  | "plannedTarget"
  | "notes"
  | "tags"
  | "createdAt"
  | "updatedAt"
  | "pnl"
  | "pnlPercent"
>;

export async function upsertTrades(db: Db, userId: string, rows: Computed[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    const part = rows.slice(i, i + 500).map((r) => ({ ...r, userId }));
    await db
      .insert(trades)
      .values(part)
      .onConflictDoUpdate({
        target: trades.id,
        set: {
          accountId: sql`excluded.account_id`,
          instrumentId: sql`excluded.instrument_id`,
          symbol: sql`excluded.symbol`,
          currency: sql`excluded.currency`,
          side: sql`excluded.side`,
          status: sql`excluded.status`,
          quantity: sql`excluded.quantity`,
          openQuantity: sql`excluded.open_quantity`,
          exitedQuantity: sql`excluded.exited_quantity`,
          entryPrice: sql`excluded.entry_price`,
          exitPrice: sql`excluded.exit_price`,
          averageExitPrice: sql`excluded.average_exit_price`,
          entryAt: sql`excluded.entry_at`,
          entryTimeKnown: sql`excluded.entry_time_known`,
          exitAt: sql`excluded.exit_at`,
          commission: sql`excluded.commission`,
          realizedPnl: sql`excluded.realized_pnl`,
          holdingSeconds: sql`excluded.holding_seconds`,
          broker: sql`excluded.broker`,
          brokerAccountId: sql`excluded.broker_account_id`,
          orderId: sql`excluded.order_id`,
          updatedAt: sql`now()`,
        },
      });
  }
}

export async function replaceFills(db: Db, tradeIds: string[], fills: FillRow[]): Promise<void> {
  for (let i = 0; i < tradeIds.length; i += IDS)
    await db.delete(tradeFills).where(inArray(tradeFills.tradeId, tradeIds.slice(i, i + IDS)));
  for (let i = 0; i < fills.length; i += 1000) await db.insert(tradeFills).values(fills.slice(i, i + 1000));
}

export async function fillTimesOf(db: Db, userId: string): Promise<Map<string, string>> {
  const rows = await db.select().from(fillTimes).where(eq(fillTimes.userId, userId));
  return new Map(rows.map((r) => [r.transactionId, r.executedAt.toISOString()]));
}

export async function saveFillTimes(
  db: Db,
  userId: string,
  rows: { transactionId: string; executedAt: Date }[],
) {
  if (rows.length) await db.insert(fillTimes).values(rows.map((r) => ({ ...r, userId })));
}

export interface TradeFilter {
  status?: string;
  side?: string;
  accountId?: string;
  instrumentId?: string;
  strategyId?: string;
  tag?: string;
  from?: string;
  to?: string;
}

function conditions(userId: string, f: TradeFilter): SQL[] {
  const c: SQL[] = [eq(trades.userId, userId)];
  if (f.status) c.push(eq(trades.status, f.status as TradeRow["status"]));
  if (f.side) c.push(eq(trades.side, f.side as TradeRow["side"]));
  if (f.accountId) c.push(eq(trades.accountId, f.accountId));
  if (f.instrumentId) c.push(eq(trades.instrumentId, f.instrumentId));
  if (f.strategyId) c.push(eq(trades.strategyId, f.strategyId));
  if (f.tag) c.push(sql`${trades.tags} @> array[${f.tag}]::text[]`);
  if (f.from) c.push(gte(trades.entryAt, new Date(`${f.from}T00:00:00Z`)));
  if (f.to) c.push(lt(trades.entryAt, sql`${f.to}::date + 1`));
  return c;
}

export async function listTrades(
  db: Db,
  userId: string,
  f: TradeFilter,
  page: { limit: number; offset: number },
): Promise<{ rows: TradeRow[]; total: number }> {
  const where = and(...conditions(userId, f));
  const rows = await db
    .select()
    .from(trades)
    .where(where)
    .orderBy(desc(trades.entryAt), desc(trades.id))
    .limit(page.limit)
    .offset(page.offset);
  const [t] = await db.select({ n: count() }).from(trades).where(where);
  return { rows, total: Number(t?.n ?? 0) };
}

/** Closed trades in exit order, with only the columns the statistics read. */
export async function closedTrades(db: Db, userId: string, f: TradeFilter) {
  return db
    .select({
      id: trades.id,
      currency: trades.currency,
      symbol: trades.symbol,
      realizedPnl: trades.realizedPnl,
      entryPrice: trades.entryPrice,
      plannedStop: trades.plannedStop,
      quantity: trades.quantity,
      holdingSeconds: trades.holdingSeconds,
      entryAt: trades.entryAt,
      entryTimeKnown: trades.entryTimeKnown,
      strategyId: trades.strategyId,
      tags: trades.tags,
    })
    .from(trades)
    .where(and(...conditions(userId, f), eq(trades.status, "closed")))
    .orderBy(asc(trades.exitAt), asc(trades.id));
}

export async function findTrade(db: Db, userId: string, id: string): Promise<TradeRow | undefined> {
  const [r] = await db
    .select()
    .from(trades)
    .where(and(eq(trades.userId, userId), eq(trades.id, id)));
  return r;
}

export async function tradeByFill(
  db: Db,
  userId: string,
  transactionId: string,
): Promise<TradeRow | undefined> {
  const [r] = await db
    .select({ t: trades })
    .from(tradeFills)
    .innerJoin(trades, eq(trades.id, tradeFills.tradeId))
    .where(and(eq(trades.userId, userId), eq(tradeFills.transactionId, transactionId)))
    .orderBy(desc(trades.entryAt))
    .limit(1);
  return r?.t;
}

export async function ownTradeIds(db: Db, userId: string, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await db
    .select({ id: trades.id })
    .from(trades)
    .where(and(eq(trades.userId, userId), inArray(trades.id, ids)));
  return new Set(rows.map((r) => r.id));
}

export async function updateTrade(
  db: Db,
  userId: string,
  id: string,
  set: Partial<Pick<TradeRow, "strategyId" | "plannedStop" | "plannedTarget" | "notes" | "tags">>,
): Promise<TradeRow | undefined> {
  const [r] = await db
    .update(trades)
    .set({ ...set, updatedAt: sql`now()` })
    .where(and(eq(trades.userId, userId), eq(trades.id, id)))
    .returning();
  return r;
}

export async function fillsOf(db: Db, tradeId: string): Promise<FillRow[]> {
  return db.select().from(tradeFills).where(eq(tradeFills.tradeId, tradeId));
}

export async function ruleChecksOf(db: Db, tradeIds: string[]) {
  if (!tradeIds.length) return [];
  return db.select().from(ruleChecks).where(inArray(ruleChecks.tradeId, tradeIds));
}

/** Per trade of the user with rule ticks: whether every ticked rule was followed. */
export async function ruleComplianceOf(db: Db, userId: string): Promise<Map<string, boolean>> {
  const rows = await db
    .select({ tradeId: ruleChecks.tradeId, followed: sql<boolean>`bool_and(${ruleChecks.followed})` })
    .from(ruleChecks)
    .innerJoin(trades, eq(trades.id, ruleChecks.tradeId))
    .where(eq(trades.userId, userId))
    .groupBy(ruleChecks.tradeId);
  return new Map(rows.map((r) => [r.tradeId, Boolean(r.followed)]));
}

export async function replaceRuleChecks(
  db: Db,
  tradeId: string,
  checks: { ruleId: string; followed: boolean }[],
): Promise<void> {
  await db.delete(ruleChecks).where(eq(ruleChecks.tradeId, tradeId));
  if (checks.length) await db.insert(ruleChecks).values(checks.map((c) => ({ ...c, tradeId })));
}

export async function entryIdsOf(db: Db, tradeId: string): Promise<string[]> {
  const rows = await db
    .select({ id: tradeEntryLinks.entryId })
    .from(tradeEntryLinks)
    .where(eq(tradeEntryLinks.tradeId, tradeId));
  return rows.map((r) => r.id);
}
