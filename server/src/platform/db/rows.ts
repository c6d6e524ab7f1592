// Raw-SQL row helpers for repositories: the drivers answer `execute` differently (pg: a result with
// `rows`; PGlite through Drizzle: the same), this reads both one way.
import type { SQL } from "drizzle-orm";
import type { Db } from "./index.ts";

/** The rows of an `execute` result, whichever driver answered. */
export const rowsOf = <T>(result: unknown): T[] =>
  ((result as { rows?: T[] }).rows ?? (result as T[])) as T[];

/** Runs a `sql` query and answers its rows. */
export async function queryRows<T = Record<string, unknown>>(db: Db, query: SQL): Promise<T[]> {
  return rowsOf<T>(await db.execute(query));
}

/** Parses a PostgreSQL array literal such as `{1,2,3}` (drivers sometimes answer arrays as text). */
export function parsePgArray(text: string | null | undefined): string[] {
  if (!text || text === "{}") return [];
  return text
    .slice(1, -1)
    .split(",")
    .map((s) => s.replace(/^"|"$/g, ""));
}
