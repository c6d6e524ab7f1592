// DEGIRO's transactions export (Transactions.csv): one row per executed order with quantity (negative
// for a sale), price and its currency, local value, value in the account's currency, exchange rate,
// fees and total. Older layouts give each money column a currency column of its own (titled blank);
// newer ones write the account currency into the title (`Value EUR`, `Total EUR`) and add `AutoFX Fee`.
// Fees are in the account's currency; on a trade in another currency they are carried at the row's
// exchange rate (price-currency units per account-currency unit), the original amounts in the note.

import { type CsvRecord, normalizeHeader } from "../text/csv.ts";
import { currencyCode, isPence, penceToPounds } from "../text/currency-text.ts";
import { readDate } from "../text/dates.ts";
import { buildResult, ParseLog } from "../text/issues.ts";
import {
  abs,
  add,
  type DecimalSeparator,
  detectDecimal,
  div,
  isNegative,
  isZero,
  mul,
} from "../text/numbers.ts";
import { Header } from "../text/table.ts";
import { activity } from "./activity.ts";
import { readFlexible } from "./degiro-numbers.ts";
import { TRANSACTION_COLUMNS } from "./degiro-vocab.ts";
import type { ParsedActivity, ParseOptions, ParseResult } from "./types.ts";

type Key = keyof typeof TRANSACTION_COLUMNS;

export interface TransactionsLayout {
  header: Header<Key>;
  /** Currency written into a column's title (`Total EUR`), by column index. */
  titleCcy: Map<number, string>;
}

/** DEGIRO's column order, for titles in a language the vocabulary lacks (old and new layouts). */
const OLD_ORDER = [
  "Date",
  "Time",
  "Product",
  "ISIN",
  "Reference",
  "Venue",
  "Quantity",
  "Price",
  "",
  "Local value",
  "",
  "Value",
  "",
  "Exchange rate",
  "Transaction and/or third",
  "",
  "Total",
  "",
  "Order ID",
];
const NEW_ORDER = [
  "Date",
  "Time",
  "Product",
  "ISIN",
  "Reference exchange",
  "Venue",
  "Quantity",
  "Price",
  "",
  "Local value",
  "",
  "Value",
  "Exchange rate",
  "AutoFX Fee",
  "Transaction and/or third party fees",
  "Total",
  "Order ID",
];
const LOOSE_FEE = /kosten|cost|fee|frais|comis|gebuhr|custo|costi|taxa|spese/;

export function transactionsHeader(records: readonly CsvRecord[]): TransactionsLayout | undefined {
  for (const r of records.slice(0, 10)) {
    if (r.blank) continue;
    const titleCcy = new Map<number, string>();
    let fields = r.fields.map((t, i) => {
      const m = /^(.*\S)\s+([A-Z]{3})$/.exec(t.trim());
      if (m && normalizeHeader(m[1]!) !== "") {
        titleCcy.set(i, m[2]!);
        return m[1]!;
      }
      return t;
    });
    let header = Header.match<Key>({ ...r, fields }, TRANSACTION_COLUMNS, [
      "date",
      "isin",
      "quantity",
      "price",
    ]);
    const norm = fields.map(normalizeHeader);
    if (
      !header &&
      norm[3]?.includes("isin") &&
      norm[8] === "" &&
      (norm.length === 19 || norm.length === 17 || norm.length === 18)
    ) {
      // A language we do not know: DEGIRO's fixed order.
      const order = norm.length === 19 ? OLD_ORDER : NEW_ORDER;
      fields = fields.map((_, i) => order[i] ?? "");
      header = Header.match<Key>({ ...r, fields }, TRANSACTION_COLUMNS, [
        "date",
        "isin",
        "quantity",
        "price",
      ]);
    }
    if (header && !header.has("fee")) {
      // A fee column titled in words the vocabulary lacks ("Costes de transacción").
      const i = norm.findIndex(
        (t, j) =>
          LOOSE_FEE.test(t) &&
          !/autofx/.test(t) &&
          ![...Object.keys(TRANSACTION_COLUMNS)].some((k) => header!.col(k as Key) === j),
      );
      if (i >= 0) {
        fields = fields.map((t, j) => (j === i ? "Transaction and/or third" : t));
        header =
          Header.match<Key>({ ...r, fields }, TRANSACTION_COLUMNS, ["date", "isin", "quantity", "price"]) ??
          header;
      }
    }
    if (header && (header.has("total") || header.has("value"))) return { header, titleCcy };
  }
  return undefined;
}

