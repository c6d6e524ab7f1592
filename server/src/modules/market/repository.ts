// All SQL of the market module. Every function takes a Db (or an open transaction).
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { and, asc, eq, sql } from "drizzle-orm";
import { from as copyFrom } from "pg-copy-streams";
import { type Db, inTransaction } from "../../platform/db/index.ts";
import type { Interval } from "./csv.ts";
import {
  corporateActions,
  fxRates,
  instruments,
  universeMembers,
  universes,
  universeVersions,
  watchlists,
} from "./schema.ts";

export type InstrumentRow = typeof instruments.$inferSelect;
export type InstrumentInsert = typeof instruments.$inferInsert;
export type ActionRow = typeof corporateActions.$inferSelect;
export type WatchlistRow = typeof watchlists.$inferSelect;

const rowsOf = <T>(r: unknown): T[] => ((r as { rows?: T[] }).rows ?? (r as T[])) as T[];
async function q<T = Record<string, unknown>>(db: Db, query: ReturnType<typeof sql>): Promise<T[]> {
  return rowsOf<T>(await db.execute(query));
}

// ---------------------------------------------------------------- instruments

export async function findInstrument(db: Db, id: string): Promise<InstrumentRow | undefined> {
  const [row] = await db.select().from(instruments).where(eq(instruments.id, id));
  return row;
}

