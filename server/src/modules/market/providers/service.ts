// Provider verbs: fetch one instrument's bars/actions, refresh and backfill many with progress,
// refresh FX, purge old logs and payloads. Every request is logged through a DbSink.

import pino from "pino";
import type { Config } from "../../../config.ts";
import type { Clock } from "../../../platform/clock.ts";
import type { Ctx } from "../../../platform/context.ts";
import { type Db, inTransaction } from "../../../platform/db/index.ts";
import { NotFoundError, ValidationError } from "../../../platform/errors.ts";
import { recordAudit } from "../../audit/index.ts";
import { applyProviderQuote } from "../quotes.ts";
import { assertSharedWriter, importBars } from "../service.ts";
import type { HttpSettings, ProviderSink, RawPayload, RequestLog } from "./http.ts";
import { createProviders, type Providers } from "./registry.ts";
import * as repo from "./repository.ts";
import { addDays, dateMs, isoDate } from "./shape.ts";
import { type BarInterval, type ProviderBar, ProviderError } from "./types.ts";

/** What provider work needs: a database handle, the clock and the configuration. */
export interface ProviderEnv {
  db: Db;
  clock: Clock;
  config: Config;
  /** Test hook: faster retries. */
  http?: Partial<HttpSettings>;
}

export const FX_QUOTES = ["EUR", "KRW", "JPY", "GBP", "CHF"] as const;
/** How far back a first scheduled refresh of an instrument without bars reaches. */
export const FIRST_REFRESH_DAYS = 365;

/** Writes request logs and raw payloads to market.data_source_log / market.raw_data_cache. */
export class DbSink implements ProviderSink {
  private readonly env: ProviderEnv;
  private readonly runId: string | null;
  private readonly instrumentId: string | null;
  constructor(env: ProviderEnv, runId: string | null = null, instrumentId: string | null = null) {
    this.env = env;
    this.runId = runId;
    this.instrumentId = instrumentId;
  }
  log(entry: RequestLog): Promise<void> {
    return repo.insertLog(this.env.db, entry, this.runId);
  }
  cache(p: RawPayload): Promise<void> {
    const expires = new Date(
      p.fetchedAt.getTime() + this.env.config.MARKET_RAW_CACHE_RETENTION_DAYS * 86_400_000,
    );
    return repo.upsertCache(this.env.db, p, expires, this.instrumentId);
  }
}

export function providersFor(
  env: ProviderEnv,
  runId: string | null = null,
  instrumentId: string | null = null,
): Providers {
  return createProviders(env.config, new DbSink(env, runId, instrumentId), {
    now: () => env.clock.now(),
    ...env.http,
  });
}

