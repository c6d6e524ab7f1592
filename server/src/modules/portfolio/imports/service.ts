// Import verbs: preview an uploaded file (decode, detect, parse, match, check FX and holdings, stage
// the rows), the history, one import's rows, the presets, and the saved generic-CSV mappings.
// Commit and undo are in commit.ts.
import { createHash } from "node:crypto";
import { z } from "zod";
import type { Db } from "../../../platform/db/index.ts";
import { NotFoundError, ValidationError } from "../../../platform/errors.ts";
import { isUuid, newId } from "../../../platform/ids.ts";
import { defineVerb } from "../../../platform/verb.ts";
import {
  type ImportSummary,
  importDetailQuery,
  importListQuery,
  mappingBody,
  type PreviewOut,
  previewFields,
  type RowIssueOut,
  type StagedRow,
} from "./contracts.ts";
import type { Unmatched } from "./matching.ts";
import type { ParseOptions, ParseResult } from "./parsers/types.ts";
import { buildPlan, type Plan } from "./plan.ts";
import {
  decodeUpload,
  detectPreset,
  GENERIC_CSV,
  MAPPING_FIELDS,
  presetById,
  presetList,
  suggestMapping,
} from "./presets.ts";
import * as repo from "./repository.ts";
import { detectDelimiter, normalizeHeader, parseCsvText } from "./text/csv.ts";

/** Largest file accepted (a 50,000-row broker export is a few MB). */
export const MAX_IMPORT_BYTES = 32 * 1024 * 1024;
/** Issues kept on the import row itself (the staged rows keep every one until commit). */
export const ISSUES_KEPT = 1000;
/** Rows of the first page the preview answers. */
const FIRST_PAGE = 100;

/** What the parse produced, kept in the import's options so the commit can rebuild the plan. */
export interface StoredParse {
  errors: ParseResult["errors"];
  warnings: ParseResult["warnings"];
  ignored: ParseResult["ignored"];
  baseCurrency?: string;
  totalRows: number;
}

export interface ImportOptions {
  decimal?: "." | ",";
  dateOrder?: "DMY" | "MDY" | "YMD";
  defaultCurrency?: string;
  mapping?: Record<string, string>;
  encoding?: string;
  unmatched?: Omit<Unmatched, "key" | "assetClass">[];
  parse?: StoredParse;
}

export function summaryOf(
  r: repo.ImportHead | Awaited<ReturnType<typeof repo.listImports>>["rows"][number],
): ImportSummary {
  const o = (r.options ?? {}) as ImportOptions & {
    errorCount?: number;
    warningCount?: number;
    validRows?: number;
    ignoredRows?: number;
  };
  // Imports previewed before the counts were kept: the parse's left-out rows, the rest less failures.
  const ignoredRows = o.ignoredRows ?? o.parse?.ignored?.length ?? 0;
  return {
    id: r.id,
    fileName: r.fileName,
    broker: r.broker,
    detectedBroker: r.detectedBroker,
    accountId: r.accountId,
    status: r.status,
    totalRows: r.totalRows,
    importedRows: r.importedRows,
    duplicateRows: r.duplicateRows,
    failedRows: r.failedRows,
    validRows: o.validRows ?? Math.max(0, r.totalRows - r.failedRows - ignoredRows),
    ignoredRows,
    errorCount: o.errorCount ?? 0,
    warningCount: o.warningCount ?? 0,
    createdAt: new Date(r.createdAt).toISOString(),
    committedAt: r.committedAt ? new Date(r.committedAt).toISOString() : null,
    undoneAt: r.undoneAt ? new Date(r.undoneAt).toISOString() : null,
  };
}

/** The import if the caller owns it, else 404 (also for ids that are not UUIDs). */
export async function importOr404(
  db: Db,
  userId: string,
  id: string,
  forUpdate = false,
): Promise<repo.ImportHead> {
  const r = isUuid(id) ? await repo.findImport(db, userId, id, forUpdate) : undefined;
  if (!r) throw new NotFoundError("Import not found");
  return r;
}

