import { readFileSync } from "node:fs";

/** The agreed tolerance: |ours − oracle| ≤ 1e-9·|oracle| + 1e-10. */
export function withinTolerance(ours: number, oracle: number, rel = 1e-9, abs = 1e-10): boolean {
  return Math.abs(ours - oracle) <= rel * Math.abs(oracle) + abs;
}

export interface CsvTable {
  header: string[];
  rows: string[][];
  /** Column by name, empty cells as NaN (NA in the oracle). */
  column(name: string): Float64Array;
  /** Text column by name. */
  text(name: string): string[];
}

/** Minimal CSV reader for oracle files (RFC 4180 quotes supported; they contain R calls with commas). */
export function readCsv(path: string): CsvTable {
  const text = readFileSync(path, "utf8");
  const rows = parseCsv(text);
  const header = rows.shift() ?? [];
  const index = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`${path}: no column "${name}" (has ${header.join(", ")})`);
    return i;
  };
  return {
    header,
    rows,
    column(name) {
      const i = index(name);
      return Float64Array.from(rows, (r) => (r[i] === undefined || r[i] === "" ? Number.NaN : Number(r[i])));
    },
    text(name) {
      const i = index(name);
      return rows.map((r) => r[i] ?? "");
    },
  };
}

export function parseCsv(text: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      out.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    out.push(row);
  }
  return out;
}

/**
 * Compares a computed series with an oracle column: same NA pattern (NaN where the oracle is
 * empty) and every value within tolerance. Returns the max error and the first problem found.
 */
export function compareSeries(
  ours: ArrayLike<number>,
  oracle: ArrayLike<number>,
  opts: { rel?: number; abs?: number; from?: number; to?: number } = {},
): { maxError: number; cells: number; problem?: string } {
  const from = opts.from ?? 0;
  const to = opts.to ?? oracle.length;
  let maxError = 0;
  let cells = 0;
  let problem: string | undefined;
  if (ours.length !== oracle.length) problem = `length ${ours.length}, oracle ${oracle.length}`;
  for (let i = from; i < Math.min(to, ours.length, oracle.length); i++) {
    const a = ours[i];
    const b = oracle[i];
    if (Number.isNaN(b) || Number.isNaN(a)) {
      if (Number.isNaN(b) !== Number.isNaN(a))
        problem ??= `row ${i}: ours ${a}, oracle ${b} (NA pattern differs)`;
      continue;
    }
    cells++;
    const err = Math.abs(a - b);
    if (!(err <= maxError)) maxError = err;
    if (!withinTolerance(a, b, opts.rel, opts.abs)) problem ??= `row ${i}: ours ${a}, oracle ${b}`;
  }
  return { maxError, cells, problem };
}
