// Reading Interactive Brokers Flex Query records (Trades, Cash Transactions, Corporate Actions,
// Transfers, FX translations), whichever way they were exported (XML or CSV): see ibkr-flex-xml.ts
// and ibkr-flex-csv.ts for the two wrappers.
import {
  abs,
  compact,
  div,
  isNegative,
  isZero,
  type ParseLog,
  settleReversals,
  toMajorUnit,
} from "../text/index.ts";
import {
  cashKind,
  type FlexRecord,
  ibDate,
  ibNumber,
  instrumentOf,
  signedAmount,
  tradeActivities,
} from "./ibkr-common.ts";
import type { ParsedActivity } from "./types.ts";

export type FlexKind = "Trade" | "CashTransaction" | "CorporateAction" | "Transfer" | "FxTransaction";

export interface FlexItem {
  kind: FlexKind;
  row: number;
  rec: FlexRecord;
}

/** Turns Flex records into activities; every item ends as activities, ignored (with why) or an error. */
export function readFlexItems(items: FlexItem[], log: ParseLog): ParsedActivity[] {
  const out: ParsedActivity[] = [];
  const trades = items.filter((i) => i.kind === "Trade");
  const hasExecutions = trades.some((t) => /EXECUTION/i.test(t.rec.levelofdetail ?? ""));
  const cancelled = cancelledTrades(trades);
  const cash = items.filter((i) => i.kind === "CashTransaction");
  const hasCashDetail = cash.some((c) => /DETAIL/i.test(c.rec.levelofdetail ?? ""));
  for (const item of items) {
    const { row, rec } = item;
    const level = (rec.levelofdetail ?? "").toUpperCase();
    if (item.kind === "FxTransaction") {
      log.ignore(
        row,
        "fx_translation",
        "An FX translation record (the currency effect of a trade), not a cash movement.",
      );
      continue;
    }
    if (item.kind === "Trade") {
      if (level && level !== "EXECUTION" && (hasExecutions || level !== "ORDER")) {
        log.ignore(row, "summary", `A ${level.toLowerCase()} summary of trades listed in full elsewhere.`);
        continue;
      }
      const why = cancelled.get(row);
      if (why) {
        log.ignore(row, "cancelled", why);
        continue;
      }
      out.push(...flexTrade(row, rec, log));
      continue;
    }
    if (item.kind === "CashTransaction") {
      if (hasCashDetail && level && !level.includes("DETAIL")) {
        log.ignore(row, "summary", "A summary of cash transactions listed in full elsewhere.");
        continue;
      }
      const a = flexCash(row, rec, log);
      if (a) out.push(a);
      continue;
    }
    if (item.kind === "Transfer") {
      const a = flexTransfer(row, rec, log);
      if (a) out.push(a);
      continue;
    }
    out.push(...flexCorporateAction(item, items, log));
  }
  return settleReversals(out.map(toMajorUnit), log);
}

/** Rows of cancelled trades (`SELL (Ca.)`, TradeCancel) and the original trades they cancel. */
function cancelledTrades(trades: FlexItem[]): Map<number, string> {
  const out = new Map<number, string>();
  for (const t of trades) {
    const bs = t.rec.buysell ?? "";
    const isCancel =
      /\(ca\.?\)/i.test(bs) ||
      /cancel/i.test(t.rec.transactiontype ?? "") ||
      /(^|;)Ca($|;)/.test(t.rec.notes ?? "");
    if (!isCancel) continue;
    out.set(t.row, "A trade cancellation: it and the trade it cancels are left out.");
    const orig = trades.find(
      (o) =>
        o !== t &&
        !out.has(o.row) &&
        ((t.rec.origtransactionid &&
          t.rec.origtransactionid !== "0" &&
          o.rec.transactionid === t.rec.origtransactionid) ||
          (t.rec.origtradeid &&
            o.rec.tradeid === t.rec.origtradeid &&
            o.rec.quantity === negateText(t.rec.quantity))),
    );
    if (orig) out.set(orig.row, `Cancelled by the cancellation on record ${t.row}.`);
  }
  return out;
}

function negateText(q: string | undefined): string {
  if (!q) return "";
  return q.startsWith("-") ? q.slice(1) : `-${q}`;
}

function flexTrade(row: number, rec: FlexRecord, log: ParseLog): ParsedActivity[] {
  const date = ibDate(log, row, rec, ["tradedate", "datetime", "reportdate"]);
  const quantity = ibNumber(log, row, rec, "quantity");
  let price = ibNumber(log, row, rec, "tradeprice");
  if (price === undefined && rec.tradeprice === undefined && quantity && !isZero(quantity)) {
    // Old Flex schemas carry no trade price: derive it from the cost (or money) per unit, and say so.
    const cost = ibNumber(log, row, rec, "trademoney") ?? ibNumber(log, row, rec, "cost");
    if (cost !== undefined) {
      price = div(abs(cost), abs(quantity));
      log.warn(
        row,
        "derived_price",
        "The file gives no trade price; it was derived from the cost per unit.",
        "cost",
      );
    }
  }
  const money = ibNumber(log, row, rec, "trademoney") ?? ibNumber(log, row, rec, "proceeds");
  const commission = ibNumber(log, row, rec, "commission");
  const currency = rec.currency;
  if (quantity === undefined && !log.hasError(row))
    log.error(row, "missing_field", "quantity is empty.", "quantity");
  if (price === undefined && !log.hasError(row))
    log.error(row, "missing_field", "tradePrice is empty.", "tradePrice");
  if (!currency && !log.hasError(row)) log.error(row, "missing_field", "currency is empty.", "currency");
  if (log.hasError(row) || !date || quantity === undefined || price === undefined || !currency) return [];
  if (isZero(quantity)) {
    log.ignore(row, "zero_quantity", "A trade of zero units.");
    return [];
  }
  return tradeActivities({
    row,
    date,
    rec,
    quantity,
    price,
    money,
    commission,
    commissionCurrency: rec.commissioncurrency,
    currency,
    openClose: rec.openclose,
  });
}

