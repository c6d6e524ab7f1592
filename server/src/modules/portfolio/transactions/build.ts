// From the API's flat input to a ledger row: which fields each type needs and allows (a missing or
// stray field is a 400 naming it), the instruments it names (they must exist), the currency's
// default (the instrument's, or the account's base for cash), and the FX rate to the account's base:
// 1 for the base itself, the row's own when given, else market FX data on the trade date (the rate
// and its date are reported; 422 when none is known).
import type { Ctx } from "../../../platform/context.ts";
import { AppError, NotFoundError, ValidationError } from "../../../platform/errors.ts";
import { isUuid } from "../../../platform/ids.ts";
import { Decimal } from "../../../platform/money.ts";
import { fxRate, instrumentsByIds } from "../../market/index.ts";
import type { AccountRow } from "../accounts/repository.ts";
import type { TransactionInput } from "./contracts.ts";
import type { TransactionInsert } from "./rows.ts";

type Field = keyof TransactionInput;
type Type = TransactionInput["type"];

const ALWAYS: Field[] = ["accountId", "type", "date", "seq", "note"];
const TRADE: Field[] = ["instrumentId", "quantity", "price", "fee", "currency", "fxRate"];

/** Fields each type requires, and the further ones it may carry. */
const SHAPES: Record<Type, { need: Field[]; may: Field[] }> = {
  buy: { need: ["instrumentId", "quantity", "price"], may: TRADE },
  short: { need: ["instrumentId", "quantity", "price"], may: TRADE },
  sell: { need: ["instrumentId", "quantity", "price"], may: [...TRADE, "lots"] },
  cover: { need: ["instrumentId", "quantity", "price"], may: [...TRADE, "lots"] },
  dividend: { need: ["instrumentId", "amount"], may: ["withholdingTax", "currency", "fxRate"] },
  interest: { need: ["amount"], may: ["instrumentId", "currency", "fxRate"] },
  fee: { need: ["amount"], may: ["instrumentId", "currency", "fxRate"] },
  tax: { need: ["amount"], may: ["instrumentId", "currency", "fxRate"] },
  deposit: { need: ["amount"], may: ["currency", "fxRate", "transferId"] },
  withdrawal: { need: ["amount"], may: ["currency", "fxRate", "transferId"] },
  split: { need: ["instrumentId", "ratio"], may: [] },
  spinOff: { need: ["instrumentId", "newInstrumentId", "ratio", "costFraction"], may: [] },
  returnOfCapital: { need: ["instrumentId", "amount"], may: ["currency", "fxRate"] },
  transferOut: { need: ["instrumentId", "quantity", "transferId"], may: ["lots"] },
  transferIn: { need: ["instrumentId", "quantity", "transferId"], may: ["currency", "fxRate", "lots"] },
  conversion: {
    need: ["currency", "amount", "toCurrency", "toAmount"],
    may: ["fxRate", "toFxRate", "fee"],
  },
};

export interface FxUsed {
  field: "fxRate" | "toFxRate";
  currency: string;
  baseCurrency: string;
  rate: string;
  rateDate: string;
  via: string;
  source: "market";
}

/** 422: the row is well-formed but the ledger (or market data) cannot take it; names the field. */
export class LedgerRejected extends AppError {
  constructor(field: string, message: string) {
    super(422, "ledger_inconsistent", `input.${field}: ${message}`);
  }
}

const present = (v: unknown) => v !== undefined && v !== null;

/** Checks which fields are there for the type: a missing one or one the type does not use is a 400. */
export function checkShape(input: TransactionInput): void {
  const shape = SHAPES[input.type];
  for (const f of shape.need)
    if (!present(input[f])) throw new ValidationError(`required for a ${input.type}`, `input.${f}`);
  const allowed = new Set<Field>([...ALWAYS, ...shape.need, ...shape.may]);
  for (const [k, v] of Object.entries(input) as [Field, unknown][])
    if (present(v) && !allowed.has(k)) throw new ValidationError(`not used by a ${input.type}`, `input.${k}`);
  // Signs: the type carries the direction; only interest may be negative (interest paid).
  for (const f of [
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
  ] as const) {
    const v = input[f];
    if (!present(v)) continue;
    const d = new Decimal(v as string);
    const mayBeNegative = f === "amount" && input.type === "interest";
    if (d.isNegative() && !mayBeNegative) throw new ValidationError("must not be negative", `input.${f}`);
    const mayBeZero =
      ["price", "fee", "withholdingTax", "costFraction"].includes(f) ||
      (f === "amount" && (input.type === "dividend" || input.type === "interest"));
    if (d.isZero() && !mayBeZero) throw new ValidationError("must be greater than zero", `input.${f}`);
  }
  if (
    input.type === "dividend" &&
    input.withholdingTax &&
    new Decimal(input.withholdingTax).gt(new Decimal(input.amount as string))
  )
    throw new ValidationError("exceeds the gross dividend (amount)", "input.withholdingTax");
  if (input.type === "spinOff" && new Decimal(input.costFraction as string).gt(1))
    throw new ValidationError("is a fraction of the cost: at most 1", "input.costFraction");
  if (input.type === "conversion" && input.currency === input.toCurrency)
    throw new ValidationError("must differ from currency", "input.toCurrency");
  if (input.lots?.length) {
    const incoming = input.type === "transferIn";
    input.lots.forEach((l, i) => {
      const isIncoming = "cost" in l;
      if (incoming !== isIncoming)
        throw new ValidationError(
          incoming
            ? "each lot needs quantity, cost and acquiredDate"
            : "each lot needs quantity and lotId (or acquiredDate)",
          `input.lots.${i}`,
        );
    });
  }
}

