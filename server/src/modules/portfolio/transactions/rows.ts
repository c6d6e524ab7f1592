// The mapping between a row of portfolio.transactions and the engine's `Transaction`, both ways.
// Column use per type (a column a type does not use stays null):
// - buy/sell/short/cover: instrument, quantity, price, fee, currency, fx_rate; sell/cover `lots` = picks.
// - dividend: instrument, amount (gross), withholding_tax, currency, fx_rate.
// - interest/fee/tax: amount, currency, fx_rate, instrument (optional).
// - deposit/withdrawal: amount, currency, fx_rate, transfer_id (optional: a cash transfer's legs).
// - split: instrument, ratio.
// - spinOff: instrument, new_instrument, ratio (= quantityRatio), cost_fraction, currency (= newCurrency).
// - returnOfCapital: instrument, amount, currency, fx_rate.
// - transferOut: instrument, quantity, transfer_id, lots (picks).
// - transferIn: instrument, quantity, currency, fx_rate, transfer_id, lots (incoming lots).
// - conversion: currency/amount/fx_rate = from side, to_currency/to_amount/to_fx_rate, fee.
// Origin: `import` → import_id + import_row; `sync` → connection_id + external_id; `paper` → the paper
// account's id in external_id. A manual entry's fingerprint is `manual:<id>`.
import { Decimal } from "../../../platform/money.ts";
import type { IncomingLot, LotPick, Origin, Transaction } from "../engine/types.ts";
import type { transactions } from "../schema.ts";

export type TransactionRow = typeof transactions.$inferSelect;
export type TransactionInsert = typeof transactions.$inferInsert;

/** What a row carries that the engine's transaction does not. */
export interface RowMeta {
  userId: string;
  /** Order within the day (import row order, or entry order); default 0. */
  seq?: number;
  note?: string | null;
  /** Unique per account; default `manual:<id>` for manual rows, else required. */
  fingerprint?: string;
  /** The broker's own id (sync and files that carry one); paper rows keep their paper account here. */
  externalId?: string | null;
}

/** A manual entry's fingerprint: its own id, so it never collides with an imported row. */
export const manualFingerprint = (id: string): string => `manual:${id}`;

/** A row whose columns do not make the transaction its type says (only possible if written by hand). */
export class RowShapeError extends Error {
  constructor(row: Pick<TransactionRow, "id" | "type">, column: string) {
    super(`transaction ${row.id} (${row.type}): column ${column} is missing`);
  }
}

const dec = (v: string | null | undefined): Decimal | undefined =>
  v === null || v === undefined ? undefined : new Decimal(v);
const str = (v: Decimal | undefined): string | null => (v === undefined ? null : v.toString());

function need<K extends keyof TransactionRow>(row: TransactionRow, key: K): NonNullable<TransactionRow[K]> {
  const v = row[key];
  if (v === null || v === undefined) throw new RowShapeError(row, String(key));
  return v as NonNullable<TransactionRow[K]>;
}
const needDec = (row: TransactionRow, key: keyof TransactionRow & string): Decimal =>
  new Decimal(need(row, key) as string);

function originOf(row: TransactionRow): Origin {
  switch (row.origin) {
    case "import":
      return { kind: "import", importId: need(row, "importId"), row: row.importRow ?? 0 };
    case "sync":
      return row.externalId
        ? { kind: "sync", connectionId: row.connectionId ?? "", externalId: row.externalId }
        : { kind: "sync", connectionId: row.connectionId ?? "" };
    case "paper":
      return { kind: "paper", paperAccountId: row.externalId ?? "" };
    default:
      return { kind: "manual" };
  }
}

/** The origin's columns on a row. */
export function originColumns(
  o: Origin,
): Pick<TransactionInsert, "origin" | "importId" | "importRow" | "connectionId" | "externalId"> {
  switch (o.kind) {
    case "import":
      return { origin: "import", importId: o.importId, importRow: o.row, connectionId: null };
    case "sync":
      return {
        origin: "sync",
        importId: null,
        importRow: null,
        connectionId: o.connectionId || null,
        externalId: o.externalId ?? null,
      };
    case "paper":
      return {
        origin: "paper",
        importId: null,
        importRow: null,
        connectionId: null,
        externalId: o.paperAccountId,
      };
    default:
      return { origin: "manual", importId: null, importRow: null, connectionId: null };
  }
}

