// All SQL of fundamentals, macro series/observations and regime indicators.
import { and, asc, count, desc, eq, gte, inArray, lte, max, min, sql } from "drizzle-orm";
import type { Db } from "../../../platform/db/index.ts";
import { bars, instruments } from "../schema.ts";
import { fundamentals, macroObservations, macroSeries, regimeIndicators } from "../schema-reference.ts";

export type FundamentalsRow = typeof fundamentals.$inferSelect;
export type FundamentalsInsert = typeof fundamentals.$inferInsert;
export type MacroSeriesRow = typeof macroSeries.$inferSelect;
export type RegimeRow = typeof regimeIndicators.$inferSelect;

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

export async function findInstrumentsBySymbols(db: Db, symbols: string[]) {
  if (symbols.length === 0) return [];
  return db
    .select()
    .from(instruments)
    .where(inArray(instruments.symbol, symbols))
    .orderBy(desc(instruments.active), asc(instruments.createdAt));
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

/** Replaces the value (and date) of each (series, seq); returns the number written. */
export async function upsertObservations(
  db: Db,
  seriesId: string,
  rows: { seq: number; obsDate: string | null; value: number | null }[],
): Promise<number> {
  let n = 0;
  for (let i = 0; i < rows.length; i += 2000) {
    const chunk = rows.slice(i, i + 2000).map((r) => ({ seriesId, ...r }));
    const out = await db
      .insert(macroObservations)
      .values(chunk)
      .onConflictDoUpdate({
        target: [macroObservations.seriesId, macroObservations.seq],
        set: { obsDate: sql`excluded.obs_date`, value: sql`excluded.value` },
      })
      .returning({ seq: macroObservations.seq });
    n += out.length;
  }
  return n;
}

export async function listSeries(db: Db) {
  return db
    .select({
      series: macroSeries,
      observations: count(macroObservations.seq),
      firstDate: sql<string | null>`min(${macroObservations.obsDate})::text`,
      lastDate: sql<string | null>`max(${macroObservations.obsDate})::text`,
      firstSeq: min(macroObservations.seq),
      lastSeq: max(macroObservations.seq),
    })
    .from(macroSeries)
    .leftJoin(macroObservations, eq(macroObservations.seriesId, macroSeries.id))
    .groupBy(macroSeries.id)
    .orderBy(asc(macroSeries.code));
}

export async function observations(
  db: Db,
  seriesId: string,
  q: { from?: string; to?: string; limit: number; offset: number },
) {
  const where = and(
    eq(macroObservations.seriesId, seriesId),
    q.from ? gte(macroObservations.obsDate, q.from) : undefined,
    q.to ? lte(macroObservations.obsDate, q.to) : undefined,
  );
  const items = await db
    .select({
      seq: macroObservations.seq,
      date: sql<string | null>`${macroObservations.obsDate}::text`,
      value: macroObservations.value,
    })
    .from(macroObservations)
    .where(where)
    .orderBy(asc(macroObservations.obsDate), asc(macroObservations.seq))
    .limit(q.limit)
    .offset(q.offset);
  const [t] = await db.select({ n: count() }).from(macroObservations).where(where);
  return { items, total: Number(t?.n ?? 0) };
}

/** Dated observations of a series up to `to`, ascending. */
export async function datedValues(db: Db, seriesId: string, to: string) {
  return db
    .select({ d: sql<string>`${macroObservations.obsDate}::text`, v: macroObservations.value })
    .from(macroObservations)
    .where(
      and(
        eq(macroObservations.seriesId, seriesId),
        sql`${macroObservations.obsDate} is not null`,
        lte(macroObservations.obsDate, to),
      ),
    )
    .orderBy(asc(macroObservations.obsDate));
}

// ---- regimes

/** Daily closes of an instrument up to `to` (ISO date), ascending. */
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
    .orderBy(asc(bars.ts));
}

export async function upsertRegimes(db: Db, rows: (typeof regimeIndicators.$inferInsert)[]): Promise<number> {
  let n = 0;
  for (let i = 0; i < rows.length; i += 2000) {
    const out = await db
      .insert(regimeIndicators)
      .values(rows.slice(i, i + 2000))
      .onConflictDoUpdate({
        target: regimeIndicators.date,
        set: {
          vix: sql`excluded.vix`,
          drawdownMarker: sql`excluded.drawdown_marker`,
          bear: sql`excluded.bear`,
          yieldCurveSlope: sql`excluded.yield_curve_slope`,
          creditSpread: sql`excluded.credit_spread`,
          macroCycle: sql`excluded.macro_cycle`,
          dataSource: sql`excluded.data_source`,
          computedAt: sql`excluded.computed_at`,
        },
      })
      .returning({ d: regimeIndicators.date });
    n += out.length;
  }
  return n;
}

export async function deleteRegimes(db: Db, from: string, to: string): Promise<void> {
  await db
    .delete(regimeIndicators)
    .where(and(gte(regimeIndicators.date, from), lte(regimeIndicators.date, to)));
}

export async function regimes(db: Db, q: { from?: string; to?: string; limit: number }) {
  return db
    .select()
    .from(regimeIndicators)
    .where(
      and(
        q.from ? gte(regimeIndicators.date, q.from) : undefined,
        q.to ? lte(regimeIndicators.date, q.to) : undefined,
      ),
    )
    .orderBy(asc(regimeIndicators.date))
    .limit(q.limit);
}
