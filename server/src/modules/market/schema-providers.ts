import { sql } from "drizzle-orm";
import { bigint, check, index, integer, jsonb, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, ts, updatedAt } from "../../platform/db/columns.ts";
import { inList, marketSchema } from "./schema.ts";

export const FETCH_RUN_KINDS = ["fetch", "refresh", "backfill", "fx"] as const;
export const FETCH_RUN_STATUSES = ["queued", "running", "done", "failed"] as const;

/**
 * 003 data_source_log: one row per HTTP request to a market-data provider (or CSV read), whatever
 * its outcome. `endpoint` never contains credentials (API keys are stripped before logging).
 */
export const dataSourceLog = marketSchema.table(
  "data_source_log",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    sourceName: text("source_name").notNull(),
    endpoint: text("endpoint").notNull(),
    requestedAt: ts("requested_at").notNull(),
    statusCode: integer("status_code"),
    recordsFetched: integer("records_fetched"),
    errorMessage: text("error_message"),
    durationMs: integer("duration_ms"),
    /** The fetch run (job) the request belonged to, if any. */
    runId: uuid("run_id"),
  },
  (t) => [
    index("data_source_log_requested_idx").on(t.requestedAt),
    index("data_source_log_source_idx").on(t.sourceName, t.requestedAt),
  ],
);

/**
 * 003 raw_data_cache: the provider's payload as received, for audit and re-parsing. JSON bodies go to
 * `payload`, anything else (CSV) to `payload_text`. One row per (source, cache_key): a later fetch of
 * the same request replaces it. Rows past `expires_at` are deleted by the retention job.
 */
export const rawDataCache = marketSchema.table(
  "raw_data_cache",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    sourceName: text("source_name").notNull(),
    cacheKey: text("cache_key").notNull(),
    endpoint: text("endpoint").notNull(),
    instrumentId: uuid("instrument_id"),
    contentType: text("content_type"),
    payload: jsonb("payload"),
    payloadText: text("payload_text"),
    fetchedAt: ts("fetched_at").notNull(),
    expiresAt: ts("expires_at").notNull(),
  },
  (t) => [
    uniqueIndex("raw_data_cache_key").on(t.sourceName, t.cacheKey),
    index("raw_data_cache_expires_idx").on(t.expiresAt),
  ],
);

/**
 * Progress of a provider job (admin fetch, scheduled refresh, backfill, FX refresh): `done` of
 * `total` units (instruments or symbols), updated as each unit completes, so a UI can show progress
 * and a retried job skips nothing and repeats nothing harmful (the writes are idempotent).
 */
export const fetchRuns = marketSchema.table(
  "fetch_runs",
  {
    id: uuid("id").primaryKey(),
    kind: text("kind").notNull(),
    provider: text("provider"),
    params: jsonb("params").notNull().default(sql`'{}'::jsonb`),
    status: text("status").notNull().default("queued"),
    done: integer("done").notNull().default(0),
    total: integer("total").notNull().default(0),
    recordsWritten: integer("records_written").notNull().default(0),
    error: text("error"),
    attempts: integer("attempts").notNull().default(0),
    requestedBy: uuid("requested_by"),
    startedAt: ts("started_at"),
    finishedAt: ts("finished_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("fetch_runs_created_idx").on(t.createdAt),
    check("fetch_runs_kind_check", sql`${t.kind} in (${inList(FETCH_RUN_KINDS)})`),
    check("fetch_runs_status_check", sql`${t.status} in (${inList(FETCH_RUN_STATUSES)})`),
    check("fetch_runs_progress_check", sql`${t.done} >= 0 and ${t.total} >= 0`),
  ],
);
