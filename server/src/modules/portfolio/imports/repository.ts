// The import pipeline's SQL: imports (history and staged rows), instrument look-ups in bulk, the
// user's remembered symbol aliases, FX rates over a file's date range, saved generic-CSV mappings,
// and the ledger rows of an import (bulk insert through a staging table, undo). Every query filters
// by the caller's user id.
import { and, count, desc, eq, inArray, sql } from "drizzle-orm";
import { copyCsvInto } from "../../../platform/db/bulk.ts";
import { connectionOf } from "../../../platform/db/connection.ts";
import type { Db } from "../../../platform/db/index.ts";
import { fxRates, instruments } from "../../market/index.ts";
import { accounts, importMappings, imports, symbolAliases } from "../schema.ts";
import type { StagedRow } from "./contracts.ts";
import { packStaged, unpackStaged } from "./staging.ts";

export type ImportRow = typeof imports.$inferSelect;
export type ImportInsert = typeof imports.$inferInsert;

export async function insertImport(db: Db, row: ImportInsert): Promise<ImportRow> {
  const [r] = await db.insert(imports).values(row).returning();
  return r as ImportRow;
}

/** The import (without its staged rows) if the user owns it. */
export async function findImport(db: Db, userId: string, id: string, forUpdate = false) {
  const q = db
    .select({
      id: imports.id,
      userId: imports.userId,
      accountId: imports.accountId,
      fileName: imports.fileName,
      fileSha256: imports.fileSha256,
      broker: imports.broker,
      detectedBroker: imports.detectedBroker,
      status: imports.status,
      totalRows: imports.totalRows,
      importedRows: imports.importedRows,
      duplicateRows: imports.duplicateRows,
      failedRows: imports.failedRows,
      errors: imports.errors,
      warnings: imports.warnings,
      options: imports.options,
      createdAt: imports.createdAt,
      committedAt: imports.committedAt,
      undoneAt: imports.undoneAt,
    })
    .from(imports)
    .where(and(eq(imports.id, id), eq(imports.userId, userId)));
  const [r] = forUpdate ? await q.for("update") : await q;
  return r;
}
export type ImportHead = NonNullable<Awaited<ReturnType<typeof findImport>>>;

/** The staged rows, or null once cleared (after commit). */
export async function stagedRows(db: Db, userId: string, id: string): Promise<StagedRow[] | null> {
  const { rows } = await connectionOf(db).query<{ s: string | null }>(
    "select staged #>> '{}' as s from portfolio.imports where id = $1 and user_id = $2",
    [id, userId],
  );
  return unpackStaged(rows[0]?.s ?? null);
}

/** One page of staged rows, filtered to errors or warnings, with the count matching the filter. */
export async function stagedPage(
  db: Db,
  userId: string,
  id: string,
  filter: "all" | "errors" | "warnings",
  offset: number,
  limit: number,
): Promise<{ rows: StagedRow[]; total: number }> {
  const all = (await stagedRows(db, userId, id)) ?? [];
  const kept =
    filter === "errors"
      ? all.filter((r) => r.status === "error")
      : filter === "warnings"
        ? all.filter((r) => r.warnings.length > 0)
        : all;
  return { rows: kept.slice(offset, offset + limit), total: kept.length };
}

export async function updateImport(
  db: Db,
  userId: string,
  id: string,
  patch: Partial<ImportInsert>,
): Promise<void> {
  await db
    .update(imports)
    .set(patch)
    .where(and(eq(imports.id, id), eq(imports.userId, userId)));
}

/** Stores the staged rows (see packStaged), or clears them. */
export async function saveStaged(
  db: Db,
  userId: string,
  id: string,
  staged: StagedRow[] | null,
): Promise<void> {
  await connectionOf(db).query(
    "update portfolio.imports set staged = to_jsonb($3::text) where id = $1 and user_id = $2",
    [id, userId, staged === null ? null : packStaged(staged)],
  );
}

export async function listImports(db: Db, userId: string, limit: number, offset: number) {
  const rows = await db
    .select({
      id: imports.id,
      accountId: imports.accountId,
      fileName: imports.fileName,
      broker: imports.broker,
      detectedBroker: imports.detectedBroker,
      status: imports.status,
      totalRows: imports.totalRows,
      importedRows: imports.importedRows,
      duplicateRows: imports.duplicateRows,
      failedRows: imports.failedRows,
      options: imports.options,
      createdAt: imports.createdAt,
      committedAt: imports.committedAt,
      undoneAt: imports.undoneAt,
    })
    .from(imports)
    .where(eq(imports.userId, userId))
    .orderBy(desc(imports.createdAt), desc(imports.id))
    .limit(limit)
    .offset(offset);
  const [c] = await db.select({ n: count() }).from(imports).where(eq(imports.userId, userId));
  return { rows, total: Number(c?.n ?? 0) };
}

// ── accounts ────────────────────────────────────────────────────────────────────────────────────

export type AccountRow = {
  id: string;
  baseCurrency: string;
  broker: string | null;
  brokerAccountId: string | null;
};

