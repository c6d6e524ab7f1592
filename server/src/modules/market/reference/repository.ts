// All SQL of fundamentals, macro series/observations and regime indicators, each point in time:
// a row carries when it became known, and reads "as of" an instant see only rows known by then.
import { and, asc, desc, eq, lte, sql } from "drizzle-orm";
import type { Db } from "../../../platform/db/index.ts";
import { queryRows } from "../../../platform/db/rows.ts";
import { instruments } from "../schema.ts";
import { fundamentals, macroSeries, regimeIndicators } from "../schema-reference.ts";

export type FundamentalsRow = typeof fundamentals.$inferSelect;
export type FundamentalsInsert = typeof fundamentals.$inferInsert;
export type MacroSeriesRow = typeof macroSeries.$inferSelect;
export type RegimeRow = typeof regimeIndicators.$inferSelect;
export type RegimeInsert = typeof regimeIndicators.$inferInsert;

/** Inserts or replaces the row for (instrument, report_date, known_at). */
export async function upsertFundamentals(db: Db, rows: FundamentalsInsert[]): Promise<FundamentalsRow[]> {
  if (rows.length === 0) return [];
  const out = await db
    .insert(fundamentals)
    .values(rows)
    .onConflictDoUpdate({
      target: [fundamentals.instrumentId, fundamentals.reportDate, fundamentals.knownAt],
      set: {
        fiscalPeriod: sql`excluded.fiscal_period`,
        peRatio: sql`excluded.pe_ratio`,
        psRatio: sql`excluded.ps_ratio`,
        pbRatio: sql`excluded.pb_ratio`,
        evEbitda: sql`excluded.ev_ebitda`,
        roe: sql`excluded.roe`,
        debtEquity: sql`excluded.debt_equity`,
        cashFlowRatio: sql`excluded.cash_flow_ratio`,
        dividendYield: sql`excluded.dividend_yield`,
        marketCap: sql`excluded.market_cap`,
        week52High: sql`excluded.week52_high`,
        week52Low: sql`excluded.week52_low`,
        currency: sql`excluded.currency`,
        dataSource: sql`excluded.data_source`,
        updatedAt: sql`excluded.updated_at`,
      },
    })
    .returning();
  return out;
}

/**
 * Point in time: for each report date, the latest version whose known_at ≤ asOf (restatements
 * published later are invisible), newest report first. Without asOf, everything known now.
 */
export async function fundamentalsKnownAt(db: Db, instrumentId: string, asOf: Date, limit: number) {
  return db
    .selectDistinctOn([fundamentals.reportDate])
    .from(fundamentals)
    .where(and(eq(fundamentals.instrumentId, instrumentId), lte(fundamentals.knownAt, asOf)))
    .orderBy(desc(fundamentals.reportDate), desc(fundamentals.knownAt))
    .limit(limit);
}

export async function instrumentExists(db: Db, id: string): Promise<boolean> {
  const [r] = await db.select({ id: instruments.id }).from(instruments).where(eq(instruments.id, id));
  return Boolean(r);
}

// ---- macro

export async function upsertSeries(db: Db, row: typeof macroSeries.$inferInsert): Promise<MacroSeriesRow> {
  const [r] = await db
    .insert(macroSeries)
    .values(row)
    .onConflictDoUpdate({
      target: macroSeries.code,
      set: {
        name: row.name,
        frequency: row.frequency,
        unit: row.unit ?? null,
        dated: row.dated ?? true,
        releaseLagDays: row.releaseLagDays ?? null,
        dataSource: row.dataSource ?? null,
        description: row.description ?? null,
        updatedAt: row.updatedAt,
      },
    })
    .returning();
  return r as MacroSeriesRow;
}

export async function seriesByCode(db: Db, code: string): Promise<MacroSeriesRow | null> {
  const [r] = await db.select().from(macroSeries).where(eq(macroSeries.code, code));
  return r ?? null;
}

export async function seriesById(db: Db, id: string): Promise<MacroSeriesRow | null> {
  const [r] = await db.select().from(macroSeries).where(eq(macroSeries.id, id));
  return r ?? null;
}

export interface ObservationInput {
  seq: number;
  obsDate: string | null;
  value: number | null;
  /** When the value became known; null: see `upsertObservations`. */
  knownAt: Date | null;
}

/**
 * Stores observations as versions: a row is written only when it changes what is known at its
 * `known_at` (a first value, a revision, or an older vintage filled in); the same value again
 * writes nothing. Without a known time, a first value is known `lagDays` after its date (never
 * later than `now`; undated: `now`), and a changed value is a revision known `now`. A value posted
 * again with the known time of a stored version corrects that version. Answers rows written.
 */
export async function upsertObservations(
  db: Db,
  seriesId: string,
  rows: ObservationInput[],
  opts: { now: Date; lagDays: number },
): Promise<number> {
  let n = 0;
  for (let i = 0; i < rows.length; i += 2000) {
    const chunk = JSON.stringify(
      rows.slice(i, i + 2000).map((r) => ({
        seq: r.seq,
        d: r.obsDate,
        v: r.value,
        k: r.knownAt ? r.knownAt.toISOString() : null,
      })),
    );
    const out = await queryRows(
      db,
      sql`with x as (
            select * from jsonb_to_recordset(${chunk}::jsonb) as x(seq int, d date, v float8, k timestamptz)
          ), y as (
            select x.seq, x.d, x.v, coalesce(x.k, case
              when exists (select 1 from market.macro_observations o where o.series_id = ${seriesId} and o.seq = x.seq)
                then ${opts.now.toISOString()}::timestamptz
              else least(${opts.now.toISOString()}::timestamptz,
                         coalesce((x.d + ${opts.lagDays}::int)::timestamp at time zone 'UTC', ${opts.now.toISOString()}::timestamptz))
              end) as k
            from x
          )
          insert into market.macro_observations (series_id, seq, obs_date, value, known_at)
          select ${seriesId}, y.seq, y.d, y.v, y.k from y
          where not exists (
            select 1 from (select o.value from market.macro_observations o
                           where o.series_id = ${seriesId} and o.seq = y.seq and o.known_at <= y.k
                           order by o.known_at desc limit 1) p
            where p.value is not distinct from y.v)
          on conflict (series_id, seq, known_at) do update set value = excluded.value, obs_date = excluded.obs_date
          returning 1 as one`,
    );
    n += out.length;
  }
  return n;
}

