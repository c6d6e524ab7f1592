// Coinbase's transaction report, in its layouts: a disclaimer, "Transactions" and "User,…" lines before
// the header (found wherever it is), with or without an ID column, "Spot Price" or "Price" titles, older
// reports with the currency in the titles (`USD Spot Price at Transaction`). Money is written with its
// symbol (`€3343.11`, `-€597.49`); quantities are signed on sends. Buys and sales carry their fee (Total
// minus Subtotal); a conversion (`Converted 0.0036 BTC to 156.14 XRP`) is a sale of one asset and a buy
// of the other at the same value; rewards and staking income arrive at no cost. A row repeated with the
// same ID (a report listing one trade in two currencies) is ignored as a duplicate.

import { type CsvRecord, parseCsvText } from "../text/csv.ts";
import { currencyCode, currencyIn } from "../text/currency-text.ts";
import { buildResult, ParseLog, unreadable } from "../text/issues.ts";
import { abs, div, isZero, readNumber, sub } from "../text/numbers.ts";
import { Header, RowReader } from "../text/table.ts";
import { activity } from "./activity.ts";
import { fileDecimal, hasTitles, headerTitles } from "./file-format.ts";
import type { BrokerParser, ParsedActivity, ParseOptions, ParseResult, SourceFile } from "./types.ts";

const SPEC = {
  id: ["ID"],
  timestamp: ["Timestamp"],
  type: ["Transaction Type"],
  asset: ["Asset"],
  quantity: ["Quantity Transacted"],
  priceCcy: ["Price Currency", "Spot Price Currency"],
  price: ["Price at Transaction", "Spot Price at Transaction"],
  subtotal: ["Subtotal"],
  total: ["Total (inclusive of fees and/or spread)", "Total (inclusive of fees)", "Total"],
  fees: ["Fees and/or Spread", "Fees", "Fee"],
  notes: ["Notes"],
} as const;
type Key = keyof typeof SPEC;

const FIAT = new Set(["EUR", "USD", "GBP", "CHF", "CAD", "AUD", "JPY", "SGD", "SEK", "NOK", "DKK", "PLN"]);
const INCOME =
  /staking income|rewards? income|learning reward|coinbase earn|inflation reward|incentives? rewards?|airdrop|interest/;
const INTERNAL =
  /staking transfer|unstaking transfer|eth2 deprecation|pro withdrawal|pro deposit|exchange withdrawal|exchange deposit/;

/** Finds the header; a `USD Spot Price…` title names the currency the column is in. */
function findHeader(records: readonly CsvRecord[]): { header: Header<Key>; titleCcy?: string } | undefined {
  for (const r of records.slice(0, 20)) {
    if (r.blank) continue;
    let titleCcy: string | undefined;
    const fields = r.fields.map((t) => {
      const m = /^([A-Z]{3})\s+(Spot Price at Transaction|Subtotal|Total.*|Fees.*)$/.exec(t.trim());
      if (m) {
        titleCcy = m[1];
        return m[2]!;
      }
      return t;
    });
    const header = Header.match<Key>({ ...r, fields }, SPEC, ["timestamp", "type", "asset", "quantity"]);
    if (header) return titleCcy ? { header, titleCcy } : { header };
  }
  return undefined;
}

function detect(file: SourceFile): number {
  const h = headerTitles(file.text, 12);
  if (hasTitles(h, "portfolio", "trade id", "product", "side", "created at", "size")) return 0.95;
  if (!hasTitles(h, "timestamp", "transaction type", "asset", "quantity transacted")) return 0;
  return /coinbase|spot price|fees and.or spread|inclusive of fees/i.test(file.text.slice(0, 3000))
    ? 0.97
    : 0.85;
}

function money(raw: string | undefined): string | undefined | null {
  if (raw === undefined || raw.trim() === "") return undefined;
  const n = readNumber(raw);
  if (n.ok) return n.value;
  const dot = readNumber(raw, ".");
  return dot.ok ? dot.value : null;
}