export async function findAccount(db: Db, userId: string, id: string): Promise<AccountRow | undefined> {
  const [r] = await db
    .select({
      id: accounts.id,
      baseCurrency: accounts.baseCurrency,
      broker: accounts.broker,
      brokerAccountId: accounts.brokerAccountId,
    })
    .from(accounts)
    .where(and(eq(accounts.id, id), eq(accounts.userId, userId)));
  return r;
}

/** The user's accounts whose broker account id is one of `refs`. */
export async function accountsByRef(db: Db, userId: string, refs: string[]): Promise<AccountRow[]> {
  if (refs.length === 0) return [];
  return db
    .select({
      id: accounts.id,
      baseCurrency: accounts.baseCurrency,
      broker: accounts.broker,
      brokerAccountId: accounts.brokerAccountId,
    })
    .from(accounts)
    .where(and(eq(accounts.userId, userId), inArray(accounts.brokerAccountId, refs)));
}

// ── instruments, aliases, FX ────────────────────────────────────────────────────────────────────

export interface InstrumentHit {
  id: string;
  symbol: string;
  mic: string;
  country: string | null;
  name: string;
  nameLocal: string | null;
  isin: string | null;
  currency: string;
  active: boolean;
}
const hitCols = {
  id: instruments.id,
  symbol: instruments.symbol,
  mic: instruments.mic,
  country: instruments.country,
  name: instruments.name,
  nameLocal: instruments.nameLocal,
  isin: instruments.isin,
  currency: instruments.currency,
  active: instruments.active,
};

export async function instrumentsByIsin(db: Db, isins: string[]): Promise<InstrumentHit[]> {
  if (isins.length === 0) return [];
  return db.select(hitCols).from(instruments).where(inArray(instruments.isin, isins));
}

/** Instruments whose symbol is one of `symbols` (upper-cased), whatever their case. */
export async function instrumentsBySymbol(db: Db, symbols: string[]): Promise<InstrumentHit[]> {
  if (symbols.length === 0) return [];
  return db
    .select(hitCols)
    .from(instruments)
    .where(sql`upper(${instruments.symbol}) = any(${sql.param(symbols)}::text[])`);
}

/** Instruments whose name or local name, lower-cased, is one of `names`. */
export async function instrumentsByName(db: Db, names: string[]): Promise<InstrumentHit[]> {
  if (names.length === 0) return [];
  return db
    .select(hitCols)
    .from(instruments)
    .where(
      sql`lower(${instruments.name}) = any(${sql.param(names)}::text[]) or lower(${instruments.nameLocal}) = any(${sql.param(names)}::text[])`,
    );
}

export async function instrumentsById(db: Db, ids: string[]): Promise<InstrumentHit[]> {
  if (ids.length === 0) return [];
  return db.select(hitCols).from(instruments).where(inArray(instruments.id, ids));
}

/** The user's remembered aliases among `aliases`, for `source` or every source (`*`). */
export async function findAliases(
  db: Db,
  userId: string,
  source: string,
  aliases: string[],
): Promise<{ alias: string; source: string; instrumentId: string }[]> {
  if (aliases.length === 0) return [];
  return db
    .select({
      alias: symbolAliases.alias,
      source: symbolAliases.source,
      instrumentId: symbolAliases.instrumentId,
    })
    .from(symbolAliases)
    .where(
      and(
        eq(symbolAliases.userId, userId),
        inArray(symbolAliases.source, [source, "*"]),
        inArray(symbolAliases.alias, aliases),
      ),
    );
}

export async function rememberAliases(
  db: Db,
  rows: { userId: string; source: string; alias: string; instrumentId: string }[],
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insert(symbolAliases)
    .values(rows)
    .onConflictDoUpdate({
      target: [symbolAliases.userId, symbolAliases.source, symbolAliases.alias],
      set: { instrumentId: sql`excluded.instrument_id` },
    });
}

export interface FxRow {
  base: string;
  quote: string;
  rateDate: string;
  rate: string;
}

/**
 * Every stored rate between two of `currencies` dated from `from` to `to`, plus for each pair the
 * last rate before `from` (so a date early in the range still has the rate then in force).
 */
export async function fxRatesBetween(
  db: Db,
  currencies: string[],
  from: string,
  to: string,
): Promise<FxRow[]> {
  if (currencies.length < 2) return [];
  const cols = { base: fxRates.base, quote: fxRates.quote, rateDate: fxRates.rateDate, rate: fxRates.rate };
  const inRange = await db
    .select(cols)
    .from(fxRates)
    .where(
      and(
        inArray(fxRates.base, currencies),
        inArray(fxRates.quote, currencies),
        sql`${fxRates.rateDate} between ${from} and ${to}`,
      ),
    );
  const { rows: before } = await connectionOf(db).query<FxRow>(
    `select distinct on (base, quote) base, quote, rate_date::text as "rateDate", rate::text as rate
     from market.fx_rates where base = any($1::text[]) and quote = any($1::text[]) and rate_date < $2
     order by base, quote, rate_date desc`,
    [currencies, from],
  );
  return [...before, ...inRange.map((r) => ({ ...r, rate: String(r.rate) }))];
}

// ── the ledger ──────────────────────────────────────────────────────────────────────────────────