export interface FetchInput {
  provider: string;
  instrumentId: string;
  from: string;
  to: string;
  interval: BarInterval;
  /** CSV provider: file path (under the imports folder) or URL. */
  location?: string;
  /** Also store the splits/dividends the provider reports (default true). */
  actions?: boolean;
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
export async function fetchInstrument(
  env: ProviderEnv,
  input: FetchInput,
  runId: string | null = null,
): Promise<FetchResult> {
  checkRange(input.from, input.to);
  const inst = await repo.findInstrument(env.db, { id: input.instrumentId });
  if (!inst) throw new NotFoundError(`Instrument ${input.instrumentId} not found`);
  const provider = providersFor(env, runId, inst.id).bars(input.provider);
  if (!provider.history) throw new ProviderError(provider.id, "has no price history");
  if (!provider.intervals.includes(input.interval))
    throw new ValidationError(
      `${provider.id} has no ${input.interval} bars (it has ${provider.intervals.join(", ")})`,
      "interval",
    );
  const r = await (provider.history as (q: unknown) => ReturnType<NonNullable<typeof provider.history>>)({
    symbol: inst.symbol,
    market: inst.market,
    from: input.from,
    to: input.to,
    interval: input.interval,
    location: input.location,
    timeZone: "UTC",
  });
  const added = await storeBars(env, inst.id, input.interval, provider.id, r.bars);
  const actionsAdded =
    input.actions === false
      ? 0
      : await repo.insertActions(env.db, inst.id, provider.id, r.currency ?? inst.currency, r.actions);
  return { fetched: r.bars.length, added, actionsAdded };
}

const silent = pino({ level: "silent" });

/**
 * Stores fetched bars through the module's bulk import (staging + one atomic merge, ON CONFLICT DO
 * NOTHING), as the local process: the batch lands whole or not at all, and bars already stored for
 * the same timestamps are kept, so a repeated fetch adds nothing. Returns the rows added.
 */
export async function storeBars(
  env: ProviderEnv,
  instrumentId: string,
  interval: BarInterval,
  source: string,
  rows: ProviderBar[],
): Promise<number> {
  if (rows.length === 0) return 0;
  const daily = interval === "1d" || interval === "1w";
  let text = "date,open,high,low,close,adj_close,volume\n";
  for (const b of rows) {
    const when = daily ? isoDate(b.ts) : new Date(b.ts).toISOString();
    text += `${when},${b.open},${b.high},${b.low},${b.close},${b.adjClose ?? ""},${b.volume ?? ""}\n`;
  }
  // FIXME(kit): provider work should receive a Ctx instead of a ProviderEnv.
  const ctx = {
    origin: "system",
    db: env.db,
    actor: null,
    clock: env.clock,
    config: env.config,
    log: silent,
    requestId: null,
    ip: null,
    userAgent: "bullpen-provider",
  } as unknown as Ctx;
  const out = await importBars({
    ctx,
    input: { instrumentId, interval, source, timeZone: "UTC" },
    body: (async function* () {
      yield text;
    })(),
  });
  if (out.refused) {
    const first = out.errors
      .slice(0, 3)
      .map((e) => `row ${e.row}: ${e.message}`)
      .join("; ");
    throw new ProviderError(source, `bars refused by validation: ${first}`, { code: "provider_bad_data" });
  }
  return out.added;
}

/** Fetches USD-based reference rates for a range into market.fx_rates (idempotent). */
export async function fetchFx(
  env: ProviderEnv,
  input: { provider?: string; from: string; to: string; quotes?: string[] },
  runId: string | null = null,
): Promise<{ fetched: number; added: number }> {
  checkRange(input.from, input.to);
  const fx = providersFor(env, runId).fx(input.provider ?? "frankfurter");
  const points = await fx.rates({
    base: "USD",
    quotes: input.quotes ?? [...FX_QUOTES],
    from: input.from,
    to: input.to,
  });
  const added = await repo.insertFx(env.db, fx.id, points);
  return { fetched: points.length, added };
}

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
export async function executeRun(
  env: ProviderEnv,
  runId: string,
  opts: { finalAttempt: boolean },
): Promise<AttemptOutcome> {
  const run = await repo.getRun(env.db, runId);
  if (!run) throw new NotFoundError(`Fetch run ${runId} not found`);
  if (run.status === "done" || run.status === "failed") return run.status;
  const now = () => env.clock.now();
  await repo.updateRun(env.db, runId, {
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
        const r = await fetchFx(
          env,
          {
            provider: run.provider ?? undefined,
            from: p.from as string,
            to: p.to as string,
            quotes: p.quotes,
          },
          runId,
        );
        await repo.bumpRun(env.db, runId, 1, r.added, now());
      }
    } else {
      const ids = p.instrumentIds ?? [];
      for (let i = run.done; i < ids.length; i++) {
        const instrumentId = ids[i] as string;
        try {
          const unit = await unitInput(env, run, instrumentId);
          const r = unit ? await fetchInstrument(env, unit, runId) : { added: 0 };
          if (run.kind === "refresh") await refreshProviderQuote(env, instrumentId, runId);
          await repo.bumpRun(env.db, runId, 1, r.added, now());
        } catch (err) {
          if (err instanceof ProviderError && err.retryable) throw err;
          await repo.bumpRun(env.db, runId, 1, 0, now());
          if (ids.length === 1) throw err;
          // Permanent for this unit (unknown symbol, bad data): note it and go on with the rest.
          errors.push(`${instrumentId}: ${(err as Error).message}`);
        }
      }
    }
    await repo.updateRun(env.db, runId, {
      status: "done",
      error: errors.length ? errors.join("\n").slice(0, 4000) : null,
      finishedAt: now(),
      updatedAt: now(),
    });
    return "done";
  } catch (err) {
    const message = (err as Error).message;
    const retry = err instanceof ProviderError && err.retryable && !opts.finalAttempt;
    await repo.updateRun(env.db, runId, {
      status: retry ? "queued" : "failed",
      error: [...errors, message].join("\n").slice(0, 4000),
      finishedAt: retry ? null : now(),
      updatedAt: now(),
    });
    return retry ? "retry" : "failed";
  }
}

