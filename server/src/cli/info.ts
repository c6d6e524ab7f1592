// `bullpen db info` and `bullpen db vacuum`.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import {
  deadSpace,
  type MaintenanceReport,
  maintainDatabase,
  type TableSpace,
  walBytes,
} from "../platform/db/maintenance.ts";
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
  /** The write-ahead log's size (null where the role may not read it). */
  walBytes: number | null;
  /** The largest tables: rows, dead rows, and space beyond what the rows need. */
  largestTables: TableSpace[];
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
  const [wal, largestTables] = await Promise.all([walBytes(database), deadSpace(database)]);
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
    walBytes: wal,
    largestTables,
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
  if (info.walBytes !== null) lines.push(`write-ahead log: ${human(info.walBytes)}`);
  if (info.schemas.length) {
    lines.push("schemas:");
    for (const s of info.schemas)
      lines.push(`  ${s.schema.padEnd(12)} ${String(s.tables).padStart(3)} tables  ${human(s.bytes)}`);
  }
  if (info.largestTables.length) {
    const reclaimable = info.largestTables.reduce((sum, t) => sum + (t.reclaimableBytes ?? 0), 0);
    lines.push(
      `largest tables (dead space ~${human(reclaimable)}; \`bullpen db vacuum\` makes it reusable, --full gives it back):`,
    );
    lines.push(
      `  ${"table".padEnd(34)} ${"size".padStart(10)} ${"rows".padStart(10)} ${"dead rows".padStart(10)} ${"reclaimable".padStart(11)}`,
    );
    for (const t of info.largestTables)
      lines.push(
        `  ${t.table.padEnd(34)} ${human(t.totalBytes).padStart(10)} ${count(t.rows).padStart(10)} ` +
          `${count(t.deadRows).padStart(10)} ${(t.reclaimableBytes === null ? "n/a" : human(t.reclaimableBytes)).padStart(11)}`,
      );
    if (info.kind === "pglite")
      lines.push(
        "  (PGlite counts dead rows only inside the process that made them; reclaimable is estimated from the last ANALYZE)",
      );
  }
  return lines.join("\n");
}

const count = (n: number | null) => (n === null ? "n/a" : String(Math.round(n)));

export interface VacuumResult extends MaintenanceReport {
  full: boolean;
  databaseBytesBefore: number | null;
  databaseBytesAfter: number | null;
  directoryBytesBefore: number | null;
  directoryBytesAfter: number | null;
}

/** `bullpen db vacuum`: every table vacuumed and analyzed (rewritten with `full`), then a checkpoint. */
export async function vacuumDatabase(platform: CliPlatform, opts: { full: boolean }): Promise<VacuumResult> {
  const { database } = platform;
  const size = async () => {
    const { rows } = await database.query<{ n: string }>(
      "select pg_database_size(current_database())::text as n",
    );
    return Number(rows[0]?.n);
  };
  const dir = () => (database.kind === "pglite" ? directorySize(database.location) : null);
  const databaseBytesBefore = await size();
  const directoryBytesBefore = dir();
  const report = await maintainDatabase(database, { all: true, full: opts.full, checkpoint: true });
  return {
    ...report,
    full: opts.full,
    databaseBytesBefore,
    databaseBytesAfter: await size(),
    directoryBytesBefore,
    directoryBytesAfter: dir(),
  };
}

export function formatVacuum(r: VacuumResult): string {
  const lines = [
    `${r.full ? "vacuum full" : "vacuum"}: ${r.vacuumed.length} tables vacuumed, ${r.analyzed.length} analyzed` +
      `${r.checkpoint ? ", checkpoint" : ""} in ${(r.ms / 1000).toFixed(1)} s`,
    `database size: ${human(r.databaseBytesBefore)} -> ${human(r.databaseBytesAfter)}`,
  ];
  if (r.directoryBytesBefore !== null)
    lines.push(`directory on disk: ${human(r.directoryBytesBefore)} -> ${human(r.directoryBytesAfter)}`);
  return lines.join("\n");
}

/** Walks the audit chain; an empty or unmigrated database has an empty (valid) chain. */