export async function accountOr404(
  db: Db,
  userId: string,
  id: string,
  field: string,
): Promise<repo.AccountRow> {
  const a = isUuid(id) ? await repo.findAccount(db, userId, id) : undefined;
  if (!a) throw new NotFoundError(`${field}: no account of yours has the id ${id}`);
  return a;
}

/** A header line's key: its column titles normalised, so files of one shape share a saved mapping. */
export function headerKeyOf(headers: readonly string[]): string {
  return headers.map((h) => normalizeHeader(h)).join("|");
}

/** Lines a header row is looked for in (titles and blank lines may come before it). */
const HEADER_LINES = 30;
/** Data rows the mapping step shows under each column. */
const SAMPLE_ROWS = 5;

/**
 * A CSV file's header row: among its first lines, the first with the most filled cells (a title line
 * or a disclaimer above the table has fewer), and the data rows after it.
 */
export function fileTable(text: string, samples = SAMPLE_ROWS) {
  const lines = text.split(/\r?\n/, HEADER_LINES + samples + 1).join("\n");
  if (lines.trim() === "") return { headers: [] as string[], headerRow: 0, samples: [] as string[][] };
  const { records } = parseCsvText(lines, detectDelimiter(lines));
  const filled = (f: string[]) => f.filter((x) => x.trim() !== "").length;
  const head = records
    .slice(0, HEADER_LINES)
    .reduce<(typeof records)[number] | undefined>(
      (best, r) => (!r.blank && (!best || filled(r.fields) > filled(best.fields)) ? r : best),
      undefined,
    );
  if (!head) return { headers: [], headerRow: 0, samples: [] };
  const headers = head.fields.map((f) => f.trim());
  const rows = records
    .filter((r) => r.row > head.endRow && !r.blank && filled(r.fields) > 0)
    .slice(0, samples)
    .map((r) => headers.map((_, i) => (r.fields[i] ?? "").trim()));
  return { headers, headerRow: head.row, samples: rows };
}

/** A CSV file's column titles (its header row). */
function fileHeaders(text: string): string[] {
  return fileTable(text, 0).headers;
}

/** Counts of a plan's rows and the issues kept on the import row. */
export function planTotals(plan: Plan) {
  let valid = 0;
  let ignored = 0;
  let failed = 0;
  const errors: RowIssueOut[] = [...plan.fileErrors];
  const warnings: RowIssueOut[] = [...plan.fileWarnings];
  let errorCount = plan.fileErrors.length;
  let warningCount = plan.fileWarnings.length;
  for (const r of plan.rows) {
    if (r.status === "ignored") ignored++;
    else if (r.status === "error") failed++;
    else valid++;
    errorCount += r.errors.length;
    if (r.status !== "ignored") warningCount += r.warnings.length;
    for (const e of r.errors) if (errors.length < ISSUES_KEPT) errors.push(e);
    if (r.status !== "ignored")
      for (const w of r.warnings) if (warnings.length < ISSUES_KEPT) warnings.push(w);
  }
  return { valid, ignored, failed, errors, warnings, errorCount, warningCount };
}

export const publicUnmatched = (u: Unmatched[]) => u.map(({ key: _k, assetClass: _a, ...rest }) => rest);

/**
 * The last previews' staged rows, kept in memory a while so the commit that usually follows within
 * minutes need not read and unpack them again (a miss — another process, a restart — reads them).
 */
const recentPlans = new Map<string, { rows: StagedRow[]; at: number }>();
const RECENT_MAX = 2;
const RECENT_MS = 15 * 60_000;

function keepPlan(id: string, rows: StagedRow[]): void {
  recentPlans.set(id, { rows, at: Date.now() });
  for (const k of recentPlans.keys()) if (recentPlans.size > RECENT_MAX) recentPlans.delete(k);
}

/** The staged rows of a preview this process made recently (taken: a commit uses them once). */
export function takeRecentPlan(id: string): StagedRow[] | undefined {
  const e = recentPlans.get(id);
  recentPlans.delete(id);
  return e && Date.now() - e.at < RECENT_MS ? e.rows : undefined;
}

export interface PreviewInput {
  fileName: string;
  bytes: Uint8Array;
  fields: z.input<typeof previewFields>;
}

