// Bulk loading through a staging table: the generic half of every CSV import (bars, portfolio
// transactions, journal trades, news). Inside the caller's transaction it
// 1. creates a temporary staging table shaped like a given table (dropped at commit or rollback),
// 2. streams CSV text into it (COPY, through `connectionOf(tx).copyCsv`),
// 3. finds keys repeated within the batch and keys that clash with rows already stored, by row
//    number, so an import can refuse the whole batch and name every bad row,
// 4. merges it into the target with one `INSERT … SELECT … ON CONFLICT DO NOTHING`, answering the
//    rows added (a re-import adds nothing).
// Table, column and expression texts come from code, never from input: names are checked.
import { connectionOf } from "./connection.ts";
import type { Db } from "./index.ts";
import { parsePgArray } from "./rows.ts";

const NAME = /^[a-z_][a-z0-9_]*$/;
const QUALIFIED = /^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/;

function checkName(name: string, what: string, re = NAME): string {
  if (!re.test(name)) throw new Error(`bulk: ${what} "${name}" is not a plain SQL name`);
  return name;
}
const quoted = (columns: readonly string[]) => columns.map((c) => `"${checkName(c, "column")}"`).join(", ");

/**
 * COPYs CSV text from `source` into `table` (`table (columns…)` when columns are given). `columns`
 * may be a function: it is called once the first text has arrived, for parsers that learn the
 * columns from a header. Nothing is sent when the source yields nothing.
 */
export async function copyCsvInto(
  db: Db,
  table: string,
  columns: readonly string[] | (() => readonly string[]) | null,
  source: AsyncIterable<string>,
): Promise<void> {
  checkName(table, "table", QUALIFIED);
  const it = source[Symbol.asyncIterator]();
  const first = await it.next();
  if (first.done) return;
  const cols = typeof columns === "function" ? columns() : columns;
  const target = cols && cols.length > 0 ? `${table} (${quoted(cols)})` : table;
  const all = async function* () {
    yield first.value;
    for (let n = await it.next(); !n.done; n = await it.next()) yield n.value;
  };
  await connectionOf(db).copyCsv(target, all());
}

/** As `copyCsvInto`, for tuples in binary COPY format (`BinaryRows` in binary-copy.ts). */
export async function copyBinaryInto(
  db: Db,
  table: string,
  columns: readonly string[] | (() => readonly string[]),
  source: AsyncIterable<Uint8Array>,
): Promise<void> {
  checkName(table, "table", QUALIFIED);
  const it = source[Symbol.asyncIterator]();
  const first = await it.next();
  if (first.done) return;
  const cols = typeof columns === "function" ? columns() : columns;
  const target = cols.length > 0 ? `${table} (${quoted(cols)})` : table;
  const all = async function* () {
    yield first.value;
    for (let n = await it.next(); !n.done; n = await it.next()) yield n.value;
  };
  await connectionOf(db).copyBinary(target, all());
}

export interface StageOptions {
  /** Name of the temporary table (one per transaction). */
  name: string;
  /** The table whose columns it copies (`create temp table … (like <like>)`). */
  like: string;
  /** The column numbering the rows as the file does (for error reports). Default `row_no`. */
  rowNo?: string;
}

/** A key found more than once in the staged batch: its values and every row number holding it. */
export interface StagedDuplicate {
  key: Record<string, unknown>;
  rows: number[];
}

/** A staged row whose key is already stored in the target. */
export interface StagedClash {
  row: number;
  key: Record<string, unknown>;
}

/** A staging table inside an open transaction; see the file comment. */
export class Stage {
  readonly name: string;
  readonly rowNo: string;
  private readonly tx: Db;

  private constructor(tx: Db, name: string, rowNo: string) {
    this.tx = tx;
    this.name = name;
    this.rowNo = rowNo;
  }

  /** Creates the temporary table; `tx` must be a transaction (the table is dropped at its end). */
  static async create(tx: Db, opts: StageOptions): Promise<Stage> {
    const conn = connectionOf(tx);
    if (!conn.inTransaction) throw new Error("bulk: a staging table needs a transaction");
    const name = checkName(opts.name, "stage");
    const rowNo = checkName(opts.rowNo ?? "row_no", "row number column");
    await conn.query(
      `create temp table ${name} (like ${checkName(opts.like, "table", QUALIFIED)}) on commit drop`,
    );
    return new Stage(tx, name, rowNo);
  }

  /** Streams CSV text into the stage (columns as for `copyCsvInto`). */
  copy(source: AsyncIterable<string>, columns: readonly string[] | (() => readonly string[])): Promise<void> {
    return copyCsvInto(this.tx, this.name, columns, source);
  }

  /** Keys present more than once in the batch, with their row numbers, in file order (at most `limit`). */
  async duplicates(key: readonly string[], limit = 10_000): Promise<StagedDuplicate[]> {
    const cols = quoted(key);
    const { rows } = await connectionOf(this.tx).query<Record<string, unknown>>(
      `select ${cols}, array_agg("${this.rowNo}" order by "${this.rowNo}")::text as rows__
       from ${this.name} group by ${cols} having count(*) > 1
       order by min("${this.rowNo}") limit ${Math.max(1, Math.floor(limit))}`,
    );
    return rows.map((r) => ({
      key: Object.fromEntries(key.map((k) => [k, r[k]])),
      rows: parsePgArray(r.rows__ as string).map(Number),
    }));
  }

  /**
   * Staged rows whose key is already stored: `join` is the condition between the stage (alias `s`)
   * and `target` (alias `t`); `where` narrows the staged rows; `$1…` in either are `params`.
   */
  async clashes(opts: {
    target: string;
    join: string;
    where?: string;
    params?: unknown[];
    key: readonly string[];
    limit?: number;
  }): Promise<StagedClash[]> {
    const keyCols = opts.key.map((k) => `s."${checkName(k, "column")}"`).join(", ");
    const { rows } = await connectionOf(this.tx).query<Record<string, unknown>>(
      `select s."${this.rowNo}" as row__, ${keyCols}
       from ${this.name} s join ${checkName(opts.target, "table", QUALIFIED)} t on ${opts.join}
       ${opts.where ? `where ${opts.where}` : ""}
       order by s."${this.rowNo}" limit ${Math.max(1, Math.floor(opts.limit ?? 10_000))}`,
      opts.params ?? [],
    );
    return rows.map((r) => ({
      row: Number(r.row__),
      key: Object.fromEntries(opts.key.map((k) => [k, r[k]])),
    }));
  }

  /**
   * Moves the staged rows into `into` (`columns`, filled by the `select` expressions over the stage,
   * `$1…` being `params`) in one statement; rows whose key is already stored are left as they are
   * (`on conflict do nothing`). Answers the rows added.
   */
  async merge(opts: {
    into: string;
    columns: readonly string[];
    select: string;
    params?: unknown[];
  }): Promise<number> {
    const { rowCount } = await connectionOf(this.tx).query(
      `insert into ${checkName(opts.into, "table", QUALIFIED)} (${quoted(opts.columns)})
       select ${opts.select} from ${this.name} on conflict do nothing`,
      opts.params ?? [],
    );
    return rowCount;
  }
}
