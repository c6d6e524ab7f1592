// Revolut: the stocks statement (Date, Ticker, Type, Quantity, Price per share, Total Amount, Currency,
// FX Rate — money written with its symbol, `$85.11`, `-€0.01`) and the crypto statement (Symbol, Type,
// Quantity, Price, Value, Fees, Date — money with a code or symbol, `89,162.28 SEK`, dates like
// `May 5, 2020, 10:10:57 PM`). Numbers are read one by one by their own separators, since the same
// file holds `"0,76672417"` and `1.63453043`. Transfers between Revolut's own entities move nothing
// the user owns and are ignored; a stock split adds shares at no cost; staking rewards arrive at no cost.

import { type CsvRecord, parseCsvText } from "../text/csv.ts";
import { currencyCode, currencyIn } from "../text/currency-text.ts";
import { buildResult, ParseLog, unreadable } from "../text/issues.ts";
import { abs, div, isZero, readNumber } from "../text/numbers.ts";
import { Header, RowReader } from "../text/table.ts";
import { activity } from "./activity.ts";
import { hasTitles, headerTitles } from "./file-format.ts";
import type { BrokerParser, ParsedActivity, ParseOptions, ParseResult, SourceFile } from "./types.ts";

const STOCKS = {
  date: ["Date"],
  ticker: ["Ticker"],
  type: ["Type"],
  quantity: ["Quantity"],
  price: ["Price per share"],
  total: ["Total Amount"],
  currency: ["Currency"],
  fx: ["FX Rate"],
} as const;
type SKey = keyof typeof STOCKS;

const CRYPTO = {
  symbol: ["Symbol"],
  type: ["Type"],
  quantity: ["Quantity"],
  price: ["Price"],
  value: ["Value"],
  fees: ["Fees"],
  date: ["Date"],
} as const;
type CKey = keyof typeof CRYPTO;

function detect(file: SourceFile): number {
  const h = headerTitles(file.text, 3);
  if (hasTitles(h, "date", "ticker", "type", "quantity", "price per share", "total amount")) return 0.97;
  if (hasTitles(h, "symbol", "type", "quantity", "price", "value", "fees", "date")) return 0.9;
  return 0;
}

function parse(file: SourceFile, options: ParseOptions = {}): ParseResult {
  const { records } = parseCsvText(file.text);
  const stocks = Header.find(records, STOCKS, ["date", "type", "total"], 5);
  if (stocks) return parseStocks(records, stocks, options);
  const crypto = Header.find(records, CRYPTO, ["symbol", "type", "quantity", "date"], 5);
  if (crypto) return parseCrypto(records, crypto, options);
  return unreadable("revolut", "No Revolut stocks or crypto statement header was found.");
}

/** A number read by its own separators (these files mix them row to row). */
function own(r: RowReader<string>, log: ParseLog, key: string, title: string): string | undefined | null {
  const raw = r.text(key);
  if (raw === undefined) return undefined;
  const n = readNumber(raw);
  if (n.ok) return n.value;
  const dot = readNumber(raw, ".");
  if (dot.ok) return dot.value;
  log.error(r.row, "bad_number", `${title}: ${n.message}`, title);
  return null;
}

function body(records: readonly CsvRecord[], header: Header<string>): CsvRecord[] {
  return records.slice(records.findIndex((r) => r.row === header.record.row) + 1).filter((r) => !r.blank);
}

