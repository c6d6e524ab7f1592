// What Interactive Brokers' three export families (Flex XML, Flex CSV, Activity Statement / Transaction
// History CSV) have in common: a Flex row is the same record whether it came as XML attributes or CSV
// columns, so both are turned into a key → value map with normalised keys and read here.

import {
  abs,
  add,
  compact,
  isNegative,
  isZero,
  mul,
  negate,
  type ParseLog,
  readDate,
  readNumber,
} from "../text/index.ts";
import type { ParsedActivity } from "./types.ts";

/** A Flex record: keys normalised (`Buy/Sell` and `buySell` both become `buysell`). */
export type FlexRecord = Record<string, string>;

const KEY_ALIASES: Record<string, string> = {
  currencyprimary: "currency",
  clientaccountid: "accountid",
  assetclass: "assetcategory",
  notescodes: "notes",
  opencloseindicator: "openclose",
  openclose: "openclose",
  ibcommission: "commission",
  ibcommissioncurrency: "commissioncurrency",
};

export function flexKey(name: string): string {
  const k = name.toLowerCase().replace(/[^a-z0-9]/g, "");
  return KEY_ALIASES[k] ?? k;
}

export function toFlexRecord(entries: Iterable<[string, string]>): FlexRecord {
  const out: FlexRecord = {};
  for (const [k, v] of entries) {
    const key = flexKey(k);
    const value = v.trim();
    if (!(key in out) || out[key] === "") out[key] = value;
  }
  return out;
}

/** IB's exchange codes mapped to ISO 10383 MICs (the common ones; others stay unmapped). */
const MIC: Record<string, string> = {
  NASDAQ: "XNAS",
  NYSE: "XNYS",
  ARCA: "ARCX",
  AMEX: "XASE",
  BATS: "BATS",
  LSE: "XLON",
  LSEETF: "XLON",
  IBIS: "XETR",
  IBIS2: "XETR",
  FWB: "XFRA",
  SWX: "XSWX",
  EBS: "XSWX",
  SBF: "XPAR",
  AEB: "XAMS",
  BVME: "XMIL",
  TSE: "XTSE",
  TSEJ: "XTKS",
  ASX: "XASX",
  SEHK: "XHKG",
  SFB: "XSTO",
  VSE: "XWBO",
  BM: "XMAD",
  KSE: "XKRX",
};

export function micFor(exchange: string | undefined): string | undefined {
  if (!exchange) return undefined;
  return MIC[exchange.toUpperCase()];
}

const ISIN = /^[A-Z]{2}[A-Z0-9]{9}\d$/;

export function isIsin(s: string | undefined): s is string {
  return !!s && ISIN.test(s);
}

/** `VT(US9220427424) CASH DIVIDEND…` → symbol VT and ISIN; `SMMCHA(80486947) …` → symbol only. */
export function fromDescription(description: string | undefined): { symbol?: string; isin?: string } {
  if (!description) return {};
  const m = /^\s*([A-Za-z0-9.\- ]+?)\s*\(([A-Z0-9]+)\)/.exec(description);
  if (!m) return {};
  return isIsin(m[2]) ? { symbol: m[1], isin: m[2] } : { symbol: m[1] };
}

/** Reads an IB number (dot decimal, maybe scientific); logs `bad_number` naming the field. */
export function ibNumber(
  log: ParseLog,
  row: number,
  rec: FlexRecord,
  key: string,
  label = key,
): string | undefined {
  const raw = rec[key];
  if (raw === undefined || raw === "" || raw === "-" || raw === "--") return undefined;
  const r = readNumber(raw, ".");
  if (r.ok) return r.value;
  log.error(row, "bad_number", `${label}: ${r.message}`, label);
  return undefined;
}

/** The first readable date among the given fields; `bad_date` (or `missing_field`) when none is. */
export function ibDate(log: ParseLog, row: number, rec: FlexRecord, keys: string[]): string | undefined {
  for (const k of keys) {
    const raw = rec[k];
    if (!raw) continue;
    const d = readDate(raw, "YMD");
    if (d) return d;
    log.error(row, "bad_date", `${k}: "${raw}" is not a date.`, k);
    return undefined;
  }
  log.error(row, "missing_field", `The row has no date (${keys.join(", ")}).`, keys[0]);
  return undefined;
}

