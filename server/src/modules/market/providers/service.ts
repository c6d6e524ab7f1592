// Provider verbs: fetch one instrument's bars/actions, refresh and backfill many with progress,
// refresh FX, purge old logs and payloads. Every request is logged through a DbSink. Jobs call the
// same verbs with their system ctx; the console and administrators with theirs.
import { z } from "zod";
import type { Ctx } from "../../../platform/context.ts";
import { NotFoundError, ValidationError } from "../../../platform/errors.ts";
import { defineVerb } from "../../../platform/verb.ts";
import * as actions from "../actions/repository.ts";
import { importBars } from "../bars/import.ts";
import * as bars from "../bars/repository.ts";
import * as fx from "../fx/repository.ts";
import * as instruments from "../instruments/repository.ts";
import { resolveRow } from "../instruments/service.ts";
import { applyProviderQuote } from "../quotes/service.ts";
import { type FetchBody, fetchBody, fetchInput, fxFetchInput, sourcesQuery } from "./contracts.ts";
import type { ProviderSink, RawPayload, RequestLog } from "./http.ts";
import { createProviders, type Providers } from "./registry.ts";
import * as repo from "./repository.ts";
import { addDays, dateMs, isoDate } from "./shape.ts";
import { type BarInterval, type ProviderBar, ProviderError } from "./types.ts";

export const FX_QUOTES = ["EUR", "KRW", "JPY", "GBP", "CHF"] as const;
/** How far back a first scheduled refresh of an instrument without bars reaches. */
export const FIRST_REFRESH_DAYS = 365;
export const FETCH_JOB = "market.fetch";

/** Writes request logs and raw payloads to market.data_source_log / market.raw_data_cache. */
export class DbSink implements ProviderSink {
  private readonly ctx: Ctx;
  private readonly runId: string | null;
  private readonly instrumentId: string | null;
  constructor(ctx: Ctx, runId: string | null = null, instrumentId: string | null = null) {
    this.ctx = ctx;
    this.runId = runId;
    this.instrumentId = instrumentId;
  }
  log(entry: RequestLog): Promise<void> {
    return repo.insertLog(this.ctx.db, entry, this.runId);
  }
  cache(p: RawPayload): Promise<void> {
    const expires = new Date(
      p.fetchedAt.getTime() + this.ctx.config.MARKET_RAW_CACHE_RETENTION_DAYS * 86_400_000,
    );
    return repo.upsertCache(this.ctx.db, p, expires, this.instrumentId);
  }
}

export function providersFor(
  ctx: Ctx,
  runId: string | null = null,
  instrumentId: string | null = null,
): Providers {
  return createProviders(ctx.config, new DbSink(ctx, runId, instrumentId), { now: () => ctx.clock.now() });
}

export interface FetchResult {
  fetched: number;
  added: number;
  actionsAdded: number;
}

function checkRange(from: string, to: string) {
  if (Number.isNaN(dateMs(from))) throw new ValidationError(`"${from}" is not a date (YYYY-MM-DD)`, "from");
  if (Number.isNaN(dateMs(to))) throw new ValidationError(`"${to}" is not a date (YYYY-MM-DD)`, "to");
  if (from > to) throw new ValidationError(`from ${from} is after to ${to}`, "from");
}

/**
 * Fetches one instrument's bars (and, where the provider has them, splits and dividends) for a date
 * range and stores them. Idempotent: bars already stored are kept, so running it twice adds nothing.
 */