export function parseDegiroTransactions(
  records: readonly CsvRecord[],
  layout: TransactionsLayout,
  options: ParseOptions,
): ParseResult {
  const { header, titleCcy } = layout;
  const log = new ParseLog();
  const out: ParsedActivity[] = [];
  const cell = (r: CsvRecord, i: number) => (i >= 0 ? (r.fields[i] ?? "").trim() : "");
  /** A money column's currency: the blank-titled column after it, else its title's code. */
  const ccyOf = (r: CsvRecord, key: Key): string | undefined => {
    const i = header.col(key);
    if (i < 0) return undefined;
    const next = header.record.fields[i + 1];
    if (next !== undefined && next.trim() === "") return currencyCode(cell(r, i + 1));
    return titleCcy.get(i);
  };
  const body = records
    .slice(records.findIndex((x) => x.row === header.record.row) + 1)
    .filter((r) => !r.blank && r.fields.some((f) => f.trim() !== ""));
  const preferred: DecimalSeparator | undefined =
    options.decimal ??
    detectDecimal(body.flatMap((r) => [cell(r, header.col("price")), cell(r, header.col("total"))]));
  const num = (r: CsvRecord, key: Key): string | undefined | null => {
    const raw = cell(r, header.col(key));
    if (raw === "") return undefined;
    const v = readFlexible(raw, preferred);
    if (v === undefined) {
      log.error(r.row, "bad_number", `"${raw}" is not a number.`, header.title(key));
      return null;
    }
    return v;
  };
  for (const r of body) {
    const date = readDate(cell(r, header.col("date")), options.dateOrder ?? "DMY");
    if (!date) {
      log.error(r.row, "bad_date", `"${cell(r, header.col("date"))}" is not a date.`, header.title("date"));
      continue;
    }
    const quantity = num(r, "quantity");
    const priceRaw = num(r, "price");
    const rate = num(r, "rate");
    const feeRaw = num(r, "fee");
    const autoFx = num(r, "autoFx");
    const local = num(r, "localValue");
    if (
      quantity === null ||
      priceRaw === null ||
      rate === null ||
      feeRaw === null ||
      autoFx === null ||
      local === null
    )
      continue;
    if (quantity === undefined || priceRaw === undefined) {
      log.error(
        r.row,
        "missing_field",
        "The quantity or the price is empty.",
        header.title(quantity === undefined ? "quantity" : "price"),
      );
      continue;
    }
    if (isZero(quantity)) {
      log.ignore(r.row, "zero_quantity", "A row with no shares traded.");
      continue;
    }
    let currency = ccyOf(r, "price") ?? ccyOf(r, "localValue") ?? options.defaultCurrency;
    let price = abs(priceRaw);
    let perBase = rate && !isZero(rate) ? abs(rate) : undefined;
    if (isPence(currency)) {
      currency = "GBP";
      price = penceToPounds(price);
      if (perBase) perBase = penceToPounds(perBase);
    }
    const baseCcy = ccyOf(r, "total") ?? ccyOf(r, "value") ?? ccyOf(r, "fee");
    let fee = "0";
    const notes: string[] = [];
    for (const [amount, ccy, label] of [
      [feeRaw, ccyOf(r, "fee") ?? baseCcy, "fees"],
      [autoFx, ccyOf(r, "autoFx") ?? baseCcy, "AutoFX fee"],
    ] as const) {
      if (!amount || isZero(amount)) continue;
      if (ccy === currency || !ccy) fee = add(fee, abs(amount));
      else if (perBase && ccy === baseCcy) {
        fee = add(fee, mul(abs(amount), perBase));
        notes.push(`${label} ${abs(amount)} ${ccy}`);
      } else {
        notes.push(`${label} ${abs(amount)} ${ccy} not carried (no exchange rate)`);
        log.warn(r.row, "missing_fx_rate", `The ${label} in ${ccy} could not be carried into ${currency}.`);
      }
    }
    const localCcy = ccyOf(r, "localValue");
    out.push(
      activity({
        row: r.row,
        date,
        type: isNegative(quantity) ? "sell" : "buy",
        isin: cell(r, header.col("isin")) || undefined,
        name: cell(r, header.col("product")) || undefined,
        quantity: abs(quantity),
        price,
        amount:
          local && (localCcy === currency || (localCcy && isPence(localCcy)))
            ? abs(isPence(localCcy) ? penceToPounds(local) : local)
            : undefined,
        fee: isZero(fee) ? undefined : fee,
        currency,
        fxRate: perBase && currency !== baseCcy ? div("1", perBase, 12) : undefined,
        externalId: cell(r, header.col("orderId")) || undefined,
        note: notes.join("; ") || undefined,
      }),
    );
  }
  return buildResult("degiro", log, out, body.length);
}
