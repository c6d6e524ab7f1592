// The quote snapshot: the latest price of an instrument with its previous close, change, session
// range and volume, 52-week range and market cap, recomputed from stored bars and overlaid with a
// provider's live quote when that is newer.
import { Decimal } from "decimal.js";
import { z } from "zod";
import { type Db, inTransaction } from "../../../platform/db/index.ts";
import { NotFoundError } from "../../../platform/errors.ts";
import { defineVerb } from "../../../platform/verb.ts";
import * as actions from "../actions/repository.ts";
import * as barsRepo from "../bars/repository.ts";
import { localMidnight, tradingDateFn } from "../calendars.ts";
import type { Interval } from "../csv.ts";
import * as repo from "../instruments/repository.ts";
import { instrumentOr404 } from "../instruments/service.ts";
import { calendarOf, legacyMarket } from "../instruments/venues.ts";
import { priceDecimals } from "../ticks.ts";
import * as qrepo from "./repository.ts";

const DAY = 86_400_000;
const STEP_MS: Record<Interval, number> = {
  "1m": 60_000,
  "5m": 300_000,
  "15m": 900_000,
  "1h": 3_600_000,
  "1d": DAY,
  "1w": 7 * DAY,
};
const isDaily = (i: Interval) => i === "1d" || i === "1w";
/** A double from market.bars as a decimal string (shortest round-trip form, never exponent notation). */
const dec = (x: number) => new Decimal(x).toString();
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const addDays = (d: string, n: number) => isoDay(Date.parse(`${d}T00:00:00Z`) + n * DAY);

/** Trading date of a bar: daily bars carry it at 00:00 UTC, intraday ones in the market's zone. */
const tradingDate = (interval: Interval, t: number, timeZone: string): string =>
  tradingDateFn(interval, timeZone)(t);

/**
 * Recomputes the quote of one instrument from its stored bars (and the provider quote already
 * kept on the row) and stores it; removes it when there is nothing to quote. Runs on the given db
 * or open transaction, so an import refreshes the quote in its own transaction.
 */
