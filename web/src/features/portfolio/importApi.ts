// The import wizard's requests. The upload is a multipart form (the file and its options) sent with
// fetch and the CSRF header; the rest go through the typed client.
import { queryOptions } from "@tanstack/react-query";
import {
  ApiError,
  api,
  CSRF_COOKIE,
  CSRF_HEADER,
  errorFromAnswer,
  readCookie,
  unwrap,
} from "../../api/client.ts";
import type { ResponseBody } from "../../api/models.ts";
import { portfolioKeys } from "./queries.ts";

export type Preview = ResponseBody<"/api/portfolio/imports", "post", 201>;
export type ImportDetail = ResponseBody<"/api/portfolio/imports/{id}", "get">;
export type ImportSummary = ResponseBody<"/api/portfolio/imports", "get">["imports"][number];
export type StagedRow = ImportDetail["rows"][number];
export type RowIssue = StagedRow["errors"][number];
export type Unmatched = ImportDetail["unmatched"][number];
export type CommitResult = ResponseBody<"/api/portfolio/imports/{id}/commit", "post">;
export type UndoResult = ResponseBody<"/api/portfolio/imports/{id}/undo", "post">;
export type RowFilter = "all" | "errors" | "warnings";
export type Columns = ResponseBody<"/api/portfolio/import-columns", "post">;
export type SavedMapping = Columns["saved"][number];
/** A generic-CSV mapping: field → the file's column title. */
export type ColumnMapping = Record<string, string>;

/** The generic CSV preset's id. */
export const GENERIC_CSV = "generic-csv";
/** The fields a mapping names, in the order the step lists them (the server's MAPPING_FIELDS). */
export const MAPPING_FIELDS = [
  "date",
  "type",
  "symbol",
  "isin",
  "name",
  "quantity",
  "price",
  "amount",
  "fee",
  "tax",
  "currency",
  "fxRate",
  "externalId",
  "account",
  "note",
] as const;

export interface UploadOptions {
  accountId?: string | undefined;
  broker?: string | undefined;
  decimal?: "." | "," | undefined;
  dateOrder?: "DMY" | "MDY" | "YMD" | undefined;
  defaultCurrency?: string | undefined;
  /** The generic CSV's column mapping as JSON ({ field: column }). */
  mapping?: string | undefined;
}

/** The form parts of an upload: the options given (empty ones left out), then the file. */
export function uploadForm(file: Blob, fileName: string, o: UploadOptions): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(o)) if (typeof v === "string" && v !== "") form.append(k, v);
  form.append("file", file, fileName);
  return form;
}

/**
 * POSTs a multipart form to `path` with the CSRF header and answers the JSON body, or throws ApiError
 * (the server's error body, or "network" when no answer came).
 */
export async function postForm<T>(path: string, form: FormData, baseUrl = ""): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  const csrf = readCookie(CSRF_COOKIE);
  if (csrf) headers[CSRF_HEADER] = csrf;
  let res: Response;
  try {
    res = await fetch(`${baseUrl}${path}`, {
      method: "POST",
      body: form,
      headers,
      credentials: "same-origin",
    });
  } catch (err) {
    throw new ApiError(0, "network", err instanceof Error ? err.message : String(err));
  }
  const body: unknown = await res.json().catch(() => undefined);
  if (!res.ok) throw errorFromAnswer(res.status, res.statusText, body, res.headers.get("retry-after"));
  return body as T;
}

/** POST /api/portfolio/imports: uploads the file and answers its preview (nothing is written yet). */
export const uploadImport = (file: File, o: UploadOptions, baseUrl = "") =>
  postForm<Preview>("/api/portfolio/imports", uploadForm(file, file.name, o), baseUrl);

/** POST /api/portfolio/import-columns: the file's header, sample values, suggested and saved mappings. */
export const readColumns = (file: File, baseUrl = "") => {
  const form = new FormData();
  form.append("file", file, file.name);
  return postForm<Columns>("/api/portfolio/import-columns", form, baseUrl);
};

/** Only the fields given a column (an empty choice leaves the field out of the mapping). */
export function cleanMapping(m: ColumnMapping): ColumnMapping {
  return Object.fromEntries(Object.entries(m).filter(([, col]) => col !== ""));
}

/** What the step still needs before a preview: the date column, and a type or quantity column. */
export function mappingProblem(m: ColumnMapping): "dateRequired" | "typeOrQuantity" | null {
  if (!m.date) return "dateRequired";
  if (!m.type && !m.quantity) return "typeOrQuantity";
  return null;
}

/**
 * The mapping the step starts from: a saved one for this header (the most recent), else the one the
 * preview used, else the one suggested from the titles; columns not in the file are dropped.
 */
export function initialMapping(
  c: Columns,
  used?: ColumnMapping | null,
): { mapping: ColumnMapping; savedId: string | null } {
  const inFile = (m: ColumnMapping) =>
    Object.fromEntries(
      Object.entries(m).filter(([f, col]) => !f.startsWith("value:") && c.headers.includes(col)),
    );
  const saved = c.saved[0];
  if (saved) return { mapping: inFile(saved.mapping), savedId: saved.id };
  return { mapping: inFile(used ?? c.suggested), savedId: null };
}

export const importKeys = {
  presets: ["portfolio", "import-presets"] as const,
  history: (offset: number) => [...portfolioKeys.all, "imports", offset] as const,
  detail: (id: string, filter: RowFilter, limit: number) =>
    [...portfolioKeys.all, "import", id, filter, limit] as const,
};

export const presetsQuery = () =>
  queryOptions({
    queryKey: importKeys.presets,
    queryFn: async () => (await unwrap(api.GET("/api/portfolio/import-presets"))).presets,
    staleTime: Number.POSITIVE_INFINITY,
  });

export const importHistoryQuery = (offset = 0, limit = 20) =>
  queryOptions({
    queryKey: importKeys.history(offset),
    queryFn: () => unwrap(api.GET("/api/portfolio/imports", { params: { query: { offset, limit } } })),
  });

export const importDetailQuery = (id: string, filter: RowFilter, limit: number) =>
  queryOptions({
    queryKey: importKeys.detail(id, filter, limit),
    queryFn: () =>
      unwrap(
        api.GET("/api/portfolio/imports/{id}", {
          params: { path: { id }, query: { filter, limit, offset: 0 } },
        }),
      ),
  });

/** A staged row's ledger entry in a few words: "buy 10 AAPL @ 150 USD". */
export function describeRow(r: StagedRow, typeName: (t: string) => string): string {
  const a = (r.activity ?? {}) as Record<string, unknown>;
  const l = r.ledger;
  const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : null);
  const type = l?.type ?? str(a.type);
  if (!type) return "";
  const what = str(a.symbol) ?? str(a.isin) ?? str(a.name) ?? "";
  const qty = l?.quantity ?? str(a.quantity);
  const price = l?.price ?? str(a.price);
  const amount = l?.amount ?? str(a.amount);
  const currency = l?.currency ?? str(a.currency) ?? "";
  const parts = [typeName(type)];
  if (qty) parts.push(qty);
  if (what) parts.push(what);
  if (price) parts.push(`@ ${price}`);
  else if (amount) parts.push(amount);
  if (currency && (price || amount)) parts.push(currency);
  if (l?.toAmount) parts.push(`→ ${l.toAmount} ${l.toCurrency ?? ""}`.trim());
  return parts.join(" ");
}
