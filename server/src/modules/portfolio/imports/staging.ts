// How a preview's staged rows are stored between preview and commit: one gzipped JSON text (a jsonb
// string `gz:<base64>`) of compact tuples — each row's activity and ledger columns as arrays in a
// fixed key order, empty issue lists left out. A 50,000-row preview is then ~2 MB stored instead of
// ~20 MB of jsonb that PostgreSQL (and PGlite above all) would take seconds to parse and compress.
import { gunzipSync, gzipSync } from "node:zlib";
import type { LedgerRow, RowIssueOut, StagedRow } from "./contracts.ts";

const ACTIVITY_KEYS = [
  "row",
  "type",
  "date",
  "symbol",
  "isin",
  "mic",
  "name",
  "assetClass",
  "quantity",
  "price",
  "amount",
  "fee",
  "withholdingTax",
  "currency",
  "fxRate",
  "ratio",
  "toCurrency",
  "toAmount",
  "transferId",
  "externalId",
  "accountRef",
  "note",
] as const;

const LEDGER_KEYS = [
  "type",
  "tradeDate",
  "seq",
  "instrumentId",
  "quantity",
  "price",
  "amount",
  "fee",
  "withholdingTax",
  "currency",
  "fxRate",
  "ratio",
  "transferId",
  "toCurrency",
  "toAmount",
  "toFxRate",
  "externalId",
  "note",
  "fingerprint",
] as const satisfies readonly (keyof LedgerRow)[];

type Packed = [
  row: number,
  status: StagedRow["status"],
  activity: unknown[] | null,
  extra: Record<string, unknown> | 0,
  matchedBy: string | null,
  ledger: unknown[] | null,
  errors: RowIssueOut[] | 0,
  warnings: RowIssueOut[] | 0,
];

const KNOWN = new Set<string>(ACTIVITY_KEYS);

function packRow(r: StagedRow): Packed {
  let activity: unknown[] | null = null;
  let extra: Record<string, unknown> | 0 = 0;
  if (r.activity) {
    const a = r.activity;
    activity = ACTIVITY_KEYS.map((k) => a[k] ?? null);
    for (const k of Object.keys(a))
      if (!KNOWN.has(k)) {
        if (extra === 0) extra = {};
        extra[k] = a[k];
      }
  }
  const l = r.ledger;
  return [
    r.row,
    r.status,
    activity,
    extra,
    r.matchedBy,
    l ? LEDGER_KEYS.map((k) => l[k]) : null,
    r.errors.length ? r.errors : 0,
    r.warnings.length ? r.warnings : 0,
  ];
}

function unpackRow(p: Packed): StagedRow {
  const [row, status, act, extra, matchedBy, led, errors, warnings] = p;
  let activity: Record<string, unknown> | null = null;
  if (act) {
    activity = {};
    for (let i = 0; i < ACTIVITY_KEYS.length; i++)
      if (act[i] != null) activity[ACTIVITY_KEYS[i] as string] = act[i];
    if (extra) Object.assign(activity, extra);
  }
  let ledger: LedgerRow | null = null;
  if (led) {
    const o: Record<string, unknown> = {};
    for (let i = 0; i < LEDGER_KEYS.length; i++) o[LEDGER_KEYS[i] as string] = led[i] ?? null;
    ledger = o as unknown as LedgerRow;
  }
  return { row, status, activity, matchedBy, ledger, errors: errors || [], warnings: warnings || [] };
}

/** The stored text of staged rows. */
export function packStaged(rows: readonly StagedRow[]): string {
  return `gz:${gzipSync(Buffer.from(JSON.stringify(rows.map(packRow))), { level: 1 }).toString("base64")}`;
}

/** The staged rows back from their stored text (null when there is none). */
export function unpackStaged(stored: string | null | undefined): StagedRow[] | null {
  if (!stored?.startsWith("gz:")) return null;
  const packed = JSON.parse(gunzipSync(Buffer.from(stored.slice(3), "base64")).toString()) as Packed[];
  return packed.map(unpackRow);
}