export async function refreshQuote(
  db: Db,
  instrument: repo.InstrumentRow,
  now: Date,
): Promise<qrepo.QuoteRow | null> {
  const { timeZone } = calendarOf(instrument);
  const existing = await qrepo.findQuote(db, instrument.id);
  const lasts = await qrepo.lastBars(db, instrument.id);
  const marketCap = await qrepo.latestMarketCap(db, instrument.id, now);
  const provider =
    existing?.provider && existing.providerPrice && existing.providerAsOf
      ? {
          provider: existing.provider,
          providerPrice: existing.providerPrice,
          providerPreviousClose: existing.providerPreviousClose,
          providerVolume: existing.providerVolume,
          providerAsOf: existing.providerAsOf,
        }
      : null;
  const base = {
    instrumentId: instrument.id,
    currency: instrument.currency,
    marketCap: marketCap?.marketCap ?? null,
    marketCapDate: marketCap?.reportDate ?? null,
    provider: provider?.provider ?? null,
    providerPrice: provider?.providerPrice ?? null,
    providerPreviousClose: provider?.providerPreviousClose ?? null,
    providerVolume: provider?.providerVolume ?? null,
    providerAsOf: provider?.providerAsOf ?? null,
  };

  // The bar that prices the instrument: the one ending last; a weekly bar only when nothing finer
  // reaches as far (its close is then the same as the last daily close anyway).
  const finer = lasts.filter((b) => b.interval !== "1w");
  const weekly = lasts.find((b) => b.interval === "1w");
  const end = (b: qrepo.LastBar) => b.t + STEP_MS[b.interval];
  let bar: qrepo.LastBar | undefined = finer.reduce<qrepo.LastBar | undefined>(
    (best, b) => (!best || end(b) > end(best) ? b : best),
    undefined,
  );
  if (weekly && (!bar || weekly.t >= end(bar))) bar = weekly;

  if (!bar) {
    if (!provider) {
      if (existing) await qrepo.deleteQuote(db, instrument.id);
      return null;
    }
    const prev = provider.providerPreviousClose;
    const change = prev ? new Decimal(provider.providerPrice).minus(prev) : null;
    return qrepo.upsertQuote(db, {
      ...base,
      ...emptyBarFields,
      price: provider.providerPrice,
      priceAt: provider.providerAsOf,
      priceSource: provider.provider,
      previousClose: prev,
      change: change?.toString() ?? null,
      changePct: change && prev && !new Decimal(prev).isZero() ? pct(change, prev) : null,
      volume: provider.providerVolume,
    });
  }

  const sessionDate = tradingDate(bar.interval, bar.t, timeZone);
  // The latest session's open/high/low/volume: the daily bar itself, or the intraday bars of that date.
  let session = { open: bar.open, high: bar.high, low: bar.low, volume: bar.volume };
  if (!isDaily(bar.interval)) {
    const start = localMidnight(sessionDate, timeZone);
    const agg = await qrepo.aggregateBars(
      db,
      instrument.id,
      bar.interval,
      start,
      localMidnight(addDays(sessionDate, 1), timeZone),
    );
    if (agg) session = agg;
  }

  // Previous close: the close of the latest earlier session, from the last daily bar before it or
  // the last bar of the pricing interval before it (intraday: before local midnight of the session
  // date), whichever session is later; on a tie the daily bar (the official close) wins.
  const hasDaily = lasts.some((b) => b.interval === "1d");
  type Prev = { t: number; close: number; interval: Interval; date: string };
  const withDate = (p: { t: number; close: number } | null, interval: Interval): Prev | null =>
    p && { ...p, interval, date: tradingDate(interval, p.t, timeZone) };
  let prev: Prev | null = null;
  if (bar.interval === "1w") {
    prev = withDate(await qrepo.lastBarBefore(db, instrument.id, "1w", new Date(bar.t)), "1w");
  } else {
    const daily = hasDaily
      ? withDate(
          await qrepo.lastBarBefore(db, instrument.id, "1d", new Date(`${sessionDate}T00:00:00Z`)),
          "1d",
        )
      : null;
    const intraday = isDaily(bar.interval)
      ? null
      : withDate(
          await qrepo.lastBarBefore(db, instrument.id, bar.interval, localMidnight(sessionDate, timeZone)),
          bar.interval,
        );
    prev = daily && (!intraday || daily.date >= intraday.date) ? daily : intraday;
  }

  // 52 weeks back from the session date (exclusive), from daily bars, else weekly, else the
  // interval that priced it; prices before a split inside the window are restated for it.
  const week52From = addDays(sessionDate, -364);
  const rangeInterval: Interval = hasDaily ? "1d" : weekly ? "1w" : bar.interval;
  const fromInstant = (d: string) =>
    isDaily(rangeInterval) ? new Date(`${d}T00:00:00Z`) : localMidnight(d, timeZone);
  const splits = await actions.splitsBetween(db, instrument.id, week52From, sessionDate);
  let hi: Decimal | null = null;
  let lo: Decimal | null = null;
  const bounds = [week52From, ...splits.map((s) => s.exDate), addDays(sessionDate, 1)];
  for (let i = 0; i < bounds.length - 1; i++) {
    const agg = await qrepo.aggregateBars(
      db,
      instrument.id,
      rangeInterval,
      fromInstant(bounds[i] as string),
      fromInstant(bounds[i + 1] as string),
    );
    if (!agg) continue;
    // Shares after / before for every split after this segment.
    let k = new Decimal(1);
    for (const s of splits.slice(i)) k = k.mul(s.splitFrom).div(s.splitTo);
    const h = new Decimal(dec(agg.high)).mul(k);
    const l = new Decimal(dec(agg.low)).mul(k);
    hi = hi === null || h.gt(hi) ? h : hi;
    lo = lo === null || l.lt(lo) ? l : lo;
  }
  // The latest session counts even when the range interval stops earlier.
  const sh = new Decimal(dec(session.high));
  const sl = new Decimal(dec(session.low));
  hi = hi === null || sh.gt(hi) ? sh : hi;
  lo = lo === null || sl.lt(lo) ? sl : lo;

  const barFields = {
    sessionDate,
    dayOpen: dec(session.open),
    dayHigh: dec(session.high),
    dayLow: dec(session.low),
    barInterval: bar.interval,
    barTs: new Date(bar.t),
    week52High: round(hi),
    week52Low: round(lo),
    week52From,
  };
  // A provider price struck after the last bar ended is the latest price.
  if (provider && provider.providerAsOf.getTime() >= end(bar)) {
    const pDate = tradingDate("1m", provider.providerAsOf.getTime(), timeZone);
    const pPrev =
      provider.providerPreviousClose ??
      (pDate > sessionDate ? dec(bar.close) : prev ? dec(prev.close) : null);
    const change = pPrev ? new Decimal(provider.providerPrice).minus(pPrev) : null;
    return qrepo.upsertQuote(db, {
      ...base,
      ...barFields,
      price: provider.providerPrice,
      priceAt: provider.providerAsOf,
      priceSource: provider.provider,
      previousClose: pPrev,
      previousCloseDate: provider.providerPreviousClose
        ? null
        : pDate > sessionDate
          ? sessionDate
          : (prev?.date ?? null),
      change: change?.toString() ?? null,
      changePct: change && pPrev && !new Decimal(pPrev).isZero() ? pct(change, pPrev) : null,
      volume: provider.providerVolume ?? (session.volume === null ? null : dec(session.volume)),
    });
  }
  const price = dec(bar.close);
  const change = prev ? new Decimal(price).minus(dec(prev.close)) : null;
  return qrepo.upsertQuote(db, {
    ...base,
    ...barFields,
    price,
    priceAt: new Date(bar.t),
    priceSource: "bars",
    previousClose: prev ? dec(prev.close) : null,
    previousCloseDate: prev?.date ?? null,
    change: change?.toString() ?? null,
    changePct: change && prev && prev.close !== 0 ? pct(change, dec(prev.close)) : null,
    volume: session.volume === null ? null : dec(session.volume),
  });
}