function parse(file: SourceFile, options: ParseOptions = {}): ParseResult {
  const { records } = parseCsvText(file.text);
  const fills = Header.find(records, FILLS, ["product", "side", "createdAt", "size", "price"], 5);
  if (fills) return parseFills(records, fills, options);
  const found = findHeader(records);
  if (!found)
    return unreadable(
      "coinbase",
      "No Coinbase header (Timestamp, Transaction Type, Asset, Quantity Transacted) was found.",
    );
  const { header, titleCcy } = found;
  const log = new ParseLog();
  const body = records
    .slice(records.findIndex((r) => r.row === header.record.row) + 1)
    .filter((r) => !r.blank);
  const seen = new Map<string, number>();
  const decimal = fileDecimal(header, body, ["quantity"], options);
  const out: ParsedActivity[] = [];
  for (const rec of body) {
    const r = new RowReader(header, rec, log, { decimal });
    const date = r.date("timestamp");
    const typeText = r.requireText("type") ?? "";
    const asset = r.requireText("asset");
    const quantity = r.number("quantity", true);
    const nums = {
      price: money(r.text("price")),
      subtotal: money(r.text("subtotal")),
      total: money(r.text("total")),
      fees: money(r.text("fees")),
    };
    for (const [k, v] of Object.entries(nums)) {
      if (v === null)
        log.error(r.row, "bad_number", `"${r.text(k as Key)}" is not an amount.`, header.title(k as Key));
    }
    if (!date || !asset || quantity === undefined || !r.ok) continue;
    const id = r.text("id");
    const dup = id ? `${id}|${typeText}|${asset}|${quantity}` : undefined;
    if (dup && seen.has(dup)) {
      log.ignore(
        r.row,
        "duplicate",
        `The same transaction (ID ${id}) as row ${seen.get(dup)}, in another currency.`,
      );
      continue;
    }
    if (dup) seen.set(dup, r.row);
    const currency =
      currencyCode(r.text("priceCcy")) ?? currencyIn(r.text("price")) ?? titleCcy ?? options.defaultCurrency;
    const price = nums.price ? abs(nums.price) : undefined;
    const subtotal = nums.subtotal ? abs(nums.subtotal) : undefined;
    const total = nums.total ? abs(nums.total) : undefined;
    const fee =
      nums.fees && !isZero(nums.fees)
        ? abs(nums.fees)
        : total && subtotal && !isZero(sub(total, subtotal))
          ? abs(sub(total, subtotal))
          : undefined;
    const qty = abs(quantity);
    const note = r.text("notes");
    const base = { row: r.row, date, symbol: asset, assetClass: "crypto", externalId: id, note };
    const t = typeText.toLowerCase();
    if (FIAT.has(asset.toUpperCase()) && (t === "deposit" || t === "withdrawal")) {
      out.push(
        activity({
          row: r.row,
          date,
          type: t,
          amount: qty,
          currency: asset.toUpperCase(),
          externalId: id,
          note,
        }),
      );
    } else if (t === "buy" || t === "advanced trade buy" || t === "sell" || t === "advanced trade sell") {
      if (price === undefined) {
        r.missing("price");
        continue;
      }
      out.push(
        activity({
          ...base,
          type: t.endsWith("buy") ? "buy" : "sell",
          quantity: qty,
          price,
          amount: subtotal,
          fee,
          currency,
        }),
      );
    } else if (t === "send" || t === "withdrawal") {
      out.push(activity({ ...base, type: "transferOut", quantity: qty }));
    } else if (t === "receive" || t === "deposit") {
      out.push(activity({ ...base, type: "transferIn", quantity: qty, price, currency }));
    } else if (t === "convert") {
      const m = /converted\s+([\d.,]+)\s+(\S+)\s+to\s+([\d.,]+)\s+(\S+)/i.exec(note ?? "");
      const toQty = m ? readNumber(m[3], ".") : undefined;
      if (!m || !toQty?.ok || price === undefined || isZero(toQty.value)) {
        log.error(
          r.row,
          "missing_field",
          `A conversion needs "Converted <qty> <asset> to <qty> <asset>" in Notes and a price.`,
          header.title("notes"),
        );
        continue;
      }
      // One row, two activities: the asset given up and the one received, at the same value.
      const value = subtotal ?? total ?? "0";
      out.push(activity({ ...base, type: "sell", quantity: qty, price, amount: value, fee, currency }));
      out.push(
        activity({
          ...base,
          symbol: m[4]!.replace(/s$/, ""),
          type: "buy",
          quantity: toQty.value,
          price: div(value, toQty.value, 10),
          amount: value,
          currency,
          externalId: id ? `${id}:to` : undefined,
        }),
      );
    } else if (INCOME.test(t)) {
      out.push(
        activity({
          ...base,
          type: "buy",
          quantity: qty,
          price: "0",
          currency,
          note: `${typeText}: received at no cost${total ? ` (worth ${total} ${currency ?? ""})` : ""}`.trim(),
        }),
      );
    } else if (INTERNAL.test(t)) {
      log.ignore(r.row, "internal_transfer", `"${typeText}" moves the asset within Coinbase: still held.`);
    } else {
      log.error(
        r.row,
        "unknown_type",
        `Transaction type "${typeText}" is not one this importer knows.`,
        header.title("type"),
      );
    }
  }
  return buildResult("coinbase", log, out, body.length);
}

