// Zod schemas of the import pipeline: the preview (staged rows with what each becomes in the ledger,
// and its errors and warnings), commit, undo, history, presets and saved generic-CSV mappings.
import { z } from "zod";
import { IMPORT_STATUSES } from "../schema.ts";

export const importIdParams = z.object({ id: z.string() });

/** A problem with one row (row 0: the file as a whole), naming the column when one is at fault. */
export const rowIssue = z.object({
  row: z.number().int(),
  column: z.string().optional(),
  code: z.string().describe("Stable machine code: bad_number, bad_date, unknown_symbol, missing_fx_rate, …"),
  message: z.string(),
});
export type RowIssueOut = z.infer<typeof rowIssue>;

/** What a parsed row becomes in the ledger (portfolio.transactions columns, decimals as strings). */
export const ledgerRow = z.object({
  type: z.string(),
  tradeDate: z.string(),
  seq: z.number().int(),
  instrumentId: z.string().nullable(),
  quantity: z.string().nullable(),
  price: z.string().nullable(),
  amount: z.string().nullable(),
  fee: z.string().nullable(),
  withholdingTax: z.string().nullable(),
  currency: z.string().nullable(),
  fxRate: z.string().nullable(),
  ratio: z.string().nullable(),
  transferId: z.string().nullable(),
  toCurrency: z.string().nullable(),
  toAmount: z.string().nullable(),
  toFxRate: z.string().nullable(),
  externalId: z.string().nullable(),
  note: z.string().nullable(),
  fingerprint: z.string(),
});
export type LedgerRow = z.infer<typeof ledgerRow>;

export const ROW_STATUSES = ["ok", "warning", "error", "ignored"] as const;

/** One row of the file as the preview shows it. */
export const stagedRow = z.object({
  row: z.number().int(),
  status: z.enum(ROW_STATUSES),
  /** The activity as the file states it (null for a row the parser could not read). */
  activity: z.record(z.string(), z.unknown()).nullable(),
  /** How the instrument was found: isin, symbol, name, alias, mapping, created; null when none. */
  matchedBy: z.string().nullable(),
  ledger: ledgerRow.nullable(),
  errors: z.array(rowIssue),
  warnings: z.array(rowIssue),
});
export type StagedRow = z.infer<typeof stagedRow>;

/** An instrument key of the file that matched nothing: map it, or ask the commit to create it. */
export const unmatchedKey = z.object({
  alias: z.string().describe("The key to map (upper-cased ISIN, symbol or name)"),
  symbol: z.string().nullable(),
  isin: z.string().nullable(),
  mic: z.string().nullable(),
  name: z.string().nullable(),
  currency: z.string().nullable(),
  rows: z.number().int(),
  reason: z.string(),
});

export const importSummary = z.object({
  id: z.string(),
  fileName: z.string(),
  broker: z.string(),
  detectedBroker: z.string().nullable(),
  accountId: z.string().nullable(),
  status: z.enum(IMPORT_STATUSES),
  totalRows: z.number().int(),
  importedRows: z.number().int(),
  duplicateRows: z.number().int(),
  failedRows: z.number().int(),
  /** Rows the file holds that can go to the ledger, and rows left out on purpose (with the reason). */
  validRows: z.number().int(),
  ignoredRows: z.number().int(),
  errorCount: z.number().int(),
  warningCount: z.number().int(),
  createdAt: z.string(),
  committedAt: z.string().nullable(),
  undoneAt: z.string().nullable(),
});
export type ImportSummary = z.infer<typeof importSummary>;

export const previewOut = importSummary.extend({
  /** The generic CSV's column mapping used (given, saved or suggested from the header); else null. */
  mapping: z.record(z.string(), z.string()).nullable(),
  unmatched: z.array(unmatchedKey),
  /** File-level problems (row 0) and the first rows' issues. */
  errors: z.array(rowIssue),
  warnings: z.array(rowIssue),
  /** The first page of rows (see GET /api/portfolio/imports/{id} for the rest). */
  rows: z.array(stagedRow),
  elapsedMs: z.number(),
});
export type PreviewOut = z.infer<typeof previewOut>;