function picks(v: unknown): LotPick[] | undefined {
  if (!Array.isArray(v) || v.length === 0) return undefined;
  return v.map((p: { lotId?: string; acquiredDate?: string; quantity: string }) =>
    p.lotId === undefined && p.acquiredDate !== undefined
      ? { acquiredDate: String(p.acquiredDate), quantity: new Decimal(p.quantity) }
      : { lotId: String(p.lotId), quantity: new Decimal(p.quantity) },
  );
}
function incoming(v: unknown): IncomingLot[] | undefined {
  if (!Array.isArray(v) || v.length === 0) return undefined;
  return v.map((l: { quantity: string; cost: string; costBase?: string | null; acquiredDate: string }) => {
    const lot: IncomingLot = {
      quantity: new Decimal(l.quantity),
      cost: new Decimal(l.cost),
      acquiredDate: String(l.acquiredDate),
    };
    if (l.costBase !== undefined && l.costBase !== null) lot.costBase = new Decimal(l.costBase);
    return lot;
  });
}
const picksJson = (p: LotPick[] | undefined) =>
  p?.length
    ? p.map((x) =>
        "lotId" in x
          ? { lotId: x.lotId, quantity: x.quantity.toString() }
          : { acquiredDate: x.acquiredDate, quantity: x.quantity.toString() },
      )
    : null;
const incomingJson = (l: IncomingLot[] | undefined) =>
  l?.length
    ? l.map((x) => ({
        quantity: x.quantity.toString(),
        cost: x.cost.toString(),
        ...(x.costBase ? { costBase: x.costBase.toString() } : {}),
        acquiredDate: x.acquiredDate,
      }))
    : null;

/** A stored row as the engine's transaction. Throws RowShapeError when a needed column is null. */
export function toTransaction(row: TransactionRow): Transaction {
  const common = { id: row.id, accountId: row.accountId, date: row.tradeDate, origin: originOf(row) };
  const cash = () => ({
    amount: needDec(row, "amount"),
    currency: need(row, "currency"),
    fxRate: needDec(row, "fxRate"),
  });
  const trade = () => {
    const fee = dec(row.fee);
    return {
      instrumentId: need(row, "instrumentId"),
      quantity: needDec(row, "quantity"),
      price: needDec(row, "price"),
      ...(fee ? { fee } : {}),
      currency: need(row, "currency"),
      fxRate: needDec(row, "fxRate"),
    };
  };
  const optInstrument = row.instrumentId ? { instrumentId: row.instrumentId } : {};
  switch (row.type) {
    case "buy":
    case "short":
      return { ...common, type: row.type, ...trade() };
    case "sell":
    case "cover": {
      const lots = picks(row.lots);
      return { ...common, type: row.type, ...trade(), ...(lots ? { lots } : {}) };
    }
    case "dividend": {
      const wht = dec(row.withholdingTax);
      return {
        ...common,
        type: "dividend",
        instrumentId: need(row, "instrumentId"),
        ...cash(),
        ...(wht ? { withholdingTax: wht } : {}),
      };
    }
    case "interest":
    case "fee":
    case "tax":
      return { ...common, type: row.type, ...cash(), ...optInstrument };
    case "deposit":
    case "withdrawal":
      return {
        ...common,
        type: row.type,
        ...cash(),
        ...(row.transferId ? { transferId: row.transferId } : {}),
      };
    case "split":
      return {
        ...common,
        type: "split",
        instrumentId: need(row, "instrumentId"),
        ratio: needDec(row, "ratio"),
      };
    case "spinOff":
      return {
        ...common,
        type: "spinOff",
        instrumentId: need(row, "instrumentId"),
        newInstrumentId: need(row, "newInstrumentId"),
        ...(row.currency ? { newCurrency: row.currency } : {}),
        quantityRatio: needDec(row, "ratio"),
        costFraction: needDec(row, "costFraction"),
      };
    case "returnOfCapital":
      return { ...common, type: "returnOfCapital", instrumentId: need(row, "instrumentId"), ...cash() };
    case "transferOut": {
      const lots = picks(row.lots);
      return {
        ...common,
        type: "transferOut",
        transferId: need(row, "transferId"),
        instrumentId: need(row, "instrumentId"),
        quantity: needDec(row, "quantity"),
        ...(lots ? { lots } : {}),
      };
    }
    case "transferIn": {
      const lots = incoming(row.lots);
      return {
        ...common,
        type: "transferIn",
        transferId: need(row, "transferId"),
        instrumentId: need(row, "instrumentId"),
        currency: need(row, "currency"),
        quantity: needDec(row, "quantity"),
        fxRate: needDec(row, "fxRate"),
        ...(lots ? { lots } : {}),
      };
    }
    case "conversion": {
      const fee = dec(row.fee);
      return {
        ...common,
        type: "conversion",
        fromCurrency: need(row, "currency"),
        fromAmount: needDec(row, "amount"),
        fromFxRate: needDec(row, "fxRate"),
        toCurrency: need(row, "toCurrency"),
        toAmount: needDec(row, "toAmount"),
        toFxRate: needDec(row, "toFxRate"),
        ...(fee ? { fee } : {}),
      };
    }
  }
}

