// SQL of the market's home cards: instruments with their stored quote and the last daily closes, a
// fixed number of statements whatever the number of instruments.
import { type SQL, sql } from "drizzle-orm";
import type { Db } from "../../../platform/db/index.ts";
import { queryRows as q } from "../../../platform/db/rows.ts";
import { priceDecimals } from "../ticks.ts";
import type { QuoteLine } from "./contracts.ts";

const str = (v: unknown): string | null => (v == null ? null : String(v));
const iso = (v: unknown): string | null => (v == null ? null : new Date(v as string).toISOString());
const day = (v: unknown): string | null =>
  v == null ? null : v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10);
/** A list of ids as one array parameter. */
const uuidArray = (ids: readonly string[]) => sql`${`{${ids.join(",")}}`}::uuid[]`;

/** Instruments chosen by `where` (on `i`, market.instruments) with their quote, and whether they have bars. */
async function lines(db: Db, where: SQL, order: SQL, limit: number) {
  const rows = await q(
    db,
    sql`select i.id, i.symbol, i.mic, i.name, i.name_local, i.asset_class, i.currency, i.pip_value,
               qu.price, qu.change, qu.change_pct, qu.price_at, qu.session_date,
               (select b.source from market.bars b
                 where qu.price_source = 'bars' and b.instrument_id = i.id
                   and b.interval = qu.bar_interval and b.ts = qu.bar_ts) as bar_source,
               (qu.instrument_id is null and exists
                 (select 1 from market.bars b where b.instrument_id = i.id)) as unquoted_bars
        from market.instruments i left join market.quotes qu on qu.instrument_id = i.id
        where ${where} order by ${order} limit ${limit}`,
  );
  return rows.map((r) => ({
    line: {
      instrumentId: String(r.id),
      symbol: String(r.symbol),
      mic: String(r.mic),
      name: String(r.name),
      nameLocal: str(r.name_local),
      assetClass: String(r.asset_class),
      currency: String(r.currency),
      price: str(r.price),
      change: str(r.change),
      changePct: str(r.change_pct),
      priceAt: iso(r.price_at),
      sessionDate: day(r.session_date),
      priceDecimals: priceDecimals({
        currency: String(r.currency),
        assetClass: String(r.asset_class),
        pipValue: str(r.pip_value),
      }),
      synthetic: r.bar_source === "synthetic",
    } satisfies QuoteLine,
    /** Bars stored but no quote computed yet (the service computes it once). */
    unquotedBars: r.unquoted_bars === true || r.unquoted_bars === "t",
  }));
}

/** Active indices and FX pairs (`assetClass` index or fx), indices first, then by symbol. */
export const glanceInstruments = (db: Db, limit: number) =>
  lines(
    db,
    sql`i.active and i.asset_class in ('index', 'fx')`,
    sql`case i.asset_class when 'index' then 0 else 1 end, i.symbol`,
    limit,
  );

/** Instruments by id (any order; the caller orders them). */
export const instrumentLines = (db: Db, ids: readonly string[]) =>
  ids.length === 0
    ? Promise.resolve([])
    : lines(db, sql`i.id = any(${uuidArray(ids)})`, sql`i.symbol`, ids.length);

/** The distinct instruments of a user's watchlists. */
export async function watchedInstrumentIds(db: Db, userId: string): Promise<string[]> {
  const rows = await q<{ id: string }>(
    db,
    sql`select distinct unnest(instrument_ids) as id from market.watchlists where user_id = ${userId}`,
  );
  return rows.map((r) => String(r.id));
}

/** The last `n` daily closes of each instrument, oldest first (one statement). */
export async function lastDailyCloses(db: Db, ids: readonly string[], n: number) {
  const out = new Map<string, number[]>();
  if (ids.length === 0) return out;
  const rows = await q(
    db,
    sql`select x.id, b.close from unnest(${uuidArray(ids)}) as x(id)
        cross join lateral (
          select ts, close from market.bars
          where instrument_id = x.id and interval = '1d' order by ts desc limit ${n}) b
        order by x.id, b.ts`,
  );
  for (const r of rows) {
    const id = String(r.id);
    const list = out.get(id) ?? [];
    list.push(Number(r.close));
    out.set(id, list);
  }
  return out;
}

/** How many watchlists a user has, and whether any holds an instrument (the first-run guide). */
export async function watchlistProgress(db: Db, userId: string) {
  const [r] = await q(
    db,
    sql`select count(*)::int as lists,
               coalesce(bool_or(cardinality(instrument_ids) > 0), false) as filled
        from market.watchlists where user_id = ${userId}`,
  );
  return { lists: Number(r?.lists ?? 0), filled: r?.filled === true || r?.filled === "t" };
}
