// Reading a CSV table by column meaning rather than position: a parser names each field it wants with
// the titles brokers use for it (in every language it knows), finds the header row, and reads each data
// row's fields as text, numbers and dates, every failure becoming a RowIssue that names row and column.
// Columns may be reordered, optional ones missing, titles differ in case, accents or punctuation.
import type { ParseOptions } from "../parsers/types.ts";
import type { CsvRecord } from "./csv.ts";
import { normalizeHeader } from "./csv.ts";
import { type DateOrder, dateOrderEvidence, detectDateOrder, isAmbiguousDate, readDate } from "./dates.ts";
import type { ParseLog } from "./issues.ts";
import { type DecimalSeparator, detectDecimal, readNumber } from "./numbers.ts";

/** For each field, the column titles that mean it (first match wins). */
export type ColumnSpec<K extends string> = Record<K, readonly string[]>;

export class Header<K extends string> {
  /** The header's record (its `row` is the header line). */
  readonly record: CsvRecord;
  private readonly index: Partial<Record<K, number>>;

  private constructor(record: CsvRecord, index: Partial<Record<K, number>>) {
    this.record = record;
    this.index = index;
  }

  /** Matches a record's titles against the spec; undefined unless every `required` field is there. */
  static match<K extends string>(
    record: CsvRecord,
    spec: ColumnSpec<K>,
    required: readonly NoInfer<K>[],
  ): Header<K> | undefined {
    const titles = record.fields.map(normalizeHeader);
    const index: Partial<Record<K, number>> = {};
    const taken = new Set<number>();
    for (const key of Object.keys(spec) as K[]) {
      for (const alias of spec[key]) {
        const i = titles.findIndex((t, j) => t === normalizeHeader(alias) && !taken.has(j));
        if (i >= 0) {
          index[key] = i;
          taken.add(i);
          break;
        }
      }
    }
    if (required.some((k) => index[k] === undefined)) return undefined;
    return new Header(record, index);
  }

  /** The first record (within `scan` records) that matches as a header. */
  static find<K extends string>(
    records: readonly CsvRecord[],
    spec: ColumnSpec<K>,
    required: readonly NoInfer<K>[],
    scan = 40,
  ): Header<K> | undefined {
    for (const r of records.slice(0, scan)) {
      if (r.blank) continue;
      const h = Header.match(r, spec, required);
      if (h) return h;
    }
    return undefined;
  }

  has(key: K): boolean {
    return this.index[key] !== undefined;
  }

  /** The column's position, or -1 when the file lacks it. */
  col(key: K): number {
    return this.index[key] ?? -1;
  }

  /** The file's own title for the field (what an issue names), or the field's first alias. */
  title(key: K, spec?: ColumnSpec<K>): string {
    const i = this.index[key];
    if (i !== undefined) return this.record.fields[i]!.trim();
    return spec?.[key][0] ?? key;
  }

  /** Every value of a column among the given records (for deciding decimal separator and date order). */
  values(records: readonly CsvRecord[], key: K): string[] {
    const i = this.index[key];
    if (i === undefined) return [];
    return records.map((r) => r.fields[i] ?? "").filter((v) => v.trim() !== "");
  }
}

export interface FileFormat {
  decimal?: DecimalSeparator;
  dateOrder?: DateOrder;
}

/**
 * Decides a file's decimal separator and date order: the caller's options first, then the evidence in
 * the sampled values, then the broker's usual format (`fallback`, only when the file has no evidence
 * either way). When the file contradicts itself and nothing settles it, the field stays undefined and
 * each ambiguous value becomes an error naming the option to set.
 */
export function decideFormat(
  numbers: readonly string[],
  dates: readonly string[],
  options: ParseOptions = {},
  fallback: FileFormat = {},
): FileFormat {
  const decimal = options.decimal ?? detectDecimal(numbers) ?? fallback.decimal;
  const evidence = dateOrderEvidence(dates);
  const contradicts = evidence.dmy > 0 && evidence.mdy > 0;
  const dateOrder =
    options.dateOrder ?? detectDateOrder(dates) ?? (contradicts ? undefined : fallback.dateOrder);
  const out: FileFormat = {};
  if (decimal) out.decimal = decimal;
  if (dateOrder) out.dateOrder = dateOrder;
  return out;
}

/** Values a broker writes for "nothing": empty, dashes, N/A. */
export function isNothing(value: string | undefined): boolean {
  if (value === undefined) return true;
  const v = value.trim();
  return v === "" || v === "-" || v === "--" || v === "—" || /^n\/?a$/i.test(v);
}

/** One data row read through its header: each read that fails logs an issue and answers undefined. */
export class RowReader<K extends string> {
  readonly header: Header<K>;
  readonly record: CsvRecord;
  private readonly log: ParseLog;
  private readonly format: FileFormat;

  constructor(header: Header<K>, record: CsvRecord, log: ParseLog, format: FileFormat = {}) {
    this.header = header;
    this.record = record;
    this.log = log;
    this.format = format;
  }

  get row(): number {
    return this.record.row;
  }

  /** The trimmed text, undefined when the column is absent or the cell empty (or `-`, `--`, `N/A`). */
  text(key: K): string | undefined {
    const i = this.header.col(key);
    if (i < 0) return undefined;
    const v = this.record.fields[i];
    if (isNothing(v)) return undefined;
    return v!.trim();
  }

  /** Like `text`, but logs `missing_field` when empty. */
  requireText(key: K): string | undefined {
    const v = this.text(key);
    if (v === undefined) this.missing(key);
    return v;
  }

  /** A number as a normalised decimal string; `bad_number` when it cannot be read. */
  number(key: K, required = false): string | undefined {
    const raw = this.text(key);
    if (raw === undefined) {
      if (required) this.missing(key);
      return undefined;
    }
    const r = readNumber(raw, this.format.decimal);
    if (r.ok) return r.value;
    const hint = r.reason === "ambiguous" ? ' Set the decimal separator ("." or ",") for this file.' : "";
    this.log.error(
      this.row,
      "bad_number",
      `${this.header.title(key)}: ${r.message}${hint}`,
      this.header.title(key),
    );
    return undefined;
  }

  /** A date as `YYYY-MM-DD`; `bad_date` when it cannot be read (or its day/month order is unknown). */
  date(key: K, required = true): string | undefined {
    const raw = this.text(key);
    if (raw === undefined) {
      if (required) this.missing(key);
      return undefined;
    }
    const d = readDate(raw, this.format.dateOrder);
    if (d) return d;
    const why = isAmbiguousDate(raw)
      ? `"${raw}" could be day-first or month-first and the file does not tell; set the date order.`
      : `"${raw}" is not a date.`;
    this.log.error(this.row, "bad_date", `${this.header.title(key)}: ${why}`, this.header.title(key));
    return undefined;
  }

  missing(key: K): void {
    this.log.error(this.row, "missing_field", `${this.header.title(key)} is empty.`, this.header.title(key));
  }

  /** True when no error has been logged for this row so far. */
  get ok(): boolean {
    return !this.log.hasError(this.row);
  }
}
