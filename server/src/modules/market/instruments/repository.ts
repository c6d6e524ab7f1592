// SQL of the instrument master. Every function takes a Db (or an open transaction).
import { and, asc, eq, inArray, isNull, type SQL, sql } from "drizzle-orm";
import { type Db, inTransaction } from "../../../platform/db/index.ts";
import { parsePgArray, queryRows } from "../../../platform/db/rows.ts";
import { instruments } from "../schema.ts";

export type InstrumentRow = typeof instruments.$inferSelect;
export type InstrumentInsert = typeof instruments.$inferInsert;

export async function findInstrument(db: Db, id: string): Promise<InstrumentRow | undefined> {
  const [row] = await db.select().from(instruments).where(eq(instruments.id, id));
  return row;
}

/** Locks the instrument row for the rest of the transaction: imports of one instrument run one at a time. */
export async function lockInstrument(db: Db, id: string): Promise<InstrumentRow | undefined> {
  const [row] = await db.select().from(instruments).where(eq(instruments.id, id)).for("update");
  return row;
}

/** The listing (symbol, MIC); for MIC XXXX the country completes the key. */
export async function findListing(
  db: Db,
  symbol: string,
  mic: string,
  country: string | null,
): Promise<InstrumentRow | undefined> {
  const [row] = await db
    .select()
    .from(instruments)
    .where(
      and(
        eq(instruments.symbol, symbol),
        eq(instruments.mic, mic),
        country === null ? isNull(instruments.country) : eq(instruments.country, country),
      ),
    );
  return row;
}

/** Instruments matching every given field (symbol, MIC, country, ISIN), active ones first. */
export async function findInstruments(
  db: Db,
  f: { symbol?: string; mic?: string; country?: string; isin?: string; assetClass?: string },
  limit = 10,
): Promise<InstrumentRow[]> {
  const conds: SQL[] = [];
  if (f.symbol !== undefined) conds.push(eq(instruments.symbol, f.symbol));
  if (f.mic !== undefined) conds.push(eq(instruments.mic, f.mic));
  if (f.country !== undefined) conds.push(eq(instruments.country, f.country));
  if (f.isin !== undefined) conds.push(eq(instruments.isin, f.isin));
  if (f.assetClass !== undefined) conds.push(eq(instruments.assetClass, f.assetClass));
  return db
    .select()
    .from(instruments)
    .where(and(...conds))
    .orderBy(sql`${instruments.active} desc`, asc(instruments.createdAt))
    .limit(limit);
}

export async function insertInstrument(db: Db, row: InstrumentInsert): Promise<InstrumentRow> {
  const [out] = await db.insert(instruments).values(row).returning();
  return out as InstrumentRow;
}

export async function updateInstrument(db: Db, id: string, patch: Partial<InstrumentInsert>) {
  const [out] = await db
    .update(instruments)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(eq(instruments.id, id))
    .returning();
  return out;
}

/**
 * Insert or refresh by (symbol, MIC, country), for the configured list. Returns whether it was new.
 * `active` is left alone on existing rows so an administrator's soft delete survives restarts.
 */
export async function upsertInstrument(
  db: Db,
  row: InstrumentInsert,
): Promise<{ id: string; inserted: boolean }> {
  const { id: _id, active: _a, symbol: _s, mic: _m, country: _c, createdAt: _t, ...rest } = row;
  const [out] = await db
    .insert(instruments)
    .values(row)
    .onConflictDoUpdate({
      target: [instruments.symbol, instruments.mic, instruments.country],
      set: { ...rest, updatedAt: sql`now()` },
    })
    .returning({ id: instruments.id, inserted: sql<boolean>`(xmax = 0)` });
  return out as { id: string; inserted: boolean };
}

export interface InstrumentFilter {
  mic?: string;
  country?: string;
  assetClass?: string;
  currency?: string;
  includeInactive?: boolean;
  limit: number;
  offset: number;
}

function filterConds(f: Omit<InstrumentFilter, "limit" | "offset">): SQL[] {
  const conds: SQL[] = [];
  if (!f.includeInactive) conds.push(eq(instruments.active, true));
  if (f.mic) conds.push(eq(instruments.mic, f.mic));
  if (f.country) conds.push(eq(instruments.country, f.country));
  if (f.assetClass) conds.push(eq(instruments.assetClass, f.assetClass));
  if (f.currency) conds.push(eq(instruments.currency, f.currency));
  return conds;
}

/** How many instruments match the filter (the list's total). */
export async function countInstruments(
  db: Db,
  f: Omit<InstrumentFilter, "limit" | "offset">,
): Promise<number> {
  const conds = filterConds(f);
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(instruments)
    .where(conds.length ? and(...conds) : undefined);
  return Number(r?.n ?? 0);
}

export async function listInstruments(db: Db, f: InstrumentFilter): Promise<InstrumentRow[]> {
  const conds = filterConds(f);
  return db
    .select()
    .from(instruments)
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(asc(instruments.country), asc(instruments.mic), asc(instruments.symbol))
    .limit(f.limit)
    .offset(f.offset);
}

