import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import { join } from "node:path";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import pg from "pg";
import type { Config } from "../../config.ts";
import { PgliteThread } from "../pglite-thread.ts";
import { secureDataDir } from "./data-dir.ts";

/** A Drizzle database or an open transaction: repositories accept either. */
export type Db = PgDatabase<PgQueryResultHKT, Record<string, never>>;

export interface Database {
  kind: "pglite" | "postgres";
  db: Db;
  /** Parameterised raw SQL, for adapters such as the job queue. */
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: R[] }>;
  /**
   * Several statements without parameters in one round trip, answering every statement's rows in
   * order. Text that opens its own transaction (`BEGIN; ...; COMMIT`, as pg-boss sends) holds the one
   * connection throughout, and is rolled back on that same connection if a statement fails, so a
   * failure never leaves an aborted transaction behind for the next caller.
   */
  exec(text: string): Promise<{ rows: Record<string, unknown>[] }>;
  /**
   * Runs `fn` while holding the PostgreSQL session advisory lock `key`, taken on a connection of its
   * own (outside the pool, so `fn` may use every pooled connection): processes starting together on
   * one server take turns, and each finds the work of the one before it done. On PGlite, which one
   * process at a time opens, it only runs `fn`.
   */
  exclusive<T>(key: number, fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** Where it lives, for `bullpen db info` and /health (never includes a password). */
  location: string;
  /**
   * Embedded only: entries of the data directory whose modes were looser than 0700 (directories) or
   * 0600 (files) when it was opened, and were tightened (data-dir.ts); the start-up logs the count.
   */
  modesFixed?: number;
}

export const MEMORY = ":memory:";

const OPENS_TRANSACTION = /^\s*(BEGIN|START\s+TRANSACTION)\b/i;

function flattenRows(result: unknown): { rows: Record<string, unknown>[] } {
  const parts = (Array.isArray(result) ? result : [result]) as { rows?: Record<string, unknown>[] }[];
  return { rows: parts.flatMap((r) => r.rows ?? []) };
}

export class DatabaseLockedError extends Error {}

export async function openDatabase(opts: {
  url?: string;
  dataDir: string;
  poolSize?: number;
}): Promise<Database> {
  return opts.url ? openPostgres(opts.url, opts.poolSize ?? 10) : openPglite(opts.dataDir);
}

/** Opens the database a configuration names: the server's pool, or the embedded data directory. */
export function openDatabaseFor(config: Pick<Config, "DATABASE_URL" | "dataDir" | "DATABASE_POOL_SIZE">) {
  return openDatabase({
    url: config.DATABASE_URL,
    dataDir: config.dataDir,
    poolSize: config.DATABASE_POOL_SIZE,
  });
}

async function openPostgres(url: string, max: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max });
  // A failed idle client must not crash the process; the pool replaces it.
  pool.on("error", () => {});
  await pool.query("select 1");
  const db = drizzlePg(pool) as unknown as Db;
  const u = new URL(url);
  return {
    kind: "postgres",
    db,
    query: async (text, params) => pool.query(text, params as unknown[]) as never,
    exec: async (text) => {
      if (!OPENS_TRANSACTION.test(text)) return flattenRows(await pool.query(text));
      const client = await pool.connect();
      try {
        return flattenRows(await client.query(text));
      } catch (err) {
        await client.query("ROLLBACK").catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    exclusive: async (key, fn) => {
      const client = new pg.Client({ connectionString: url });
      client.on("error", () => {}); // a dropped connection fails the query below instead
      await client.connect();
      try {
        await client.query("select pg_advisory_lock($1)", [key]);
        return await fn();
      } finally {
        // Ending the session releases the lock even if the unlock cannot be sent.
        await client.query("select pg_advisory_unlock($1)", [key]).catch(() => {});
        await client.end().catch(() => {});
      }
    },
    close: () => pool.end(),
    location: `${u.hostname}:${u.port || 5432}${u.pathname}`,
  };
}

/** `dataDir` ":memory:" gives a throw-away in-memory database (tests). */
async function openPglite(dataDir: string): Promise<Database> {
  const memory = dataDir === MEMORY;
  // Owner-only modes before PGlite opens the files, and again after: its initdb and its relcache
  // files come out 0666/0644 whatever the umask. Only the first count is reported.
  const modesFixed = memory ? 0 : secureDataDir(dataDir);
  const releaseLock = memory ? () => {} : acquireDirectoryLock(dataDir);
  try {
    // The database runs on its own thread (pglite-thread.ts), not the server's.
    const client = await PgliteThread.start(memory ? undefined : join(dataDir, "pgdata"));
    if (!memory) secureDataDir(dataDir);
    const db = drizzlePglite(client as never) as unknown as Db;
    return {
      kind: "pglite",
      db,
      query: async (text, params) => client.query(text, params as unknown[]) as never,
      // PGlite's transaction() holds its connection lock and rolls back on error before releasing it;
      // the text's own BEGIN/COMMIT inside only raise harmless warnings.
      exec: async (text) =>
        flattenRows(
          OPENS_TRANSACTION.test(text) ? await client.execInTransaction(text) : await client.exec(text),
        ),
      exclusive: (_key, fn) => fn(),
      close: async () => {
        await client.close();
        if (!memory) secureDataDir(dataDir);
        releaseLock();
      },
      location: memory ? "memory" : join(dataDir, "pgdata"),
      modesFixed,
    };
  } catch (err) {
    releaseLock();
    throw err;
  }
}

/**
 * PGlite has no lock of its own and two processes on one directory corrupt it, so the
 * first process writes its pid into `bullpen.lock`; a second one refuses to start while
 * that pid is alive. A lock left by a dead process is taken over.
 */
export function acquireDirectoryLock(dataDir: string): () => void {
  const path = join(dataDir, "bullpen.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, "wx", 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          if (readFileSync(path, "utf8") === String(process.pid)) unlinkSync(path);
        } catch {}
      };
      process.once("exit", release);
      return release;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const pid = Number(readFileSync(path, "utf8"));
      if (pid && pid !== process.pid && isAlive(pid)) {
        throw new DatabaseLockedError(
          `The embedded database in ${dataDir} is in use by another Bullpen process (pid ${pid}). ` +
            "Stop it first, or point BULLPEN_DATA_DIR elsewhere, or use DATABASE_URL for a PostgreSQL server shared by several processes.",
        );
      }
      if (pid === process.pid) {
        throw new DatabaseLockedError(`The embedded database in ${dataDir} is already open in this process.`);
      }
      unlinkSync(path); // stale lock from a process that died
    }
  }
  throw new DatabaseLockedError(`Could not lock ${dataDir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Runs `fn` in a transaction, or inside the caller's transaction when `db` already is one,
 * so a verb called from another verb joins its outer transaction.
 */
export function inTransaction<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  if (db instanceof PgTransaction) return fn(db as unknown as Db);
  return db.transaction((tx) => fn(tx as unknown as Db));
}
