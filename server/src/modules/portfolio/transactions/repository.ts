// SQL of the ledger (portfolio.transactions). Every read and write filters by the owner's user id.
import { and, asc, desc, eq, getTableColumns, gte, inArray, lte, or, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../../platform/db/index.ts";
import { queryRows } from "../../../platform/db/rows.ts";
import { accounts, transactions } from "../schema.ts";
import type { TransactionInsert, TransactionRow } from "./rows.ts";

/** Rows per INSERT statement: ~30 columns each stays well under PostgreSQL's 65,535 parameters. */
const CHUNK = 1000;

/**
 * Inserts ledger rows (from `toRow`) in bulk inside the caller's transaction. A row whose
 * (account_id, fingerprint) is already stored is skipped (ON CONFLICT DO NOTHING), so a re-import
 * adds nothing: answers the ids actually inserted, in input order; duplicates = rows.length − ids.length.
 */
export async function insertTransactions(tx: Db, rows: readonly TransactionInsert[]): Promise<string[]> {
  const inserted: string[] = [];
  for (let i = 0; i < rows.length; i += CHUNK) {
    const part = rows.slice(i, i + CHUNK);
    const out = await tx
      .insert(transactions)
      .values(part as TransactionInsert[])
      .onConflictDoNothing({ target: [transactions.accountId, transactions.fingerprint] })
      .returning({ id: transactions.id });
    const got = new Set(out.map((r) => r.id));
    for (const r of part) if (r.id && got.has(r.id)) inserted.push(r.id);
  }
  return inserted;
}

export async function findTransaction(
  db: Db,
  userId: string,
  id: string,
): Promise<TransactionRow | undefined> {
  const [row] = await db
    .select()
    .from(transactions)
    .where(and(eq(transactions.id, id), eq(transactions.userId, userId)));
  return row;
}

/**
 * A fingerprint of the user's ledger as stored: the row count and a sum of hashes of each row's id
 * and tuple version (`xmin`, new with every insert and update), so any insert, update or delete, by
 * this process or another, by a COPY or a cascade, changes it. Computed in the database, no row sent.
 */
export async function ledgerFingerprint(db: Db, userId: string): Promise<string> {
  const [row] = await queryRows<{ f: string }>(
    db,
    sql`select count(*)::text || ':' || coalesce(sum(hashtextextended(id::text || ':' || xmin::text, 0)), 0)::text as f
          from ${transactions} where user_id = ${userId}`,
  );
  return row?.f ?? "";
}

// The ledger is read whole for every replay. As rows, each costs the driver far more than its values
// (on PGlite 50,000 rows took seconds); as one JSON array of arrays built in the database it is one
// value to parse. Numerics travel as text (never through a float), timestamps as ISO text.
const LEDGER_COLUMNS = Object.entries(getTableColumns(transactions)).map(([key, column]) => ({
  key,
  name: column.name,
  kind: column.columnType,
}));
const LEDGER_ARRAY = sql.raw(
  `json_build_array(${LEDGER_COLUMNS.map((c) => (c.kind === "PgNumeric" ? `"${c.name}"::text` : `"${c.name}"`)).join(", ")})`,
);

/** Every row of the user's ledger (all accounts, or those given), in replay order: date, then the day's order. */
export async function ledgerRows(
  db: Db,
  userId: string,
  accountIds?: readonly string[],
): Promise<TransactionRow[]> {
  const only = accountIds
    ? sql` and account_id in (${sql.join(
        accountIds.map((id) => sql`${id}`),
        sql`, `,
      )})`
    : sql``;
  if (accountIds && !accountIds.length) return [];
  const [row] = await queryRows<{ rows: string | null }>(
    db,
    sql`select json_agg(${LEDGER_ARRAY} order by trade_date, seq, id)::text as rows
          from ${transactions} where user_id = ${userId}${only}`,
  );
  const arrays = JSON.parse(row?.rows ?? "[]") as unknown[][];
  return arrays.map((values) => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < LEDGER_COLUMNS.length; i++) {
      const c = LEDGER_COLUMNS[i] as (typeof LEDGER_COLUMNS)[number];
      const v = values[i];
      out[c.key] = c.kind === "PgTimestamp" && typeof v === "string" ? new Date(v) : v;
    }
    return out as TransactionRow;
  });
}