/** The market's rate of `currency` in the account's base on `date`, or a 422 naming the field. */
async function marketRate(
  ctx: Ctx,
  field: FxUsed["field"],
  currency: string,
  base: string,
  date: string,
): Promise<FxUsed> {
  try {
    const r = await fxRate({ ctx, input: { base: currency, quote: base, date } });
    return {
      field,
      currency,
      baseCurrency: base,
      rate: r.rate,
      rateDate: r.rateDate,
      via: r.via,
      source: "market",
    };
  } catch (e) {
    if (e instanceof NotFoundError)
      throw new LedgerRejected(
        field,
        `no ${currency}/${base} rate is known on or before ${date}: give ${field} (units of ${base} per ${currency})`,
      );
    throw e;
  }
}

export interface Built {
  /** The row's columns that the input decides (no id, user, origin or fingerprint). */
  columns: Omit<TransactionInsert, "id" | "userId" | "origin" | "fingerprint" | "seq">;
  fxUsed: FxUsed[];
}

/** Resolves defaults and rates and answers the row's columns; `input` has passed checkShape. */
export async function buildColumns(ctx: Ctx, account: AccountRow, input: TransactionInput): Promise<Built> {
  const base = account.baseCurrency;
  const ids = [input.instrumentId, input.newInstrumentId].filter((v): v is string => Boolean(v));
  for (const [f, v] of [
    ["instrumentId", input.instrumentId],
    ["newInstrumentId", input.newInstrumentId],
  ] as const)
    if (v && !isUuid(v)) throw new ValidationError(`unknown instrument ${v}`, `input.${f}`);
  const known = await instrumentsByIds(ctx.db, ids);
  for (const [f, v] of [
    ["instrumentId", input.instrumentId],
    ["newInstrumentId", input.newInstrumentId],
  ] as const)
    if (v && !known.has(v)) throw new ValidationError(`unknown instrument ${v}`, `input.${f}`);
  const instrumentCurrency = input.instrumentId ? known.get(input.instrumentId)?.currency : undefined;
  const cashTypes: Type[] = ["interest", "fee", "tax", "deposit", "withdrawal"];
  const usesCurrency = [...SHAPES[input.type].need, ...SHAPES[input.type].may].includes("currency");
  let currency: string | null = input.currency ?? null;
  if (!currency && usesCurrency)
    currency = cashTypes.includes(input.type) ? base : (instrumentCurrency ?? base);
  if (input.type === "spinOff")
    currency = input.newInstrumentId ? (known.get(input.newInstrumentId)?.currency ?? null) : null;

  const fxUsed: FxUsed[] = [];
  const rateFor = async (field: FxUsed["field"], cur: string, given: string | null | undefined) => {
    if (cur === base) {
      if (present(given) && !new Decimal(given as string).eq(1))
        throw new ValidationError(
          `must be 1 (or absent): ${cur} is the account's base currency`,
          `input.${field}`,
        );
      return "1";
    }
    if (present(given)) return given as string;
    const used = await marketRate(ctx, field, cur, base, input.date);
    fxUsed.push(used);
    return used.rate;
  };
  const usesRate = [...SHAPES[input.type].need, ...SHAPES[input.type].may].includes("fxRate");
  const fx = usesRate && currency ? await rateFor("fxRate", currency, input.fxRate) : null;
  const toFx =
    input.type === "conversion" && input.toCurrency
      ? await rateFor("toFxRate", input.toCurrency, input.toFxRate)
      : null;
  const lots = input.lots?.length
    ? input.lots.map((l) =>
        "cost" in l
          ? {
              quantity: l.quantity,
              cost: l.cost,
              ...(l.costBase ? { costBase: l.costBase } : {}),
              acquiredDate: l.acquiredDate,
            }
          : "lotId" in l
            ? { lotId: l.lotId, quantity: l.quantity }
            : { acquiredDate: l.acquiredDate, quantity: l.quantity },
      )
    : null;
  return {
    columns: {
      accountId: account.id,
      type: input.type,
      tradeDate: input.date,
      instrumentId: input.instrumentId ?? null,
      quantity: input.quantity ?? null,
      price: input.price ?? null,
      amount: input.amount ?? null,
      fee: input.fee ?? null,
      withholdingTax: input.withholdingTax ?? null,
      currency,
      fxRate: fx,
      ratio: input.ratio ?? null,
      newInstrumentId: input.newInstrumentId ?? null,
      costFraction: input.costFraction ?? null,
      transferId: input.transferId ?? null,
      lots,
      toCurrency: input.toCurrency ?? null,
      toAmount: input.toAmount ?? null,
      toFxRate: toFx,
      note: input.note ?? null,
    },
    fxUsed,
  };
}