/** The fetch for one instrument of a run; refresh runs start after the last stored bar. */
async function unitInput(
  env: ProviderEnv,
  run: repo.FetchRunRow,
  instrumentId: string,
): Promise<FetchInput | null> {
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
  const inst = await repo.findInstrument(env.db, { id: instrumentId });
  if (!inst) return null;
  const provider = providersFor(env).forMarket(inst.market);
  if (!provider) return null;
  const today = isoDate(env.clock.now().getTime());
  const last = await repo.lastBarDate(env.db, instrumentId, interval);
  const from = last ? addDays(last, 1) : addDays(today, -FIRST_REFRESH_DAYS);
  if (from > today) return null;
  return { provider: provider.id, instrumentId, from, to: today, interval };
}

/**
 * Takes the live quote of the provider covering the instrument's market, where that provider has
 * quotes, into market.quotes. A failed quote is only logged (data_source_log): bars matter more.
 */
export async function refreshProviderQuote(
  env: ProviderEnv,
  instrumentId: string,
  runId: string | null = null,
): Promise<boolean> {
  const inst = await repo.findInstrument(env.db, { id: instrumentId });
  if (!inst) return false;
  const provider = providersFor(env, runId, inst.id).forMarket(inst.market);
  if (!provider?.quote) return false;
  try {
    const q = await provider.quote(inst.symbol, inst.market);
    await applyProviderQuote(env.db, inst, provider.id, q, env.clock.now());
    return true;
  } catch (err) {
    if (err instanceof ProviderError) return false;
    throw err;
  }
}

/** Creates the run for a scheduled refresh: every active instrument some enabled provider covers (null when none). */
export async function createRefreshRun(env: ProviderEnv): Promise<repo.FetchRunRow | null> {
  const providers = providersFor(env);
  const ids = (await repo.activeInstruments(env.db))
    .filter((i) => providers.forMarket(i.market))
    .map((i) => i.id);
  if (ids.length === 0) return null; // offline, or nothing covered: no run row to clutter the list
  return repo.createRun(env.db, {
    kind: "refresh",
    provider: null,
    params: { instrumentIds: ids, interval: "1d" },
    total: ids.length,
    requestedBy: null,
    now: env.clock.now(),
  });
}

/** Creates the run for the FX refresh: from the day after the last stored USD rate (or 30 days back). */
export async function createFxRun(env: ProviderEnv): Promise<repo.FetchRunRow | null> {
  if (!env.config.MARKET_PROVIDERS.includes("frankfurter")) return null;
  const today = isoDate(env.clock.now().getTime());
  const last = await repo.lastFxDate(env.db, "USD");
  const from = last ? addDays(last, 1) : addDays(today, -30);
  if (from > today) return null;
  return repo.createRun(env.db, {
    kind: "fx",
    provider: "frankfurter",
    params: { from, to: today, quotes: [...FX_QUOTES] },
    total: 1,
    requestedBy: null,
    now: env.clock.now(),
  });
}

/** Deletes expired raw payloads and request logs past MARKET_SOURCE_LOG_RETENTION_DAYS. */
export async function purgeProviderData(env: ProviderEnv): Promise<{ cache: number; logs: number }> {
  const now = env.clock.now();
  return repo.purge(
    env.db,
    now,
    new Date(now.getTime() - env.config.MARKET_SOURCE_LOG_RETENTION_DAYS * 86_400_000),
  );
}

// ---- admin verbs (ctx, permission first, audit in the same transaction) ----------------------

/** Admins, or the local process (CLI, start-up) which runs with no actor and no request. */
const assertAdmin = (ctx: Ctx) => assertSharedWriter(ctx);