/**
 * Typo-tolerant search over symbol, name, Korean name and ISIN: exact symbol/ISIN first, then
 * prefix and substring matches, then trigram word-similarity (pg_trgm, GIN-indexed).
 */
export async function searchInstruments(
  db: Db,
  term: string,
  opts: InstrumentFilter,
): Promise<{ rows: (InstrumentRow & { score: number })[]; total: number }> {
  const t = term.trim().toLowerCase();
  const escaped = t.replace(/[\\%_]/g, (c) => `\\${c}`);
  const like = `%${escaped}%`;
  const conds: SQL[] = [];
  if (!opts.includeInactive) conds.push(sql`and i.active`);
  if (opts.mic) conds.push(sql`and i.mic = ${opts.mic}`);
  if (opts.country) conds.push(sql`and i.country = ${opts.country}`);
  if (opts.assetClass) conds.push(sql`and i.asset_class = ${opts.assetClass}`);
  if (opts.currency) conds.push(sql`and i.currency = ${opts.currency}`);
  // A looser word-similarity threshold than pg_trgm's 0.6 catches one-letter typos in short words
  // ("samsng"); `set local` keeps it to this transaction, and `<%` still uses the GIN index.
  // Terms under 3 characters (e.g. two Hangul syllables) have no trigram: substring match only.
  const rows = await inTransaction(db, async (tx) => {
    await tx.execute(sql`select set_config('pg_trgm.word_similarity_threshold', '0.45', true)`);
    return queryRows<Record<string, unknown>>(
      tx,
      sql`select i.*, (case when lower(i.symbol) = ${t} or lower(coalesce(i.isin,'')) = ${t} then 2
                          when lower(i.symbol) like ${`${escaped}%`} then 1.5
                          when i.search_text like ${like} then 1
                          else 0 end) + word_similarity(${t}, i.search_text) as score,
               count(*) over () as total_matches
        from market.instruments i
        where (i.search_text like ${like} ${[...t].length >= 3 ? sql`or ${t} <% i.search_text` : sql``})
          ${sql.join(conds, sql` `)}
        order by score desc, i.symbol
        limit ${opts.limit} offset ${opts.offset}`,
    );
  });
  // Past the last match there is no row to carry the total: count again without the page.
  const total =
    rows.length > 0
      ? Number(rows[0]?.total_matches)
      : opts.offset > 0
        ? (await searchInstruments(db, term, { ...opts, offset: 0, limit: 1 })).total
        : 0;
  return { rows: rows.map(mapInstrument), total };
}

/** A raw `market.instruments` row (snake case) as the Drizzle row type, with the search score. */
function mapInstrument(r: Record<string, unknown>): InstrumentRow & { score: number } {
  const themes = r.themes;
  return {
    id: r.id as string,
    symbol: r.symbol as string,
    mic: r.mic as string,
    assetClass: r.asset_class as string,
    name: r.name as string,
    nameLocal: (r.name_local as string) ?? null,
    exchange: (r.exchange as string) ?? null,
    currency: r.currency as string,
    country: (r.country as string) ?? null,
    sector: (r.sector as string) ?? null,
    industry: (r.industry as string) ?? null,
    themes: Array.isArray(themes) ? (themes as string[]) : parsePgArray(themes as string),
    isin: (r.isin as string) ?? null,
    cusip: (r.cusip as string) ?? null,
    sedol: (r.sedol as string) ?? null,
    baseCurrency: (r.base_currency as string) ?? null,
    quoteCurrency: (r.quote_currency as string) ?? null,
    pipValue: r.pip_value == null ? null : String(r.pip_value),
    inceptionDate: r.inception_date == null ? null : toDateString(r.inception_date),
    description: (r.description as string) ?? null,
    dataSource: (r.data_source as string) ?? null,
    active: r.active as boolean,
    createdAt: new Date(r.created_at as string),
    updatedAt: new Date(r.updated_at as string),
    searchText: (r.search_text as string) ?? null,
    score: Number(r.score ?? 0),
  };
}
const toDateString = (v: unknown): string =>
  v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10);

/** Instruments among `ids` that exist (for validating watchlist and universe members). */
export async function existingInstrumentIds(db: Db, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.select({ id: instruments.id }).from(instruments).where(inArray(instruments.id, ids));
  return new Set(rows.map((r) => r.id));
}

export async function instrumentsByIds(db: Db, ids: string[]): Promise<Map<string, InstrumentRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select().from(instruments).where(inArray(instruments.id, ids));
  return new Map(rows.map((r) => [r.id, r]));
}

/** Active instruments, by id (what the scheduled refresh walks). */
export async function activeInstruments(db: Db): Promise<InstrumentRow[]> {
  return db.select().from(instruments).where(eq(instruments.active, true)).orderBy(asc(instruments.id));
}

/** Instruments with one of `symbols`, active ones first, then the oldest. */
export async function findInstrumentsBySymbols(db: Db, symbols: string[]): Promise<InstrumentRow[]> {
  if (symbols.length === 0) return [];
  return db
    .select()
    .from(instruments)
    .where(inArray(instruments.symbol, symbols))
    .orderBy(sql`${instruments.active} desc`, asc(instruments.createdAt));
}
