// Embedded PGlite on a thread of its own. PGlite is PostgreSQL compiled to WebAssembly and runs
// wherever it is called; on the server's thread every statement (each batch of the request log, each
// import, each report) would stop HTTP for as long as it takes. Here the server's thread only posts
// the statement and its parameters; the database works on the other core (decision record 0003).
//
// The client answers the part of PGlite's interface that Drizzle and our adapters use (query with
// rowMode, raw-text parsers and COPY blobs, exec, transaction, close), so `drizzle-orm/pglite` runs
// on it unchanged.
import { Worker } from "node:worker_threads";
import type { ErrorFields, Reply, Request } from "./pglite-protocol.ts";

export interface QueryResult<R = unknown> {
  rows: R[];
  fields: { name: string; dataTypeID: number }[];
  affectedRows?: number;
  blob?: Blob;
}
export interface QueryOptions {
  rowMode?: "array" | "object";
  /** Per type OID; only identity parsers (answer the raw text) are supported, as Drizzle passes. */
  parsers?: Record<number, unknown>;
  blob?: Blob;
}
export interface PgliteConnection {
  query<R = unknown>(text: string, params?: unknown[], opts?: QueryOptions): Promise<QueryResult<R>>;
  exec(text: string): Promise<QueryResult[]>;
}

/** A database error raised on the database's thread, with PGlite's fields (code, detail, constraint...). */
export class DatabaseError extends Error {
  code?: string;
  constructor(fields: ErrorFields) {
    super(fields.message);
    const { message: _m, name: _n, ...rest } = fields;
    Object.assign(this, rest);
    this.name = fields.name === "error" || !fields.name ? "DatabaseError" : fields.name;
  }
}

type Pending = { resolve(v: unknown): void; reject(e: unknown): void };
type Body = Request extends infer R ? (R extends unknown ? Omit<R, "seq"> : never) : never;

export class PgliteThread implements PgliteConnection {
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  #seq = 0;
  #stopped: Error | null = null;

  private constructor(worker: Worker) {
    this.#worker = worker;
    // Idle, the thread must not keep the process alive; a statement in flight must.
    worker.unref();
    worker.on("message", (m: Reply) => this.#answer(m));
    worker.on("error", (err) => this.#stop(err));
    worker.on("exit", (code) => this.#stop(new Error(`the database thread stopped (exit code ${code})`)));
  }

  /** Starts the thread and opens the database (`dataDir` undefined: in memory). */
  static start(dataDir: string | undefined): Promise<PgliteThread> {
    // No inherited flags: the thread needs none, and some (`--input-type`, a test runner's) break it.
    const worker = new Worker(new URL("./pglite-worker.ts", import.meta.url), {
      workerData: { dataDir },
      execArgv: [],
    });
    const thread = new PgliteThread(worker);
    return new Promise((resolve, reject) => {
      worker.ref();
      thread.#pending.set(0, {
        resolve: () => resolve(thread),
        reject: (err) => {
          void worker.terminate();
          reject(err);
        },
      });
    });
  }

  #answer(m: Reply) {
    const p = this.#pending.get(m.seq);
    if (!p) return;
    this.#pending.delete(m.seq);
    if (this.#pending.size === 0) this.#worker.unref();
    if (m.error) p.reject(new DatabaseError(m.error));
    else p.resolve(m.result);
  }

  #stop(err: Error) {
    this.#stopped ??= err;
    for (const p of this.#pending.values()) p.reject(err);
    this.#pending.clear();
  }

  #call<T>(body: Body): Promise<T> {
    if (this.#stopped) return Promise.reject(this.#stopped);
    const seq = ++this.#seq;
    return new Promise<T>((resolve, reject) => {
      if (this.#pending.size === 0) this.#worker.ref();
      this.#pending.set(seq, { resolve: resolve as (v: unknown) => void, reject });
      this.#worker.postMessage({ ...body, seq });
    });
  }

  query<R = unknown>(
    text: string,
    params?: unknown[],
    opts?: QueryOptions,
    tx?: number,
  ): Promise<QueryResult<R>> {
    return this.#call({
      op: "query",
      tx,
      text,
      params,
      rowMode: opts?.rowMode,
      raw: opts?.parsers ? Object.keys(opts.parsers).map(Number) : undefined,
      blob: opts?.blob,
    });
  }

  exec(text: string, tx?: number): Promise<QueryResult[]> {
    return this.#call({ op: "exec", tx, text });
  }

  /** Several statements in one transaction, rolled back on the first failure. */
  execInTransaction(text: string): Promise<QueryResult[]> {
    return this.#call({ op: "execInTransaction", text });
  }

  /**
   * Runs `fn` in a transaction that holds the database (as PGlite's own transaction() does: other
   * statements wait until it ends); commits when `fn` resolves, rolls back when it throws.
   */
  async transaction<T>(fn: (tx: PgliteConnection) => Promise<T>): Promise<T> {
    const id = await this.#call<number>({ op: "begin" });
    const tx: PgliteConnection = {
      query: <R>(text: string, params?: unknown[], opts?: QueryOptions) =>
        this.query<R>(text, params, opts, id),
      exec: (text) => this.exec(text, id),
    };
    let result: T;
    try {
      result = await fn(tx);
    } catch (err) {
      await this.#call({ op: "end", tx: id, commit: false }).catch(() => {});
      throw err;
    }
    await this.#call({ op: "end", tx: id, commit: true });
    return result;
  }

  async close(): Promise<void> {
    if (this.#stopped) return;
    await this.#call({ op: "close" });
    this.#stopped = new Error("the database is closed");
    await this.#worker.terminate();
  }
}
