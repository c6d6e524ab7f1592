// SQL of the quote snapshot (market.quotes) and of the bar probes it is computed from.
import { eq, sql } from "drizzle-orm";
import type { Db } from "../../../platform/db/index.ts";
import { queryRows as q } from "../../../platform/db/rows.ts";
import type { Interval } from "../csv.ts";
import { quotes } from "../schema-quotes.ts";

export type QuoteRow = typeof quotes.$inferSelect;
export type QuoteInsert = typeof quotes.$inferInsert;

const num = (v: unknown): number | null => (v == null ? null : Number(v));
const day = (v: unknown): string | null =>
  v == null ? null : v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10);

export interface LastBar {
  interval: Interval;
  t: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number | null;
}

/** The last stored bar of every interval that has bars (one backward index probe each), with its first bar's time. */
export async function lastBars(db: Db, instrumentId: string): Promise<(LastBar & { first: number })[]> {
  const rows = await q(
    db,
    sql`select i.interval, b.t, b.open, b.high, b.low, b.close, b.volume,
               (select (extract(epoch from min(f.ts)) * 1000)::float8 from market.bars f
                 where f.instrument_id = ${instrumentId} and f.interval = i.interval) as first
        from unnest(array['1m','5m','15m','1h','1d','1w']) with ordinality as i(interval, n)
        cross join lateral (
          select (extract(epoch from ts) * 1000)::float8 as t, open, high, low, close, volume
          from market.bars where instrument_id = ${instrumentId} and interval = i.interval
          order by ts desc limit 1) b
        order by i.n`,
  );
  return rows.map((r) => ({
    interval: r.interval as Interval,
    t: Number(r.t),
    open: Number(r.open),
    high: Number(r.high),
    low: Number(r.low),
    close: Number(r.close),
    volume: num(r.volume),
    first: Number(r.first),
  }));
}

/** The last bar of `interval` starting before `before`. */
export async function lastBarBefore(
  db: Db,
  instrumentId: string,
  interval: Interval,
  before: Date,
): Promise<{ t: number; close: number } | null> {
  const [r] = await q(
    db,
    sql`select (extract(epoch from ts) * 1000)::float8 as t, close from market.bars
        where instrument_id = ${instrumentId} and interval = ${interval}
          and ts < ${before.toISOString()}::timestamptz
        order by ts desc limit 1`,
  );
  return r ? { t: Number(r.t), close: Number(r.close) } : null;
}

/** Open (first bar), high, low, close (last bar) and summed volume of the bars in [from, to). */
export async function aggregateBars(
  db: Db,
  instrumentId: string,
  interval: Interval,
  from: Date,
  to: Date,
): Promise<{ open: number; high: number; low: number; volume: number | null; n: number } | null> {
  const [r] = await q(
    db,
    sql`select count(*) as n, max(high) as high, min(low) as low, sum(volume) as volume,
               (array_agg(open order by ts))[1] as open
        from market.bars
        where instrument_id = ${instrumentId} and interval = ${interval}
          and ts >= ${from.toISOString()}::timestamptz and ts < ${to.toISOString()}::timestamptz`,
  );
  if (!r || Number(r.n) === 0) return null;
  return {
    open: Number(r.open),
    high: Number(r.high),
    low: Number(r.low),
    volume: num(r.volume),
    n: Number(r.n),
  };
}

/** The market cap of the latest report known by `now`, when any. */
export async function latestMarketCap(
  db: Db,
  instrumentId: string,
  now: Date,
): Promise<{ marketCap: string; reportDate: string } | null> {
  const [r] = await q(
    db,
    sql`select market_cap, report_date from market.fundamentals
        where instrument_id = ${instrumentId} and market_cap is not null
          and known_at <= ${now.toISOString()}::timestamptz
        order by report_date desc, known_at desc limit 1`,
  );
  return r ? { marketCap: String(r.market_cap), reportDate: day(r.report_date) as string } : null;
}

export async function findQuote(db: Db, instrumentId: string): Promise<QuoteRow | undefined> {
  const [row] = await db.select().from(quotes).where(eq(quotes.instrumentId, instrumentId));
  return row;
}

export async function upsertQuote(db: Db, row: QuoteInsert): Promise<QuoteRow> {
  const { instrumentId: _id, ...rest } = row;
  const [out] = await db
    .insert(quotes)
    .values(row)
    .onConflictDoUpdate({ target: quotes.instrumentId, set: { ...rest, updatedAt: sql`now()` } })
    .returning();
  return out as QuoteRow;
}

export async function deleteQuote(db: Db, instrumentId: string): Promise<void> {
  await db.delete(quotes).where(eq(quotes.instrumentId, instrumentId));
}

/** Active instruments that have any bar or a quote row (what the scheduled quote refresh walks). */
export async function instrumentsToQuote(db: Db): Promise<string[]> {
  const rows = await q<{ id: string }>(
    db,
    sql`select i.id from market.instruments i
        where i.active and (exists (select 1 from market.quotes q where q.instrument_id = i.id)
          or exists (select 1 from market.bars b where b.instrument_id = i.id))
        order by i.id`,
  );
  return rows.map((r) => r.id);
}

/** The source of one stored bar (who supplied the price a quote shows), or null. */
export async function barSource(
  db: Db,
  instrumentId: string,
  interval: string,
  ts: Date,
): Promise<string | null> {
  const rows = await q<{ source: string | null }>(
    db,
    sql`select source from market.bars
        where instrument_id = ${instrumentId} and interval = ${interval} and ts = ${ts.toISOString()}::timestamptz`,
  );
  return rows[0]?.source ?? null;
}
