// SQL of market.bars: the bulk import's staging and merge, reads (the hot one as array rows through
// a named prepared statement), resampling, and the probes other parts ask.
import { and, eq, sql } from "drizzle-orm";
import { copyBinaryInto, Stage, type StagedClash, type StagedDuplicate } from "../../../platform/db/bulk.ts";
import { connectionOf } from "../../../platform/db/connection.ts";
import type { Db } from "../../../platform/db/index.ts";
import { queryRows } from "../../../platform/db/rows.ts";
import type { FactorSteps } from "../adjust.ts";
import type { Interval } from "../csv.ts";
import { bars } from "../schema.ts";

// ---------------------------------------------------------------- bulk import

/** COPYs bar CSV straight into market.bars (rows known to be new: after the last stored bar). */
export function copyBars(tx: Db, columns: () => readonly string[], source: AsyncIterable<Uint8Array>) {
  return copyBinaryInto(tx, "market.bars", columns, source);
}

/** The staging table of one bar import, shaped like market.bar_staging (dropped at commit). */
export function openBarStage(tx: Db): Promise<Stage> {
  return Stage.create(tx, { name: "market_bar_stage", like: "market.bar_staging", rowNo: "row_no" });
}

/** Timestamps present more than once in the staged batch, with their row numbers. */
export async function stagedDuplicateTimes(stage: Stage, limit: number) {
  const dups: StagedDuplicate[] = await stage.duplicates(["epoch_ms"], limit);
  return dups.map((d) => ({ epochMs: Number(d.key.epoch_ms), rows: d.rows }));
}

/**
 * Staged rows after `floorMs` whose time is already in market.bars: since only this batch wrote
 * bars after the floor (imports of one instrument are serialised), they repeat an earlier row.
 */
export async function stagedClashesAfter(
  stage: Stage,
  instrumentId: string,
  interval: Interval,
  floorMs: number,
) {
  const clashes: StagedClash[] = await stage.clashes({
    target: "market.bars",
    join: "t.instrument_id = $1 and t.interval = $2 and t.ts = timestamptz 'epoch' + s.epoch_ms * interval '1 millisecond'",
    where: "s.epoch_ms > $3",
    params: [instrumentId, interval, Number.isFinite(floorMs) ? floorMs : -9e15],
    key: ["epoch_ms"],
  });
  return clashes.map((c) => ({ row: c.row, epochMs: Number(c.key.epoch_ms) }));
}

/** Moves staged rows into market.bars; rows already there are left untouched. Returns rows added. */
export function mergeBarStage(stage: Stage, instrumentId: string, interval: Interval, source: string | null) {
  return stage.merge({
    into: "market.bars",
    columns: [
      "instrument_id",
      "interval",
      "ts",
      "open",
      "high",
      "low",
      "close",
      "adj_close",
      "volume",
      "source",
    ],
    select:
      "$1::uuid, $2::text, timestamptz 'epoch' + epoch_ms * interval '1 millisecond', open, high, low, close, adj_close, volume, $3::text",
    params: [instrumentId, interval, source],
  });
}

/** Latest stored bar time (epoch ms) of an instrument and interval, or null. */
export async function maxBarTs(db: Db, instrumentId: string, interval: Interval): Promise<number | null> {
  const rows = await queryRows<{ t: number | null }>(
    db,
    sql`select (extract(epoch from max(ts)) * 1000)::float8 as t from market.bars
        where instrument_id = ${instrumentId} and interval = ${interval}`,
  );
  const t = rows[0]?.t;
  return t == null ? null : Number(t);
}

/** The latest bar date (ISO, UTC) of an instrument at an interval, or null. */
export async function lastBarDate(db: Db, instrumentId: string, interval: string): Promise<string | null> {
  const [r] = await db
    .select({ d: sql<string | null>`to_char(max(${bars.ts}) at time zone 'UTC', 'YYYY-MM-DD')` })
    .from(bars)
    .where(and(eq(bars.instrumentId, instrumentId), eq(bars.interval, interval)));
  return r?.d ?? null;
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

const READ_BARS = `select (extract(epoch from ts) * 1000)::float8, open, high, low, close, adj_close, volume
  from market.bars
  where instrument_id = $1 and interval = $2 and ts >= $3::timestamptz and ts < $4::timestamptz
    and ($5::timestamptz is null or ts > $5::timestamptz)
  order by ts limit $6`;

/**
 * Stored bars with from ≤ ts < to and ts > after (the cursor), ascending, at most `limit`. The hot
 * read: rows as arrays (no object per row) and, on PostgreSQL outside a transaction, a named
 * prepared statement (parsed and planned once per connection).
 */
export async function readBars(
  db: Db,
  p: { instrumentId: string; interval: Interval; from: Date; to: Date; after?: Date; limit: number },
): Promise<BarRow[]> {
  const { rows } = await connectionOf(db).query<BarTuple>(
    READ_BARS,
    [
      p.instrumentId,
      p.interval,
      p.from.toISOString(),
      p.to.toISOString(),
      p.after ? p.after.toISOString() : null,
      p.limit,
    ],
    { rowMode: "array", name: "market_read_bars" },
  );
  const out: BarRow[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i] as BarTuple;
    out[i] = { t: r[0], open: r[1], high: r[2], low: r[3], close: r[4], adjClose: r[5], volume: r[6] };
  }
  return out;
}