const EMPTY: Omit<
  TransactionInsert,
  "id" | "userId" | "accountId" | "type" | "tradeDate" | "origin" | "fingerprint"
> = {
  instrumentId: null,
  quantity: null,
  price: null,
  amount: null,
  fee: null,
  withholdingTax: null,
  currency: null,
  fxRate: null,
  ratio: null,
  newInstrumentId: null,
  costFraction: null,
  transferId: null,
  lots: null,
  toCurrency: null,
  toAmount: null,
  toFxRate: null,
};

/** The engine's transaction as a row to insert (or to set on update). */
export function toRow(t: Transaction, meta: RowMeta): TransactionInsert {
  const fingerprint =
    meta.fingerprint ??
    (t.origin.kind === "manual"
      ? manualFingerprint(t.id)
      : (() => {
          throw new Error(`transaction ${t.id}: a fingerprint is required for ${t.origin.kind} rows`);
        })());
  const origin = originColumns(t.origin);
  const row: TransactionInsert = {
    ...EMPTY,
    id: t.id,
    userId: meta.userId,
    accountId: t.accountId,
    type: t.type,
    tradeDate: t.date,
    seq: meta.seq ?? 0,
    note: meta.note ?? null,
    fingerprint,
    ...origin,
  };
  if (meta.externalId !== undefined && t.origin.kind !== "paper") row.externalId = meta.externalId;
  switch (t.type) {
    case "buy":
    case "short":
    case "sell":
    case "cover":
      Object.assign(row, {
        instrumentId: t.instrumentId,
        quantity: t.quantity.toString(),
        price: t.price.toString(),
        fee: str(t.fee),
        currency: t.currency,
        fxRate: t.fxRate.toString(),
        lots: t.type === "sell" || t.type === "cover" ? picksJson(t.lots) : null,
      });
      break;
    case "dividend":
      Object.assign(row, {
        instrumentId: t.instrumentId,
        amount: t.amount.toString(),
        withholdingTax: str(t.withholdingTax),
        currency: t.currency,
        fxRate: t.fxRate.toString(),
      });
      break;
    case "interest":
    case "fee":
    case "tax":
      Object.assign(row, {
        instrumentId: t.instrumentId ?? null,
        amount: t.amount.toString(),
        currency: t.currency,
        fxRate: t.fxRate.toString(),
      });
      break;
    case "deposit":
    case "withdrawal":
      Object.assign(row, {
        amount: t.amount.toString(),
        currency: t.currency,
        fxRate: t.fxRate.toString(),
        transferId: t.transferId ?? null,
      });
      break;
    case "split":
      Object.assign(row, { instrumentId: t.instrumentId, ratio: t.ratio.toString() });
      break;
    case "spinOff":
      Object.assign(row, {
        instrumentId: t.instrumentId,
        newInstrumentId: t.newInstrumentId,
        currency: t.newCurrency ?? null,
        ratio: t.quantityRatio.toString(),
        costFraction: t.costFraction.toString(),
      });
      break;
    case "returnOfCapital":
      Object.assign(row, {
        instrumentId: t.instrumentId,
        amount: t.amount.toString(),
        currency: t.currency,
        fxRate: t.fxRate.toString(),
      });
      break;
    case "transferOut":
      Object.assign(row, {
        instrumentId: t.instrumentId,
        quantity: t.quantity.toString(),
        transferId: t.transferId,
        lots: picksJson(t.lots),
      });
      break;
    case "transferIn":
      Object.assign(row, {
        instrumentId: t.instrumentId,
        quantity: t.quantity.toString(),
        currency: t.currency,
        fxRate: t.fxRate.toString(),
        transferId: t.transferId,
        lots: incomingJson(t.lots),
      });
      break;
    case "conversion":
      Object.assign(row, {
        currency: t.fromCurrency,
        amount: t.fromAmount.toString(),
        fxRate: t.fromFxRate.toString(),
        toCurrency: t.toCurrency,
        toAmount: t.toAmount.toString(),
        toFxRate: t.toFxRate.toString(),
        fee: str(t.fee),
      });
      break;
  }
  return row;
}