function flexCash(row: number, rec: FlexRecord, log: ParseLog): ParsedActivity | undefined {
  const type = rec.type ?? "";
  const amount = ibNumber(log, row, rec, "amount");
  const date = ibDate(log, row, rec, ["datetime", "settledate", "reportdate", "date"]);
  if (amount === undefined && !log.hasError(row))
    log.error(row, "missing_field", "amount is empty.", "amount");
  if (log.hasError(row) || amount === undefined || !date) return undefined;
  const kind = cashKind(type, amount, rec.description);
  if (!kind) {
    log.error(row, "unknown_type", `The cash transaction type "${type}" is not one we import.`, "type");
    return undefined;
  }
  const instrument = kind.type === "deposit" || kind.type === "withdrawal" ? {} : instrumentOf(rec);
  return compact({
    row,
    date,
    type: kind.type,
    ...instrument,
    amount: signedAmount(kind, amount),
    currency: rec.currency,
    fxRate: rec.fxratetobase || undefined,
    externalId: rec.transactionid || undefined,
    accountRef: rec.accountid || undefined,
    note: rec.description || undefined,
  });
}

function flexTransfer(row: number, rec: FlexRecord, log: ParseLog): ParsedActivity | undefined {
  const date = ibDate(log, row, rec, ["date", "datetime", "reportdate"]);
  const quantity = ibNumber(log, row, rec, "quantity");
  if (!date || quantity === undefined || log.hasError(row)) {
    if (!log.hasError(row)) log.error(row, "missing_field", "quantity is empty.", "quantity");
    return undefined;
  }
  const incoming = (rec.direction ?? "").toUpperCase() === "IN" || (!rec.direction && !isNegative(quantity));
  if ((rec.assetcategory ?? "").toUpperCase() === "CASH") {
    return compact({
      row,
      date,
      type: incoming ? ("deposit" as const) : ("withdrawal" as const),
      amount: abs(quantity),
      currency: rec.currency || rec.symbol,
      transferId: rec.transactionid || undefined,
      accountRef: rec.accountid || undefined,
      note: rec.description || undefined,
    });
  }
  return compact({
    row,
    date,
    type: incoming ? ("transferIn" as const) : ("transferOut" as const),
    ...instrumentOf(rec),
    quantity: abs(quantity),
    currency: rec.currency || undefined,
    transferId: rec.transactionid || undefined,
    accountRef: rec.accountid || undefined,
  });
}

/**
 * Corporate actions, where the file says enough to book them: a split on one instrument (`SPLIT 4 FOR 1`
 * with the ISIN unchanged) and a cash merger (`MERGED … FOR USD 2.86 PER SHARE`: a sale at that price).
 * Others (ISIN changes, tenders, spin-offs) are left out with the description so the user can book them.
 */
function flexCorporateAction(item: FlexItem, items: FlexItem[], log: ParseLog): ParsedActivity[] {
  const { row, rec } = item;
  const description = rec.description ?? rec.actiondescription ?? "";
  const date = ibDate(log, row, rec, ["datetime", "reportdate", "date"]);
  const quantity = ibNumber(log, row, rec, "quantity");
  const proceeds = ibNumber(log, row, rec, "proceeds");
  if (!date || log.hasError(row)) return [];
  const split = /\bSPLIT\s+(\d+(?:\.\d+)?)\s+FOR\s+(\d+(?:\.\d+)?)/i.exec(description);
  if (split) {
    const siblings = items.filter(
      (o) =>
        o.kind === "CorporateAction" &&
        o !== item &&
        (o.rec.description ?? "").split("(")[0] === description.split("(")[0] &&
        o.rec.reportdate === rec.reportdate,
    );
    const changesIsin = siblings.some(
      (s) => (s.rec.isin || s.rec.securityid) !== (rec.isin || rec.securityid),
    );
    if (!changesIsin) {
      return [
        compact({
          row,
          date,
          type: "split" as const,
          ...instrumentOf(rec),
          ratio: div(split[1]!, split[2]!),
          externalId: rec.transactionid || rec.actionid || undefined,
          accountRef: rec.accountid || undefined,
          note: description,
        }),
      ];
    }
  }
  if (
    /MERGED|ACQUIRED|TENDER.*FOR CASH/i.test(description) &&
    proceeds &&
    !isZero(proceeds) &&
    quantity &&
    isNegative(quantity)
  ) {
    return [
      compact({
        row,
        date,
        type: "sell" as const,
        ...instrumentOf(rec),
        quantity: abs(quantity),
        price: div(abs(proceeds), abs(quantity)),
        amount: abs(proceeds),
        currency: rec.currency,
        fxRate: rec.fxratetobase || undefined,
        externalId: rec.transactionid || rec.actionid || undefined,
        accountRef: rec.accountid || undefined,
        note: description,
      }),
    ];
  }
  log.ignore(
    row,
    "corporate_action",
    `A corporate action to enter by hand: ${description || "(no description)"}.`,
  );
  return [];
}
