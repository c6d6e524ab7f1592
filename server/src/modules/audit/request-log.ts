// api_requests: one row per HTTP request, buffered in memory and written in batches, so a request
// never waits on the database for its own log line.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Clock } from "../../platform/clock.ts";
import type { Database } from "../../platform/db/index.ts";
import { redactQuery } from "../../platform/logging.ts";
import { type ApiRequestColumns, emptyApiRequestColumns, insertApiRequests } from "./repository.ts";

// Scrapes and probes would drown the table; they are counted by /metrics instead.
const SKIP = new Set(["/metrics", "/health"]);

export interface RequestLogOptions {
  /** Flush when this many rows are buffered. */
  maxRows: number;
  /** Flush at least this often (ms). */
  intervalMs: number;
  /** Buffered rows beyond this are dropped (and counted) while the database is unavailable. */
  maxBuffered?: number;
}

export class ApiRequestLog {
  readonly #database: Database;
  readonly #opts: Required<RequestLogOptions>;
  readonly #onError: (err: unknown) => void;
  #buffer: ApiRequestColumns = emptyApiRequestColumns();
  #timer: NodeJS.Timeout | null = null;
  #flushing: Promise<void> = Promise.resolve();
  /** Rows dropped because the buffer was full (database down for long). */
  dropped = 0;
  /** Batches written. */
  batches = 0;

  constructor(database: Database, opts: RequestLogOptions, onError: (err: unknown) => void = () => {}) {
    this.#database = database;
    this.#opts = { maxBuffered: 50_000, ...opts };
    this.#onError = onError;
  }

  /** Buffers one record; `occurredAtMs` is epoch milliseconds. */
  push(
    occurredAtMs: number,
    method: string,
    route: string,
    statusCode: number,
    responseTimeMs: number,
    userId: string | null,
    apiKeyId: string | null,
    requestId: string | null,
  ): void {
    const b = this.#buffer;
    if (b.route.length >= this.#opts.maxBuffered) {
      this.dropped++;
      return;
    }
    b.occurredAtMs.push(occurredAtMs);
    b.method.push(method);
    b.route.push(route);
    b.statusCode.push(statusCode);
    b.responseTimeMs.push(responseTimeMs);
    b.userId.push(userId);
    b.apiKeyId.push(apiKeyId);
    b.requestId.push(requestId);
    if (b.route.length >= this.#opts.maxRows) void this.flush();
    else if (!this.#timer) {
      this.#timer = setTimeout(() => void this.flush(), this.#opts.intervalMs);
      this.#timer.unref();
    }
  }

  get pending(): number {
    return this.#buffer.route.length;
  }

  /** Writes everything buffered now; flushes run one after another. */
  flush(): Promise<void> {
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    const batch = this.#buffer;
    if (batch.route.length === 0) return this.#flushing;
    this.#buffer = emptyApiRequestColumns();
    this.#flushing = this.#flushing.then(async () => {
      try {
        await insertApiRequests(this.#database.db, batch);
        this.batches++;
      } catch (err) {
        this.#onError(err);
      }
    });
    return this.#flushing;
  }
}

const logs = new WeakMap<FastifyInstance, ApiRequestLog>();
/** The request log installed on an app (tests flush it or read its counters). */
export const apiRequestLogOf = (app: FastifyInstance): ApiRequestLog | undefined => logs.get(app);

/** Installs the onResponse hook that records every request; flushes on close. */
export function installApiRequestLog(
  app: FastifyInstance,
  deps: { database: Database; clock: Clock },
  opts: RequestLogOptions,
): ApiRequestLog {
  const log = new ApiRequestLog(deps.database, opts, (err) =>
    app.log.error({ err }, "could not write api_requests batch"),
  );
  app.addHook("onResponse", (request: FastifyRequest, reply: FastifyReply, done) => {
    const route = request.routeOptions.url;
    if (!(route && SKIP.has(route))) {
      const actor = request.actor;
      log.push(
        deps.clock.now().getTime(),
        request.method,
        // The route's pattern, never the URL as sent; a query in it (a wildcard route's value)
        // loses its secret parameters as in the request log lines (platform/logging.ts).
        route === undefined ? "(unmatched)" : redactQuery(route),
        reply.statusCode,
        reply.elapsedTime,
        actor?.userId ?? null,
        actor?.apiKeyId ?? null,
        request.id,
      );
    }
    done();
  });
  app.addHook("onClose", async () => {
    await log.flush();
  });
  logs.set(app, log);
  return log;
}
