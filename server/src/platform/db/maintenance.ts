// Giving space back: VACUUM, ANALYZE and CHECKPOINT for the embedded database.
//
// PostgreSQL's autovacuum and checkpointer are processes of their own; PGlite runs PostgreSQL as one
// single-user backend, so neither exists. Without this file every deleted or updated row (job-queue
// rows, request-log retention, quote updates) and every row of an aborted import stays in the table
// files, and the write-ahead log is only cut at shutdown. Decision record 0005 says why a timer in
// the process runs the pass (not a queued job) and why it never runs VACUUM FULL on its own.
//
// A pass runs one statement per table, so other statements (HTTP requests) wait at most for one
// table's VACUUM, never for the whole pass. Plain VACUUM skips pages the visibility map marks
// all-visible, so a table that did not change since its last vacuum costs almost nothing.
import type { Database } from "./index.ts";

/** PostgreSQL's autovacuum defaults: vacuum after 50 + 20 % of the rows died, analyze after 50 + 10 % changed. */
const VACUUM_THRESHOLD = 50;
const VACUUM_SCALE = 0.2;
/** Rows inserted since the last vacuum (sets the visibility map for the next pass): 1000 + 20 %. */
const INSERT_THRESHOLD = 1000;
const ANALYZE_THRESHOLD = 50;
const ANALYZE_SCALE = 0.1;
/** Write-ahead log written since the last checkpoint that makes a pass end with CHECKPOINT. */
const CHECKPOINT_AFTER_BYTES = 16 * 1024 * 1024;

export interface MaintenanceOptions {
  /**
   * Vacuum and analyze every table, whatever the statistics say. PGlite keeps no statistics across
   * processes, so the first pass after a start (and `bullpen db vacuum`) covers everything once.
   */
  all?: boolean;
  /**
   * VACUUM FULL: rewrites each table and gives its free space back to the file system. It locks the
   * table while it runs (on PGlite: the whole database) and needs room for a copy of the table.
   */
  full?: boolean;
  /** CHECKPOINT at the end (PGlite only): "auto" when enough log was written since the last one. */
  checkpoint?: boolean | "auto";
  /**
   * Vacuum tables that only had rows added (default true): it sets the visibility map, so later
   * passes and index-only scans skip those pages. The end of a `bullpen` command leaves that to the
   * server's next pass: it vacuums an aborted import's rows and a large delete, and analyzes what
   * changed, but does not make a successful import wait for a scan of everything it added.
   */
  vacuumInserts?: boolean;
  /**
   * On PGlite, rebuild the B-tree indexes of the vacuumed tables that are more than twice the size
   * their rows need (default true). REINDEX holds the database while it runs (about a second per
   * million rows), so it happens only after an aborted bulk import or a mass delete.
   */
  reindex?: boolean;
  /** Checked between tables: a pass stops early while the process shuts down. */
  stopping?: () => boolean;
}

export interface MaintenanceReport {
  vacuumed: string[];
  analyzed: string[];
  /** Indexes rebuilt because they were more than twice the size their rows need. */
  reindexed: string[];
  checkpoint: boolean;
  /** Longest single statement: how long other statements had to wait at most. */
  longestStatementMs: number;
  ms: number;
}

interface TableStats {
  name: string;
  dead: number;
  modified: number;
  inserted: number;
  tuples: number;
}

/** Every table the pass may look at, with what the statistics say since they were last reset. */
async function tableStats(database: Database): Promise<TableStats[]> {
  // A backend publishes its counts at most once a second, when idle; PGlite's single backend would
  // otherwise show this pass the counts of a second ago.
  if (database.kind === "pglite") await database.query("select pg_stat_force_next_flush()");
  // On a PostgreSQL server the system catalogs are autovacuum's; on PGlite nobody else cleans them
  // (imports stage rows in temporary tables, which churns pg_class and pg_attribute).
  const catalogs = database.kind === "pglite" ? "" : "and s.schemaname <> 'pg_catalog'";
  const { rows } = await database.query<{
    name: string;
    dead: string;
    modified: string;
    inserted: string;
    tuples: string;
  }>(
    `select format('%I.%I', s.schemaname, s.relname) as name,
            s.n_dead_tup::text as dead, s.n_mod_since_analyze::text as modified,
            s.n_ins_since_vacuum::text as inserted, c.reltuples::bigint::text as tuples
       from pg_stat_all_tables s join pg_class c on c.oid = s.relid
      where c.relkind in ('r', 'm') and c.relpersistence = 'p'
        and s.schemaname <> 'information_schema' and s.schemaname not like 'pg\\_toast%' ${catalogs}
      order by pg_relation_size(s.relid)`,
  );
  return rows.map((r) => ({
    name: r.name,
    dead: Number(r.dead),
    modified: Number(r.modified),
    inserted: Number(r.inserted),
    tuples: Math.max(0, Number(r.tuples)),
  }));
}

