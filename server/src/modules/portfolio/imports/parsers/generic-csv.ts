// The generic CSV: any table with a header, read through a column mapping (ParseOptions.mapping: each
// field of MAPPING_FIELDS → the file's column title). Without a mapping one is suggested from the
// header (suggestMapping) and a warning says so. Type cells are read with a vocabulary in English,
// German, Dutch, French, Spanish and Korean (매수/매도/배당…); the mapping may add the file's own words as
// `"value:<word>": "<type>"` entries. Without a type column, a signed quantity says buy or sell.
// Decimal separator and date order are decided from the whole file unless the options say.

import type { TransactionType } from "../../engine/types.ts";
import { type CsvRecord, parseCsvText } from "../text/csv.ts";
import { currencyCode, currencyIn, isPence, penceToPounds } from "../text/currency-text.ts";
import { buildResult, ParseLog, unreadable } from "../text/issues.ts";
import { abs, div, isNegative, isZero, mul } from "../text/numbers.ts";
import { type ColumnSpec, decideFormat, Header, RowReader } from "../text/table.ts";
import { activity } from "./activity.ts";
import {
  foldWord,
  MAPPING_FIELDS,
  type MappingField,
  suggestMapping,
  typeFromWord,
} from "./generic-vocab.ts";
import type { BrokerParser, ParsedActivity, ParseOptions, ParseResult, SourceFile } from "./types.ts";

export { MAPPING_FIELDS, suggestMapping, typeFromWord } from "./generic-vocab.ts";

const ISIN = /^[A-Z]{2}[A-Z0-9]{9}\d$/;
const TRADES: ReadonlySet<TransactionType> = new Set(["buy", "sell", "short", "cover"]);
const CASH: ReadonlySet<TransactionType> = new Set([
  "dividend",
  "interest",
  "fee",
  "tax",
  "deposit",
  "withdrawal",
  "returnOfCapital",
]);

/** The mapping's column titles as a header spec (`value:` entries are type words, not columns). */
function specOf(mapping: Record<string, string>): ColumnSpec<MappingField> {
  const spec = {} as Record<MappingField, string[]>;
  for (const f of MAPPING_FIELDS) spec[f] = mapping[f] ? [mapping[f]!] : [];
  return spec;
}

function typeWords(mapping: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(mapping)) if (k.startsWith("value:")) out[k.slice(6)] = v;
  return out;
}

function findHeader(
  records: readonly CsvRecord[],
  mapping: Record<string, string>,
): Header<MappingField> | undefined {
  const spec = specOf(mapping);
  const wanted = MAPPING_FIELDS.filter((f) => mapping[f]);
  // Header.match compares titles loosely (case, accents, punctuation): fall back to our own fold for
  // titles in scripts it drops (Korean).
  for (const r of records.slice(0, 30)) {
    if (r.blank) continue;
    const h = Header.match(r, spec, wanted);
    if (h) return h;
    const folded = r.fields.map(foldWord);
    if (wanted.every((f) => folded.includes(foldWord(mapping[f]!)))) {
      const fields = folded.map((t) => {
        const f = wanted.find((w) => foldWord(mapping[w]!) === t);
        return f ?? `__${t}`;
      });
      const ids = {} as Record<MappingField, string[]>;
      for (const f of MAPPING_FIELDS) ids[f] = mapping[f] ? [f] : [];
      const m = Header.match({ ...r, fields }, ids, wanted);
      if (m) return m;
    }
  }
  return undefined;
}

function parse(file: SourceFile, options: ParseOptions = {}): ParseResult {
  const { records } = parseCsvText(file.text);
  const firstIndex = records.findIndex((r) => !r.blank);
  if (firstIndex < 0) return unreadable("generic-csv", "The file is empty.");
  const log = new ParseLog();
  let mapping = options.mapping;
  if (!mapping || Object.keys(mapping).filter((k) => !k.startsWith("value:")).length === 0) {
    mapping = { ...suggestMapping(records[firstIndex]!.fields), ...(mapping ?? {}) };
    log.warn(
      0,
      "mapping_suggested",
      "No column mapping was given; one was suggested from the header. Check it before importing.",
    );
  }
  for (const k of Object.keys(mapping)) {
    if (!k.startsWith("value:") && !(MAPPING_FIELDS as readonly string[]).includes(k)) {
      log.error(0, "bad_mapping", `"${k}" is not a mapping field (fields: ${MAPPING_FIELDS.join(", ")}).`);
    }
  }
  if (!mapping.date)
    return unreadable("generic-csv", "The mapping must name the date column.", "bad_mapping");
  if (!mapping.type && !mapping.quantity) {
    return unreadable(
      "generic-csv",
      "The mapping must name a type column, or a signed quantity column.",
      "bad_mapping",
    );
  }
  const header = findHeader(records, mapping);
  if (!header) {
    const missing = MAPPING_FIELDS.filter((f) => mapping[f]).map((f) => `"${mapping[f]}"`);
    return unreadable(
      "generic-csv",
      `No header row holds the mapped columns ${missing.join(", ")}.`,
      "missing_column",
    );
  }
  const body = records
    .slice(records.findIndex((r) => r.row === header.record.row) + 1)
    .filter((r) => !r.blank && r.fields.some((f) => f.trim() !== ""));
  const numberKeys: MappingField[] = ["quantity", "price", "amount", "fee", "tax", "fxRate"];
  // Won and yen have no minor unit and Korean files group with commas: `72,800` is then 72800.
  const currencies = new Set(header.values(body, "currency").map((c) => c.trim().toUpperCase()));
  if (options.defaultCurrency) currencies.add(options.defaultCurrency);
  const wholeUnits =
    (currencies.size > 0 && [...currencies].every((c) => c === "KRW" || c === "JPY")) ||
    header.record.fields.some((f) => /\p{Script=Hangul}/u.test(f));
  const format = decideFormat(
    numberKeys.flatMap((k) => header.values(body, k)),
    header.values(body, "date"),
    options,
    wholeUnits ? { decimal: "." } : {},
  );
  const words = typeWords(mapping);
  const activities: ParsedActivity[] = [];
  for (const rec of body) {
    const r = new RowReader(header, rec, log, format);
    const act = readRow(r, words, options, log);
    if (act) activities.push(act);
  }
  // Titles matched through our own fold (Korean) stand in the header as field names: name the file's.
  const own = mapping;
  for (const i of [...log.errors, ...log.warnings, ...log.ignored]) {
    const f = i.column as MappingField | undefined;
    if (f && own[f] && header.record.fields[header.col(f)] === f) {
      i.column = own[f];
      i.message = i.message.replace(new RegExp(`^${f}(?=:| is)`), own[f]!);
    }
  }
  return buildResult("generic-csv", log, activities, body.length, {
    accountRefs: activities.map((a) => a.accountRef ?? ""),
  });
}