/**
 * Reads an uploaded file into a previewed import: every row with what it becomes in the ledger, its
 * errors (row, column, reason) and warnings. Nothing reaches the ledger until the commit.
 */
export const previewImport = defineVerb({
  name: "portfolio.previewImport",
  access: "user",
  input: z.object({
    fileName: z.string().trim().min(1).max(255),
    bytes: z.custom<Uint8Array>((v) => v instanceof Uint8Array, "expected the file's bytes"),
    fields: previewFields,
  }),
  write: true,
  async run({ ctx, input, actor }): Promise<PreviewOut> {
    const started = performance.now();
    const { fields, bytes } = input;
    if (bytes.length === 0) throw new ValidationError("the file is empty", "file");
    if (bytes.length > MAX_IMPORT_BYTES)
      throw new ValidationError(`the file is over the ${MAX_IMPORT_BYTES / 1024 ** 2} MB limit`, "file");
    const file = decodeUpload(input.fileName, bytes);
    if (file.encoding !== "binary" && file.text.trim() === "")
      throw new ValidationError("the file is empty", "file");
    const presets = presetList().map((p) => p.id);
    const detected = detectPreset(file);
    let parser = detected?.parser;
    if (fields.broker) {
      parser = presetById(fields.broker);
      if (!parser)
        throw new ValidationError(
          `unknown preset ${fields.broker}; choose one of ${presets.join(", ")}`,
          "broker",
        );
    }

    // A generic CSV's column mapping: given, saved (by id), or saved for a file of this shape.
    let mapping: Record<string, string> | undefined;
    if (fields.mapping) {
      try {
        mapping = z.record(z.string(), z.string()).parse(JSON.parse(fields.mapping));
      } catch {
        throw new ValidationError('expected JSON of the form {"field": "column"}', "mapping");
      }
    } else if (fields.mappingId) {
      const saved = await repo.findMapping(ctx.db, actor.userId, fields.mappingId);
      if (!saved)
        throw new NotFoundError(`mappingId: no saved mapping of yours has the id ${fields.mappingId}`);
      mapping = saved.mapping as Record<string, string>;
    } else if (file.text && (!parser || parser.id === GENERIC_CSV)) {
      const [saved] = await repo.listMappings(ctx.db, actor.userId, headerKeyOf(fileHeaders(file.text)));
      if (saved) mapping = saved.mapping as Record<string, string>;
    }
    // A generic table is read as such when a mapping is at hand or it looks like transactions.
    if ((mapping || fields.mappingId) && !fields.broker && (!parser || parser.id === GENERIC_CSV))
      parser = presetById(GENERIC_CSV);
    else if (!fields.broker && parser?.id === GENERIC_CSV && (detected?.generic ?? 0) < 0.3)
      parser = undefined;
    if (!parser)
      throw new ValidationError(
        `the file's format was not recognised; choose a preset (broker): ${presets.join(", ")}`,
        "file",
      );
    const options: ParseOptions = {
      ...(fields.decimal ? { decimal: fields.decimal } : {}),
      ...(fields.dateOrder ? { dateOrder: fields.dateOrder } : {}),
      ...(fields.defaultCurrency ? { defaultCurrency: fields.defaultCurrency } : {}),
      ...(mapping ? { mapping } : {}),
    };
    const parsed = await parser.parse(file, options);
    if (parsed.activities.length === 0 && parsed.totalRows === 0) {
      const why = parsed.errors[0]?.message ?? "it holds no activity";
      throw new ValidationError(`nothing to import as ${parser.label}: ${why}`, "file");
    }

    // The account: chosen, or the one whose broker account id the file names.
    let account: repo.AccountRow | null = null;
    if (fields.accountId) account = await accountOr404(ctx.db, actor.userId, fields.accountId, "accountId");
    else if (parsed.accountRefs?.length) {
      const found = await repo.accountsByRef(ctx.db, actor.userId, parsed.accountRefs);
      if (found.length === 1) account = found[0] as repo.AccountRow;
    }

    const plan = await buildPlan(ctx.db, {
      userId: actor.userId,
      broker: parser.id,
      parsed,
      account,
      defaultCurrency: fields.defaultCurrency,
    });
    const t = planTotals(plan);
    const stored: ImportOptions & {
      errorCount: number;
      warningCount: number;
      validRows: number;
      ignoredRows: number;
    } = {
      ...options,
      encoding: file.encoding,
      unmatched: publicUnmatched(plan.unmatched),
      parse: {
        errors: parsed.errors,
        warnings: parsed.warnings,
        ignored: parsed.ignored,
        totalRows: parsed.totalRows,
        ...(parsed.baseCurrency ? { baseCurrency: parsed.baseCurrency } : {}),
      },
      errorCount: t.errorCount,
      warningCount: t.warningCount,
      validRows: t.valid,
      ignoredRows: t.ignored,
    };
    // The generic CSV's mapping as the parser used it: given or saved, else suggested from the titles.
    const usedMapping =
      parser.id !== GENERIC_CSV
        ? null
        : Object.keys(mapping ?? {}).some((k) => !k.startsWith("value:"))
          ? (mapping as Record<string, string>)
          : ({ ...suggestMapping(fileHeaders(file.text)), ...(mapping ?? {}) } as Record<string, string>);
    const id = newId();
    const row = await repo.insertImport(ctx.db, {
      id,
      userId: actor.userId,
      accountId: account?.id ?? null,
      fileName: input.fileName,
      fileSha256: createHash("sha256").update(bytes).digest("hex"),
      broker: parser.id,
      detectedBroker: detected?.parser.id ?? null,
      status: "previewed",
      totalRows: parsed.totalRows,
      failedRows: t.failed,
      errors: t.errors,
      warnings: t.warnings,
      options: stored,
    });
    await repo.saveStaged(ctx.db, actor.userId, id, plan.rows);
    keepPlan(id, plan.rows);
    return {
      ...summaryOf({ ...row, options: stored }),
      mapping: usedMapping,
      unmatched: publicUnmatched(plan.unmatched),
      errors: t.errors.slice(0, FIRST_PAGE),
      warnings: t.warnings.slice(0, FIRST_PAGE),
      rows: plan.rows.slice(0, FIRST_PAGE),
      elapsedMs: Math.round(performance.now() - started),
    };
  },
  audit: ({ result }) => ({
    eventType: "data",
    action: "portfolio.import.preview",
    resourceType: "portfolio.import",
    resourceId: result.id,
    newValues: { fileName: result.fileName, broker: result.broker, totalRows: result.totalRows },
  }),
});