/** Write-ahead log written since the last checkpoint began (PGlite; null where it cannot be read). */
async function walSinceCheckpoint(database: Database): Promise<number | null> {
  try {
    const { rows } = await database.query<{ n: string }>(
      "select pg_wal_lsn_diff(pg_current_wal_lsn(), (pg_control_checkpoint()).redo_lsn)::bigint::text as n",
    );
    return Number(rows[0]?.n);
  } catch {
    return null;
  }
}

/** An index at least this large, and at least twice the size its rows need, is rebuilt (PGlite). */
const REINDEX_MIN_BYTES = 8 * 1024 * 1024;
const REINDEX_RATIO = 2;
/** Each index's size right after this process rebuilt it: the estimate is checked against it. */
const rebuilt = new WeakMap<Database, Map<string, number>>();

/**
 * B-tree indexes of `tables` at least twice the size their rows need (estimated as in `deadSpace`).
 * VACUUM frees an index's pages for reuse but never shrinks the file: after an aborted import its
 * index keeps the pages the aborted rows split. Skips an index this process rebuilt that has not grown
 * by half since, so an estimate that is off cannot make every pass rebuild it.
 */
async function bloatedIndexes(database: Database, tables: string[]): Promise<string[]> {
  if (tables.length === 0) return [];
  const { rows } = await database.query<{ name: string; bytes: string }>(
    `select format('%I.%I', n.nspname, ic.relname) as name, pg_relation_size(ic.oid)::text as bytes
       from pg_index i
       join pg_class c on c.oid = i.indrelid join pg_namespace n on n.oid = c.relnamespace
       join pg_class ic on ic.oid = i.indexrelid join pg_am am on am.oid = ic.relam
       cross join lateral (
         select sum(s.avg_width) as width from pg_attribute a join pg_stats s
             on s.schemaname = n.nspname and s.tablename = c.relname and s.attname = a.attname
          where a.attrelid = c.oid and a.attnum = any(i.indkey::int2[])
       ) k
      where format('%I.%I', n.nspname, c.relname) = any($1::text[])
        and am.amname = 'btree' and i.indpred is null and not (0 = any(i.indkey::int2[]))
        and k.width is not null and c.reltuples >= 0 and pg_relation_size(ic.oid) > $2
        and pg_relation_size(ic.oid) > $3 * (ceil(c.reltuples / greatest(1, floor(
              (current_setting('block_size')::int - 40) * 0.9 / (ceil((8 + k.width) / 8.0) * 8 + 4))) * 1.01) + 1)
            * current_setting('block_size')::int`,
    [tables, REINDEX_MIN_BYTES, REINDEX_RATIO],
  );
  const sizes = rebuilt.get(database);
  return rows
    .filter((r) => {
      const after = sizes?.get(r.name);
      return after === undefined || Number(r.bytes) > 1.5 * after;
    })
    .map((r) => r.name);
}

async function indexBytes(database: Database, name: string): Promise<number> {
  const { rows } = await database.query<{ n: string }>("select pg_relation_size($1::regclass)::text as n", [
    name,
  ]);
  return Number(rows[0]?.n ?? 0);
}

/**
 * One maintenance pass: VACUUM (and ANALYZE) each table whose statistics call for it (or every table
 * with `all`), one statement per table; on PGlite, REINDEX the B-tree indexes of those tables that
 * are more than twice their rows' need, then CHECKPOINT so the write-ahead log shrinks.
 */
