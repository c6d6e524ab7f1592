// SQL of daily FX rates (market.fx_rates).
import { eq, sql } from "drizzle-orm";
import { connectionOf } from "../../../platform/db/connection.ts";
import type { Db } from "../../../platform/db/index.ts";
import { queryRows } from "../../../platform/db/rows.ts";
import { fxRates } from "../schema.ts";

const toDateString = (v: unknown): string =>
  v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10);

/** Latest rate of base→quote on or before `date`, or undefined. */
export async function fxRateAsOf(db: Db, base: string, quote: string, date: string) {
  const rows = await queryRows<{ rate_date: unknown; rate: string }>(
    db,
    sql`select rate_date, rate::text as rate from market.fx_rates
        where base = ${base} and quote = ${quote} and rate_date <= ${date}::date
        order by rate_date desc limit 1`,
  );
  const r = rows[0];
  return r ? { rateDate: toDateString(r.rate_date), rate: r.rate } : undefined;
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

/** The last rate date stored for `base`, or null. */
export async function lastFxDate(db: Db, base: string): Promise<string | null> {
  const [r] = await db
    .select({ d: sql<string | null>`max(${fxRates.rateDate})::text` })
    .from(fxRates)
    .where(eq(fxRates.base, base));
  return r?.d ?? null;
}

/** Daily rates of USD in each of `quotes` from `from` on, by date ascending (rate = units per USD). */
export async function usdRatesSince(db: Db, quotes: string[], from: string) {
  const rows = await queryRows<{ d: string; quote: string; rate: string }>(
    db,
    sql`select rate_date::text as d, quote, rate::text as rate from market.fx_rates
        where base = 'USD' and quote in (${sql.join(
          quotes.map((q) => sql`${q}`),
          sql`, `,
        )}) and rate_date >= ${from}::date
        order by rate_date, quote`,
  );
  return rows;
}

/**
 * The same rates as one series per quote (dates ascending, rates as floats), read as one row per
 * quote: a valuation reads years of daily rates, and rows cost far more than array elements.
 */
export async function usdRateSeriesSince(
  db: Db,
  quotes: string[],
  from: string,
): Promise<Map<string, { dates: string[]; values: number[] }>> {
  const out = new Map<string, { dates: string[]; values: number[] }>();
  if (!quotes.length) return out;
  const { rows } = await connectionOf(db).query<[string, string[], number[]]>(
    `select quote, array_agg(rate_date::text order by rate_date), array_agg(rate::float8 order by rate_date)
       from market.fx_rates
      where base = 'USD' and quote = any($1::text[]) and rate_date >= $2::date
      group by quote`,
    [quotes, from],
    { rowMode: "array" },
  );
  for (const [quote, dates, values] of rows) out.set(quote, { dates, values });
  return out;
}