const emptyBarFields = {
  previousCloseDate: null,
  sessionDate: null,
  dayOpen: null,
  dayHigh: null,
  dayLow: null,
  barInterval: null,
  barTs: null,
  week52High: null,
  week52Low: null,
  week52From: null,
};
/** Percent change, 4 decimals, half-even. */
const pct = (change: Decimal, prev: string) =>
  change.div(prev).mul(100).toDecimalPlaces(4, Decimal.ROUND_HALF_EVEN).toString();
/** Split restatement can produce long fractions: 10 significant digits are plenty for a range. */
const round = (d: Decimal) => d.toSignificantDigits(10, Decimal.ROUND_HALF_EVEN).toString();

/** Records a provider's live quote for an instrument and recomputes the snapshot with it. */
export async function applyProviderQuote(
  db: Db,
  instrument: repo.InstrumentRow,
  providerId: string,
  q: { price: number; asOf: string; previousClose: number | null; volume: number | null },
  now: Date,
): Promise<qrepo.QuoteRow | null> {
  const asOf = new Date(q.asOf);
  if (!Number.isFinite(q.price) || Number.isNaN(asOf.getTime()))
    return (await qrepo.findQuote(db, instrument.id)) ?? null;
  return inTransaction(db, async (tx) => {
    await repo.lockInstrument(tx, instrument.id);
    const cur = await qrepo.findQuote(tx, instrument.id);
    // An older provider quote never replaces a newer one.
    if (cur?.providerAsOf && cur.providerAsOf.getTime() > asOf.getTime()) return cur;
    const providerFields = {
      provider: providerId,
      providerPrice: dec(q.price),
      providerPreviousClose: q.previousClose == null ? null : dec(q.previousClose),
      providerVolume: q.volume == null ? null : dec(q.volume),
      providerAsOf: asOf,
    };
    if (cur) await qrepo.upsertQuote(tx, { ...cur, ...providerFields });
    else
      await qrepo.upsertQuote(tx, {
        instrumentId: instrument.id,
        currency: instrument.currency,
        price: providerFields.providerPrice,
        priceAt: asOf,
        priceSource: providerId,
        ...providerFields,
      });
    return refreshQuote(tx, instrument, now);
  });
}

/** Recomputes every active instrument's quote that has bars or a quote (the scheduled refresh). */
export const refreshAllQuotes = defineVerb({
  name: "market.refreshAllQuotes",
  access: "admin",
  async run({ ctx }) {
    let quoted = 0;
    const now = ctx.clock.now();
    for (const id of await qrepo.instrumentsToQuote(ctx.db)) {
      const inst = await repo.findInstrument(ctx.db, id);
      if (!inst) continue;
      if (await inTransaction(ctx.db, (tx) => refreshQuote(tx, inst, now))) quoted++;
    }
    return { quoted };
  },
});