export async function maintainDatabase(
  database: Database,
  opts: MaintenanceOptions = {},
): Promise<MaintenanceReport> {
  const started = performance.now();
  const report: MaintenanceReport = {
    vacuumed: [],
    analyzed: [],
    reindexed: [],
    checkpoint: false,
    longestStatementMs: 0,
    ms: 0,
  };
  const timed = async (sql: string) => {
    const t = performance.now();
    await database.exec(sql);
    report.longestStatementMs = Math.max(report.longestStatementMs, performance.now() - t);
  };
  for (const t of await tableStats(database)) {
    if (opts.stopping?.()) break;
    const vacuum =
      opts.all ||
      t.dead > VACUUM_THRESHOLD + VACUUM_SCALE * t.tuples ||
      (opts.vacuumInserts !== false && t.inserted > INSERT_THRESHOLD + VACUUM_SCALE * t.tuples);
    const analyze = opts.all || t.modified > ANALYZE_THRESHOLD + ANALYZE_SCALE * t.tuples;
    if (!vacuum && !analyze) continue;
    const options = [opts.full && vacuum ? "full" : null, analyze ? "analyze" : null].filter(Boolean);
    await timed(
      vacuum ? `vacuum${options.length ? ` (${options.join(", ")})` : ""} ${t.name}` : `analyze ${t.name}`,
    );
    if (vacuum) report.vacuumed.push(t.name);
    if (analyze) report.analyzed.push(t.name);
  }
  if (database.kind === "pglite" && !opts.full && opts.reindex !== false) {
    for (const name of await bloatedIndexes(database, report.vacuumed)) {
      if (opts.stopping?.()) break;
      await timed(`reindex index ${name}`);
      report.reindexed.push(name);
      const sizes = rebuilt.get(database) ?? new Map<string, number>();
      rebuilt.set(database, sizes);
      sizes.set(name, await indexBytes(database, name));
    }
  }
  if (database.kind === "pglite" && !opts.stopping?.()) {
    const mode = opts.checkpoint ?? "auto";
    const since = mode === "auto" ? await walSinceCheckpoint(database) : null;
    if (mode === true || (mode === "auto" && since !== null && since > CHECKPOINT_AFTER_BYTES)) {
      await timed("checkpoint");
      report.checkpoint = true;
    }
  }
  report.ms = performance.now() - started;
  return report;
}

export interface MaintenanceLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  debug(obj: object, msg: string): void;
}

export interface MaintenanceSchedule {
  /** Runs a pass now (after the one in flight, if any). */
  runNow(opts?: MaintenanceOptions): Promise<MaintenanceReport>;
  /** Stops the timer and waits for a pass in flight, which stops at its next table. */
  stop(): Promise<void>;
}

/** How often the embedded database is looked after; the first pass comes soon after the start. */
export const MAINTENANCE_INTERVAL_MS = 60_000;
export const MAINTENANCE_FIRST_DELAY_MS = 10_000;

/**
 * The embedded database's autovacuum: a pass every minute in this process (one statistics query
 * when there is nothing to do). The first pass covers every table (PGlite's statistics do not
 * survive a restart, and a process killed in the middle of an import leaves its rows behind).
 * On a PostgreSQL server it does nothing: autovacuum runs there.
 */
export function scheduleMaintenance(
  database: Database,
  opts: { log: MaintenanceLog; intervalMs?: number; firstDelayMs?: number },
): MaintenanceSchedule {
  let stopped = database.kind !== "pglite";
  let first = true;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<MaintenanceReport> | null = null;

  const pass = (o: MaintenanceOptions): Promise<MaintenanceReport> => {
    const run = (running ?? Promise.resolve())
      .catch(() => null)
      .then(async () => {
        const report = await maintainDatabase(database, { ...o, stopping: () => stopped });
        const line = {
          vacuumed: report.vacuumed.length,
          analyzed: report.analyzed.length,
          reindexed: report.reindexed,
          checkpoint: report.checkpoint,
          longestStatementMs: Math.round(report.longestStatementMs),
          ms: Math.round(report.ms),
        };
        if (report.vacuumed.length || report.reindexed.length || report.checkpoint)
          opts.log.info(line, "database maintenance");
        else opts.log.debug(line, "database maintenance: nothing to do");
        return report;
      });
    running = run;
    void run.finally(() => {
      if (running === run) running = null;
    });
    return run;
  };

  const tick = () => {
    timer = null;
    if (stopped) return;
    const all = first;
    first = false;
    pass({ all })
      .catch((err) => opts.log.warn({ err }, "database maintenance failed; retried at the next pass"))
      .finally(() => {
        if (!stopped) arm(opts.intervalMs ?? MAINTENANCE_INTERVAL_MS);
      });
  };
  const arm = (ms: number) => {
    timer = setTimeout(tick, ms);
    timer.unref();
  };
  if (!stopped) arm(opts.firstDelayMs ?? MAINTENANCE_FIRST_DELAY_MS);

  return {
    runNow: (o = {}) => pass(o),
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await running?.catch(() => {});
    },
  };
}

