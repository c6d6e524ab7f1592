import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import type { Database } from "./db/index.ts";

export const migrationsFolder = fileURLToPath(new URL("../../migrations", import.meta.url));
// Several API/worker processes may start at once against one server: one migrates, the others wait
// (a session lock on a connection of its own: a lock taken through the pool would stay with whichever
// pooled connection ran the statement, and the unlock could run on another).
export const MIGRATION_LOCK = 7_300_000;

/** Applies every committed migration not yet applied; the same files on PGlite and PostgreSQL. */
export async function runMigrations(database: Database): Promise<{ applied: number }> {
  return database.exclusive(MIGRATION_LOCK, async () => {
    // Counted under the lock: a process that waited finds the migrations applied, not applied by it.
    const before = (await migrationState(database)).applied;
    if (database.kind === "postgres") await migratePg(database.db as never, { migrationsFolder });
    else await migratePglite(database.db as never, { migrationsFolder });
    const after = (await migrationState(database)).applied;
    return { applied: after - before };
  });
}

export interface MigrationState {
  applied: number;
  pending: number;
  latest: string | null;
}

/** Counts the journal's migrations against the ones recorded in the database. */
export async function migrationState(database: Database): Promise<MigrationState> {
  const journal = JSON.parse(readFileSync(`${migrationsFolder}/meta/_journal.json`, "utf8")) as {
    entries: { tag: string }[];
  };
  let applied = 0;
  try {
    const { rows } = await database.query<{ n: string }>(
      "select count(*)::text as n from drizzle.__drizzle_migrations",
    );
    applied = Number(rows[0]?.n ?? 0);
  } catch {
    applied = 0; // no migrations table yet
  }
  return {
    applied,
    pending: Math.max(0, journal.entries.length - applied),
    latest: applied > 0 ? (journal.entries[applied - 1]?.tag ?? null) : null,
  };
}