/** The user's imports, newest first. */
export const listImports = defineVerb({
  name: "portfolio.listImports",
  access: "user",
  input: importListQuery,
  async run({ ctx, input, actor }) {
    const { rows, total } = await repo.listImports(ctx.db, actor.userId, input.limit, input.offset);
    return { imports: rows.map(summaryOf), total, offset: input.offset, limit: input.limit };
  },
});

/**
 * A CSV file's columns for the generic CSV's mapping step: the header's titles with a few values
 * under each, a mapping suggested from the titles, the user's saved mappings for a header of this
 * shape, and the preset the content looks like (null when none is sure). Nothing is stored.
 */
export const importColumns = defineVerb({
  name: "portfolio.importColumns",
  access: "user",
  input: z.object({
    fileName: z.string().trim().min(1).max(255),
    bytes: z.custom<Uint8Array>((v) => v instanceof Uint8Array, "expected the file's bytes"),
  }),
  async run({ ctx, input, actor }) {
    if (input.bytes.length === 0) throw new ValidationError("the file is empty", "file");
    if (input.bytes.length > MAX_IMPORT_BYTES)
      throw new ValidationError(`the file is over the ${MAX_IMPORT_BYTES / 1024 ** 2} MB limit`, "file");
    const file = decodeUpload(input.fileName, input.bytes);
    if (file.encoding === "binary" || file.text.trim() === "")
      throw new ValidationError("columns can be mapped only in a CSV or text file", "file");
    const table = fileTable(file.text);
    if (table.headers.filter((h) => h !== "").length < 2)
      throw new ValidationError("no header row with two or more columns was found", "file");
    const detected = detectPreset(file);
    const saved = await repo.listMappings(ctx.db, actor.userId, headerKeyOf(table.headers));
    const suggested = suggestMapping(table.headers) as Record<string, string>;
    return {
      detected: detected && detected.parser.id !== GENERIC_CSV ? detected.parser.id : null,
      ...table,
      fields: [...MAPPING_FIELDS],
      suggested: Object.fromEntries(Object.entries(suggested).filter(([, v]) => typeof v === "string")),
      saved: saved.map(mappingView),
    };
  },
});