/** Coinbase Pro / Advanced Trade fills: one row per fill of a product such as `BTC-USD`. */
const FILLS = {
  portfolio: ["portfolio"],
  tradeId: ["trade id"],
  product: ["product"],
  side: ["side"],
  createdAt: ["created at"],
  size: ["size"],
  sizeUnit: ["size unit"],
  price: ["price"],
  fee: ["fee"],
  total: ["total"],
  unit: ["price/fee/total unit"],
} as const;
type FKey = keyof typeof FILLS;

function parseFills(records: readonly CsvRecord[], header: Header<FKey>, options: ParseOptions): ParseResult {
  const log = new ParseLog();
  const out: ParsedActivity[] = [];
  const body = records
    .slice(records.findIndex((r) => r.row === header.record.row) + 1)
    .filter((r) => !r.blank);
  const decimal = fileDecimal(header, body, ["size", "price"], options);
  for (const rec of body) {
    const r = new RowReader(header, rec, log, { decimal });
    const date = r.date("createdAt");
    const side = (r.requireText("side") ?? "").toUpperCase();
    const product = r.requireText("product") ?? "";
    const size = r.number("size", true);
    const price = r.number("price", true);
    const fee = r.number("fee");
    const total = r.number("total");
    if (!date || size === undefined || price === undefined || !r.ok) continue;
    if (side !== "BUY" && side !== "SELL") {
      log.error(r.row, "unknown_type", `"${side}" is neither BUY nor SELL.`, header.title("side"));
      continue;
    }
    const [base, quote] = product.split("-");
    out.push(
      activity({
        row: r.row,
        date,
        type: side === "BUY" ? "buy" : "sell",
        symbol: (r.text("sizeUnit") ?? base)?.toUpperCase(),
        assetClass: "crypto",
        quantity: abs(size),
        price: abs(price),
        amount: total ? abs(sub(abs(total), fee ? abs(fee) : "0")) : undefined,
        fee: fee && !isZero(fee) ? abs(fee) : undefined,
        currency: (r.text("unit") ?? quote)?.toUpperCase(),
        externalId: r.text("tradeId"),
        accountRef: r.text("portfolio"),
      }),
    );
  }
  return buildResult("coinbase", log, out, body.length, { accountRefs: out.map((a) => a.accountRef ?? "") });
}

export const coinbaseParser: BrokerParser = {
  id: "coinbase",
  label: "Coinbase",
  detect,
  parse,
};
