import { z } from "zod";
import { country, isoDate, mic } from "../contracts.ts";
import { ALL_PROVIDERS } from "./registry.ts";

const barInterval = z.enum(["1m", "5m", "15m", "1h", "1d", "1w"]);

export const fetchBody = z.object({
  provider: z.enum(ALL_PROVIDERS),
  kind: z.enum(["fetch", "backfill", "fx"]).default("fetch"),
  instrumentId: z.uuid().optional(),
  /** With mic, country or market when several listings share the symbol. */
  symbol: z.string().min(1).max(40).optional(),
  mic: mic.optional(),
  country: country.optional(),
  market: z.string().min(1).max(16).optional().describe("deprecated: mic or country"),
  from: isoDate,
  to: isoDate,
  interval: barInterval.default("1d"),
  location: z.string().min(1).max(2000).optional(),
  mode: z.enum(["queue", "run"]).default("queue"),
});
export type FetchBody = z.output<typeof fetchBody>;

/** One instrument's fetch (a unit of a run, or an operator's). */
export const fetchInput = z.object({
  provider: z.string().min(1).max(40),
  instrumentId: z.string(),
  from: isoDate,
  to: isoDate,
  interval: barInterval,
  /** CSV provider: file path (under the imports folder) or URL. */
  location: z.string().max(2000).optional(),
  /** Also store the splits/dividends the provider reports (default true). */
  actions: z.boolean().optional(),
  /** The run whose requests the log rows belong to. */
  runId: z.string().nullish(),
});

export const fxFetchInput = z.object({
  provider: z.string().min(1).max(40).optional(),
  from: isoDate,
  to: isoDate,
  quotes: z.array(z.string().regex(/^[A-Z]{3}$/)).optional(),
  runId: z.string().nullish(),
});

export const runOut = z.object({
  id: z.uuid(),
  kind: z.string(),
  provider: z.string().nullable(),
  status: z.enum(["queued", "running", "done", "failed"]),
  done: z.number().int(),
  total: z.number().int(),
  recordsWritten: z.number().int(),
  attempts: z.number().int(),
  error: z.string().nullable(),
  params: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});

export const sourcesQuery = z.object({
  source: z.string().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const sourceLogOut = z.object({
  id: z.number().int(),
  sourceName: z.string(),
  endpoint: z.string(),
  requestedAt: z.string(),
  statusCode: z.number().int().nullable(),
  recordsFetched: z.number().int().nullable(),
  errorMessage: z.string().nullable(),
  durationMs: z.number().int().nullable(),
  runId: z.uuid().nullable(),
});

export const sourcesOut = z.object({
  items: z.array(sourceLogOut),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
});

export const idParams = z.object({ id: z.uuid() });