export const importDetailQuery = z.object({
  filter: z.enum(["all", "errors", "warnings"]).default("all"),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export const importDetailOut = importSummary.extend({
  options: z.record(z.string(), z.unknown()),
  /** The staged rows (kept until commit; after it the ledger holds them, errors stay listed). */
  rows: z.array(stagedRow),
  /** Rows matching the filter (for paging). */
  total: z.number().int(),
  errors: z.array(rowIssue),
  warnings: z.array(rowIssue),
  unmatched: z.array(unmatchedKey),
});

export const importListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export const importListOut = z.object({
  imports: z.array(importSummary),
  /** Imports in all (for paging with offset and limit). */
  total: z.number().int(),
  offset: z.number().int(),
  limit: z.number().int(),
});

/** A file's columns as the generic CSV's mapping step shows them. */
export const columnsOut = z.object({
  /** The preset the content looks like, or null when none is sure (then map the columns). */
  detected: z.string().nullable(),
  /** The header row's column titles, and the line it is on. */
  headers: z.array(z.string()),
  headerRow: z.number().int(),
  /** Up to five data rows' values under each column (same order as headers). */
  samples: z.array(z.array(z.string())),
  /** The mapping fields (date required) and a mapping suggested from the titles. */
  fields: z.array(z.string()),
  suggested: z.record(z.string(), z.string()),
  /** Your saved mappings for a header of this shape (the most recently saved first). */
  saved: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      headerKey: z.string(),
      mapping: z.record(z.string(), z.string()),
      createdAt: z.string(),
      updatedAt: z.string(),
    }),
  ),
});

/** Upload fields besides the file (multipart fields or query parameters). */
export const previewFields = z.object({
  accountId: z.string().uuid("expected an account id").optional(),
  broker: z.string().max(64).optional(),
  decimal: z.enum([".", ","]).optional(),
  dateOrder: z.enum(["DMY", "MDY", "YMD"]).optional(),
  defaultCurrency: z
    .string()
    .regex(/^[A-Z]{3}$/, "expected a 3-letter currency code")
    .optional(),
  /** A saved generic-CSV mapping's id, or the mapping itself as JSON ({ field: column }). */
  mappingId: z.string().uuid("expected a saved mapping id").optional(),
  mapping: z.string().max(10_000).optional(),
});

export const commitBody = z.object({
  accountId: z.string().uuid("expected an account id").optional(),
  /** The user's choices for unmatched keys: `{ alias: instrumentId }`, remembered for next time. */
  mappings: z.record(z.string().min(1).max(200), z.string().uuid("expected an instrument id")).default({}),
  /** Create instruments for keys still unmatched (from the file's symbol, ISIN, venue, name, currency). */
  createInstruments: z.boolean().default(false),
});

export const commitOut = importSummary.extend({
  createdInstruments: z.number().int(),
  elapsedMs: z.number(),
});

export const undoOut = importSummary.extend({ removedRows: z.number().int() });

export const presetOut = z.object({
  id: z.string(),
  label: z.string(),
  formats: z.array(z.string()),
});
export const presetsOut = z.object({ presets: z.array(presetOut) });

export const mappingBody = z.object({
  name: z.string().trim().min(1).max(100),
  /** The file's header columns (the key is computed from them) … */
  headers: z.array(z.string().max(200)).min(1).max(200),
  /** … and which column holds each field: `{ date: "Trade Date", symbol: "Ticker", … }`. */
  mapping: z.record(z.string().min(1).max(64), z.string().max(200)),
});
export const mappingOut = z.object({
  id: z.string(),
  name: z.string(),
  headerKey: z.string(),
  mapping: z.record(z.string(), z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const mappingsQuery = z.object({
  headers: z
    .string()
    .max(10_000)
    .optional()
    .describe("A file's header line (comma-separated): answers only the mappings saved for that shape"),
});
export const mappingsOut = z.object({ mappings: z.array(mappingOut) });
