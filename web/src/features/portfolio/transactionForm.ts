// The transaction form's rules, as the server's ledger states them (transactions/build.ts): which
// fields each type needs and which it may carry, and the request body built from the form's values —
// only the type's fields, decimals as the user typed them (commas of a Korean or European keyboard
// turned into points, grouping spaces dropped), never through a float.
import type { Transaction, TransactionInput, TransactionType } from "./queries.ts";

export type FieldName =
  | "instrumentId"
  | "quantity"
  | "price"
  | "amount"
  | "fee"
  | "withholdingTax"
  | "currency"
  | "fxRate"
  | "ratio"
  | "newInstrumentId"
  | "costFraction"
  | "transferId"
  | "toCurrency"
  | "toAmount"
  | "toFxRate";

const TRADE: FieldName[] = ["fee", "currency", "fxRate"];

/** Fields each type requires, and the further ones it may carry (the server's SHAPES; lots: lotsOf). */
export const SHAPES: Record<TransactionType, { need: FieldName[]; may: FieldName[] }> = {
  buy: { need: ["instrumentId", "quantity", "price"], may: TRADE },
  short: { need: ["instrumentId", "quantity", "price"], may: TRADE },
  sell: { need: ["instrumentId", "quantity", "price"], may: TRADE },
  cover: { need: ["instrumentId", "quantity", "price"], may: TRADE },
  dividend: { need: ["instrumentId", "amount"], may: ["withholdingTax", "currency", "fxRate"] },
  interest: { need: ["amount"], may: ["instrumentId", "currency", "fxRate"] },
  fee: { need: ["amount"], may: ["instrumentId", "currency", "fxRate"] },
  tax: { need: ["amount"], may: ["instrumentId", "currency", "fxRate"] },
  deposit: { need: ["amount"], may: ["currency", "fxRate", "transferId"] },
  withdrawal: { need: ["amount"], may: ["currency", "fxRate", "transferId"] },
  split: { need: ["instrumentId", "ratio"], may: [] },
  spinOff: { need: ["instrumentId", "newInstrumentId", "ratio", "costFraction"], may: [] },
  returnOfCapital: { need: ["instrumentId", "amount"], may: ["currency", "fxRate"] },
  transferOut: { need: ["instrumentId", "quantity", "transferId"], may: [] },
  transferIn: { need: ["instrumentId", "quantity", "transferId"], may: ["currency", "fxRate"] },
  conversion: { need: ["currency", "amount", "toCurrency", "toAmount"], may: ["fxRate", "toFxRate", "fee"] },
};

export const TYPES = Object.keys(SHAPES) as TransactionType[];
/** Types shown first in the form's type list: what people enter by hand most. */
export const COMMON_TYPES: TransactionType[] = ["buy", "sell", "dividend", "deposit", "withdrawal", "fee"];

/** Types that take units out of a position: the lots may be picked instead of FIFO. */
export const PICK_TYPES: TransactionType[] = ["sell", "cover", "transferOut"];

/** A lot arriving from another broker (a transferIn with no transferOut in the ledger). */
export interface IncomingLotValues {
  acquiredDate: string;
  quantity: string;
  cost: string;
}

/** How the units leaving are chosen: oldest first, or the lots picked (lot id → quantity typed). */
export interface LotValues {
  lotMode: "fifo" | "pick";
  picks: Record<string, string>;
  /** transferIn: lots stated by hand (cost and date), or none (they travel from the transferOut). */
  incoming: IncomingLotValues[];
}

/** The form's values: every field a string ("" = not given), and the lots. */
export type FormValues = { accountId: string; type: TransactionType; date: string; note: string } & Record<
  FieldName,
  string
> &
  LotValues;

const DECIMAL_FIELDS: FieldName[] = [
  "quantity",
  "price",
  "amount",
  "fee",
  "withholdingTax",
  "fxRate",
  "ratio",
  "costFraction",
  "toAmount",
  "toFxRate",
];
const CURRENCY_FIELDS: FieldName[] = ["currency", "toCurrency"];

