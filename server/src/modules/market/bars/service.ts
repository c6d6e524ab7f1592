// Bar verbs: read (resampled from finer bars when needed, adjusted for splits and dividends),
// gaps against the exchange calendar, and stored resampling. The import is in import.ts.
import { z } from "zod";
import { ValidationError } from "../../../platform/errors.ts";
import { defineVerb } from "../../../platform/verb.ts";
import * as actions from "../actions/repository.ts";
import { cumulativeFactors, type FactorSteps, factorSteps } from "../adjust.ts";
import { findGaps, tradingDateFn } from "../calendars.ts";
import { interval, isoDate } from "../contracts.ts";
import type { Interval } from "../csv.ts";
import { instrumentOr404 } from "../instruments/service.ts";
import { calendarOf } from "../instruments/venues.ts";
import { isoUtc } from "../iso-time.ts";
import { refreshQuote } from "../quotes/service.ts";
import { type BarsOut, readInput, resampleInput } from "./contracts.ts";
import * as repo from "./repository.ts";

export const INTERVAL_RANK: Record<Interval, number> = {
  "1m": 0,
  "5m": 1,
  "15m": 2,
  "1h": 3,
  "1d": 4,
  "1w": 5,
};
const encodeCursor = (ms: number) => Buffer.from(String(ms)).toString("base64url");
const FAR_PAST = new Date(Date.UTC(1800, 0, 1));
/** Just past the last date any input may name (platform/schemas.ts: DATE_MAX). */
const FAR_FUTURE = new Date(Date.UTC(2201, 0, 1));
function decodeCursor(c: string): Date {
  const text = /^[A-Za-z0-9_-]{1,24}$/.test(c) ? Buffer.from(c, "base64url").toString() : "";
  const ms = /^-?\d{1,16}$/.test(text) ? Number(text) : Number.NaN;
  // A cursor is a stored bar's time: never outside the dates Bullpen takes (nor JavaScript's range).
  if (!(ms >= FAR_PAST.getTime() && ms < FAR_FUTURE.getTime()))
    throw new ValidationError("cursor is not valid");
  return new Date(ms);
}
const parseWhen = (s: string | undefined, name: string, fallback: Date): Date => {
  if (!s) return fallback;
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00:00Z` : s);
  if (Number.isNaN(d.getTime())) throw new ValidationError(`${name} is not a date or ISO timestamp: ${s}`);
  return d;
};

/**
 * Bars of one instrument and interval in [from, to), ascending, `limit` per page with a cursor.
 * When no bars are stored at `interval`, they are resampled in SQL from the finest stored finer
 * interval (`resampledFrom` says which). `adjusted` multiplies prices by the cumulative split and
 * dividend factor of the bar's trading date and divides volumes by the split factor.
 */
export const readBars = defineVerb({
  name: "market.readBars",
  access: "userOrLocal",
  input: readInput,
  async run({ ctx, input }): Promise<BarsOut> {
    const instrument = await instrumentOr404(ctx.db, input.id);
    const from = parseWhen(input.from, "from", FAR_PAST);
    const to = parseWhen(input.to, "to", FAR_FUTURE);
    const after = input.cursor ? decodeCursor(input.cursor) : undefined;
    const limit = Math.max(1, Math.min(input.limit ?? 1000, 100_000));
    const { timeZone } = calendarOf(instrument);
    let resampledFrom: Interval | null = null;
    // Stored bars first (the common case: one query); only when there are none at this interval at
    // all does it look for a finer stored interval to resample from.
    let rows: (repo.BarRow & { count?: number })[] = await repo.readBars(ctx.db, {
      instrumentId: instrument.id,
      interval: input.interval,
      from,
      to,
      after,
      limit,
    });
    const stored =
      rows.length > 0 || (await repo.hasBarsAt(ctx.db, instrument.id, input.interval))
        ? [input.interval]
        : await repo.storedIntervals(ctx.db, instrument.id);
    // Adjusted bars need the corporate actions; resampled ones are adjusted bar by bar before they
    // are aggregated (a week holding an ex-date keeps the ex-date's own close unadjusted).
    const actionList = input.adjusted ? await actions.listActions(ctx.db, instrument.id) : [];
    const steps: FactorSteps | undefined = actionList.length > 0 ? factorSteps(actionList) : undefined;
    if (!stored.includes(input.interval) && stored.length > 0) {
      // The coarsest stored interval still finer than the target (least work).
      const src = stored
        .filter((i) => INTERVAL_RANK[i] < INTERVAL_RANK[input.interval])
        .sort((a, b) => INTERVAL_RANK[a] - INTERVAL_RANK[b])
        .at(-1);
      if (!src) rows = [];
      else {
        resampledFrom = src;
        rows = await repo.resampleBars(ctx.db, {
          instrumentId: instrument.id,
          source: src,
          target: input.interval,
          timeZone,
          from,
          to,
          after,
          limit,
          adjust: steps,
        });
      }
    }
    let price: Float64Array | null = null;
    let volume: Float64Array | null = null;
    if (input.adjusted && rows.length > 0 && !(resampledFrom && steps)) {
      // A stored bar takes the factor of its last trading date, so its close is right: a stored
      // weekly bar is dated by its Monday, its close is the week's last session's.
      const dateOf = tradingDateFn(input.interval, timeZone);
      const lastDay = input.interval === "1w" ? 6 * 86_400_000 : 0;
      const f = cumulativeFactors(
        rows.map((r) => dateOf(r.t + lastDay)),
        actionList,
      );
      price = f.price;
      volume = f.volume;
    }
    const bars = rows.map((r, i) => {
      const k = price ? (price[i] as number) : 1;
      const kv = volume ? (volume[i] as number) : 1;
      return {
        ts: isoUtc(r.t),
        open: r.open * k,
        high: r.high * k,
        low: r.low * k,
        close: r.close * k,
        adjClose: r.adjClose,
        volume: r.volume === null ? null : r.volume * kv,
        ...(price ? { factor: k } : {}),
        ...(r.count !== undefined ? { count: r.count } : {}),
      };
    });
    const last = rows[rows.length - 1];
    return {
      instrumentId: instrument.id,
      interval: input.interval,
      adjusted: Boolean(input.adjusted),
      resampledFrom,
      bars,
      nextCursor: rows.length === limit && last ? encodeCursor(last.t) : null,
    };
  },
});

/** The instrument's data version (repository.barsVersion): what the bars' cache validators hang on. */
export const barsVersion = defineVerb({
  name: "market.barsVersion",
  access: "userOrLocal",
  input: z.object({ id: z.string() }),
  run: ({ ctx, input }) => repo.barsVersion(ctx.db, input.id),
});

/** CSV text of bars (header `date,open,high,low,close,adj_close,volume`), daily bars as dates. */
export function barsToCsv(out: BarsOut): string {
  const daily = out.interval === "1d" || out.interval === "1w";
  const lines = ["date,open,high,low,close,adj_close,volume"];
  for (const b of out.bars)
    lines.push(
      `${daily ? b.ts.slice(0, 10) : b.ts},${b.open},${b.high},${b.low},${b.close},${b.adjClose ?? ""},${b.volume ?? ""}`,
    );
  return `${lines.join("\n")}\n`;
}

/** Missing trading days and bars on closed days, against the market's calendar. */
export const barGaps = defineVerb({
  name: "market.barGaps",
  access: "userOrLocal",
  input: z.object({
    id: z.string(),
    interval: interval.optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
  }),
  async run({ ctx, input }) {
    const instrument = await instrumentOr404(ctx.db, input.id);
    const interval = input.interval ?? "1d";
    const { calendar, timeZone } = calendarOf(instrument);
    const from = parseWhen(input.from, "from", FAR_PAST);
    // `to` is a date here and inclusive: read bars up to the end of that day.
    const to = new Date(parseWhen(input.to, "to", FAR_FUTURE).getTime() + 86_400_000);
    const dates = await repo.barDates(ctx.db, instrument.id, interval, timeZone, from, to);
    try {
      return findGaps(calendar, dates, input.from?.slice(0, 10), input.to?.slice(0, 10));
    } catch (err) {
      if (err instanceof RangeError) throw new ValidationError(err.message);
      throw err;
    }
  },
});

/** Aggregates stored bars into a coarser interval and stores them (admin/CLI). */
export const resampleAndStore = defineVerb({
  name: "market.resampleAndStore",
  access: "admin",
  input: resampleInput,
  write: true,
  async run({ ctx, input }) {
    if (INTERVAL_RANK[input.source] >= INTERVAL_RANK[input.target])
      throw new ValidationError(`target interval ${input.target} must be coarser than ${input.source}`);
    const instrument = await instrumentOr404(ctx.db, input.id);
    const stored = await repo.storeResampled(ctx.db, {
      instrumentId: instrument.id,
      source: input.source,
      target: input.target,
      timeZone: calendarOf(instrument).timeZone,
      from: parseWhen(input.from, "from", FAR_PAST),
      to: parseWhen(input.to, "to", FAR_FUTURE),
    });
    if (stored > 0) await refreshQuote(ctx.db, instrument, ctx.clock.now());
    return { instrumentId: instrument.id, source: input.source, target: input.target, stored };
  },
  audit: ({ input, result }) => ({
    eventType: "market.bars",
    action: "resample",
    resourceType: "instrument",
    resourceId: result.instrumentId,
    newValues: { source: input.source, target: input.target, stored: result.stored },
  }),
});
