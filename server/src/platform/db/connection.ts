// The driver connection under a Drizzle handle, for what Drizzle does not do: COPY, rows as arrays,
// named prepared statements, affected-row counts. Repositories ask `connectionOf(db)` and get one
// interface; only this file knows how pg and PGlite differ.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { PgTransaction } from "drizzle-orm/pg-core";
import { from as copyFrom } from "pg-copy-streams";
import type { PgliteConnection } from "../pglite-thread.ts";
import { BINARY_COPY_HEADER, BINARY_COPY_TRAILER } from "./binary-copy.ts";
import type { Db } from "./index.ts";

export interface RawQueryOptions {
  /** Rows as arrays of column values (no object per row). */
  rowMode?: "array";
  /** On PostgreSQL outside a transaction: a named prepared statement (parsed and planned once). */
  name?: string;
}

export interface RawConnection {
  driver: "pg" | "pglite";
  /** True inside a transaction (the statements share its connection). */
  inTransaction: boolean;
  /** A parameterised statement; `rowCount` is the rows returned or affected. */
  query<R = Record<string, unknown>>(
    text: string,
    params?: unknown[],
    opts?: RawQueryOptions,
  ): Promise<{ rows: R[]; rowCount: number }>;
  /**
   * `COPY <target> FROM STDIN (FORMAT csv)` of CSV text from an async source. On PostgreSQL one
   * streamed COPY with back-pressure; on PGlite each ~4 MB of text is one COPY from a blob.
   * Needs a transaction on PGlite only when the caller wants the chunks to be atomic.
   */
  copyCsv(target: string, source: AsyncIterable<string>): Promise<void>;
  /**
   * `COPY <target> FROM STDIN (FORMAT binary)` of tuples from `BinaryRows` (each chunk ends at a
   * row boundary); the header and trailer are added here, on PGlite once per ~4 MB blob.
   */
  copyBinary(target: string, source: AsyncIterable<Uint8Array>): Promise<void>;
}

interface PgLike {
  query(q: unknown, values?: unknown[]): Promise<{ rows: unknown[]; rowCount: number | null }>;
}

const PGLITE_COPY_CHUNK = 4 * 1024 * 1024;

function pgConnection(client: PgLike, inTransaction: boolean): RawConnection {
  return {
    driver: "pg",
    inTransaction,
    async query(text, params = [], opts = {}) {
      const r = await client.query(
        opts.rowMode || opts.name
          ? { text, values: params, rowMode: opts.rowMode, name: inTransaction ? undefined : opts.name }
          : text,
        opts.rowMode || opts.name ? undefined : params,
      );
      return { rows: r.rows as never[], rowCount: r.rowCount ?? r.rows.length };
    },
    copyCsv: (target, source) =>
      pgCopy(client, inTransaction, `copy ${target} from stdin with (format csv)`, source),
    copyBinary: (target, source) =>
      pgCopy(client, inTransaction, `copy ${target} from stdin with (format binary)`, framed(source)),
  };
}

/** Tuples between the binary COPY header and trailer, once the source has yielded something. */
async function* framed(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  let started = false;
  for await (const chunk of source) {
    if (!started) yield BINARY_COPY_HEADER;
    started = true;
    yield chunk;
  }
  if (started) yield BINARY_COPY_TRAILER;
}

/** One streamed COPY with back-pressure; nothing is sent when the source yields nothing. */
async function pgCopy(
  client: PgLike,
  inTransaction: boolean,
  statement: string,
  source: AsyncIterable<string | Uint8Array>,
): Promise<void> {
  const it = source[Symbol.asyncIterator]();
  const first = await it.next();
  if (first.done) return;
  const rest = async function* () {
    yield first.value;
    for (let n = await it.next(); !n.done; n = await it.next()) yield n.value;
  };
  // A pool has no COPY of its own: take one connection for it.
  const pool = client as PgLike & { connect?: () => Promise<PgLike & { release(): void }> };
  const conn = inTransaction || !pool.connect ? client : await pool.connect();
  try {
    const stream = conn.query(copyFrom(statement)) as unknown;
    await pipeline(Readable.from(rest(), { objectMode: false }), stream as NodeJS.WritableStream);
  } finally {
    if (conn !== client) (conn as unknown as { release(): void }).release();
  }
}

function pgliteConnection(client: PgliteConnection, inTransaction: boolean): RawConnection {
  return {
    driver: "pglite",
    inTransaction,
    async query(text, params = [], opts = {}) {
      const r = await client.query(text, params, opts.rowMode ? { rowMode: "array" } : undefined);
      return { rows: r.rows as never[], rowCount: r.affectedRows ?? r.rows.length };
    },
    copyCsv: (target, source) =>
      pgliteCopy(client, `copy ${target} from '/dev/blob' with (format csv)`, source, (t) => t.length),
    async copyBinary(target, source) {
      const statement = `copy ${target} from '/dev/blob' with (format binary)`;
      await pgliteCopy(
        client,
        statement,
        source,
        (b) => b.byteLength,
        [BINARY_COPY_HEADER],
        [BINARY_COPY_TRAILER],
      );
    },
  };
}

/** COPY from blobs of ~4 MB, each framed by `head` and `tail` (binary COPY needs both per statement). */
async function pgliteCopy<T extends string | Uint8Array>(
  client: PgliteConnection,
  statement: string,
  source: AsyncIterable<T>,
  sizeOf: (part: T) => number,
  head: Uint8Array[] = [],
  tail: Uint8Array[] = [],
): Promise<void> {
  let parts: T[] = [];
  let size = 0;
  const flush = async () => {
    if (size === 0) return;
    const blob = new Blob([...head, ...parts, ...tail]);
    parts = [];
    size = 0;
    await client.query(statement, [], { blob });
  };
  for await (const part of source) {
    parts.push(part);
    size += sizeOf(part);
    if (size >= PGLITE_COPY_CHUNK) await flush();
  }
  await flush();
}

/** The raw connection of a database handle or an open transaction. */
export function connectionOf(db: Db): RawConnection {
  const tx = db instanceof PgTransaction;
  const client = tx
    ? (db as unknown as { session: { client: unknown } }).session.client
    : (db as unknown as { $client: unknown }).$client;
  if (!client) throw new Error("connectionOf: not a Bullpen database handle");
  // pg's Pool and PoolClient have `release`/`totalCount`; PGlite's client has `exec` without them.
  const c = client as Record<string, unknown>;
  const isPg = typeof c.totalCount === "number" || typeof c.release === "function" || "connection" in c;
  return isPg ? pgConnection(client as PgLike, tx) : pgliteConnection(client as PgliteConnection, tx);
}
