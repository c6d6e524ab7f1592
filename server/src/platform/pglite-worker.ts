// The embedded database's own thread: one PGlite instance, answering the requests that
// pglite-thread.ts sends. Kept free of the server's other modules so the worker starts fast.
import { parentPort, workerData } from "node:worker_threads";
import { PGlite, type Results, type Transaction } from "@electric-sql/pglite";
import { citext } from "@electric-sql/pglite/contrib/citext";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import type { ErrorFields, Reply, Request } from "./pglite-protocol.ts";

const port = parentPort;
if (!port) throw new Error("pglite-worker.ts runs as a worker thread");
const { dataDir } = workerData as { dataDir: string | undefined };

/** Open transactions by id, each held open by a callback that PGlite's transaction() waits on. */
interface OpenTransaction {
  tx: Transaction;
  commit(): void;
  rollback(err: Error): void;
  /** Told how the transaction ended, once `end` asked for it. */
  ended?: (err: unknown) => void;
}
const transactions = new Map<number, OpenTransaction>();
let nextTx = 1;
const ROLLBACK = new Error("rolled back by the caller");

const identity = (v: string) => v;

function errorFields(err: unknown): ErrorFields {
  if (!(err instanceof Error)) return { message: String(err) };
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(err)) {
    if (v === undefined || typeof v === "function" || typeof v === "object") continue;
    fields[k] = v;
  }
  return { ...fields, message: err.message, name: err.name };
}

/** Opens a transaction and answers its id; it stays open (holding PGlite's lock) until `end`. */
function begin(db: PGlite): Promise<number> {
  const id = nextTx++;
  return new Promise<number>((opened, failed) => {
    let isOpen = false;
    db.transaction(
      (tx) =>
        new Promise<void>((commit, rollback) => {
          isOpen = true;
          transactions.set(id, { tx, commit, rollback });
          opened(id);
        }),
    ).then(
      () => finish(id, null),
      (err) => (isOpen ? finish(id, err) : failed(err)),
    );
  });
}

function finish(id: number, err: unknown) {
  const t = transactions.get(id);
  transactions.delete(id);
  t?.ended?.(err);
}

function end(id: number, commit: boolean): Promise<void> {
  const t = transactions.get(id);
  if (!t) return Promise.reject(new Error(`no open transaction ${id}`));
  return new Promise<void>((done, failed) => {
    // A rollback the caller asked for is the expected outcome, not an error.
    t.ended = (err) => (err && err !== ROLLBACK ? failed(err) : done());
    if (commit) t.commit();
    else t.rollback(ROLLBACK);
  });
}

const resultOf = (r: Results<unknown>) => ({
  rows: r.rows,
  fields: r.fields,
  affectedRows: r.affectedRows,
  blob: r.blob,
});

async function handle(db: PGlite, m: Request): Promise<unknown> {
  switch (m.op) {
    case "query": {
      const on = m.tx === undefined ? db : openTransaction(m.tx);
      const parsers = m.raw ? Object.fromEntries(m.raw.map((oid) => [oid, identity])) : undefined;
      const r = await on.query(m.text, m.params, {
        ...(m.rowMode ? { rowMode: m.rowMode } : {}),
        ...(parsers ? { parsers } : {}),
        ...(m.blob ? { blob: m.blob } : {}),
      });
      return resultOf(r);
    }
    case "exec":
      return (await (m.tx === undefined ? db : openTransaction(m.tx)).exec(m.text)).map(resultOf);
    case "execInTransaction":
      return (await db.transaction((tx) => tx.exec(m.text))).map(resultOf);
    case "begin":
      return begin(db);
    case "end":
      return end(m.tx, m.commit);
    case "close":
      await db.close();
      return null;
  }
}

function openTransaction(id: number): Transaction {
  const t = transactions.get(id);
  if (!t) throw new Error(`no open transaction ${id}`);
  return t.tx;
}

try {
  // Only the extensions the schema uses: each is unpacked at every start (pgcrypto, 1.1 MB with its
  // OpenSSL, cost 0.2-0.3 s per CLI command and was never called; hashing happens in Node).
  const db = await PGlite.create(dataDir, {
    extensions: { citext, pg_trgm },
    // A single-user backend has no checkpointer: the log is cut only by an explicit CHECKPOINT (the
    // maintenance pass, platform/db/maintenance.ts) or at close, which then keeps up to max_wal_size
    // of recycled segments. Keep that at its floor (two 16 MB segments; the default is 1 GB) so the data
    // directory shrinks back after a burst of writes.
    startParams: [...PGlite.defaultStartParams, "-c", "max_wal_size=32MB", "-c", "min_wal_size=32MB"],
  });
  port.on("message", (m: Request) => {
    handle(db, m).then(
      (result) => port.postMessage({ seq: m.seq, result } satisfies Reply),
      (err) => port.postMessage({ seq: m.seq, error: errorFields(err) } satisfies Reply),
    );
  });
  port.postMessage({ seq: 0, result: "ready" } satisfies Reply);
} catch (err) {
  port.postMessage({ seq: 0, error: errorFields(err) } satisfies Reply);
}