/** `EUR.USD` → base EUR, quote USD. */
export function fxPair(symbol: string | undefined): { base: string; quote: string } | undefined {
  const m = /^([A-Z]{3})\.([A-Z]{3})$/.exec(symbol ?? "");
  return m ? { base: m[1]!, quote: m[2]! } : undefined;
}

/** The instrument fields a Flex record names. */
export function instrumentOf(rec: FlexRecord): Partial<ParsedActivity> {
  const isin = isIsin(rec.isin)
    ? rec.isin
    : rec.securityidtype?.toUpperCase() === "ISIN" && isIsin(rec.securityid)
      ? rec.securityid
      : undefined;
  const fromDesc = fromDescription(rec.description);
  return compact({
    symbol: rec.symbol || fromDesc.symbol,
    isin: isin ?? fromDesc.isin,
    mic: micFor(rec.listingexchange),
    name: rec.description || undefined,
    assetClass: assetClassOf(rec.assetcategory, rec.subcategory),
  });
}

export function assetClassOf(category: string | undefined, sub?: string): string | undefined {
  const c = (category ?? "").toUpperCase();
  if (!c) return undefined;
  if (c === "STK" || c === "STOCKS") return sub?.toUpperCase() === "ETF" ? "etf" : "equity";
  if (c === "OPT" || c === "FOP" || c.includes("OPTION")) return "option";
  if (c === "FUT" || c.includes("FUTURE")) return "future";
  if (c === "BOND" || c === "BILL" || c.includes("BOND")) return "bond";
  if (c === "FUND" || c.includes("FUND")) return "fund";
  if (c === "CASH" || c === "FOREX") return "fx";
  if (c === "CFD" || c.includes("CFD")) return "cfd";
  if (c === "CRYPTO") return "crypto";
  if (c === "WAR" || c.includes("WARRANT")) return "warrant";
  return c.toLowerCase();
}

export interface CashKind {
  type: ParsedActivity["type"];
  /** Multiply the file's signed amount by this to get the activity's amount (positive = normal way). */
  sign: 1 | -1;
}

/**
 * An IB cash transaction type (Flex `type`, Activity Statement section, Transaction History type) →
 * our type. The sign says how the file's signed amount turns into ours: positive is the usual direction
 * (a dividend received, a fee paid), negative a reversal (a withholding refunded, a fee rebated).
 */
export function cashKind(type: string, amount: string, description = ""): CashKind | undefined {
  const t = type.toLowerCase();
  const d = description.toLowerCase();
  if (t.includes("withholding") || t === "foreign tax withholding" || t.includes("871(m)")) {
    return { type: "tax", sign: -1 };
  }
  if (t.includes("dividend") || t.includes("payment in lieu")) {
    if (d.includes("return of capital")) return { type: "returnOfCapital", sign: 1 };
    return { type: "dividend", sign: 1 };
  }
  if (t.includes("interest")) return { type: "interest", sign: 1 };
  if (t.includes("deposit") || t.includes("withdrawal")) {
    return isNegative(amount) ? { type: "withdrawal", sign: -1 } : { type: "deposit", sign: 1 };
  }
  if (t.includes("fee") || t.includes("commission")) return { type: "fee", sign: -1 };
  if (t.includes("tax")) return { type: "tax", sign: -1 };
  if (t === "return of capital") return { type: "returnOfCapital", sign: 1 };
  return undefined;
}

/** Amount after applying a CashKind's sign (interest keeps its own sign). */
export function signedAmount(kind: CashKind, amount: string): string {
  return kind.sign === 1 ? amount : negate(amount);
}

export interface TradeInput {
  row: number;
  date: string;
  rec: FlexRecord;
  /** Signed quantity (negative for a sale). */
  quantity: string;
  price: string;
  /** Signed trade money / proceeds, when given. */
  money?: string;
  /** Commission as the file signs it (negative = paid). */
  commission?: string;
  commissionCurrency?: string;
  currency: string;
  openClose?: string;
}