export const fetchInstrument = defineVerb({
  name: "market.fetchInstrument",
  access: "admin",
  input: fetchInput,
  async run({ ctx, input }): Promise<FetchResult> {
    checkRange(input.from, input.to);
    const inst = await instruments.findInstrument(ctx.db, input.instrumentId);
    if (!inst) throw new NotFoundError(`Instrument ${input.instrumentId} not found`);
    const provider = providersFor(ctx, input.runId ?? null, inst.id).bars(input.provider);
    if (!provider.history) throw new ProviderError(provider.id, "has no price history");
    if (!provider.intervals.includes(input.interval))
      throw new ValidationError(
        `${provider.id} has no ${input.interval} bars (it has ${provider.intervals.join(", ")})`,
        "interval",
      );
    const r = await (provider.history as (q: unknown) => ReturnType<NonNullable<typeof provider.history>>)({
      symbol: inst.symbol,
      mic: inst.mic,
      country: inst.country,
      assetClass: inst.assetClass,
      from: input.from,
      to: input.to,
      interval: input.interval,
      location: input.location,
      timeZone: "UTC",
    });
    const added = await storeBars({
      ctx,
      input: { instrumentId: inst.id, interval: input.interval, source: provider.id, bars: r.bars },
    });
    const actionsAdded =
      input.actions === false
        ? 0
        : await actions.insertProviderActions(
            ctx.db,
            inst.id,
            provider.id,
            r.currency ?? inst.currency,
            r.actions,
          );
    return { fetched: r.bars.length, added, actionsAdded };
  },
});

/**
 * Stores fetched bars through the module's bulk import (staging + one atomic merge, ON CONFLICT DO
 * NOTHING): the batch lands whole or not at all, and bars already stored for the same timestamps
 * are kept, so a repeated fetch adds nothing. Answers the rows added.
 */
export const storeBars = defineVerb({
  name: "market.storeBars",
  access: "admin",
  input: z.object({
    instrumentId: z.string(),
    interval: z.enum(["1m", "5m", "15m", "1h", "1d", "1w"]),
    source: z.string().max(64),
    bars: z.array(z.custom<ProviderBar>()),
  }),
  async run({ ctx, input }): Promise<number> {
    if (input.bars.length === 0) return 0;
    const daily = input.interval === "1d" || input.interval === "1w";
    let text = "date,open,high,low,close,adj_close,volume\n";
    for (const b of input.bars) {
      const when = daily ? isoDate(b.ts) : new Date(b.ts).toISOString();
      text += `${when},${b.open},${b.high},${b.low},${b.close},${b.adjClose ?? ""},${b.volume ?? ""}\n`;
    }
    const out = await importBars({
      ctx,
      input: {
        instrumentId: input.instrumentId,
        interval: input.interval,
        source: input.source,
        timeZone: "UTC",
        body: (async function* () {
          yield text;
        })(),
      },
    });
    if (out.refused) {
      const first = out.errors
        .slice(0, 3)
        .map((e) => `row ${e.row}: ${e.message}`)
        .join("; ");
      throw new ProviderError(input.source, `bars refused by validation: ${first}`, {
        code: "provider_bad_data",
      });
    }
    return out.added;
  },
});

/** Fetches USD-based reference rates for a range into market.fx_rates (idempotent). */
export const fetchFx = defineVerb({
  name: "market.fetchFx",
  access: "admin",
  input: fxFetchInput,
  async run({ ctx, input }): Promise<{ fetched: number; added: number }> {
    checkRange(input.from, input.to);
    const provider = providersFor(ctx, input.runId ?? null).fx(input.provider ?? "frankfurter");
    const points = await provider.rates({
      base: "USD",
      quotes: input.quotes ?? [...FX_QUOTES],
      from: input.from,
      to: input.to,
    });
    const added = await fx.insertFxRates(
      ctx.db,
      points.map((p) => ({
        base: p.base,
        quote: p.quote,
        rateDate: p.date,
        rate: String(p.rate),
        source: provider.id,
      })),
    );
    return { fetched: points.length, added };
  },
});

// ---- runs (jobs with stored progress) --------------------------------------------------------

export interface RunParams {
  provider?: string;
  instrumentIds?: string[];
  from?: string;
  to?: string;
  interval?: BarInterval;
  location?: string;
  quotes?: string[];
}

/** Outcome of one attempt: "retry" means a transient failure the queue should retry. */
export type AttemptOutcome = "done" | "failed" | "retry";

