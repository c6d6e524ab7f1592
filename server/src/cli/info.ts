// `bullpen db info` and `bullpen audit verify`.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { migrationState } from "../platform/migrate.ts";
import type { CliPlatform } from "./kit.ts";

export interface DbInfo {
  kind: "pglite" | "postgres";
  location: string;
  keySource: string;
  migrations: { applied: number; pending: number; latest: string | null };
  databaseBytes: number | null;
  /** On-disk size of the embedded database directory. */
  directoryBytes: number | null;
  schemas: { schema: string; tables: number; estimatedRows: number; bytes: number }[];
}

function directorySize(path: string): number {
  let total = 0;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const p = join(path, entry.name);
    if (entry.isDirectory()) total += directorySize(p);
    else if (entry.isFile()) total += statSync(p).size;
  }
  return total;
}

/** Kind, location, migration state and sizes (database, per module schema). */
export async function dbInfo(platform: CliPlatform): Promise<DbInfo> {
  const { database } = platform;
  const migrations = await migrationState(database);
  let databaseBytes: number | null = null;
  try {
    const { rows } = await database.query<{ n: string }>(
      "select pg_database_size(current_database())::text as n",
    );
    databaseBytes = Number(rows[0]?.n);
  } catch {}
  const { rows } = await database.query<{ schema: string; tables: string; rows: string; bytes: string }>(
    `select n.nspname as schema, count(*)::text as tables,
            coalesce(sum(greatest(c.reltuples, 0)), 0)::bigint::text as rows,
            coalesce(sum(pg_total_relation_size(c.oid)), 0)::text as bytes
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema')
        and n.nspname not like 'pg_%'
      group by n.nspname order by n.nspname`,
  );
  return {
    kind: database.kind,
    location: database.location,
    keySource: platform.keyOrigin,
    migrations,
    databaseBytes,
    directoryBytes: database.kind === "pglite" ? directorySize(database.location) : null,
    schemas: rows.map((r) => ({
      schema: r.schema,
      tables: Number(r.tables),
      estimatedRows: Number(r.rows),
      bytes: Number(r.bytes),
    })),
  };
}

const human = (n: number | null) => {
  if (n === null || !Number.isFinite(n)) return "n/a";
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${i === 0 ? n : n.toFixed(1)} ${units[i]}`;
};

export function formatDbInfo(info: DbInfo): string {
  const lines = [
    `database:    ${info.kind === "pglite" ? "embedded PGlite" : "PostgreSQL server"}`,
    `location:    ${info.location}`,
    `master key:  ${info.keySource}`,
    `migrations:  ${info.migrations.applied} applied, ${info.migrations.pending} pending` +
      (info.migrations.latest ? ` (latest ${info.migrations.latest})` : ""),
    `size:        ${human(info.databaseBytes)}` +
      (info.directoryBytes !== null ? ` (directory on disk ${human(info.directoryBytes)})` : ""),
  ];
  if (info.schemas.length) {
    lines.push("schemas:");
    for (const s of info.schemas)
      lines.push(`  ${s.schema.padEnd(12)} ${String(s.tables).padStart(3)} tables  ${human(s.bytes)}`);
  }
  return lines.join("\n");
}

/** Walks the audit chain; an empty or unmigrated database has an empty (valid) chain. */