export const fieldsOf = (type: TransactionType): FieldName[] => [...SHAPES[type].need, ...SHAPES[type].may];
export const isRequired = (type: TransactionType, f: FieldName) => SHAPES[type].need.includes(f);
export const isDecimalField = (f: FieldName) => DECIMAL_FIELDS.includes(f);
export const isCurrencyField = (f: FieldName) => CURRENCY_FIELDS.includes(f);

/**
 * A typed number as the API's decimal string: "1,234.5" and "1 234,5" and "1.234,5" → "1234.5";
 * null when it is not a number. One separator used once with 1–2 or 4+ digits after it is decimal;
 * a comma followed by exactly three digits is read as grouping unless a point comes after it.
 */
export function normaliseDecimal(input: string): string | null {
  let s = input.trim().replace(/[\s\u00a0\u202f_']/g, "");
  if (s === "") return null;
  const neg = s.startsWith("-");
  if (neg || s.startsWith("+")) s = s.slice(1);
  const lastDot = s.lastIndexOf(".");
  const lastComma = s.lastIndexOf(",");
  if (lastDot >= 0 && lastComma >= 0) {
    // Both: the later one is the decimal mark.
    const dec = lastDot > lastComma ? "." : ",";
    const group = dec === "." ? "," : ".";
    s = s.split(group).join("");
    if (dec === ",") s = s.replace(",", ".");
  } else if (lastComma >= 0) {
    const parts = s.split(",");
    const grouping = parts.length > 2 || (parts.length === 2 && parts[1]?.length === 3 && parts[0] !== "0");
    s = grouping ? parts.join("") : parts.join(".");
  } else if (s.split(".").length > 2) {
    s = s.split(".").join(""); // 1.234.567: points as grouping
  }
  if (!/^\d+(\.\d+)?$/.test(s) && !/^\d+\.$/.test(s)) return null;
  s = s.replace(/\.$/, "");
  return `${neg ? "-" : ""}${s}`;
}

export type FormError = "required" | "number" | "currency" | "lotsSum" | "lotsEmpty" | "date";

export interface BuildResult {
  body: TransactionInput | null;
  /** Field → message key (portfolio.tx.errors.*); `lots` for the picked or arriving lots. */
  errors: Partial<Record<FieldName | "date" | "accountId" | "lots", FormError>>;
}

type LotsBody = NonNullable<TransactionInput["lots"]>;

/**
 * The `lots` of the request: the picked lots with a quantity (sale, cover, transfer out), or the
 * lots arriving (transfer in); null for FIFO or a transfer whose lots travel from its transferOut.
 * The picked quantities must add up to the row's quantity, as the ledger checks.
 */
export function lotsOf(v: FormValues): { lots: LotsBody | null; error?: FormError } {
  const sum = (xs: string[]) => {
    // Decimal strings added as scaled integers (no float rounding): up to 16 decimals.
    let total = 0n;
    for (const x of xs) {
      const [i = "0", f = ""] = x.replace("-", "").split(".");
      total += BigInt(i) * 10n ** 16n + BigInt(f.padEnd(16, "0").slice(0, 16) || "0");
    }
    return total;
  };
  if (PICK_TYPES.includes(v.type) && v.lotMode === "pick") {
    const picks: { lotId: string; quantity: string }[] = [];
    for (const [lotId, raw] of Object.entries(v.picks)) {
      if (raw.trim() === "") continue;
      const q = normaliseDecimal(raw);
      if (q === null || q.startsWith("-")) return { lots: null, error: "number" };
      if (Number(q) === 0) continue;
      picks.push({ lotId, quantity: q });
    }
    if (!picks.length) return { lots: null, error: "lotsEmpty" };
    const quantity = normaliseDecimal(v.quantity);
    if (quantity !== null && sum(picks.map((p) => p.quantity)) !== sum([quantity]))
      return { lots: null, error: "lotsSum" };
    return { lots: picks };
  }
  if (v.type === "transferIn" && v.incoming.length) {
    const lots: LotsBody = [];
    for (const l of v.incoming) {
      const q = normaliseDecimal(l.quantity);
      const c = normaliseDecimal(l.cost);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(l.acquiredDate)) return { lots: null, error: "date" };
      if (q === null || c === null || q.startsWith("-") || c.startsWith("-"))
        return { lots: null, error: "number" };
      lots.push({ quantity: q, cost: c, acquiredDate: l.acquiredDate });
    }
    const quantity = normaliseDecimal(v.quantity);
    if (quantity !== null && sum(lots.map((l) => l.quantity)) !== sum([quantity]))
      return { lots: null, error: "lotsSum" };
    return { lots };
  }
  return { lots: null };
}

/** The request body for the form's values, or the fields at fault. */
export function buildTransaction(v: FormValues): BuildResult {
  const errors: BuildResult["errors"] = {};
  if (!v.accountId) errors.accountId = "required";
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v.date)) errors.date = "required";
  const body: Record<string, unknown> = { accountId: v.accountId, type: v.type, date: v.date };
  for (const f of fieldsOf(v.type)) {
    const raw = (v[f] ?? "").trim();
    if (raw === "") {
      if (isRequired(v.type, f)) errors[f] = "required";
      continue;
    }
    if (isDecimalField(f)) {
      const d = normaliseDecimal(raw);
      if (d === null) errors[f] = "number";
      else body[f] = d;
    } else if (isCurrencyField(f)) {
      const c = raw.toUpperCase();
      if (!/^[A-Z]{3}$/.test(c)) errors[f] = "currency";
      else body[f] = c;
    } else body[f] = raw;
  }
  if (v.note.trim()) body.note = v.note.trim();
  const lots = lotsOf(v);
  if (lots.error) errors.lots = lots.error;
  else if (lots.lots) body.lots = lots.lots;
  return Object.keys(errors).length ? { body: null, errors } : { body: body as TransactionInput, errors };
}