/** The next free `seq` of an account's day (after its existing rows). */
export async function nextSeq(db: Db, accountId: string, date: string): Promise<number> {
  const [r] = await db
    .select({ m: sql<number | null>`max(${transactions.seq})` })
    .from(transactions)
    .where(and(eq(transactions.accountId, accountId), eq(transactions.tradeDate, date)));
  return r?.m === null || r?.m === undefined ? 0 : Number(r.m) + 1;
}

/** Locks the user's accounts for the rest of the transaction: ledger changes are checked one at a time. */
export async function lockLedger(db: Db, userId: string): Promise<void> {
  await db.execute(sql`select id from ${accounts} where user_id = ${userId} order by id for update`);
}

export async function updateTransaction(
  db: Db,
  userId: string,
  id: string,
  set: Partial<TransactionInsert>,
): Promise<TransactionRow | undefined> {
  const [row] = await db
    .update(transactions)
    .set({ ...set, updatedAt: sql`now()` })
    .where(and(eq(transactions.id, id), eq(transactions.userId, userId)))
    .returning();
  return row;
}

export async function deleteTransaction(db: Db, userId: string, id: string): Promise<boolean> {
  const r = await db
    .delete(transactions)
    .where(and(eq(transactions.id, id), eq(transactions.userId, userId)))
    .returning({ id: transactions.id });
  return r.length > 0;
}

export interface ListFilter {
  accountId?: string;
  types?: string[];
  instrumentId?: string;
  from?: string;
  to?: string;
  origins?: string[];
  importId?: string;
  order: "asc" | "desc";
  limit: number;
  /** Keyset: the last row of the previous page. */
  after?: { date: string; seq: number; id: string };
}

/** A page of the user's rows, ordered by (date, seq, id) and continued after a keyset cursor. */
export async function listTransactions(db: Db, userId: string, f: ListFilter): Promise<TransactionRow[]> {
  const t = transactions;
  const conds: SQL[] = [eq(t.userId, userId)];
  if (f.accountId) conds.push(eq(t.accountId, f.accountId));
  if (f.types?.length) conds.push(inArray(t.type, f.types as TransactionRow["type"][]));
  if (f.instrumentId)
    conds.push(or(eq(t.instrumentId, f.instrumentId), eq(t.newInstrumentId, f.instrumentId)) as SQL);
  if (f.from) conds.push(gte(t.tradeDate, f.from));
  if (f.to) conds.push(lte(t.tradeDate, f.to));
  if (f.origins?.length) conds.push(inArray(t.origin, f.origins as TransactionRow["origin"][]));
  if (f.importId) conds.push(eq(t.importId, f.importId));
  if (f.after) {
    const a = f.after;
    conds.push(
      f.order === "desc"
        ? sql`(${t.tradeDate}, ${t.seq}, ${t.id}) < (${a.date}::date, ${a.seq}, ${a.id}::uuid)`
        : sql`(${t.tradeDate}, ${t.seq}, ${t.id}) > (${a.date}::date, ${a.seq}, ${a.id}::uuid)`,
    );
  }
  const dir = f.order === "desc" ? desc : asc;
  return db
    .select()
    .from(t)
    .where(and(...conds))
    .orderBy(dir(t.tradeDate), dir(t.seq), dir(t.id))
    .limit(f.limit);
}

/** Whether the user has any ledger row (the first-run guide's step). */
export async function hasTransactions(db: Db, userId: string): Promise<boolean> {
  const rows = await db
    .select({ id: transactions.id })
    .from(transactions)
    .where(eq(transactions.userId, userId))
    .limit(1);
  return rows.length > 0;
}