/** Positions-relevant rows already in the account for these instruments, in replay order. */
export async function positionRows(
  db: Db,
  userId: string,
  accountId: string,
  instrumentIds: string[],
): Promise<
  { instrumentId: string; type: string; tradeDate: string; quantity: string | null; ratio: string | null }[]
> {
  if (instrumentIds.length === 0) return [];
  const { rows } = await connectionOf(db).query<{
    instrumentId: string;
    type: string;
    tradeDate: string;
    quantity: string | null;
    ratio: string | null;
  }>(
    `select instrument_id as "instrumentId", type, trade_date::text as "tradeDate", quantity::text as quantity,
       ratio::text as ratio
     from portfolio.transactions
     where user_id = $1 and account_id = $2 and instrument_id = any($3::uuid[])
       and type in ('buy','sell','short','cover','split','transferIn','transferOut')
     order by trade_date, seq`,
    [userId, accountId, instrumentIds],
  );
  return rows;
}

/** Transfer ids among `ids` the user's ledger already holds (a counterpart leg). */
export async function knownTransferIds(db: Db, userId: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const { rows } = await connectionOf(db).query<{ t: string }>(
    "select distinct transfer_id as t from portfolio.transactions where user_id = $1 and transfer_id = any($2::text[])",
    [userId, ids],
  );
  return new Set(rows.map((r) => r.t));
}

/** The ledger columns an import fills, in the order of the CSV it streams to the stage. */
export const LEDGER_COLUMNS = [
  "id",
  "user_id",
  "account_id",
  "type",
  "trade_date",
  "seq",
  "instrument_id",
  "quantity",
  "price",
  "amount",
  "fee",
  "withholding_tax",
  "currency",
  "fx_rate",
  "ratio",
  "transfer_id",
  "to_currency",
  "to_amount",
  "to_fx_rate",
  "note",
  "origin",
  "import_id",
  "import_row",
  "external_id",
  "fingerprint",
] as const;

/** Fingerprints among `prints` the account already holds (rows a re-import must not add again). */
export async function existingFingerprints(
  db: Db,
  accountId: string,
  prints: string[],
): Promise<Set<string>> {
  if (prints.length === 0) return new Set();
  const { rows } = await connectionOf(db).query<[string]>(
    "select fingerprint from portfolio.transactions where account_id = $1 and fingerprint = any($2::text[])",
    [accountId, prints],
  );
  return new Set(
    rows.map((r) => (Array.isArray(r) ? r[0] : (r as unknown as { fingerprint: string }).fingerprint)),
  );
}

/**
 * Writes ledger rows (CSV records in LEDGER_COLUMNS order) with one COPY straight into the ledger.
 * The caller has left out the fingerprints the account holds (existingFingerprints) under the ledger
 * lock; should a row clash anyway, the unique index refuses the COPY and the whole commit rolls back.
 */
export async function copyLedgerCsv(tx: Db, csv: AsyncIterable<string>): Promise<void> {
  if (!connectionOf(tx).inTransaction) throw new Error("copyLedgerCsv needs a transaction");
  await copyCsvInto(tx, "portfolio.transactions", LEDGER_COLUMNS, csv);
}

/** Removes every ledger row an import added; answers how many. */
export async function deleteImportRows(db: Db, userId: string, importId: string): Promise<number> {
  const { rowCount } = await connectionOf(db).query(
    "delete from portfolio.transactions where user_id = $1 and import_id = $2",
    [userId, importId],
  );
  return rowCount;
}

// ── saved generic-CSV mappings ──────────────────────────────────────────────────────────────────

export type MappingRow = typeof importMappings.$inferSelect;

export async function listMappings(db: Db, userId: string, headerKey?: string): Promise<MappingRow[]> {
  return db
    .select()
    .from(importMappings)
    .where(
      headerKey
        ? and(eq(importMappings.userId, userId), eq(importMappings.headerKey, headerKey))
        : eq(importMappings.userId, userId),
    )
    .orderBy(desc(importMappings.updatedAt));
}

export async function findMapping(db: Db, userId: string, id: string): Promise<MappingRow | undefined> {
  const [r] = await db
    .select()
    .from(importMappings)
    .where(and(eq(importMappings.id, id), eq(importMappings.userId, userId)));
  return r;
}

/** Saves a mapping under its name (replacing the user's mapping of that name). */
export async function saveMapping(
  db: Db,
  row: { id: string; userId: string; name: string; headerKey: string; mapping: Record<string, string> },
): Promise<MappingRow> {
  const [r] = await db
    .insert(importMappings)
    .values(row)
    .onConflictDoUpdate({
      target: [importMappings.userId, importMappings.name],
      set: { headerKey: row.headerKey, mapping: row.mapping, updatedAt: sql`now()` },
    })
    .returning();
  return r as MappingRow;
}

export async function deleteMapping(db: Db, userId: string, id: string): Promise<boolean> {
  const r = await db
    .delete(importMappings)
    .where(and(eq(importMappings.id, id), eq(importMappings.userId, userId)))
    .returning({ id: importMappings.id });
  return r.length > 0;
}