export const FETCH_JOB = "market.fetch";

export interface RequestFetchInput {
  provider: string;
  instrumentId?: string;
  symbol?: string;
  market?: string;
  from: string;
  to: string;
  interval: BarInterval;
  location?: string;
  kind: "fetch" | "backfill" | "fx";
  /** "queue" enqueues a job and answers at once; "run" works inline and answers with the result. */
  mode: "queue" | "run";
}

/**
 * Admin: fetch bars (one instrument), backfill (one or all active instruments) or FX for a range.
 * Creates a run row with its audit record and the job in one transaction; "run" mode executes it
 * before answering.
 */
export async function requestFetch(
  ctx: Ctx,
  input: RequestFetchInput,
  opts: { http?: Partial<HttpSettings> } = {},
): Promise<repo.FetchRunRow> {
  assertAdmin(ctx);
  checkRange(input.from, input.to);
  const env: ProviderEnv = { db: ctx.db, clock: ctx.clock, config: ctx.config, http: opts.http };
  // Fails fast on a disabled/unknown provider instead of queueing a job that cannot run.
  const providers = providersFor(env);
  if (input.kind === "fx") providers.fx(input.provider);
  else providers.bars(input.provider);
  let instrumentIds: string[] = [];
  if (input.kind !== "fx") {
    if (input.instrumentId || input.symbol) {
      const inst = await repo.findInstrument(ctx.db, {
        id: input.instrumentId,
        symbol: input.symbol,
        market: input.market,
      });
      if (!inst)
        throw new NotFoundError(
          `Instrument ${input.instrumentId ?? `${input.symbol}${input.market ? ` on ${input.market}` : ""}`} not found`,
        );
      instrumentIds = [inst.id];
    } else if (input.kind === "backfill") {
      instrumentIds = (await repo.activeInstruments(ctx.db)).map((i) => i.id);
    } else throw new ValidationError("instrumentId, or symbol and market, is required", "body.symbol");
    if (input.provider === "csv" && !input.location)
      throw new ValidationError("the csv provider needs a location", "body.location");
  }
  let queueAfterCommit = false;
  const run = await inTransaction(ctx.db, async (tx) => {
    const row = await repo.createRun(tx, {
      kind: input.kind,
      provider: input.provider,
      params: {
        instrumentIds,
        from: input.from,
        to: input.to,
        interval: input.interval,
        location: input.location,
        quotes: input.kind === "fx" ? [...FX_QUOTES] : undefined,
      },
      total: input.kind === "fx" ? 1 : instrumentIds.length,
      requestedBy: ctx.actor?.userId ?? null,
      now: ctx.clock.now(),
    });
    await recordAudit(
      { ...ctx, db: tx },
      {
        eventType: "market.fetch_requested",
        action: "create",
        resourceType: "market.fetch_run",
        resourceId: row.id,
        newValues: {
          kind: input.kind,
          provider: input.provider,
          from: input.from,
          to: input.to,
          instruments: instrumentIds.length,
        },
      },
    );
    if (input.mode === "queue") {
      if (!ctx.jobs) throw new ValidationError("no job queue in this process; use mode=run", "body.mode");
      // Enqueue in the same transaction when the queue can take it now (see Jobs.isReady).
      if (ctx.jobs.isReady(FETCH_JOB))
        await ctx.jobs.send(FETCH_JOB, { runId: row.id }, { db: tx, singletonKey: row.id });
      else queueAfterCommit = true;
    }
    return row;
  });
  if (queueAfterCommit && ctx.jobs) {
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
  if (input.mode === "run") await executeRun({ ...env, db: ctx.db }, run.id, { finalAttempt: true });
  return (await repo.getRun(ctx.db, run.id)) as repo.FetchRunRow;
}

export async function listSources(ctx: Ctx, q: { source?: string; limit: number; offset: number }) {
  assertAdmin(ctx);
  return repo.listLogs(ctx.db, q);
}

export async function getRunFor(ctx: Ctx, id: string) {
  assertAdmin(ctx);
  const run = await repo.getRun(ctx.db, id);
  if (!run) throw new NotFoundError(`Fetch run ${id} not found`);
  return run;
}