/** Series with the number of observations known at `asOf`, their date and sequence ranges. */
export async function listSeries(db: Db, asOf: Date) {
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`select s.id, count(distinct o.seq)::int as observations, min(o.obs_date)::text as first_date,
               max(o.obs_date)::text as last_date, min(o.seq) as first_seq, max(o.seq) as last_seq
        from market.macro_series s
        left join market.macro_observations o on o.series_id = s.id
          and o.known_at <= ${asOf.toISOString()}::timestamptz
        group by s.id`,
  );
  const all = await db.select().from(macroSeries).orderBy(asc(macroSeries.code));
  const stats = new Map(rows.map((r) => [r.id as string, r]));
  return all.map((series) => {
    const r = stats.get(series.id);
    const num = (v: unknown) => (v == null ? null : Number(v));
    return {
      series,
      observations: Number(r?.observations ?? 0),
      firstDate: (r?.first_date as string | null) ?? null,
      lastDate: (r?.last_date as string | null) ?? null,
      firstSeq: num(r?.first_seq),
      lastSeq: num(r?.last_seq),
    };
  });
}

/**
 * Observations of a series as known at `asOf` (per observation its latest version known by then),
 * by date then sequence, paged, with their total.
 */
export async function observations(
  db: Db,
  seriesId: string,
  q: { from?: string; to?: string; limit: number; offset: number; asOf: Date },
) {
  const known = sql`select distinct on (seq) seq, obs_date, value, known_at from market.macro_observations
    where series_id = ${seriesId} and known_at <= ${q.asOf.toISOString()}::timestamptz
      ${q.from ? sql`and obs_date >= ${q.from}::date` : sql``}
      ${q.to ? sql`and obs_date <= ${q.to}::date` : sql``}
    order by seq, known_at desc`;
  const items = await queryRows<{
    seq: number;
    date: string | null;
    value: number | null;
    known_at: unknown;
  }>(
    db,
    sql`select seq, obs_date::text as date, value, known_at from (${known}) v
        order by obs_date, seq limit ${q.limit} offset ${q.offset}`,
  );
  const [t] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from (${known}) v`);
  return {
    items: items.map((r) => ({
      seq: Number(r.seq),
      date: r.date,
      value: r.value == null ? null : Number(r.value),
      knownAt: new Date(r.known_at as string).toISOString(),
    })),
    total: Number(t?.n ?? 0),
  };
}

/**
 * Dated observations of a series up to `to`, as known at `asOf`, ascending, each with when its
 * value became known (epoch ms).
 */
export async function datedValues(db: Db, seriesId: string, to: string, asOf: Date) {
  const rows = await queryRows<{ d: string; v: number | null; k: number }>(
    db,
    sql`select obs_date::text as d, value as v, (extract(epoch from known_at) * 1000)::float8 as k from (
          select distinct on (seq) obs_date, value, known_at from market.macro_observations
          where series_id = ${seriesId} and obs_date is not null and obs_date <= ${to}::date
            and known_at <= ${asOf.toISOString()}::timestamptz
          order by seq, known_at desc) v
        order by obs_date`,
  );
  return rows.map((r) => ({ d: r.d, v: r.v == null ? null : Number(r.v), k: Number(r.k) }));
}

// ---- regimes

/** Every stored version of the regime rows in [from, to], by date then known time. */
export async function regimeVersions(db: Db, from: string, to: string): Promise<RegimeRow[]> {
  return db
    .select()
    .from(regimeIndicators)
    .where(and(sql`${regimeIndicators.date} between ${from} and ${to}`))
    .orderBy(asc(regimeIndicators.date), asc(regimeIndicators.knownAt));
}

export async function insertRegimes(db: Db, rows: RegimeInsert[]): Promise<number> {
  let n = 0;
  for (let i = 0; i < rows.length; i += 2000) {
    const out = await db
      .insert(regimeIndicators)
      .values(rows.slice(i, i + 2000))
      .onConflictDoNothing()
      .returning({ d: regimeIndicators.date });
    n += out.length;
  }
  return n;
}

/** Regime rows by date as known at `asOf` (per date its latest version known by then). */
export async function regimes(db: Db, q: { from?: string; to?: string; limit: number; asOf: Date }) {
  return db
    .selectDistinctOn([regimeIndicators.date])
    .from(regimeIndicators)
    .where(
      and(
        lte(regimeIndicators.knownAt, q.asOf),
        q.from ? sql`${regimeIndicators.date} >= ${q.from}` : undefined,
        q.to ? sql`${regimeIndicators.date} <= ${q.to}` : undefined,
      ),
    )
    .orderBy(asc(regimeIndicators.date), desc(regimeIndicators.knownAt))
    .limit(q.limit);
}