/**
 * Executes a stored run from where its progress counter stands (units before `done` are complete,
 * and every write is idempotent, so a retried or duplicated job is harmless). Units that fail with a
 * permanent error are recorded and skipped; a transient error stops the attempt for a retry.
 */
export const executeRun = defineVerb({
  name: "market.executeRun",
  access: "admin",
  input: z.object({ runId: z.uuid(), finalAttempt: z.boolean() }),
  async run({ ctx, input }): Promise<AttemptOutcome> {
    const { runId } = input;
    const run = await repo.getRun(ctx.db, runId);
    if (!run) throw new NotFoundError(`Fetch run ${runId} not found`);
    if (run.status === "done" || run.status === "failed") return run.status;
    const now = () => ctx.clock.now();
    await repo.updateRun(ctx.db, runId, {
      status: "running",
      attempts: run.attempts + 1,
      startedAt: run.startedAt ?? now(),
      updatedAt: now(),
    });
    const p = run.params as RunParams;
    const errors: string[] = run.error ? [run.error] : [];
    try {
      if (run.kind === "fx") {
        if (run.done < 1) {
          const r = await fetchFx({
            ctx,
            input: {
              provider: run.provider ?? undefined,
              from: p.from as string,
              to: p.to as string,
              quotes: p.quotes,
              runId,
            },
          });
          await repo.bumpRun(ctx.db, runId, 1, r.added, now());
        }
      } else {
        const ids = p.instrumentIds ?? [];
        for (let i = run.done; i < ids.length; i++) {
          const instrumentId = ids[i] as string;
          try {
            const unit = await unitInput(ctx, run, instrumentId);
            const r = unit ? await fetchInstrument({ ctx, input: { ...unit, runId } }) : { added: 0 };
            if (run.kind === "refresh") await refreshProviderQuote({ ctx, input: { instrumentId, runId } });
            await repo.bumpRun(ctx.db, runId, 1, r.added, now());
          } catch (err) {
            if (err instanceof ProviderError && err.retryable) throw err;
            await repo.bumpRun(ctx.db, runId, 1, 0, now());
            if (ids.length === 1) throw err;
            // Permanent for this unit (unknown symbol, bad data): note it and go on with the rest.
            errors.push(`${instrumentId}: ${(err as Error).message}`);
          }
        }
      }
      await repo.updateRun(ctx.db, runId, {
        status: "done",
        error: errors.length ? errors.join("\n").slice(0, 4000) : null,
        finishedAt: now(),
        updatedAt: now(),
      });
      return "done";
    } catch (err) {
      const message = (err as Error).message;
      const retry = err instanceof ProviderError && err.retryable && !input.finalAttempt;
      await repo.updateRun(ctx.db, runId, {
        status: retry ? "queued" : "failed",
        error: [...errors, message].join("\n").slice(0, 4000),
        finishedAt: retry ? null : now(),
        updatedAt: now(),
      });
      return retry ? "retry" : "failed";
    }
  },
});

/** The fetch for one instrument of a run; refresh runs start after the last stored bar. */
async function unitInput(ctx: Ctx, run: repo.FetchRunRow, instrumentId: string) {
  const p = run.params as RunParams;
  const interval = p.interval ?? "1d";
  if (run.kind !== "refresh") {
    return {
      provider: run.provider ?? "csv",
      instrumentId,
      from: p.from as string,
      to: p.to as string,
      interval,
      location: p.location,
    };
  }
  const inst = await instruments.findInstrument(ctx.db, instrumentId);
  if (!inst) return null;
  const provider = providersFor(ctx).forListing(inst);
  if (!provider) return null;
  const today = isoDate(ctx.clock.now().getTime());
  const last = await bars.lastBarDate(ctx.db, instrumentId, interval);
  const from = last ? addDays(last, 1) : addDays(today, -FIRST_REFRESH_DAYS);
  if (from > today) return null;
  return { provider: provider.id, instrumentId, from, to: today, interval };
}