/** Whether any bar of this instrument and interval is stored (one index probe). */
export async function hasBarsAt(db: Db, instrumentId: string, interval: Interval): Promise<boolean> {
  const rows = await queryRows<{ x: boolean }>(
    db,
    sql`select exists (select 1 from market.bars where instrument_id = ${instrumentId} and interval = ${interval}) as x`,
  );
  return Boolean(rows[0]?.x);
}

/** Which intervals hold bars for an instrument (one index probe per interval). */
export async function storedIntervals(db: Db, instrumentId: string): Promise<Interval[]> {
  const rows = await queryRows<{ interval: Interval }>(
    db,
    sql`select i.interval from unnest(array['1m','5m','15m','1h','1d','1w']) as i(interval)
        where exists (select 1 from market.bars b where b.instrument_id = ${instrumentId} and b.interval = i.interval)`,
  );
  return rows.map((r) => r.interval);
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
/** The trading date of a `source` bar: daily bars carry it at 00:00 UTC, intraday ones in the zone. */
function tradingDateExpr(source: Interval, timeZone: string) {
  return source === "1d" || source === "1w"
    ? sql`(ts at time zone 'UTC')::date`
    : sql`(ts at time zone ${timeZone})::date`;
}

function bucketExpr(source: Interval, target: Interval, timeZone: string) {
  const tradingDate = tradingDateExpr(source, timeZone);
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
    /**
     * Adjusts each source bar by the factor of its own trading date before aggregating, so a bucket
     * that holds an ex-date keeps its later bars (and its close) unadjusted.
     */
    adjust?: FactorSteps;
  },
): Promise<(BarRow & { count: number })[]> {
  if (p.adjust && p.adjust.exDates.length > 0) return resampleAdjusted(db, { ...p, adjust: p.adjust });
  const bucket = bucketExpr(p.source, p.target, p.timeZone);
  // Plain aggregates per bucket (no per-group sort), then the open and close of each bucket's
  // first and last bar by primary-key lookups.
  const rows = await queryRows(
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

/** resampleBars of bars adjusted one by one: the factor of each bar's date from the step function. */
async function resampleAdjusted(
  db: Db,
  p: Parameters<typeof resampleBars>[1] & { adjust: FactorSteps },
): Promise<(BarRow & { count: number })[]> {
  const bucket = bucketExpr(p.source, p.target, p.timeZone);
  const tradingDate = tradingDateExpr(p.source, p.timeZone);
  const { exDates, price, volume } = p.adjust;
  // width_bucket counts the ex-dates on or before the bar's date: the index of its step (1-based).
  const rows = await queryRows(
    db,
    sql`with f as (
          select ${`{${exDates.join(",")}}`}::date[] as ex, ${`{${price.join(",")}}`}::float8[] as pf,
                 ${`{${volume.join(",")}}`}::float8[] as vf
        ), adj as (
          select ${bucket} as bucket, ts, open * k.pf as open, high * k.pf as high, low * k.pf as low,
                 close * k.pf as close, adj_close, volume * k.vf as volume
          from market.bars
          cross join lateral (
            select f.pf[width_bucket(${tradingDate}, f.ex) + 1] as pf,
                   f.vf[width_bucket(${tradingDate}, f.ex) + 1] as vf from f) k
          where instrument_id = ${p.instrumentId} and interval = ${p.source}
            and ts >= ${p.from.toISOString()}::timestamptz and ts < ${p.to.toISOString()}::timestamptz
        ), g as (
          select bucket, (array_agg(open order by ts))[1] as open, max(high) as high, min(low) as low,
                 (array_agg(close order by ts desc))[1] as close,
                 (array_agg(adj_close order by ts desc))[1] as adj_close, sum(volume) as volume,
                 count(*) as n
          from adj ${p.after ? sql`where bucket > ${p.after.toISOString()}::timestamptz` : sql``}
          group by bucket order by bucket limit ${p.limit}
        )
        select (extract(epoch from bucket) * 1000)::float8 as t, open, high, low, close, adj_close, volume, n
        from g order by bucket`,
  );
  return rows.map((r) => ({ ...mapBar(r), count: Number(r.n) }));
}

/** Stores the resampled bars as `target` bars (recomputed buckets replace older ones). */
export async function storeResampled(
  db: Db,
  p: { instrumentId: string; source: Interval; target: Interval; timeZone: string; from: Date; to: Date },
): Promise<number> {
  const bucket = bucketExpr(p.source, p.target, p.timeZone);
  const rows = await queryRows<{ n: string | number }>(
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
  const rows = await queryRows<{ d: string }>(
    db,
    sql`select distinct to_char((ts at time zone ${zone})::date, 'YYYY-MM-DD') as d from market.bars
        where instrument_id = ${instrumentId} and interval = ${interval}
          and ts >= ${from.toISOString()}::timestamptz and ts < ${to.toISOString()}::timestamptz order by 1`,
  );
  return rows.map((r) => r.d);
}

/** Daily closes of an instrument up to `to` (ISO date), ascending (regime computation). */
export async function dailyCloses(db: Db, instrumentId: string, to: string) {
  return db
    .select({ d: sql<string>`to_char(${bars.ts} at time zone 'UTC', 'YYYY-MM-DD')`, c: bars.close })
    .from(bars)
    .where(
      and(
        eq(bars.instrumentId, instrumentId),
        eq(bars.interval, "1d"),
        sql`${bars.ts} < (${to}::date + 1)::timestamp at time zone 'UTC'`,
      ),
    )
    .orderBy(bars.ts);
}

/** Daily closes of many instruments: UTC day numbers (days since 1970-01-01) and closes, ascending. */
export interface DailyCloseSeries {
  days: Int32Array;
  closes: Float64Array;
}

// One row per instrument with its days and closes as two arrays: on PGlite a row costs far more than
// an array element (25 instruments × 2,000 closes: 0.06 s against 0.5 s as rows, one query per
// instrument), and on the server it saves the per-query round trips.
const READ_DAILY_CLOSES = `select instrument_id::text,
    array_agg(floor(extract(epoch from ts) / 86400)::int4 order by ts),
    array_agg(close order by ts)
  from market.bars
  where instrument_id = any($1::uuid[]) and interval = '1d' and ts >= $2::timestamptz and ts < $3::timestamptz
  group by instrument_id`;

/**
 * The daily closes of each instrument with `from ≤ ts < to`, in one query; instruments with none are
 * absent. Daily bars sit at 00:00 UTC of their trading day, so the day number is the trading date.
 */
export async function dailyCloseSeries(
  db: Db,
  instrumentIds: readonly string[],
  from: Date,
  to: Date,
): Promise<Map<string, DailyCloseSeries>> {
  const out = new Map<string, DailyCloseSeries>();
  if (!instrumentIds.length) return out;
  const { rows } = await connectionOf(db).query<[string, number[], number[]]>(
    READ_DAILY_CLOSES,
    [[...instrumentIds], from.toISOString(), to.toISOString()],
    { rowMode: "array" },
  );
  for (const [id, days, closes] of rows)
    out.set(id, { days: Int32Array.from(days), closes: Float64Array.from(closes) });
  return out;
}

/** Whether any bar from `source` is stored. */
export async function anyBarsFromSource(db: Db, source: string): Promise<boolean> {
  const rows = await queryRows<{ x: boolean }>(
    db,
    sql`select exists (select 1 from market.bars where source = ${source}) as x`,
  );
  return Boolean(rows[0]?.x);
}

/** Whether any bar is stored at all. */
export async function anyBars(db: Db): Promise<boolean> {
  const rows = await queryRows<{ x: boolean }>(db, sql`select exists (select 1 from market.bars) as x`);
  return Boolean(rows[0]?.x);
}

// ---------------------------------------------------------------- cache validators

/**
 * A version of everything an instrument's bars answer depends on: its quote row's update time
 * (refreshed in the transaction of every import, merge, resample and split that changes its bars)
 * and its corporate actions (which adjusted bars use). Equal versions give equal answers.
 */
export async function barsVersion(db: Db, instrumentId: string): Promise<string> {
  const rows = await queryRows<{ v: string }>(
    db,
    sql`select md5(
          coalesce((select (extract(epoch from q.updated_at) * 1000000)::bigint::text
                      from market.quotes q where q.instrument_id = ${instrumentId}), '-')
          || ':' ||
          coalesce((select string_agg(row_to_json(a)::text, ',' order by a.id)
                      from market.corporate_actions a where a.instrument_id = ${instrumentId}), '-')
        ) as v`,
  );
  return (rows[0]?.v ?? "").slice(0, 16);
}
