// Zod schemas of the ledger's rows as the API reads and writes them. One flat shape for every type
// (the columns a type does not use are absent or null): the service checks per type which fields are
// required and names the missing one. Amounts are decimal strings, never floats.
import { z } from "zod";
import { isoDate } from "../../../platform/schemas.ts";
import { currencyCode } from "../accounts/contracts.ts";
import { ORIGIN_KINDS, TRANSACTION_TYPES } from "../schema.ts";

/** A non-negative decimal as a string (sign is the type's job; interest alone may be negative). */
export const decimal = z
  .string()
  .trim()
  .regex(/^-?\d{1,24}(\.\d{1,16})?$/, "expected a decimal number as a string, e.g. 12.5");

/**
 * A lot a sale, cover or transfer takes units from: by its id (GET /holdings lists the open lots), or
 * by its acquisition date (the open lots bought that day, oldest first).
 */
const lotPick = z.union([
  z.object({ lotId: z.string().min(1).max(200), quantity: decimal }),
  z.object({ acquiredDate: isoDate(), quantity: decimal }),
]);
const incomingLot = z.object({
  quantity: decimal,
  cost: decimal,
  costBase: decimal.optional(),
  acquiredDate: isoDate(),
});

export const transactionFields = z.object({
  accountId: z.string(),
  type: z.enum(TRANSACTION_TYPES),
  date: isoDate(),
  /** Order within the day; default: after the day's existing rows. */
  seq: z.number().int().min(0).max(1_000_000).optional(),
  instrumentId: z.string().nullish(),
  quantity: decimal.nullish(),
  price: decimal.nullish(),
  amount: decimal.nullish(),
  fee: decimal.nullish(),
  withholdingTax: decimal.nullish(),
  currency: currencyCode.nullish(),
  /** Units of the account's base currency per unit of `currency`; looked up in market FX when absent. */
  fxRate: decimal.nullish(),
  ratio: decimal.nullish(),
  newInstrumentId: z.string().nullish(),
  costFraction: decimal.nullish(),
  transferId: z.string().trim().min(1).max(200).nullish(),
  /**
   * Sale/cover/transferOut: the lots picked ({lotId, quantity} or {acquiredDate, quantity}; absent:
   * FIFO); transferIn from outside the ledger: the lots arriving ({quantity, cost, acquiredDate}).
   */
  lots: z
    .array(z.union([incomingLot, lotPick]))
    .max(10_000)
    .nullish(),
  toCurrency: currencyCode.nullish(),
  toAmount: decimal.nullish(),
  toFxRate: decimal.nullish(),
  note: z.string().max(2000).nullish(),
});
export const transactionInput = transactionFields;
export type TransactionInput = z.output<typeof transactionInput>;
/** An edit: any field; the row keeps its id, origin and fingerprint. */
export const transactionPatch = transactionFields.partial();

export const originOut = z.object({
  kind: z.enum(ORIGIN_KINDS),
  importId: z.string().nullable(),
  importRow: z.number().nullable(),
  connectionId: z.string().nullable(),
  externalId: z.string().nullable(),
});

/** Where a rate came from when the row did not state it. */
export const fxUsedOut = z.object({
  field: z.enum(["fxRate", "toFxRate"]),
  currency: z.string(),
  baseCurrency: z.string(),
  rate: z.string(),
  rateDate: z.string(),
  via: z.string().describe("identity, direct, inverse or USD (a cross through USD)"),
  source: z.literal("market"),
});

export const instrumentRef = z.object({
  id: z.string(),
  symbol: z.string(),
  name: z.string(),
  /** The name in the listing's own language (e.g. 삼성전자), when known. */
  nameLocal: z.string().nullable(),
});

export const transactionOut = z.object({
  id: z.string(),
  accountId: z.string(),
  type: z.enum(TRANSACTION_TYPES),
  date: z.string(),
  seq: z.number(),
  instrumentId: z.string().nullable(),
  quantity: z.string().nullable(),
  price: z.string().nullable(),
  amount: z.string().nullable(),
  fee: z.string().nullable(),
  withholdingTax: z.string().nullable(),
  currency: z.string().nullable(),
  fxRate: z.string().nullable(),
  ratio: z.string().nullable(),
  newInstrumentId: z.string().nullable(),
  costFraction: z.string().nullable(),
  transferId: z.string().nullable(),
  lots: z.unknown().nullable(),
  /** The instrument the row names (so a list needs no lookup per row); null for a cash row. */
  instrument: instrumentRef.nullable(),
  toCurrency: z.string().nullable(),
  toAmount: z.string().nullable(),
  toFxRate: z.string().nullable(),
  note: z.string().nullable(),
  origin: originOut,
  fingerprint: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TransactionOut = z.infer<typeof transactionOut>;

export const transactionWriteOut = transactionOut.extend({
  /** Rates taken from market FX data because the row gave none (empty when all were given). */
  fxUsed: z.array(fxUsedOut),
});

const csv = <T extends z.ZodType>(item: T) =>
  z
    .string()
    .max(4000)
    .optional()
    .transform((s, ctx) => {
      if (!s) return undefined;
      const parts = s
        .split(",")
        .map((p) => p.trim())
        .filter(Boolean);
      const out: z.output<T>[] = [];
      for (const p of parts) {
        const r = item.safeParse(p);
        if (!r.success) {
          ctx.addIssue({ code: "custom", message: `unknown value ${p}` });
          return z.NEVER;
        }
        out.push(r.data);
      }
      return out;
    });

export const listQuery = z.object({
  accountId: z.string().optional(),
  type: csv(z.enum(TRANSACTION_TYPES)).describe("one type or several, comma-separated"),
  instrumentId: z.string().optional(),
  from: isoDate().optional().describe("first trade date included"),
  to: isoDate().optional().describe("last trade date included"),
  origin: csv(z.enum(ORIGIN_KINDS)).describe("manual, import, sync, paper (comma-separated)"),
  importId: z.string().optional(),
  /** Newest first (default) or oldest first. */
  order: z.enum(["desc", "asc"]).default("desc"),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().max(200).optional().describe("nextCursor of the previous page"),
});
export type ListQuery = z.output<typeof listQuery>;
/** The list verb's input: the query as parsed (type and origin as lists). */
export const listInput = listQuery.extend({
  type: z.array(z.enum(TRANSACTION_TYPES)).optional(),
  origin: z.array(z.enum(ORIGIN_KINDS)).optional(),
});

export const listOut = z.object({
  transactions: z.array(transactionOut),
  nextCursor: z.string().nullable(),
});
