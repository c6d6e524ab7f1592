import { desc, eq, sql } from "drizzle-orm";
import { connectionOf } from "../../platform/db/connection.ts";
import type { Db } from "../../platform/db/index.ts";
import { apiRequests, authEvents, dataAccessLogs, securityEvents } from "./schema.ts";

// The hash-chained audit_logs live in chain/ (repository.ts, checkpoint.ts).

// ---- Security and usage logs (not hash-chained: high volume, pruned by retention) ----

export type AuthEventRow = typeof authEvents.$inferInsert;
export type SecurityEventRow = typeof securityEvents.$inferInsert;
export type DataAccessRow = typeof dataAccessLogs.$inferInsert;

export async function insertAuthEvent(db: Db, row: AuthEventRow): Promise<void> {
  await db.insert(authEvents).values(row);
}

export async function insertSecurityEvent(db: Db, row: SecurityEventRow): Promise<void> {
  await db.insert(securityEvents).values(row);
}

export async function insertDataAccess(db: Db, row: DataAccessRow): Promise<void> {
  await db.insert(dataAccessLogs).values(row);
}

/** One multi-row INSERT for a whole batch of request records. */
/** A PostgreSQL array literal; text elements are quoted and escaped, other values need neither. */
function arrayLiteral(values: readonly (string | number | null)[], text: boolean): string {
  let out = "{";
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i > 0) out += ",";
    if (v === null) out += "NULL";
    else if (!text) out += String(v);
    else {
      const s = String(v);
      out += `"${/["\\]/.test(s) ? s.replace(/["\\]/g, "\\$&") : s}"`;
    }
  }
  return `${out}}`;
}

/**
 * Request records held column by column (parallel arrays), so buffering one costs no object
 * allocation on the request path and a batch turns into array literals directly.
 */
export interface ApiRequestColumns {
  occurredAtMs: number[];
  method: string[];
  route: string[];
  statusCode: number[];
  responseTimeMs: number[];
  userId: (string | null)[];
  apiKeyId: (string | null)[];
  requestId: (string | null)[];
}

export const emptyApiRequestColumns = (): ApiRequestColumns => ({
  occurredAtMs: [],
  method: [],
  route: [],
  statusCode: [],
  responseTimeMs: [],
  userId: [],
  apiKeyId: [],
  requestId: [],
});

/**
 * Writes a batch of request records as one statement with one array parameter per column
 * (`unnest`): parsing eight arrays is about 4× cheaper for the database than a multi-row VALUES
 * list of 8 × n parameters (on PGlite, one core of a 2-core machine is all the database has).
 * The literals are built here because the drivers' generic array serialisers escape every element.
 */
export async function insertApiRequests(db: Db, c: ApiRequestColumns): Promise<void> {
  if (c.route.length === 0) return;
  const lit = (values: readonly (string | number | null)[], text = false) =>
    sql.param(arrayLiteral(values, text));
  await db.execute(sql`
    insert into audit.api_requests
      (occurred_at, method, route, status_code, response_time_ms, user_id, api_key_id, request_id)
    select to_timestamp(t / 1000.0), m, r, s, ms, u, k, q from unnest(
      ${lit(c.occurredAtMs)}::float8[],
      ${lit(c.method, true)}::text[],
      ${lit(c.route, true)}::text[],
      ${lit(c.statusCode)}::int[],
      ${lit(c.responseTimeMs)}::float8[],
      ${lit(c.userId)}::uuid[],
      ${lit(c.apiKeyId)}::uuid[],
      ${lit(c.requestId, true)}::text[]) as x(t, m, r, s, ms, u, k, q)`);
}

/** Deletes request records older than `before`, in chunks so no single statement runs long. */
export async function pruneApiRequests(db: Db, before: Date, chunk = 10_000): Promise<number> {
  let total = 0;
  for (;;) {
    const { rowCount: n } = await connectionOf(db).query(
      "delete from audit.api_requests where id in (select id from audit.api_requests where occurred_at < $1::timestamptz limit $2)",
      [before.toISOString(), chunk],
    );
    total += n;
    if (n < chunk) return total;
  }
}

export async function listAuthEvents(db: Db, filter: { userId?: string; limit?: number } = {}) {
  return db
    .select()
    .from(authEvents)
    .where(filter.userId ? eq(authEvents.userId, filter.userId) : undefined)
    .orderBy(desc(authEvents.id))
    .limit(filter.limit ?? 100);
}

export async function listSecurityEvents(db: Db, filter: { userId?: string; limit?: number } = {}) {
  return db
    .select()
    .from(securityEvents)
    .where(filter.userId ? eq(securityEvents.userId, filter.userId) : undefined)
    .orderBy(desc(securityEvents.id))
    .limit(filter.limit ?? 100);
}

export async function listDataAccess(db: Db, filter: { userId?: string; limit?: number } = {}) {
  return db
    .select()
    .from(dataAccessLogs)
    .where(filter.userId ? eq(dataAccessLogs.userId, filter.userId) : undefined)
    .orderBy(desc(dataAccessLogs.id))
    .limit(filter.limit ?? 100);
}

export async function listApiRequests(db: Db, filter: { route?: string; limit?: number } = {}) {
  return db
    .select()
    .from(apiRequests)
    .where(filter.route ? eq(apiRequests.route, filter.route) : undefined)
    .orderBy(desc(apiRequests.id))
    .limit(filter.limit ?? 1000);
}