export function quoteView(inst: repo.InstrumentRow, r: qrepo.QuoteRow, barSource: string | null = null) {
  const d = (v: Date | string | null) => (v == null ? null : new Date(v).toISOString());
  return {
    instrumentId: inst.id,
    symbol: inst.symbol,
    mic: inst.mic,
    country: inst.country,
    market: legacyMarket(inst),
    currency: r.currency,
    price: r.price,
    priceAt: d(r.priceAt) as string,
    priceSource: r.priceSource,
    barSource,
    priceDecimals: priceDecimals(inst),
    previousClose: r.previousClose,
    previousCloseDate: r.previousCloseDate,
    change: r.change,
    changePct: r.changePct,
    sessionDate: r.sessionDate,
    open: r.dayOpen,
    high: r.dayHigh,
    low: r.dayLow,
    volume: r.volume,
    barInterval: r.barInterval,
    barTs: d(r.barTs),
    week52High: r.week52High,
    week52Low: r.week52Low,
    week52From: r.week52From,
    marketCap: r.marketCap,
    marketCapDate: r.marketCapDate,
    providerQuote:
      r.provider && r.providerPrice && r.providerAsOf
        ? {
            provider: r.provider,
            price: r.providerPrice,
            previousClose: r.providerPreviousClose,
            volume: r.providerVolume,
            asOf: d(r.providerAsOf) as string,
          }
        : null,
    updatedAt: d(r.updatedAt) as string,
  };
}

/**
 * The stored quote snapshot of an instrument, computed on first read when absent; null when it has
 * no bars (and no provider quote) yet — a normal state, not an error (404 only for no instrument).
 */
export const findQuote = defineVerb({
  name: "market.findQuote",
  access: "userOrLocal",
  input: z.object({ id: z.string() }),
  async run({ ctx, input }) {
    const inst = await instrumentOr404(ctx.db, input.id);
    let row = await qrepo.findQuote(ctx.db, inst.id);
    if (!row)
      row = (await inTransaction(ctx.db, (tx) => refreshQuote(tx, inst, ctx.clock.now()))) ?? undefined;
    if (!row) return null;
    const source =
      row.priceSource === "bars" && row.barInterval && row.barTs
        ? await qrepo.barSource(ctx.db, inst.id, row.barInterval, new Date(row.barTs))
        : null;
    return quoteView(inst, row, source);
  },
});

/** The quote snapshot of an instrument; 404 when it has none yet (for callers that need one). */
export const getQuote = defineVerb({
  name: "market.getQuote",
  access: "userOrLocal",
  input: z.object({ id: z.string() }),
  async run({ ctx, input }) {
    const q = await findQuote({ ctx, input });
    if (!q) throw new NotFoundError("No quote yet: no bars are stored");
    return q;
  },
});

/** Intervals with stored bars (first and last bar start), and the coarser ones readable by resampling. */
export const barIntervals = defineVerb({
  name: "market.barIntervals",
  access: "userOrLocal",
  input: z.object({ id: z.string() }),
  async run({ ctx, input }) {
    const inst = await instrumentOr404(ctx.db, input.id);
    const lasts = await qrepo.lastBars(ctx.db, inst.id);
    const order: Interval[] = ["1m", "5m", "15m", "1h", "1d", "1w"];
    const finest = lasts.length ? order.indexOf((lasts[0] as qrepo.LastBar).interval) : order.length;
    return {
      instrumentId: inst.id,
      stored: lasts.map((b) => ({
        interval: b.interval,
        first: new Date(b.first).toISOString(),
        last: new Date(b.t).toISOString(),
      })),
      /** Every interval a chart can ask for: stored, or coarser than the finest stored (resampled). */
      available: order.slice(finest),
      version: await barsRepo.barsVersion(ctx.db, inst.id),
    };
  },
});

/** Recomputes the quote of an instrument by id when it has one already (e.g. after new fundamentals). */
export async function refreshQuoteOf(db: Db, instrumentId: string, now: Date): Promise<void> {
  if (!(await qrepo.findQuote(db, instrumentId))) return;
  const inst = await repo.findInstrument(db, instrumentId);
  if (inst) await refreshQuote(db, inst, now);
}
