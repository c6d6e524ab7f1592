// The market inputs a valuation needs, read through the market module's door: each instrument's
// daily closes (unadjusted: the ledger records splits itself) and FX series built from the stored
// units-per-USD rates, crossed through USD for any pair (e.g. USD/KRW = KRW per USD; EUR/KRW = KRW
// per USD ÷ EUR per USD), carried forward over the days one side has no rate.
import type { Ctx } from "../../../platform/context.ts";
import { dailyCloseSeries, usdRateSeriesSince } from "../../market/index.ts";
import { dayNumber, isoDate } from "../engine/dates.ts";
import type { MarketData, Series } from "../engine/series.ts";

const FAR_PAST = new Date(Date.UTC(1800, 0, 1));

/** Closes of each instrument up to `to` (from `from` when given), ascending; those with no bars are absent. */
export async function loadCloses(
  ctx: Ctx,
  instrumentIds: Iterable<string>,
  to: string,
  from?: string,
): Promise<Map<string, Series>> {
  const out = new Map<string, Series>();
  const end = new Date((dayNumber(to) + 1) * 86_400_000);
  const start = from ? new Date(dayNumber(from) * 86_400_000) : FAR_PAST;
  const read = await dailyCloseSeries(ctx.db, [...new Set(instrumentIds)], start, end);
  for (const [id, s] of read) {
    const days = new Int32Array(s.days.length);
    const values = new Float64Array(s.days.length);
    let n = 0;
    for (let i = 0; i < s.days.length; i++) {
      // Two bars on one UTC day (never expected for 1d bars) keep the later one.
      if (n > 0 && days[n - 1] === s.days[i]) n--;
      days[n] = s.days[i] as number;
      values[n] = s.closes[i] as number;
      n++;
    }
    const kept = days.subarray(0, n);
    out.set(id, { dates: Array.from(kept, isoDate), values: values.subarray(0, n), days: kept });
  }
  return out;
}

/**
 * FX series keyed `C/V` (units of V per one C) for each currency C in `currencies` against each
 * `targets` currency V, from `from` on. A pair with no data on either side is absent.
 */
export async function loadFx(
  ctx: Ctx,
  currencies: Iterable<string>,
  targets: Iterable<string>,
  from: string,
): Promise<Map<string, Series>> {
  const all = new Set([...currencies, ...targets]);
  const quotes = [...all].filter((c) => c !== "USD");
  const out = new Map<string, Series>();
  if (all.size < 2) return out;
  // A few days before `from`, so the first day carries a rate forward.
  const perUsd = await usdRateSeriesSince(ctx.db, quotes, isoDate(dayNumber(from) - 10));
  const usd = { dates: [] as string[], values: [] as number[] };
  const of = (c: string) => (c === "USD" ? usd : perUsd.get(c));
  for (const v of new Set(targets))
    for (const c of all) {
      if (c === v) continue;
      const a = of(c);
      const b = of(v);
      if (!a || !b || (c !== "USD" && !a.dates.length) || (v !== "USD" && !b.dates.length)) continue;
      out.set(`${c}/${v}`, cross(c === "USD" ? null : a, v === "USD" ? null : b));
    }
  return out;
}

/** V per C from (C per USD, V per USD), null meaning USD itself (1), over the union of both calendars. */
function cross(
  c: { dates: string[]; values: number[] } | null,
  v: { dates: string[]; values: number[] } | null,
): Series {
  const dates: string[] = [];
  const values: number[] = [];
  let i = 0;
  let j = 0;
  let rc = c ? Number.NaN : 1;
  let rv = v ? Number.NaN : 1;
  const cd = c?.dates ?? [];
  const vd = v?.dates ?? [];
  while (i < cd.length || j < vd.length) {
    const di = i < cd.length ? (cd[i] as string) : "\uffff";
    const dj = j < vd.length ? (vd[j] as string) : "\uffff";
    // biome-ignore lint/complexity/useMathMinMax: ISO dates compare as strings
    const d = dj < di ? dj : di;
    if (di === d) rc = (c as { values: number[] }).values[i++] as number;
    if (dj === d) rv = (v as { values: number[] }).values[j++] as number;
    if (Number.isNaN(rc) || Number.isNaN(rv)) continue;
    dates.push(d);
    values.push(rv / rc);
  }
  return { dates, values: Float64Array.from(values) };
}

/** Everything a valuation reads: closes from two weeks before `from` (a price to carry), FX series. */
export async function loadMarket(
  ctx: Ctx,
  p: {
    instrumentIds: Iterable<string>;
    currencies: Iterable<string>;
    targets: Iterable<string>;
    from: string;
    to: string;
  },
): Promise<MarketData> {
  return {
    prices: await loadCloses(ctx, p.instrumentIds, p.to, isoDate(dayNumber(p.from) - 14)),
    fx: await loadFx(ctx, p.currencies, p.targets, p.from),
  };
}

/** The last value of a series on or before `day` (NaN when none). */
export function valueAt(s: Series | undefined, date: string): { value: number; date: string | null } {
  if (!s) return { value: Number.NaN, date: null };
  let lo = 0;
  let hi = s.dates.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((s.dates[mid] as string) <= date) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found < 0
    ? { value: Number.NaN, date: null }
    : { value: s.values[found] as number, date: s.dates[found] as string };
}

/** The last close of each instrument on or before `asOf`: a recent window first, the whole history only when it is empty. */
export async function lastCloses(
  ctx: Ctx,
  instrumentIds: Iterable<string>,
  asOf: string,
): Promise<Map<string, Series>> {
  const ids = [...new Set(instrumentIds)];
  const recent = await loadCloses(ctx, ids, asOf, isoDate(dayNumber(asOf) - 40));
  const older = ids.filter((id) => !recent.has(id));
  if (older.length) for (const [id, s] of await loadCloses(ctx, older, asOf)) recent.set(id, s);
  return recent;
}