function parseStocks(
  records: readonly CsvRecord[],
  header: Header<SKey>,
  options: ParseOptions,
): ParseResult {
  const log = new ParseLog();
  const out: ParsedActivity[] = [];
  const rows = body(records, header);
  for (const rec of rows) {
    const r = new RowReader(
      header,
      rec,
      log,
      options.dateOrder ? { dateOrder: options.dateOrder } : {},
    ) as RowReader<string>;
    const date = r.date("date");
    const type = (r.requireText("type") ?? "").toUpperCase();
    const quantity = own(r, log, "quantity", "Quantity");
    const price = own(r, log, "price", "Price per share");
    const total = own(r, log, "total", "Total Amount");
    const fx = own(r, log, "fx", "FX Rate");
    if (!date || !r.ok || quantity === null || price === null || total === null || fx === null) continue;
    const currency =
      currencyCode(r.text("currency")) ?? currencyIn(r.text("total")) ?? options.defaultCurrency;
    const symbol = r.text("ticker");
    // FX Rate: units of the price's currency per unit of the account's (1.1019 USD per EUR).
    const fxRate = fx && !isZero(fx) && fx !== "1" ? div("1", fx, 12) : undefined;
    const base = { row: r.row, date, symbol, currency, fxRate };
    if (type.startsWith("BUY") || type.startsWith("SELL")) {
      if (!quantity || isZero(quantity)) {
        r.missing("quantity");
        continue;
      }
      const p = price ?? (total ? div(abs(total), abs(quantity)) : undefined);
      if (p === undefined) {
        r.missing("price");
        continue;
      }
      out.push(
        activity({
          ...base,
          type: type.startsWith("BUY") ? "buy" : "sell",
          quantity: abs(quantity),
          price: abs(p),
          amount: total ? abs(total) : undefined,
        }),
      );
    } else if (type.startsWith("DIVIDEND TAX") || type.startsWith("WITHHOLDING TAX")) {
      out.push(
        activity({
          ...base,
          type: total && !total.startsWith("-") && type.includes("CORRECTION") ? "interest" : "tax",
          amount: abs(total ?? "0"),
          note: type,
        }),
      );
    } else if (type.startsWith("DIVIDEND")) {
      out.push(activity({ ...base, type: "dividend", amount: abs(total ?? "0") }));
    } else if (type === "CASH TOP-UP") {
      out.push(activity({ ...base, symbol: undefined, type: "deposit", amount: abs(total ?? "0") }));
    } else if (type === "CASH WITHDRAWAL") {
      out.push(activity({ ...base, symbol: undefined, type: "withdrawal", amount: abs(total ?? "0") }));
    } else if (type.includes("FEE")) {
      out.push(activity({ ...base, symbol: undefined, type: "fee", amount: abs(total ?? "0"), note: type }));
    } else if (type === "STOCK SPLIT") {
      if (!quantity || isZero(quantity)) {
        r.missing("quantity");
        continue;
      }
      // The statement gives the shares the split added, not its ratio: they arrive at no cost.
      out.push(
        activity({
          ...base,
          fxRate: undefined,
          type: "buy",
          quantity: abs(quantity),
          price: "0",
          note: "stock split: shares added",
        }),
      );
    } else if (type.startsWith("TRANSFER FROM REVOLUT") || type.startsWith("TRANSFER TO REVOLUT")) {
      log.ignore(
        r.row,
        "internal_transfer",
        "A transfer between Revolut's own entities: the holding stays in the account.",
      );
    } else {
      log.error(
        r.row,
        "unknown_type",
        `Type "${type}" is not a Revolut stocks activity this importer knows.`,
        "Type",
      );
    }
  }
  return buildResult("revolut", log, out, rows.length);
}

function parseCrypto(
  records: readonly CsvRecord[],
  header: Header<CKey>,
  options: ParseOptions,
): ParseResult {
  const log = new ParseLog();
  const out: ParsedActivity[] = [];
  const rows = body(records, header);
  for (const rec of rows) {
    const r = new RowReader(header, rec, log, {}) as RowReader<string>;
    const date = r.date("date");
    const type = (r.requireText("type") ?? "").toLowerCase();
    const quantity = own(r, log, "quantity", "Quantity");
    const price = own(r, log, "price", "Price");
    const value = own(r, log, "value", "Value");
    const fees = own(r, log, "fees", "Fees");
    if (!date || !r.ok || quantity === null || price === null || value === null || fees === null) continue;
    if (!quantity || isZero(quantity)) {
      r.missing("quantity");
      continue;
    }
    const currency = currencyIn(r.text("price")) ?? currencyIn(r.text("value")) ?? options.defaultCurrency;
    const base = {
      row: r.row,
      date,
      symbol: r.text("symbol"),
      assetClass: "crypto",
      quantity: abs(quantity),
      currency,
    };
    switch (type) {
      case "buy":
      case "sell":
        if (price === undefined) {
          r.missing("price");
          break;
        }
        out.push(
          activity({
            ...base,
            type,
            price: abs(price),
            amount: value ? abs(value) : undefined,
            fee: fees && !isZero(fees) ? abs(fees) : undefined,
          }),
        );
        break;
      case "send":
        out.push(activity({ ...base, currency: undefined, type: "transferOut" }));
        break;
      case "receive":
        out.push(
          activity({
            ...base,
            currency: undefined,
            type: "transferIn",
            price: price ? abs(price) : undefined,
          }),
        );
        break;
      case "stake":
      case "unstake":
        log.ignore(r.row, "staking_move", "Coins moved into or out of staking: still held.");
        break;
      case "staking reward":
      case "reward":
      case "learn reward":
      case "airdrop":
        out.push(activity({ ...base, type: "buy", price: "0", note: `${type}: received at no cost` }));
        break;
      default:
        log.error(
          r.row,
          "unknown_type",
          `Type "${type}" is not a Revolut crypto activity this importer knows.`,
          "Type",
        );
    }
  }
  return buildResult("revolut", log, out, rows.length);
}

export const revolutParser: BrokerParser = {
  id: "revolut",
  label: "Revolut (stocks and crypto)",
  detect,
  parse,
};
