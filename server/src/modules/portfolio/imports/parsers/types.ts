// The contract every broker parser meets. A parser is pure: bytes in, normalised activities out. It
// never throws on bad input; a row it cannot read becomes an issue naming the row, column and reason,
// and every data row of the file is accounted for (parsed, ignored on purpose, or in error).
import type { TransactionType } from "../../engine/types.ts";

/** An uploaded file, decoded once (BOM, UTF-16, Windows-1252 handled) before any parser sees it. */
export interface SourceFile {
  name: string;
  bytes: Uint8Array;
  /** The decoded text (empty for binary formats such as xlsx). */
  text: string;
  /** The encoding the text was decoded from: `utf-8`, `utf-16le`, `utf-16be`, `windows-1252`. */
  encoding: string;
}

/** How the user (or the preset) says the file is written, when the content cannot tell. */
export interface ParseOptions {
  /** Decimal separator `.` or `,`; detected when absent. */
  decimal?: "." | ",";
  /** Date order for ambiguous numeric dates (03/04/2024). */
  dateOrder?: "DMY" | "MDY" | "YMD";
  /** The generic CSV's column mapping (its field → the file's column name). */
  mapping?: Record<string, string>;
  /** Currency of amounts the file does not label. */
  defaultCurrency?: string;
}

/**
 * One activity as the file states it, before it is matched to an instrument and an account. Numbers
 * are normalised decimal strings (`-1234.5`: dot decimal, no grouping, sign in front), never floats.
 * Sign conventions: quantity, price, amount, fee and withholdingTax are all positive; `type` carries
 * the direction (a withdrawal's amount is positive). Interest may be negative (interest paid).
 */
export interface ParsedActivity {
  /** 1-based line (CSV) or record (XML, JSON, OFX, xlsx row) number in the file. */
  row: number;
  type: TransactionType;
  /** YYYY-MM-DD: the trade date (or ex/pay date for income). */
  date: string;
  /** How the file names the instrument; at least one of these for instrument activities. */
  symbol?: string;
  isin?: string;
  /** ISO 10383 MIC when the file names the venue (or an exchange code mapped to one). */
  mic?: string;
  name?: string;
  /** `equity`, `etf`, `fund`, `bond`, `option`, `future`, `crypto`, `cfd`, `fx`… as the file says. */
  assetClass?: string;
  quantity?: string;
  price?: string;
  amount?: string;
  fee?: string;
  withholdingTax?: string;
  /** Currency of price, amount, fee and tax. */
  currency?: string;
  /** Units of the account's base currency per unit of `currency`, when the file gives it. */
  fxRate?: string;
  /** Split ratio (new per old). */
  ratio?: string;
  /** Conversion: the currency and amount bought (`currency`/`amount` are what was sold). */
  toCurrency?: string;
  toAmount?: string;
  /** Pairs transfer legs when the file says so. */
  transferId?: string;
  /** The broker's own id for the activity (trade id, transaction id), when the file carries one. */
  externalId?: string;
  /** The broker account the row belongs to, for files holding several accounts. */
  accountRef?: string;
  note?: string;
}

export interface RowIssue {
  row: number;
  /** The column (or XML attribute / JSON field) at fault, when one is. */
  column?: string;
  /** Stable machine code: `bad_number`, `bad_date`, `unknown_type`, `missing_field`, … */
  code: string;
  /** A sentence a user can act on. */
  message: string;
}

export interface ParseResult {
  /** The parser's id (the preset). */
  broker: string;
  activities: ParsedActivity[];
  errors: RowIssue[];
  warnings: RowIssue[];
  /** Data rows seen (headers, titles, blank and footer lines excluded). */
  totalRows: number;
  /** Data rows deliberately not turned into activities (cancelled trades, summaries), with why. */
  ignored: RowIssue[];
  /** Base currency when the file states it (IB statements do). */
  baseCurrency?: string;
  /** Broker account ids the file names. */
  accountRefs?: string[];
}

export interface BrokerParser {
  /** Preset id: `ibkr-flex-xml`, `degiro`, `generic-csv`, … */
  id: string;
  /** Name shown to the user. */
  label: string;
  /** How sure (0…1) this parser is that the file is its format, from content (name only as a hint). */
  detect(file: SourceFile): number;
  /** Synchronous for text formats; a binary format (xlsx) may answer a promise. */
  parse(file: SourceFile, options?: ParseOptions): ParseResult | Promise<ParseResult>;
}