/**
 * Takes the live quote of the provider covering the instrument's listing, where that provider has
 * quotes, into market.quotes. A failed quote is only logged (data_source_log): bars matter more.
 */
export const refreshProviderQuote = defineVerb({
  name: "market.refreshProviderQuote",
  access: "admin",
  input: z.object({ instrumentId: z.string(), runId: z.string().nullish() }),
  async run({ ctx, input }): Promise<boolean> {
    const inst = await instruments.findInstrument(ctx.db, input.instrumentId);
    if (!inst) return false;
    const provider = providersFor(ctx, input.runId ?? null, inst.id).forListing(inst);
    if (!provider?.quote) return false;
    try {
      const q = await provider.quote(inst);
      await applyProviderQuote(ctx.db, inst, provider.id, q, ctx.clock.now());
      return true;
    } catch (err) {
      if (err instanceof ProviderError) return false;
      throw err;
    }
  },
});

/** Creates the run for a scheduled refresh: every active instrument some enabled provider covers (null when none). */
export const createRefreshRun = defineVerb({
  name: "market.createRefreshRun",
  access: "admin",
  async run({ ctx }): Promise<repo.FetchRunRow | null> {
    const providers = providersFor(ctx);
    const ids = (await instruments.activeInstruments(ctx.db))
      .filter((i) => providers.forListing(i))
      .map((i) => i.id);
    if (ids.length === 0) return null; // offline, or nothing covered: no run row to clutter the list
    return repo.createRun(ctx.db, {
      kind: "refresh",
      provider: null,
      params: { instrumentIds: ids, interval: "1d" },
      total: ids.length,
      requestedBy: null,
      now: ctx.clock.now(),
    });
  },
});

/** Creates the run for the FX refresh: from the day after the last stored USD rate (or 30 days back). */
export const createFxRun = defineVerb({
  name: "market.createFxRun",
  access: "admin",
  async run({ ctx }): Promise<repo.FetchRunRow | null> {
    if (!ctx.config.MARKET_PROVIDERS.includes("frankfurter")) return null;
    const today = isoDate(ctx.clock.now().getTime());
    const last = await fx.lastFxDate(ctx.db, "USD");
    const from = last ? addDays(last, 1) : addDays(today, -30);
    if (from > today) return null;
    return repo.createRun(ctx.db, {
      kind: "fx",
      provider: "frankfurter",
      params: { from, to: today, quotes: [...FX_QUOTES] },
      total: 1,
      requestedBy: null,
      now: ctx.clock.now(),
    });
  },
});

/** Deletes expired raw payloads and request logs past MARKET_SOURCE_LOG_RETENTION_DAYS. */
export const purgeProviderData = defineVerb({
  name: "market.purgeProviderData",
  access: "admin",
  async run({ ctx }): Promise<{ cache: number; logs: number }> {
    const now = ctx.clock.now();
    return repo.purge(
      ctx.db,
      now,
      new Date(now.getTime() - ctx.config.MARKET_SOURCE_LOG_RETENTION_DAYS * 86_400_000),
    );
  },
});

// ---- admin verbs ----------------------------------------------------------------------------

/**
 * Creates the run row of a fetch request with its audit record, and (when the queue can take it
 * now) its job, in one transaction. See requestFetch.
 */
