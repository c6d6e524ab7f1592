// Collecting what a parser found wrong or left out, row by row, and assembling its ParseResult. Row 0
// stands for the file as a whole (a missing header, an unreadable format).
import type { ParsedActivity, ParseResult, RowIssue } from "../parsers/types.ts";

export function issue(row: number, code: string, message: string, column?: string): RowIssue {
  return column === undefined ? { row, code, message } : { row, column, code, message };
}

export class ParseLog {
  readonly errors: RowIssue[] = [];
  readonly warnings: RowIssue[] = [];
  readonly ignored: RowIssue[] = [];
  private readonly rowsInError = new Set<number>();

  error(row: number, code: string, message: string, column?: string): void {
    this.errors.push(issue(row, code, message, column));
    this.rowsInError.add(row);
  }

  warn(row: number, code: string, message: string, column?: string): void {
    this.warnings.push(issue(row, code, message, column));
  }

  /** A data row deliberately not imported (a cancelled trade, a summary line), with why. */
  ignore(row: number, code: string, message: string, column?: string): void {
    this.ignored.push(issue(row, code, message, column));
  }

  /** True once an error names this row. */
  hasError(row: number): boolean {
    return this.rowsInError.has(row);
  }
}

export interface ResultExtras {
  baseCurrency?: string;
  accountRefs?: Iterable<string>;
}

/** Assembles a parser's result; activities come out in file order. */
export function buildResult(
  broker: string,
  log: ParseLog,
  activities: ParsedActivity[],
  totalRows: number,
  extras: ResultExtras = {},
): ParseResult {
  const result: ParseResult = {
    broker,
    activities: [...activities].sort((a, b) => a.row - b.row),
    errors: log.errors,
    warnings: log.warnings,
    totalRows,
    ignored: log.ignored,
  };
  if (extras.baseCurrency) result.baseCurrency = extras.baseCurrency;
  const refs = extras.accountRefs ? [...new Set(extras.accountRefs)].filter((r) => r !== "") : [];
  if (refs.length > 0) result.accountRefs = refs;
  return result;
}

/** The result for a file the parser cannot read at all (no header, not its format). */
export function unreadable(broker: string, message: string, code = "unrecognised_file"): ParseResult {
  const log = new ParseLog();
  log.error(0, code, message);
  return buildResult(broker, log, [], 0);
}

/** Drops undefined fields so activities compare and serialise cleanly. */
export function compact<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  const src = value as Record<string, unknown>;
  for (const k in src) {
    const v = src[k];
    if (v !== undefined && v !== "") out[k] = v;
  }
  return out as T;
}
