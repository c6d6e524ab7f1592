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

/**
 * The ledger books fees, taxes, dividends and returns of capital as positive amounts. A parser that read
 * a reversal (a withholding cancelled, a fee rebated, a dividend reversed: a negative amount of that type)
 * hands its activities here before building the result: a reversal that exactly cancels an activity of the
 * same type, currency, instrument and amount leaves both out (like a cancelled trade); one that cancels
 * nothing in the file becomes income, a refunded tax on a security as a dividend of that security and any
 * other refund as interest, with a warning saying so; a reversed dividend with nothing to cancel is left
 * out with the reason (its dividend was in an earlier file).
 */
export function settleReversals(activities: ParsedActivity[], log: ParseLog): ParsedActivity[] {
  const kinds = new Set(["fee", "tax", "dividend", "returnOfCapital"]);
  const negative = (a: ParsedActivity) =>
    kinds.has(a.type) && !!a.amount && a.amount.startsWith("-") && !/^-0*(\.0*)?$/.test(a.amount);
  const dropped = new Set<ParsedActivity>();
  const out: ParsedActivity[] = [];
  for (const r of activities.filter(negative)) {
    const target = r.amount!.slice(1);
    const original = activities.find(
      (a) =>
        a !== r &&
        !dropped.has(a) &&
        !negative(a) &&
        a.type === r.type &&
        a.amount === target &&
        a.currency === r.currency &&
        (a.isin ?? a.symbol ?? "") === (r.isin ?? r.symbol ?? ""),
    );
    if (original) {
      dropped.add(r);
      dropped.add(original);
      log.ignore(r.row, "reversal", `Reverses the ${r.type} on row ${original.row}: both are left out.`);
      log.ignore(original.row, "reversed", `Reversed on row ${r.row}: both are left out.`);
    }
  }
  for (const a of activities) {
    if (dropped.has(a)) continue;
    if (!negative(a)) {
      out.push(a);
      continue;
    }
    const refund = a.amount!.slice(1);
    if (a.type === "dividend" || a.type === "returnOfCapital") {
      log.ignore(
        a.row,
        "reversal",
        `Reverses a ${a.type} not in this file (${refund} ${a.currency ?? ""}): enter it by hand if it was imported before.`,
      );
      continue;
    }
    const onSecurity = a.type === "tax" && (a.isin || a.symbol);
    const what = a.type === "tax" ? "tax refund" : "fee rebate";
    log.warn(
      a.row,
      "refund",
      `A ${what} with nothing in this file to cancel: booked as ${onSecurity ? "a dividend" : "interest"}.`,
    );
    out.push({
      ...a,
      type: onSecurity ? "dividend" : "interest",
      amount: refund,
      note: [a.note, what].filter(Boolean).join("; "),
    });
  }
  return out;
}