function readRow(
  r: RowReader<MappingField>,
  words: Record<string, string>,
  options: ParseOptions,
  log: ParseLog,
): ParsedActivity | undefined {
  const date = r.date("date");
  const quantity = r.number("quantity");
  let price = r.number("price");
  let amount = r.number("amount");
  const fee = r.number("fee");
  const tax = r.number("tax");
  const fxRate = r.number("fxRate");
  const typeCell = r.text("type");
  let type: TransactionType | undefined;
  if (r.header.has("type")) {
    if (typeCell === undefined) return void r.missing("type");
    type = typeFromWord(typeCell, words);
    if (!type) {
      log.error(
        r.row,
        "unknown_type",
        `"${typeCell}" is not a type this importer knows; map it with a "value:${typeCell}" entry.`,
        r.header.title("type"),
      );
      return undefined;
    }
  } else if (quantity !== undefined && !isZero(quantity)) type = isNegative(quantity) ? "sell" : "buy";
  else return void r.missing("quantity");
  if (!date || !r.ok) return undefined;
  let symbol = r.text("symbol");
  let isin = r.text("isin");
  if (!isin && symbol && ISIN.test(symbol)) {
    isin = symbol;
    symbol = undefined;
  }
  const amountCell = r.text("amount") ?? r.text("price");
  let currency = currencyCode(r.text("currency")) ?? currencyIn(amountCell) ?? options.defaultCurrency;
  if (isPence(currency) && price) {
    price = penceToPounds(price);
    if (amount) amount = penceToPounds(amount);
    currency = "GBP";
  }
  const base = {
    row: r.row,
    date,
    type,
    symbol,
    isin,
    name: r.text("name"),
    currency,
    fxRate: fxRate ? abs(fxRate) : undefined,
    externalId: r.text("externalId"),
    accountRef: r.text("account"),
    note: r.text("note"),
  };
  if (TRADES.has(type)) {
    if (quantity === undefined || isZero(quantity)) return void r.missing("quantity");
    if (price === undefined && amount !== undefined) price = div(abs(amount), abs(quantity), 10);
    if (price === undefined) return void r.missing("price");
    return activity({
      ...base,
      quantity: abs(quantity),
      price: abs(price),
      amount: amount ? abs(amount) : undefined,
      fee: fee ? abs(fee) : undefined,
    });
  }
  if (CASH.has(type)) {
    let value = amount ?? (quantity && price ? mul(quantity, price) : undefined);
    if (value === undefined) return void r.missing("amount");
    if (type !== "interest") value = abs(value);
    if (type !== "interest" && isZero(value)) {
      log.ignore(r.row, "zero_amount", "A zero amount.");
      return undefined;
    }
    return activity({
      ...base,
      amount: value,
      withholdingTax: type === "dividend" && tax && !isZero(tax) ? abs(tax) : undefined,
      fee: fee && !isZero(fee) ? abs(fee) : undefined,
    });
  }
  if (type === "transferIn" || type === "transferOut") {
    if (quantity === undefined || isZero(quantity)) return void r.missing("quantity");
    return activity({ ...base, quantity: abs(quantity), price: price ? abs(price) : undefined });
  }
  if (type === "split") {
    const ratio = quantity ?? price ?? amount;
    if (!ratio || isZero(ratio)) return void r.missing("quantity");
    return activity({ ...base, ratio: abs(ratio) });
  }
  log.error(
    r.row,
    "unsupported_type",
    `A ${type} cannot be read from a generic CSV row; enter it by hand.`,
    r.header.title("type"),
  );
  return undefined;
}

/** A generic table is always readable, but never the best guess when a broker's own parser knows it. */
function detect(file: SourceFile): number {
  const { records } = parseCsvText(file.text.slice(0, 4000));
  const first = records.find((r) => !r.blank);
  if (!first || first.fields.length < 3) return 0;
  const m = suggestMapping(first.fields);
  return m.date && (m.type || m.quantity) && (m.amount || m.price) ? 0.3 : 0.1;
}

export const genericCsvParser: BrokerParser = {
  id: "generic-csv",
  label: "Other (CSV with a column mapping)",
  detect,
  parse,
};