export async function findInstrumentBySymbol(db: Db, symbol: string, market: string) {
  const [row] = await db
    .select()
    .from(instruments)
    .where(and(eq(instruments.symbol, symbol), eq(instruments.market, market)));
  return row;
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
 * Insert or refresh by (symbol, market), for the configured list. Returns whether it was new.
 * `active` is left alone on existing rows so an administrator's soft delete survives restarts.
 */
export async function upsertInstrument(
  db: Db,
  row: InstrumentInsert,
): Promise<{ id: string; inserted: boolean }> {
  const { id: _id, active: _a, symbol: _s, market: _m, createdAt: _c, ...rest } = row;
  const [out] = await db
    .insert(instruments)
    .values(row)
    .onConflictDoUpdate({
      target: [instruments.symbol, instruments.market],
      set: { ...rest, updatedAt: sql`now()` },
    })
    .returning({ id: instruments.id, inserted: sql<boolean>`(xmax = 0)` });
  return out as { id: string; inserted: boolean };
}

export interface InstrumentFilter {
  market?: string;
  assetClass?: string;
  includeInactive?: boolean;
  limit: number;
  offset: number;
}

export async function listInstruments(db: Db, f: InstrumentFilter): Promise<InstrumentRow[]> {
  const conds = [];
  if (!f.includeInactive) conds.push(eq(instruments.active, true));
  if (f.market) conds.push(eq(instruments.market, f.market));
  if (f.assetClass) conds.push(eq(instruments.assetClass, f.assetClass));
  return db
    .select()
    .from(instruments)
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(asc(instruments.market), asc(instruments.symbol))
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
  opts: { limit: number; market?: string; includeInactive?: boolean },
): Promise<(InstrumentRow & { score: number })[]> {
  const t = term.trim().toLowerCase();
  const like = `%${t.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  // A looser word-similarity threshold than pg_trgm's 0.6 catches one-letter typos in short words
  // ("samsng"); `set local` keeps it to this transaction, and `<%` still uses the GIN index.
  // Terms under 3 characters (e.g. two Hangul syllables) have no trigram: substring match only.
  const rows = await inTransaction(db, async (tx) => {
    await tx.execute(sql`select set_config('pg_trgm.word_similarity_threshold', '0.45', true)`);
    return q<Record<string, unknown>>(
      tx,
      sql`select i.*, (case when lower(i.symbol) = ${t} or lower(coalesce(i.isin,'')) = ${t} then 2
                          when lower(i.symbol) like ${`${t.replace(/[\\%_]/g, (c) => `\\${c}`)}%`} then 1.5
                          when i.search_text like ${like} then 1
                          else 0 end) + word_similarity(${t}, i.search_text) as score
        from market.instruments i
        where (i.search_text like ${like} ${[...t].length >= 3 ? sql`or ${t} <% i.search_text` : sql``})
          ${opts.includeInactive ? sql`` : sql`and i.active`}
          ${opts.market ? sql`and i.market = ${opts.market}` : sql``}
        order by score desc, i.symbol
        limit ${opts.limit}`,
    );
  });
  return rows.map(mapInstrument) as (InstrumentRow & { score: number })[];
}

function mapInstrument(r: Record<string, unknown>): InstrumentRow & { score: number } {
  const themes = r.themes;
  return {
    id: r.id as string,
    symbol: r.symbol as string,
    market: r.market as string,
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
const parsePgArray = (s: string | null | undefined): string[] =>
  !s || s === "{}"
    ? []
    : s
        .slice(1, -1)
        .split(",")
        .map((x) => x.replace(/^"|"$/g, ""));
const toDateString = (v: unknown): string =>
  v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10);

/** Locks the instrument row for the rest of the transaction: imports of one instrument run one at a time. */
export async function lockInstrument(db: Db, id: string): Promise<InstrumentRow | undefined> {
  const [row] = await db.select().from(instruments).where(eq(instruments.id, id)).for("update");
  return row;
}

// ---------------------------------------------------------------- bulk bar loading

interface PgCopyClient {
  query(stream: unknown): unknown;
}
interface PgliteTx {
  query(
    text: string,
    params?: unknown[],
    opts?: { blob?: Blob },
  ): Promise<{ affectedRows?: number; rows: unknown[] }>;
}
/** The driver connection under a Drizzle transaction: COPY needs it (Drizzle has no COPY). */
function rawConnection(tx: Db): { kind: "pg"; client: PgCopyClient } | { kind: "pglite"; client: PgliteTx } {
  const client = (tx as unknown as { session?: { client?: unknown } }).session?.client as Record<
    string,
    unknown
  >;
  if (!client) throw new Error("bulk load needs a transaction on a database connection");
  if (typeof client.release === "function" || "connection" in client)
    return { kind: "pg", client: client as unknown as PgCopyClient };
  return { kind: "pglite", client: client as unknown as PgliteTx };
}

export const STAGE = "market_bar_stage";

/** A temporary staging table shaped like market.bar_staging, dropped at commit or rollback. */
export async function createStage(tx: Db): Promise<void> {
  await tx.execute(sql.raw(`create temp table ${STAGE} (like market.bar_staging) on commit drop`));
}

/**
 * Streams CSV text (from an async source of strings) into `table` (columns known once the first text
 * arrives). On PostgreSQL it is one `COPY … FROM STDIN` with back-pressure; on PGlite each ~4 MB of
 * text is one `COPY … FROM '/dev/blob'`.
 */
export async function copyCsv(
  tx: Db,
  table: string,
  source: AsyncIterable<string>,
  columns: () => string[],
): Promise<void> {
  const conn = rawConnection(tx);
  const cols = () =>
    `(${columns()
      .map((c) => `"${c}"`)
      .join(", ")})`;
  if (conn.kind === "pg") {
    const it = source[Symbol.asyncIterator]();
    const first = await it.next();
    if (first.done) return;
    const rest = async function* () {
      yield first.value;
      for (let n = await it.next(); !n.done; n = await it.next()) yield n.value;
    };
    const stream = conn.client.query(
      copyFrom(`copy ${table} ${cols()} from stdin with (format csv)`),
    ) as NodeJS.WritableStream;
    await pipeline(Readable.from(rest(), { objectMode: false }), stream);
    return;
  }
  let buf: string[] = [];
  let size = 0;
  const flush = async () => {
    if (size === 0) return;
    const blob = new Blob(buf);
    buf = [];
    size = 0;
    await conn.client.query(`copy ${table} ${cols()} from '/dev/blob' with (format csv)`, [], { blob });
  };
  for await (const text of source) {
    buf.push(text);
    size += text.length;
    if (size >= 4 * 1024 * 1024) await flush();
  }
  await flush();
}

/** Latest stored bar time (epoch ms) of an instrument and interval, or null. */
export async function maxBarTs(db: Db, instrumentId: string, interval: Interval): Promise<number | null> {
  const rows = await q<{ t: number | null }>(
    db,
    sql`select (extract(epoch from max(ts)) * 1000)::float8 as t from market.bars
        where instrument_id = ${instrumentId} and interval = ${interval}`,
  );
  const t = rows[0]?.t;
  return t == null ? null : Number(t);
}

/**
 * Staged rows after `floorMs` whose time is already in market.bars: since only this batch wrote
 * bars after the floor (imports of one instrument are serialised), they repeat an earlier row.
 */
export async function stageClashesAfter(db: Db, instrumentId: string, interval: Interval, floorMs: number) {
  const rows = await q<{ row_no: number; epoch_ms: string | number }>(
    db,
    sql`select s.row_no, s.epoch_ms from ${sql.raw(STAGE)} s
        join market.bars b on b.instrument_id = ${instrumentId} and b.interval = ${interval}
          and b.ts = timestamptz 'epoch' + s.epoch_ms * interval '1 millisecond'
        where s.epoch_ms > ${Number.isFinite(floorMs) ? floorMs : -9e15} order by s.row_no limit 10000`,
  );
  return rows.map((r) => ({ row: Number(r.row_no), epochMs: Number(r.epoch_ms) }));
}

/** Timestamps present more than once in the staging table, with their row numbers. */
export async function stageDuplicates(tx: Db, limit: number): Promise<{ epochMs: number; rows: number[] }[]> {
  const rows = await q<{ epoch_ms: string | number; rows: number[] | string }>(
    tx,
    sql.raw(`select epoch_ms, array_agg(row_no order by row_no) as rows from ${STAGE}
             group by epoch_ms having count(*) > 1 order by min(row_no) limit ${Math.floor(limit)}`),
  );
  return rows.map((r) => ({
    epochMs: Number(r.epoch_ms),
    rows: Array.isArray(r.rows) ? r.rows.map(Number) : parsePgArray(r.rows).map(Number),
  }));
}

/** Moves staged rows into market.bars; rows already there are left untouched. Returns rows added. */
export async function mergeStage(
  tx: Db,
  instrumentId: string,
  interval: Interval,
  source: string | null,
): Promise<number> {
  const text = `insert into market.bars (instrument_id, interval, ts, open, high, low, close, adj_close, volume, source)
    select $1::uuid, $2::text, timestamptz 'epoch' + epoch_ms * interval '1 millisecond', open, high, low, close, adj_close, volume, $3::text
    from ${STAGE} on conflict do nothing`;
  const conn = rawConnection(tx);
  if (conn.kind === "pg") {
    const r = (await (
      conn.client as unknown as { query(t: string, p: unknown[]): Promise<{ rowCount: number }> }
    ).query(text, [instrumentId, interval, source])) as { rowCount: number };
    return r.rowCount;
  }
  const r = await conn.client.query(text, [instrumentId, interval, source]);
  return r.affectedRows ?? 0;
}

// ---------------------------------------------------------------- reading bars

export interface BarRow {
  t: number; // epoch ms
  open: number;
  high: number;
  low: number;
  close: number;
  adjClose: number | null;
  volume: number | null;
}

const barCols = sql`(extract(epoch from ts) * 1000)::float8 as t, open, high, low, close, adj_close, volume`;
const mapBar = (r: Record<string, unknown>): BarRow => ({
  t: Number(r.t),
  open: Number(r.open),
  high: Number(r.high),
  low: Number(r.low),
  close: Number(r.close),
  adjClose: r.adj_close == null ? null : Number(r.adj_close),
  volume: r.volume == null ? null : Number(r.volume),
});

type BarTuple = [number, number, number, number, number, number | null, number | null];
const tupleToBar = (r: BarTuple): BarRow => ({
  t: r[0],
  open: r[1],
  high: r[2],
  low: r[3],
  close: r[4],
  adjClose: r[5],
  volume: r[6],
});

interface ArrayRowClient {
  query(
    q: string | { text: string; values: unknown[]; rowMode: "array"; name?: string },
    values?: unknown[],
    opts?: { rowMode: "array" },
  ): Promise<{ rows: unknown[][] }>;
}

/**
 * Runs a hot read with rows as arrays (no object per row) and, on PostgreSQL, as a named prepared
 * statement (parsed and planned once per connection). Outside a transaction only: a transaction's
 * queries must go through its own connection, which the fallback (Drizzle) does.
 */
async function arrayRows(db: Db, name: string, text: string, values: unknown[]): Promise<unknown[][] | null> {
  const client = (db as unknown as { $client?: ArrayRowClient & { totalCount?: number } }).$client;
  if (!client) return null;
  if (typeof client.totalCount === "number") {
    return (await client.query({ text, values, rowMode: "array", name })).rows; // pg.Pool
  }
  return (await client.query(text, values, { rowMode: "array" })).rows; // PGlite
}

const READ_BARS = `select (extract(epoch from ts) * 1000)::float8, open, high, low, close, adj_close, volume
  from market.bars
  where instrument_id = $1 and interval = $2 and ts >= $3::timestamptz and ts < $4::timestamptz
    and ($5::timestamptz is null or ts > $5::timestamptz)
  order by ts limit $6`;

/** Stored bars with from ≤ ts < to and ts > after (the cursor), ascending, at most `limit`. */
export async function readBars(
  db: Db,
  p: { instrumentId: string; interval: Interval; from: Date; to: Date; after?: Date; limit: number },
): Promise<BarRow[]> {
  const fast = await arrayRows(db, "market_read_bars", READ_BARS, [
    p.instrumentId,
    p.interval,
    p.from.toISOString(),
    p.to.toISOString(),
    p.after ? p.after.toISOString() : null,
    p.limit,
  ]);
  if (fast) return (fast as BarTuple[]).map(tupleToBar);
  const rows = await q(
    db,
    sql`select ${barCols} from market.bars
        where instrument_id = ${p.instrumentId} and interval = ${p.interval}
          and ts >= ${p.from.toISOString()}::timestamptz and ts < ${p.to.toISOString()}::timestamptz
          ${p.after ? sql`and ts > ${p.after.toISOString()}::timestamptz` : sql``}
        order by ts limit ${p.limit}`,
  );
  return rows.map(mapBar);
}

/** Whether any bar of this instrument and interval is stored (one index probe). */
export async function hasBarsAt(db: Db, instrumentId: string, interval: Interval): Promise<boolean> {
  const rows = await q<{ x: boolean }>(
    db,
    sql`select exists (select 1 from market.bars where instrument_id = ${instrumentId} and interval = ${interval}) as x`,
  );
  return Boolean(rows[0]?.x);
}

/** Which intervals hold bars for an instrument (one index probe per interval). */
export async function storedIntervals(db: Db, instrumentId: string): Promise<Interval[]> {
  const rows = await q<{ interval: Interval }>(
    db,
    sql`select i.interval from unnest(array['1m','5m','15m','1h','1d','1w']) as i(interval)
        where exists (select 1 from market.bars b where b.instrument_id = ${instrumentId} and b.interval = i.interval)`,
  );
  return rows.map((r) => r.interval);
}

/** Which intervals hold bars for an instrument, with counts and ranges. */
export async function barCoverage(db: Db, instrumentId: string) {
  const rows = await q<{ interval: string; n: string | number; first: number; last: number }>(
    db,
    sql`select interval, count(*) as n, (extract(epoch from min(ts)) * 1000)::float8 as first,
               (extract(epoch from max(ts)) * 1000)::float8 as last
        from market.bars where instrument_id = ${instrumentId} group by interval`,
  );
  return rows.map((r) => ({
    interval: r.interval as Interval,
    count: Number(r.n),
    first: Number(r.first),
    last: Number(r.last),
  }));
}

const STEP_SQL: Record<Interval, string> = {
  "1m": "1 minute",
  "5m": "5 minutes",
  "15m": "15 minutes",
  "1h": "1 hour",
  "1d": "1 day",
  "1w": "7 days",
};

/**
 * SQL expression of a bar's bucket start when aggregating `source` bars into `target`:
 * intraday buckets on a UTC grid (date_bin from 2000-01-03 00:00 UTC), daily buckets at 00:00 UTC of
 * the exchange's trading date in `timeZone` (daily sources already carry theirs), weekly buckets
 * on the Monday of that date.
 */
function bucketExpr(source: Interval, target: Interval, timeZone: string) {
  const sourceDaily = source === "1d" || source === "1w";
  const tradingDate = sourceDaily
    ? sql`(ts at time zone 'UTC')::date`
    : sql`(ts at time zone ${timeZone})::date`;
  if (target === "1d") return sql`(${tradingDate}::timestamp at time zone 'UTC')`;
  if (target === "1w") return sql`(date_trunc('week', ${tradingDate}::timestamp) at time zone 'UTC')`;
  return sql`date_bin(${STEP_SQL[target]}::interval, ts, timestamptz '2000-01-03 00:00:00+00')`;
}

/**
 * Aggregates `source` bars into `target` buckets in SQL: first open, max high, min low, last close,
 * last adj_close, summed volume, bar count. Only source bars with from ≤ ts < to take part.
 */
export async function resampleBars(
  db: Db,
  p: {
    instrumentId: string;
    source: Interval;
    target: Interval;
    timeZone: string;
    from: Date;
    to: Date;
    after?: Date;
    limit: number;
  },
): Promise<(BarRow & { count: number })[]> {
  const bucket = bucketExpr(p.source, p.target, p.timeZone);
  // Plain aggregates per bucket (no per-group sort), then the open and close of each bucket's
  // first and last bar by primary-key lookups.
  const rows = await q(
    db,
    sql`with g as (
          select ${bucket} as bucket, min(ts) as t0, max(ts) as t1, max(high) as high, min(low) as low,
                 sum(volume) as volume, count(*) as n
          from market.bars
          where instrument_id = ${p.instrumentId} and interval = ${p.source}
            and ts >= ${p.from.toISOString()}::timestamptz and ts < ${p.to.toISOString()}::timestamptz
          group by 1
        ), page as (
          select * from g ${p.after ? sql`where bucket > ${p.after.toISOString()}::timestamptz` : sql``}
          order by bucket limit ${p.limit}
        )
        select (extract(epoch from page.bucket) * 1000)::float8 as t, o.open, page.high, page.low, c.close,
               c.adj_close, page.volume, page.n
        from page
        join market.bars o on o.instrument_id = ${p.instrumentId} and o.interval = ${p.source} and o.ts = page.t0
        join market.bars c on c.instrument_id = ${p.instrumentId} and c.interval = ${p.source} and c.ts = page.t1
        order by page.bucket`,
  );
  return rows.map((r) => ({ ...mapBar(r), count: Number(r.n) }));
}

/** Stores the resampled bars as `target` bars (recomputed buckets replace older ones). */
export async function storeResampled(
  db: Db,
  p: { instrumentId: string; source: Interval; target: Interval; timeZone: string; from: Date; to: Date },
): Promise<number> {
  const bucket = bucketExpr(p.source, p.target, p.timeZone);
  const rows = await q<{ n: string | number }>(
    db,
    sql`with agg as (
          select ${bucket} as bucket,
                 (array_agg(open order by ts))[1] as open, max(high) as high, min(low) as low,
                 (array_agg(close order by ts desc))[1] as close,
                 (array_agg(adj_close order by ts desc))[1] as adj_close, sum(volume) as volume
          from market.bars
          where instrument_id = ${p.instrumentId} and interval = ${p.source}
            and ts >= ${p.from.toISOString()}::timestamptz and ts < ${p.to.toISOString()}::timestamptz
          group by 1
        ), up as (
          insert into market.bars (instrument_id, interval, ts, open, high, low, close, adj_close, volume, source)
          select ${p.instrumentId}, ${p.target}, bucket, open, high, low, close, adj_close, volume, ${`resample:${p.source}`}
          from agg
          on conflict (instrument_id, interval, ts) do update set open = excluded.open, high = excluded.high,
            low = excluded.low, close = excluded.close, adj_close = excluded.adj_close, volume = excluded.volume,
            source = excluded.source
          returning 1
        ) select count(*) as n from up`,
  );
  return Number(rows[0]?.n ?? 0);
}

/** Distinct trading dates (in `timeZone`) that have bars of `interval`, for gap detection. */
export async function barDates(
  db: Db,
  instrumentId: string,
  interval: Interval,
  timeZone: string,
  from: Date,
  to: Date,
) {
  const zone = interval === "1d" || interval === "1w" ? "UTC" : timeZone;
  const rows = await q<{ d: string }>(
    db,
    sql`select distinct to_char((ts at time zone ${zone})::date, 'YYYY-MM-DD') as d from market.bars
        where instrument_id = ${instrumentId} and interval = ${interval}
          and ts >= ${from.toISOString()}::timestamptz and ts < ${to.toISOString()}::timestamptz order by 1`,
  );
  return rows.map((r) => r.d);
}

// ---------------------------------------------------------------- corporate actions

export async function listActions(
  db: Db,
  instrumentId: string,
): Promise<(ActionRow & { prevClose: number | null })[]> {
  const rows = await q<Record<string, unknown>>(
    db,
    sql`select a.*, (select b.close from market.bars b
                      where b.instrument_id = a.instrument_id and b.interval = '1d'
                        and b.ts < (a.ex_date::timestamp at time zone 'UTC')
                      order by b.ts desc limit 1) as prev_close
        from market.corporate_actions a where a.instrument_id = ${instrumentId} order by a.ex_date, a.action_type`,
  );
  return rows.map((r) => ({
    id: r.id as string,
    instrumentId: r.instrument_id as string,
    actionType: r.action_type as string,
    exDate: toDateString(r.ex_date),
    splitTo: r.split_to == null ? null : String(r.split_to),
    splitFrom: r.split_from == null ? null : String(r.split_from),
    amount: r.amount == null ? null : String(r.amount),
    currency: (r.currency as string) ?? null,
    oldSymbol: (r.old_symbol as string) ?? null,
    newSymbol: (r.new_symbol as string) ?? null,
    recordDate: r.record_date == null ? null : toDateString(r.record_date),
    payDate: r.pay_date == null ? null : toDateString(r.pay_date),
    source: (r.source as string) ?? null,
    notes: (r.notes as string) ?? null,
    createdAt: new Date(r.created_at as string),
    prevClose: r.prev_close == null ? null : Number(r.prev_close),
  }));
}

export async function insertAction(db: Db, row: typeof corporateActions.$inferInsert): Promise<ActionRow> {
  const [out] = await db.insert(corporateActions).values(row).returning();
  return out as ActionRow;
}

export async function findActionKey(db: Db, instrumentId: string, type: string, exDate: string) {
  const [row] = await db
    .select({ id: corporateActions.id })
    .from(corporateActions)
    .where(
      and(
        eq(corporateActions.instrumentId, instrumentId),
        eq(corporateActions.actionType, type),
        eq(corporateActions.exDate, exDate),
      ),
    );
  return row;
}

// ---------------------------------------------------------------- FX

/** Latest rate of base→quote on or before `date`, or undefined. */
export async function fxRateAsOf(db: Db, base: string, quote: string, date: string) {
  const rows = await q<{ rate_date: unknown; rate: string }>(
    db,
    sql`select rate_date, rate::text as rate from market.fx_rates
        where base = ${base} and quote = ${quote} and rate_date <= ${date}::date
        order by rate_date desc limit 1`,
  );
  const r = rows[0];
  return r ? { rateDate: toDateString(r.rate_date), rate: r.rate } : undefined;
}

export async function fxCurrencies(db: Db): Promise<string[]> {
  const rows = await q<{ c: string }>(
    db,
    sql`select distinct base as c from market.fx_rates union select distinct quote from market.fx_rates order by 1`,
  );
  return rows.map((r) => r.c);
}

/** Inserts rates; rows already present (same pair and date) are kept. Returns rows added. */
export async function insertFxRates(
  db: Db,
  rows: { base: string; quote: string; rateDate: string; rate: string; source: string | null }[],
): Promise<number> {
  let added = 0;
  for (let i = 0; i < rows.length; i += 2000) {
    const part = rows.slice(i, i + 2000);
    const r = await db.insert(fxRates).values(part).onConflictDoNothing().returning({ b: fxRates.base });
    added += r.length;
  }
  return added;
}

// ---------------------------------------------------------------- universes

export async function findUniverse(db: Db, id: string) {
  const [row] = await db.select().from(universes).where(eq(universes.id, id));
  return row;
}
export async function findUniverseByName(db: Db, name: string) {
  const [row] = await db.select().from(universes).where(eq(universes.name, name));
  return row;
}
export async function insertUniverse(db: Db, row: typeof universes.$inferInsert) {
  const [out] = await db.insert(universes).values(row).returning();
  return out as typeof universes.$inferSelect;
}
export async function listUniverses(db: Db) {
  return db.select().from(universes).orderBy(asc(universes.name));
}
export async function listVersions(db: Db, universeId: string) {
  return db
    .select()
    .from(universeVersions)
    .where(eq(universeVersions.universeId, universeId))
    .orderBy(asc(universeVersions.version));
}
export async function insertVersion(
  db: Db,
  v: typeof universeVersions.$inferInsert,
  members: { instrumentId: string; weight: string | null }[],
) {
  const [out] = await db.insert(universeVersions).values(v).returning();
  if (members.length > 0)
    await db
      .insert(universeMembers)
      .values(members.map((m) => ({ versionId: v.id, instrumentId: m.instrumentId, weight: m.weight })));
  return out as typeof universeVersions.$inferSelect;
}
export async function endVersion(db: Db, versionId: string, endDate: string) {
  await db
    .update(universeVersions)
    .set({ effectiveEndDate: endDate })
    .where(eq(universeVersions.id, versionId));
}

/** The version in force on `date` (latest version number wins) and its members. */
export async function membersAsOf(db: Db, universeId: string, date: string) {
  const [version] = await q<Record<string, unknown>>(
    db,
    sql`select id, version, effective_start_date, effective_end_date from market.universe_versions
        where universe_id = ${universeId} and effective_start_date <= ${date}::date
          and (effective_end_date is null or effective_end_date > ${date}::date)
        order by version desc limit 1`,
  );
  if (!version) return null;
  const members = await q<Record<string, unknown>>(
    db,
    sql`select m.instrument_id, m.weight::text as weight, i.symbol, i.market, i.name, i.name_local
        from market.universe_members m join market.instruments i on i.id = m.instrument_id
        where m.version_id = ${version.id as string} order by i.symbol`,
  );
  return {
    versionId: version.id as string,
    version: Number(version.version),
    effectiveStartDate: toDateString(version.effective_start_date),
    effectiveEndDate: version.effective_end_date == null ? null : toDateString(version.effective_end_date),
    members: members.map((m) => ({
      instrumentId: m.instrument_id as string,
      symbol: m.symbol as string,
      market: m.market as string,
      name: m.name as string,
      nameLocal: (m.name_local as string) ?? null,
      weight: (m.weight as string) ?? null,
    })),
  };
}

// ---------------------------------------------------------------- watchlists

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
) {
  const [out] = await db
    .update(watchlists)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(and(eq(watchlists.id, id), eq(watchlists.userId, userId)))
    .returning();
  return out;
}
export async function clearDefaultWatchlist(db: Db, userId: string) {
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
/** Instruments among `ids` that exist (for validating watchlist and universe members). */
export async function existingInstrumentIds(db: Db, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await q<{ id: string }>(
    db,
    sql`select id from market.instruments where id in (${sql.join(
      ids.map((i) => sql`${i}::uuid`),
      sql`, `,
    )})`,
  );
  return new Set(rows.map((r) => r.id));
}
export async function instrumentsByIds(db: Db, ids: string[]): Promise<Map<string, InstrumentRow>> {
  if (ids.length === 0) return new Map();
  const rows = await q<Record<string, unknown>>(
    db,
    sql`select *, 0 as score from market.instruments where id in (${sql.join(
      ids.map((i) => sql`${i}::uuid`),
      sql`, `,
    )})`,
  );
  return new Map(rows.map((r) => [r.id as string, mapInstrument(r)]));
}

/** Whether any bar is stored at all. */
export async function anyBarsFromSource(db: Db, source: string): Promise<boolean> {
  const rows = await q<{ x: boolean }>(
    db,
    sql`select exists (select 1 from market.bars where source = ${source}) as x`,
  );
  return Boolean(rows[0]?.x);
}

export async function anyBars(db: Db): Promise<boolean> {
  const rows = await q<{ x: boolean }>(db, sql`select exists (select 1 from market.bars) as x`);
  return Boolean(rows[0]?.x);
}