/** A trade row → a buy/sell/short/cover, or a currency conversion for an FX trade; fee split if needed. */
export function tradeActivities(t: TradeInput): ParsedActivity[] {
  const { rec } = t;
  const fee = t.commission !== undefined && !isZero(t.commission) ? abs(t.commission) : undefined;
  const feeCurrency = t.commissionCurrency || t.currency;
  const common = compact({
    row: t.row,
    date: t.date,
    externalId: rec.tradeid || rec.transactionid || rec.ibexecid || undefined,
    accountRef: rec.accountid || undefined,
    fxRate: rec.fxratetobase || undefined,
  });
  const pair = fxPair(rec.symbol);
  const category = (rec.assetcategory ?? "").toUpperCase();
  const noInstrument = !rec.symbol && !rec.isin && !rec.conid && !rec.securityid;
  if (pair || category === "CASH" || category === "FOREX" || noInstrument) {
    // FX: quantity is in the pair's base currency, money in the quote currency (the row's currency).
    const quote = pair?.quote ?? t.currency;
    const base = pair?.base ?? (feeCurrency !== quote ? feeCurrency : undefined);
    const money = t.money !== undefined ? abs(t.money) : abs(mul(t.quantity, t.price));
    const selling = isNegative(t.quantity);
    const from = selling ? { currency: base, amount: abs(t.quantity) } : { currency: quote, amount: money };
    const to = selling ? { currency: quote, amount: money } : { currency: base, amount: abs(t.quantity) };
    const out: ParsedActivity[] = [
      compact({
        ...common,
        type: "conversion" as const,
        currency: from.currency,
        amount: from.amount,
        toCurrency: to.currency,
        toAmount: to.amount,
        price: t.price,
        symbol: rec.symbol || undefined,
        assetClass: "fx",
        fee: fee && feeCurrency === from.currency ? fee : undefined,
      }),
    ];
    if (fee && feeCurrency !== from.currency) {
      out.push(
        compact({
          ...common,
          type: "fee" as const,
          amount: fee,
          currency: feeCurrency,
          note: "FX trade commission",
        }),
      );
    }
    return out;
  }
  const multiplier =
    rec.multiplier && !isZero(rec.multiplier) && rec.multiplier !== "1" ? rec.multiplier : undefined;
  const selling = isNegative(t.quantity) || /^sell/i.test(rec.buysell ?? "");
  const oc = (t.openClose ?? "").toUpperCase();
  const opens = /(^|;)O($|;)/.test(oc);
  const closes = /(^|;)C($|;)/.test(oc);
  const type = selling ? (opens ? "short" : "sell") : closes && !opens && isShortCover(rec) ? "cover" : "buy";
  const price = multiplier ? mul(t.price, multiplier) : t.price;
  const amount = t.money !== undefined ? abs(t.money) : abs(mul(t.quantity, price));
  const taxes = rec.taxes && !isZero(rec.taxes) ? abs(rec.taxes) : undefined;
  const sameCurrencyFee = fee && feeCurrency === t.currency ? fee : undefined;
  const totalFee = sameCurrencyFee && taxes ? add(sameCurrencyFee, taxes) : (sameCurrencyFee ?? taxes);
  const out: ParsedActivity[] = [
    compact({
      ...common,
      ...instrumentOf(rec),
      type,
      quantity: abs(t.quantity),
      price,
      amount,
      fee: totalFee,
      currency: t.currency,
      note: multiplier ? `multiplier ${multiplier}: price per contract` : undefined,
    }),
  ];
  if (fee && feeCurrency !== t.currency) {
    out.push(
      compact({
        ...common,
        type: "fee" as const,
        amount: fee,
        currency: feeCurrency,
        note: "trade commission",
        symbol: rec.symbol,
      }),
    );
  }
  return out;
}

/** A buy that closes is a cover only for a short position: IB marks it `C` and the quantity is positive. */
function isShortCover(rec: FlexRecord): boolean {
  // A closing buy always covers a short (a long is closed by selling).
  return rec.buysell === undefined || /^buy/i.test(rec.buysell);
}