const createFetchRun = defineVerb({
  name: "market.createFetchRun",
  access: "admin",
  input: z.object({ request: fetchBody, instrumentIds: z.array(z.string()) }),
  write: true,
  async run({ ctx, input }) {
    const { request: r, instrumentIds } = input;
    const run = await repo.createRun(ctx.db, {
      kind: r.kind,
      provider: r.provider,
      params: {
        instrumentIds,
        from: r.from,
        to: r.to,
        interval: r.interval,
        location: r.location,
        quotes: r.kind === "fx" ? [...FX_QUOTES] : undefined,
      },
      total: r.kind === "fx" ? 1 : instrumentIds.length,
      requestedBy: ctx.actor?.userId ?? null,
      now: ctx.clock.now(),
    });
    let queueAfterCommit = false;
    if (r.mode === "queue") {
      // Enqueue in the same transaction when the queue can take it now (see Jobs.isReady).
      if (ctx.jobs.isReady(FETCH_JOB))
        await ctx.jobs.send(FETCH_JOB, { runId: run.id }, { db: ctx.db, singletonKey: run.id });
      else queueAfterCommit = true;
    }
    return { run, queueAfterCommit };
  },
  audit: ({ input, result }) => ({
    eventType: "market.fetch_requested",
    action: "create",
    resourceType: "market.fetch_run",
    resourceId: result.run.id,
    newValues: {
      kind: input.request.kind,
      provider: input.request.provider,
      from: input.request.from,
      to: input.request.to,
      instruments: input.instrumentIds.length,
    },
  }),
});

export type RequestFetchInput = z.input<typeof fetchBody>;

/**
 * Admin: fetch bars (one instrument), backfill (one or all active instruments) or FX for a range.
 * Creates a run row with its audit record and the job in one transaction; "run" mode executes it
 * before answering.
 */
export const requestFetch = defineVerb({
  name: "market.requestFetch",
  access: "admin",
  input: fetchBody,
  async run({ ctx, input }): Promise<repo.FetchRunRow> {
    checkRange(input.from, input.to);
    // Fails fast on a disabled/unknown provider instead of queueing a job that cannot run.
    const providers = providersFor(ctx);
    if (input.kind === "fx") providers.fx(input.provider);
    else providers.bars(input.provider);
    const instrumentIds = input.kind === "fx" ? [] : await instrumentsOf(ctx, input);
    const { run, queueAfterCommit } = await createFetchRun({ ctx, input: { request: input, instrumentIds } });
    if (queueAfterCommit) {
      try {
        await ctx.jobs.send(FETCH_JOB, { runId: run.id }, { singletonKey: run.id });
      } catch (err) {
        await repo.updateRun(ctx.db, run.id, {
          status: "failed",
          error: `could not enqueue: ${(err as Error).message}`,
          updatedAt: ctx.clock.now(),
        });
        throw err;
      }
    }
    if (input.mode === "run") await executeRun({ ctx, input: { runId: run.id, finalAttempt: true } });
    return (await repo.getRun(ctx.db, run.id)) as repo.FetchRunRow;
  },
});

/** The instruments a fetch or backfill request names: one (by id or symbol), or every active one. */
async function instrumentsOf(ctx: Ctx, input: FetchBody): Promise<string[]> {
  let ids: string[];
  if (input.instrumentId || input.symbol) {
    const inst = input.instrumentId
      ? await instruments.findInstrument(ctx.db, input.instrumentId)
      : await resolveRow(ctx.db, {
          symbol: input.symbol,
          mic: input.mic,
          country: input.country,
          market: input.market,
        });
    if (!inst) {
      const where = input.mic ?? input.country ?? input.market;
      throw new NotFoundError(
        `Instrument ${input.instrumentId ?? `${input.symbol}${where ? ` on ${where}` : ""}`} not found`,
      );
    }
    ids = [inst.id];
  } else if (input.kind === "backfill") {
    ids = (await instruments.activeInstruments(ctx.db)).map((i) => i.id);
  } else
    throw new ValidationError("instrumentId, or symbol and mic (or country), is required", "body.symbol");
  if (input.provider === "csv" && !input.location)
    throw new ValidationError("the csv provider needs a location", "body.location");
  return ids;
}

export const listSources = defineVerb({
  name: "market.listSources",
  access: "admin",
  input: sourcesQuery,
  run: ({ ctx, input }) => repo.listLogs(ctx.db, input),
});

export const getRunFor = defineVerb({
  name: "market.getRun",
  access: "admin",
  input: z.object({ id: z.string() }),
  async run({ ctx, input }) {
    const run = await repo.getRun(ctx.db, input.id);
    if (!run) throw new NotFoundError(`Fetch run ${input.id} not found`);
    return run;
  },
});