export interface TableSpace {
  /** schema.table */
  table: string;
  /** Table, indexes and TOAST on disk. */
  totalBytes: number;
  /** The table's own pages (what VACUUM can truncate and VACUUM FULL rewrites). */
  tableBytes: number;
  /** Rows as of the last VACUUM or ANALYZE (null before the first). */
  rows: number | null;
  /**
   * Dead rows counted by the database's statistics; null on PGlite, which counts them only while the
   * process that made them runs (a `bullpen` command starts with none).
   */
  deadRows: number | null;
  /**
   * Estimated space in the table and its B-tree indexes beyond what the rows need: dead rows, and
   * free space VACUUM found but could not give back (VACUUM FULL would). From the row count and the
   * column widths of the last ANALYZE; null before the first ANALYZE.
   */
  reclaimableBytes: number | null;
}

/** The largest tables with their dead rows and reclaimable space. */
export async function deadSpace(database: Database, limit = 8): Promise<TableSpace[]> {
  // The size the rows would need if written afresh, from the row count and the columns' average
  // widths of the last ANALYZE:
  // - a table row: 23-byte header (24 aligned, with a short null bitmap), the data rounded up to 8,
  //   a 4-byte line pointer; a page holds (block size - 24) bytes of them at the table's fill factor;
  // - a B-tree entry: 8-byte header plus the key, rounded up to 8, and a line pointer; leaf pages
  //   (block size - 40) filled to 90 %, plus 1 % for the inner pages and the meta page. Other index
  //   kinds, partial and expression indexes count as needed in full.
  const { rows } = await database.query<{
    name: string;
    total: string;
    heap: string;
    tuples: string;
    dead: string | null;
    excess: string | null;
  }>(
    `with t as (
       select c.oid, n.nspname, c.relname, c.reltuples,
              pg_total_relation_size(c.oid) as total, pg_relation_size(c.oid) as heap,
              current_setting('block_size')::int as bs,
              coalesce((select option_value::int from pg_options_to_table(c.reloptions)
                         where option_name = 'fillfactor'), 100) as ff,
              (select sum(s.avg_width) from pg_stats s
                where s.schemaname = n.nspname and s.tablename = c.relname) as width
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where c.relkind in ('r', 'm') and c.relpersistence = 'p'
          and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_toast%'
        order by pg_total_relation_size(c.oid) desc
        limit $1
     ), ix as (
       select t.oid, sum(case
                when am.amname <> 'btree' or i.indpred is not null or 0 = any(i.indkey::int2[]) or k.width is null
                  then 0
                else greatest(0, pg_relation_size(i.indexrelid) - (ceil(t.reltuples / greatest(1, floor((t.bs - 40) * 0.9
                       / (ceil((8 + k.width) / 8.0) * 8 + 4))) * 1.01) + 1) * t.bs)
              end) as excess
         from t join pg_index i on i.indrelid = t.oid
         join pg_class ic on ic.oid = i.indexrelid join pg_am am on am.oid = ic.relam
         left join lateral (
           select sum(s.avg_width) as width from pg_attribute a join pg_stats s
               on s.schemaname = t.nspname and s.tablename = t.relname and s.attname = a.attname
            where a.attrelid = t.oid and a.attnum = any(i.indkey::int2[])
         ) k on true
        group by t.oid
     )
     select format('%I.%I', t.nspname, t.relname) as name, t.total::text, t.heap::text,
            t.reltuples::bigint::text as tuples, s.n_dead_tup::text as dead,
            case when t.reltuples < 0 then null
                 when t.reltuples > 0 and t.width is null then null
                 else (greatest(0, t.heap - case when t.reltuples = 0 then 0
                         else ceil(t.reltuples / greatest(1, floor((t.bs - 24) * t.ff / 100.0
                                / (24 + ceil(t.width / 8.0) * 8 + 4)))) * t.bs end)
                       + coalesce(ix.excess, 0))::bigint::text end as excess
       from t left join ix on ix.oid = t.oid left join pg_stat_all_tables s on s.relid = t.oid
      order by t.total desc`,
    [limit],
  );
  return rows.map((r) => {
    const tuples = Number(r.tuples);
    return {
      table: r.name,
      totalBytes: Number(r.total),
      tableBytes: Number(r.heap),
      rows: tuples < 0 ? null : tuples,
      deadRows: database.kind === "pglite" || r.dead === null ? null : Number(r.dead),
      reclaimableBytes: r.excess === null ? null : Number(r.excess),
    };
  });
}

/** Size of the write-ahead log (null where the role may not list it). */
export async function walBytes(database: Database): Promise<number | null> {
  try {
    const { rows } = await database.query<{ n: string | null }>(
      "select coalesce(sum(size), 0)::text as n from pg_ls_waldir()",
    );
    return Number(rows[0]?.n ?? 0);
  } catch {
    return null;
  }
}