/** An edit's body: the built row with every field the type does not use cleared (null). */
export function patchOf(v: FormValues): BuildResult {
  const r = buildTransaction(v);
  if (!r.body) return r;
  const patch: Record<string, unknown> = { ...r.body };
  for (const f of allFields()) if (!(f in patch)) patch[f] = null;
  if (!("note" in patch)) patch.note = null;
  if (!("lots" in patch)) patch.lots = null;
  return { body: patch as TransactionInput, errors: {} };
}

function allFields(): FieldName[] {
  return [...new Set(TYPES.flatMap(fieldsOf))];
}

/** The form's values for an existing row (to edit it). */
export function valuesOf(t: Transaction): FormValues {
  const v = emptyValues(t.accountId, t.type, t.date);
  for (const f of allFields()) {
    const x = (t as unknown as Record<string, unknown>)[f];
    v[f] = x === null || x === undefined ? "" : String(x);
  }
  v.note = t.note ?? "";
  const lots = Array.isArray(t.lots) ? (t.lots as Record<string, unknown>[]) : [];
  for (const l of lots) {
    if (typeof l.lotId === "string") {
      v.lotMode = "pick";
      v.picks[l.lotId] = String(l.quantity ?? "");
    } else if (typeof l.cost === "string")
      v.incoming.push({
        acquiredDate: String(l.acquiredDate ?? ""),
        quantity: String(l.quantity ?? ""),
        cost: l.cost,
      });
  }
  return v;
}

export function emptyValues(accountId: string, type: TransactionType, date: string): FormValues {
  const v = {
    accountId,
    type,
    date,
    note: "",
    lotMode: "fifo",
    picks: {},
    incoming: [],
  } as unknown as FormValues;
  for (const f of allFields()) v[f] = "";
  return v;
}
