// Terse transaction builders for the engine's tests: amounts as strings, ids numbered in order.
import { Decimal } from "../../../platform/money.ts";
import type { LotPick, Origin, Transaction } from "./types.ts";

export const D = (v: string | number | Decimal) => new Decimal(v);

type Num = string | number | Decimal;
interface Opts {
  id?: string;
  currency?: string;
  fx?: Num;
  fee?: Num;
  origin?: Origin;
}

/** Builds one account's transactions; `rows` holds them in the order written. */
export function journal(accountId: string, currency: string, prefix = accountId) {
  const rows: Transaction[] = [];
  let n = 0;
  const common = (date: string, o: Opts = {}) => ({
    id: o.id ?? `${prefix}-${++n}`,
    accountId,
    date,
    origin: o.origin ?? ({ kind: "manual" } as Origin),
  });
  const money = (o: Opts = {}) => ({ currency: o.currency ?? currency, fxRate: D(o.fx ?? 1) });
  const push = <T extends Transaction>(t: T): T => {
    rows.push(t);
    return t;
  };
  const trade =
    (type: "buy" | "sell" | "short" | "cover") =>
    (date: string, instrumentId: string, quantity: Num, price: Num, o: Opts & { lots?: LotPick[] } = {}) =>
      push({
        ...common(date, o),
        ...money(o),
        type,
        instrumentId,
        quantity: D(quantity),
        price: D(price),
        fee: D(o.fee ?? 0),
        ...(o.lots && (type === "sell" || type === "cover") ? { lots: o.lots } : {}),
      } as Transaction);
  return {
    rows,
    buy: trade("buy"),
    sell: trade("sell"),
    short: trade("short"),
    cover: trade("cover"),
    deposit: (date: string, amount: Num, o: Opts & { transferId?: string } = {}) =>
      push({ ...common(date, o), ...money(o), type: "deposit", amount: D(amount), transferId: o.transferId }),
    withdrawal: (date: string, amount: Num, o: Opts & { transferId?: string } = {}) =>
      push({
        ...common(date, o),
        ...money(o),
        type: "withdrawal",
        amount: D(amount),
        transferId: o.transferId,
      }),
    dividend: (date: string, instrumentId: string, gross: Num, withholding: Num, o: Opts = {}) =>
      push({
        ...common(date, o),
        ...money(o),
        type: "dividend",
        instrumentId,
        amount: D(gross),
        withholdingTax: D(withholding),
      }),
    interest: (date: string, amount: Num, o: Opts = {}) =>
      push({ ...common(date, o), ...money(o), type: "interest", amount: D(amount) }),
    fee: (date: string, amount: Num, o: Opts & { instrumentId?: string } = {}) =>
      push({ ...common(date, o), ...money(o), type: "fee", amount: D(amount), instrumentId: o.instrumentId }),
    tax: (date: string, amount: Num, o: Opts = {}) =>
      push({ ...common(date, o), ...money(o), type: "tax", amount: D(amount) }),
    split: (date: string, instrumentId: string, ratio: Num, o: Opts = {}) =>
      push({ ...common(date, o), type: "split", instrumentId, ratio: D(ratio) }),
    spinOff: (
      date: string,
      instrumentId: string,
      newInstrumentId: string,
      quantityRatio: Num,
      costFraction: Num,
    ) =>
      push({
        ...common(date),
        type: "spinOff",
        instrumentId,
        newInstrumentId,
        quantityRatio: D(quantityRatio),
        costFraction: D(costFraction),
      }),
    returnOfCapital: (date: string, instrumentId: string, amount: Num, o: Opts = {}) =>
      push({ ...common(date, o), ...money(o), type: "returnOfCapital", instrumentId, amount: D(amount) }),
    transferOut: (date: string, instrumentId: string, quantity: Num, transferId: string, o: Opts = {}) =>
      push({ ...common(date, o), type: "transferOut", instrumentId, quantity: D(quantity), transferId }),
    transferIn: (
      date: string,
      instrumentId: string,
      quantity: Num,
      transferId: string,
      o: Opts & { lots?: { quantity: Num; cost: Num; acquiredDate: string }[] } = {},
    ) =>
      push({
        ...common(date, o),
        ...money(o),
        type: "transferIn",
        instrumentId,
        quantity: D(quantity),
        transferId,
        lots: o.lots?.map((l) => ({
          quantity: D(l.quantity),
          cost: D(l.cost),
          acquiredDate: l.acquiredDate,
        })),
      }),
    convert: (date: string, from: [string, Num, Num], to: [string, Num, Num], o: Opts = {}) =>
      push({
        ...common(date, o),
        type: "conversion",
        fromCurrency: from[0],
        fromAmount: D(from[1]),
        fromFxRate: D(from[2]),
        toCurrency: to[0],
        toAmount: D(to[1]),
        toFxRate: D(to[2]),
        fee: D(o.fee ?? 0),
      }),
  };
}

/** A price (or FX) series from [date, value] pairs. */
export const series = (points: [string, number][]) => ({
  dates: points.map((p) => p[0]),
  values: points.map((p) => p[1]),
});
