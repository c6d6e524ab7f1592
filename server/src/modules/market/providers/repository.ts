// SQL of the providers half: request log, raw payload cache and fetch runs. What the providers
// fetch is written through the bars, actions and FX repositories.
import { count, desc, eq, lt, sql } from "drizzle-orm";
import type { Db } from "../../../platform/db/index.ts";
import { newId } from "../../../platform/ids.ts";
import { dataSourceLog, fetchRuns, rawDataCache } from "../schema-providers.ts";
import type { RawPayload, RequestLog } from "./http.ts";

export type FetchRunRow = typeof fetchRuns.$inferSelect;

export async function insertLog(db: Db, e: RequestLog, runId: string | null): Promise<void> {
  await db.insert(dataSourceLog).values({
    sourceName: e.sourceName,
    endpoint: e.endpoint.slice(0, 2000),
    requestedAt: e.requestedAt,
    statusCode: e.statusCode,
    recordsFetched: e.recordsFetched,
    errorMessage: e.errorMessage?.slice(0, 4000) ?? null,
    durationMs: e.durationMs,
    runId,
  });
}

export async function upsertCache(
  db: Db,
  p: RawPayload,
  expiresAt: Date,
  instrumentId: string | null,
): Promise<void> {
  const values = {
    sourceName: p.sourceName,
    cacheKey: p.cacheKey.slice(0, 2000),
    endpoint: p.endpoint.slice(0, 2000),
    instrumentId,
    contentType: p.contentType,
    payload: p.json as never,
    payloadText: p.text,
    fetchedAt: p.fetchedAt,
    expiresAt,
  };
  await db
    .insert(rawDataCache)
    .values(values)
    .onConflictDoUpdate({
      target: [rawDataCache.sourceName, rawDataCache.cacheKey],
      set: {
        endpoint: values.endpoint,
        instrumentId: values.instrumentId,
        contentType: values.contentType,
        payload: values.payload,
        payloadText: values.payloadText,
        fetchedAt: values.fetchedAt,
        expiresAt: values.expiresAt,
      },
    });
}

/** Deletes cache rows past expiry and log rows older than `logsBefore`; returns the counts. */
export async function purge(db: Db, now: Date, logsBefore: Date): Promise<{ cache: number; logs: number }> {
  const c = await db
    .delete(rawDataCache)
    .where(lt(rawDataCache.expiresAt, now))
    .returning({ id: rawDataCache.id });
  const l = await db
    .delete(dataSourceLog)
    .where(lt(dataSourceLog.requestedAt, logsBefore))
    .returning({ id: dataSourceLog.id });
  return { cache: c.length, logs: l.length };
}

export async function listLogs(db: Db, q: { source?: string; limit: number; offset: number }) {
  const where = q.source ? eq(dataSourceLog.sourceName, q.source) : undefined;
  const items = await db
    .select()
    .from(dataSourceLog)
    .where(where)
    .orderBy(desc(dataSourceLog.requestedAt), desc(dataSourceLog.id))
    .limit(q.limit)
    .offset(q.offset);
  const [total] = await db.select({ n: count() }).from(dataSourceLog).where(where);
  return { items, total: Number(total?.n ?? 0) };
}

export async function countCache(db: Db, source?: string): Promise<number> {
  const [r] = await db
    .select({ n: count() })
    .from(rawDataCache)
    .where(source ? eq(rawDataCache.sourceName, source) : undefined);
  return Number(r?.n ?? 0);
}

export async function createRun(
  db: Db,
  r: {
    kind: string;
    provider: string | null;
    params: object;
    total: number;
    requestedBy: string | null;
    now: Date;
  },
): Promise<FetchRunRow> {
  const [row] = await db
    .insert(fetchRuns)
    .values({
      id: newId(),
      kind: r.kind,
      provider: r.provider,
      params: r.params,
      total: r.total,
      requestedBy: r.requestedBy,
      createdAt: r.now,
      updatedAt: r.now,
    })
    .returning();
  return row as FetchRunRow;
}

export async function getRun(db: Db, id: string): Promise<FetchRunRow | null> {
  const [row] = await db.select().from(fetchRuns).where(eq(fetchRuns.id, id));
  return row ?? null;
}

export async function updateRun(
  db: Db,
  id: string,
  patch: Partial<Omit<FetchRunRow, "id">>,
): Promise<FetchRunRow> {
  const [row] = await db.update(fetchRuns).set(patch).where(eq(fetchRuns.id, id)).returning();
  return row as FetchRunRow;
}

/** Adds to the progress counters atomically (several workers may report). */
export async function bumpRun(db: Db, id: string, done: number, records: number, now: Date): Promise<void> {
  await db
    .update(fetchRuns)
    .set({
      done: sql`${fetchRuns.done} + ${done}`,
      recordsWritten: sql`${fetchRuns.recordsWritten} + ${records}`,
      updatedAt: now,
    })
    .where(eq(fetchRuns.id, id));
}

export async function listRuns(db: Db, limit: number): Promise<FetchRunRow[]> {
  return db.select().from(fetchRuns).orderBy(desc(fetchRuns.createdAt)).limit(limit);
}