/** One import with a page of its staged rows (all, or only those with errors or warnings). */
export const getImport = defineVerb({
  name: "portfolio.getImport",
  access: "user",
  input: importDetailQuery.extend({ id: z.string() }),
  async run({ ctx, input, actor }) {
    const imp = await importOr404(ctx.db, actor.userId, input.id);
    const page = await repo.stagedPage(ctx.db, actor.userId, imp.id, input.filter, input.offset, input.limit);
    const {
      parse: _p,
      unmatched,
      errorCount: _e,
      warningCount: _w,
      validRows: _v,
      ignoredRows: _i,
      ...options
    } = (imp.options ?? {}) as ImportOptions & Record<string, unknown>;
    return {
      ...summaryOf(imp),
      options,
      rows: page.rows,
      total: page.total,
      errors: imp.errors as RowIssueOut[],
      warnings: imp.warnings as RowIssueOut[],
      unmatched: imp.status === "previewed" ? (unmatched ?? []) : [],
    };
  },
});

/** The presets a user can choose (or that detection picks from). */
export const listPresets = defineVerb({
  name: "portfolio.listPresets",
  access: "user",
  run: async () => ({ presets: presetList() }),
});

const mappingView = (m: repo.MappingRow) => ({
  id: m.id,
  name: m.name,
  headerKey: m.headerKey,
  mapping: m.mapping as Record<string, string>,
  createdAt: new Date(m.createdAt).toISOString(),
  updatedAt: new Date(m.updatedAt).toISOString(),
});

/** The user's saved generic-CSV mappings; with `headers`, only those for a file of that shape. */
export const listMappings = defineVerb({
  name: "portfolio.listImportMappings",
  access: "user",
  input: z.object({ headers: z.string().max(10_000).optional() }),
  async run({ ctx, input, actor }) {
    const key = input.headers ? headerKeyOf(fileHeaders(input.headers)) : undefined;
    return { mappings: (await repo.listMappings(ctx.db, actor.userId, key)).map(mappingView) };
  },
});

/** Saves a generic-CSV mapping under a name (the same name replaces it). */
export const saveMapping = defineVerb({
  name: "portfolio.saveImportMapping",
  access: "user",
  input: mappingBody,
  write: true,
  async run({ ctx, input, actor }) {
    const columns = new Set(input.headers);
    for (const [field, column] of Object.entries(input.mapping))
      if (!columns.has(column))
        throw new ValidationError(`column "${column}" is not one of the headers`, `body.mapping.${field}`);
    return mappingView(
      await repo.saveMapping(ctx.db, {
        id: newId(),
        userId: actor.userId,
        name: input.name,
        headerKey: headerKeyOf(input.headers),
        mapping: input.mapping,
      }),
    );
  },
  audit: ({ result }) => ({
    eventType: "data",
    action: "portfolio.import_mapping.save",
    resourceType: "portfolio.import_mapping",
    resourceId: result.id,
  }),
});

export const deleteMapping = defineVerb({
  name: "portfolio.deleteImportMapping",
  access: "user",
  input: z.object({ id: z.string() }),
  write: true,
  async run({ ctx, input, actor }) {
    if (!isUuid(input.id) || !(await repo.deleteMapping(ctx.db, actor.userId, input.id)))
      throw new NotFoundError("Mapping not found");
    return { id: input.id };
  },
  audit: ({ result }) => ({
    eventType: "data",
    action: "portfolio.import_mapping.delete",
    resourceType: "portfolio.import_mapping",
    resourceId: result.id,
  }),
});
