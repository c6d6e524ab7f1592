// Trading 212's "History" CSV export: one row per order, dividend, interest, deposit or conversion.
// Columns have grown over the years (fee columns per regulator, Notes and ID moved before the share
// count in newer exports), so columns are found by title; older exports put the account currency in
// the title (`Total (EUR)`) instead of a `Currency (Total)` column. Prices are in the instrument's
// currency, totals and fees in the account's; `Exchange rate` is instrument-currency units per
// account-currency unit, so a trade's fees are carried in the trade's currency at that rate.

import type { CsvRecord } from "../text/csv.ts";
import { normalizeHeader, parseCsvText } from "../text/csv.ts";
import { currencyCode, isPence, penceToPounds } from "../text/currency-text.ts";
import { buildResult, ParseLog, unreadable } from "../text/issues.ts";
import { abs, add, div, isNegative, isZero, mul, readNumber } from "../text/numbers.ts";
import { type ColumnSpec, Header, RowReader } from "../text/table.ts";
import { type ActivityDraft, activity } from "./activity.ts";
import { fileDecimal, headerTitles } from "./file-format.ts";
import type { BrokerParser, ParsedActivity, ParseOptions, ParseResult, SourceFile } from "./types.ts";

const SPEC = {
  action: ["Action"],
  time: ["Time"],
  isin: ["ISIN"],
  ticker: ["Ticker"],
  name: ["Name"],
  shares: ["No. of shares"],
  price: ["Price / share"],
  priceCcy: ["Currency (Price / share)"],
  rate: ["Exchange rate"],
  total: ["Total"],
  totalCcy: ["Currency (Total)"],
  wht: ["Withholding tax"],
  whtCcy: ["Currency (Withholding tax)"],
  notes: ["Notes"],
  id: ["ID"],
} satisfies ColumnSpec<string>;
type Key = keyof typeof SPEC;

/** Fee columns (their own currency column is `Currency (<title>)`, or the title's `(EUR)` suffix). */
const FEE_TITLES = [
  "Currency conversion fee",
  "Transaction fee",
  "Finra fee",
  "Stamp duty reserve tax",
  "Stamp duty",
  "French transaction tax",
  "Charge amount",
  "PTM levy",
].map(normalizeHeader);

interface Layout {
  header: Header<Key>;
  /** Currency stated in a column's title (`Total (EUR)`), by column index. */
  titleCcy: Map<number, string>;
  fees: Array<{ col: number; title: string; ccyCol: number }>;
  /** The file's decimal separator (Trading 212 writes `.`; a re-saved file may not). */
  decimal: "." | ",";
}

/** Strips `(EUR)` suffixes (remembering them) and matches the titles. */
function layoutOf(record: CsvRecord): Layout | undefined {
  const titleCcy = new Map<number, string>();
  const fields = record.fields.map((t, i) => {
    const m = /^(.*\S)\s*\(([A-Z]{3})\)\s*$/.exec(t.trim().replace(/^\uFEFF/, ""));
    if (m && !/^currency$/i.test(m[1]!)) {
      titleCcy.set(i, m[2]!);
      return m[1]!;
    }
    return t;
  });
  const header = Header.match({ ...record, fields }, SPEC, ["action", "time", "total"]);
  if (!header) return undefined;
  const norm = fields.map(normalizeHeader);
  const fees: Layout["fees"] = [];
  norm.forEach((t, i) => {
    if (FEE_TITLES.includes(t)) {
      const ccyCol = norm.indexOf(normalizeHeader(`Currency (${fields[i]})`));
      fees.push({ col: i, title: fields[i]!.trim(), ccyCol });
    }
  });
  return { header, titleCcy, fees, decimal: "." };
}

const PLAIN = /^-?\d+([.,]\d+)?$/;

/** Newer exports moved Notes and ID before the share count; a row written so under an old header. */
function realigned(layout: Layout, record: CsvRecord): CsvRecord | undefined {
  const h = layout.header;
  const price = record.fields[h.col("price")]?.trim() ?? "";
  if (h.col("price") < 0 || price === "" || PLAIN.test(price)) return undefined;
  const name = h.col("name");
  const notes = h.col("notes");
  const id = h.col("id");
  if (name < 0 || notes < 0 || id < 0 || h.col("shares") !== name + 1) return undefined;
  const f = record.fields;
  const rest = f.slice(name + 3);
  const before = f.slice(0, name + 1);
  // Old order: …Name, shares, price, ccy, rate, result, ccy, total, ccy, wht, ccy, Notes, ID, …
  const moved = [
    ...before,
    ...rest.slice(0, notes - name - 1),
    f[name + 1]!,
    f[name + 2]!,
    ...rest.slice(notes - name - 1),
  ];
  const fixed = { ...record, fields: moved };
  return PLAIN.test(fixed.fields[h.col("shares")]?.trim() ?? "") ? fixed : undefined;
}

function detect(file: SourceFile): number {
  const h = headerTitles(file.text, 3);
  const set = h.find((s) => s.has("action") && s.has("time"));
  if (!set || ![...set].some((t) => t === "total" || /^total [a-z]{3}$/.test(t))) return 0;
  let score = 0.5;
  if (set.has("no of shares")) score += 0.2;
  if (set.has("price share")) score += 0.15;
  if (
    set.has("currency price share") ||
    set.has("currency total") ||
    [...set].some((t) => /^total [a-z]{3}$/.test(t))
  )
    score += 0.1;
  if (/\n(market|limit|stop) (buy|sell)[,;]/i.test(file.text) || /\nDeposit[,;]/.test(file.text))
    score += 0.04;
  return Math.min(score, 0.99);
}

function parse(file: SourceFile, options: ParseOptions = {}): ParseResult {
  const { records } = parseCsvText(file.text);
  const headerAt = records.findIndex((r) => !r.blank);
  const layout = headerAt >= 0 ? layoutOf(records[headerAt]!) : undefined;
  if (!layout) return unreadable("trading212", "No Trading 212 header (Action, Time, …, Total) was found.");
  const log = new ParseLog();
  const activities: ParsedActivity[] = [];
  const splitLegs: Array<{ act: ParsedActivity; close: boolean; time: string }> = [];
  let total = 0;
  layout.decimal = fileDecimal(
    layout.header,
    records.slice(headerAt + 1),
    ["shares", "price", "total"],
    options,
  );
  for (const rec of records.slice(headerAt + 1)) {
    if (rec.blank) continue;
    total++;
    const fixed = realigned(layout, rec);
    const r = new RowReader(layout.header, fixed ?? rec, log, { decimal: layout.decimal });
    const act = readRow(r, layout, log, options);
    if (!act) continue;
    if (act.type === "split") {
      splitLegs.push({ act, close: /close/i.test(r.text("action") ?? ""), time: r.text("time") ?? "" });
      continue;
    }
    activities.push(act);
  }
  pairSplits(splitLegs, activities, log);
  // Totals are in the account's currency: the one most of them name.
  const counts = new Map<string, number>();
  for (const a of activities)
    if (a.type === "deposit" || a.type === "withdrawal" || a.type === "interest")
      counts.set(a.currency ?? "", (counts.get(a.currency ?? "") ?? 0) + 1);
  const base = [...counts].filter(([c]) => c !== "").sort((x, y) => y[1] - x[1])[0]?.[0];
  return buildResult("trading212", log, activities, total, base ? { baseCurrency: base } : {});
}

/** Pairs `Stock split close` (old shares) with `Stock split open` (new shares) into one split. */
function pairSplits(
  legs: Array<{ act: ParsedActivity; close: boolean; time: string }>,
  out: ParsedActivity[],
  log: ParseLog,
): void {
  const used = new Set<number>();
  for (const open of legs) {
    if (open.close) continue;
    const close = legs.find(
      (l, i) =>
        l.close &&
        !used.has(i) &&
        (l.act.isin ?? l.act.symbol) === (open.act.isin ?? open.act.symbol) &&
        l.time.slice(0, 16) === open.time.slice(0, 16),
    );
    if (close?.act.quantity && open.act.quantity && !isZero(close.act.quantity)) {
      used.add(legs.indexOf(close));
      const { quantity: _q, price: _p, ...rest } = open.act;
      out.push(activity({ ...rest, ratio: div(open.act.quantity, close.act.quantity) }));
      log.ignore(
        close.act.row,
        "paired_leg",
        `Split's old shares; the split is imported from row ${open.act.row}.`,
      );
    } else {
      log.error(
        open.act.row,
        "unpaired_split",
        "A 'Stock split open' row without its 'Stock split close' row.",
      );
    }
  }
  legs.forEach((l, i) => {
    if (l.close && !used.has(i)) {
      log.error(l.act.row, "unpaired_split", "A 'Stock split close' row without its 'Stock split open' row.");
    }
  });
}

function readRow(
  r: RowReader<Key>,
  layout: Layout,
  log: ParseLog,
  options: ParseOptions,
): ParsedActivity | undefined {
  const action = r.requireText("action") ?? "";
  const date = r.date("time");
  const a = action.toLowerCase();
  const totalCcy =
    currencyCode(r.text("totalCcy")) ??
    layout.titleCcy.get(layout.header.col("total")) ??
    options.defaultCurrency;
  const base = {
    row: r.row,
    date: date ?? "",
    isin: r.text("isin"),
    symbol: r.text("ticker"),
    name: r.text("name"),
    externalId: r.text("id"),
    note: r.text("notes"),
  };
  if (!date || !r.ok) return undefined;
  const totalRaw = r.number("total");
  const cash = (type: ParsedActivity["type"]): ParsedActivity | undefined => {
    if (totalRaw === undefined) return void r.missing("total");
    if (!r.ok) return undefined;
    return activity({ ...base, type, amount: abs(totalRaw), currency: totalCcy });
  };
  if (/^(market|limit|stop|stop limit) (buy|sell)$/.test(a) || a === "stock distribution") {
    return trade(r, layout, log, base, a.endsWith("sell") ? "sell" : "buy", totalRaw, totalCcy);
  }
  if (a === "deposit" || a === "card credit" || a === "spending cashback") return cash("deposit");
  if (a === "withdrawal" || a === "card debit" || a === "new card cost") return cash("withdrawal");
  if (a.includes("interest")) {
    if (totalRaw === undefined) return void r.missing("total");
    return activity({
      ...base,
      isin: undefined,
      symbol: undefined,
      type: "interest",
      amount: totalRaw,
      currency: totalCcy,
    });
  }
  if (a === "result adjustment") {
    if (totalRaw === undefined) return void r.missing("total");
    if (/interest/i.test(base.note ?? "")) {
      return activity({ ...base, type: "interest", amount: totalRaw, currency: totalCcy });
    }
    return cash(isNegative(totalRaw) ? "withdrawal" : "deposit");
  }
  if (a.startsWith("dividend") && a.includes("return of capital")) return cash("returnOfCapital");
  if (a.startsWith("dividend")) return dividend(r, base, totalRaw, totalCcy);
  if (a === "currency conversion") return conversion(r, layout, base);
  if (a === "stock split open" || a === "stock split close") {
    const q = r.number("shares", true);
    if (!q || !r.ok) return undefined;
    return activity({ ...base, type: "split", quantity: abs(q) });
  }
  if (a === "transfer out" || a === "transfer in") {
    const q = r.number("shares", true);
    if (!q || !r.ok) return undefined;
    return activity({ ...base, type: a === "transfer out" ? "transferOut" : "transferIn", quantity: abs(q) });
  }
  log.error(
    r.row,
    "unknown_type",
    `Action "${action}" is not a Trading 212 action this importer knows.`,
    "Action",
  );
  return undefined;
}

function trade(
  r: RowReader<Key>,
  layout: Layout,
  log: ParseLog,
  base: Omit<ActivityDraft, "type">,
  type: "buy" | "sell",
  totalRaw: string | undefined,
  totalCcy: string | undefined,
): ParsedActivity | undefined {
  const quantity = r.number("shares", true);
  let price = r.number("price", true);
  let currency = currencyCode(r.text("priceCcy")) ?? totalCcy;
  const rateRaw = r.text("rate");
  const rate = rateRaw && /\d/.test(rateRaw) ? r.number("rate") : undefined;
  if (!quantity || price === undefined || !r.ok) return undefined;
  let perAccount = rate; // instrument-currency units per account-currency unit
  if (isPence(currency)) {
    price = penceToPounds(price);
    currency = "GBP";
    if (perAccount) perAccount = penceToPounds(perAccount);
  }
  let fee = "0";
  const notes: string[] = [];
  for (const f of layout.fees) {
    const v = r.record.fields[f.col]?.trim();
    if (!v) continue;
    const n = readNumber(v, layout.decimal);
    if (!n.ok) {
      log.error(r.row, "bad_number", `${f.title}: ${n.message}`, f.title);
      return undefined;
    }
    if (isZero(n.value)) continue;
    const ccy = currencyCode(r.record.fields[f.ccyCol]) ?? layout.titleCcy.get(f.col) ?? totalCcy;
    if (ccy === currency) fee = add(fee, abs(n.value));
    else if (perAccount && ccy === totalCcy) {
      fee = add(fee, mul(abs(n.value), perAccount));
      notes.push(`${f.title} ${abs(n.value)} ${ccy}`);
    } else {
      log.error(
        r.row,
        "missing_fx_rate",
        `${f.title} is in ${ccy} and no exchange rate converts it to ${currency}.`,
        f.title,
      );
      return undefined;
    }
  }
  const amount = totalRaw !== undefined && totalCcy === currency ? abs(totalRaw) : undefined;
  const fxRate =
    perAccount && !isZero(perAccount) && currency !== totalCcy ? div("1", perAccount, 12) : undefined;
  return activity({
    ...base,
    type,
    quantity: abs(quantity),
    price: abs(price),
    amount,
    fee: isZero(fee) ? undefined : fee,
    currency,
    fxRate,
    note: [base.note, ...notes].filter(Boolean).join("; ") || undefined,
  });
}

function dividend(
  r: RowReader<Key>,
  base: Omit<ActivityDraft, "type">,
  totalRaw: string | undefined,
  totalCcy: string | undefined,
): ParsedActivity | undefined {
  if (totalRaw === undefined) return void r.missing("total");
  const wht = r.number("wht");
  const whtCcy = currencyCode(r.text("whtCcy"));
  if (!r.ok) return undefined;
  const sameCcy = wht && !isZero(wht) && (whtCcy === totalCcy || !whtCcy);
  // The total is what reached the account (net); a tax in the same currency makes it gross again.
  const amount = sameCcy ? add(abs(totalRaw), abs(wht)) : abs(totalRaw);
  const note =
    wht && !isZero(wht) && !sameCcy ? `withholding tax ${abs(wht)} ${whtCcy} (total is net)` : undefined;
  return activity({
    ...base,
    type: "dividend",
    amount,
    withholdingTax: sameCcy ? abs(wht) : undefined,
    currency: totalCcy,
    note: [base.note, note].filter(Boolean).join("; ") || undefined,
  });
}

/** `0.01 GBP -> 0.01 EUR` in Notes (the only place the amounts are). */
function conversion(
  r: RowReader<Key>,
  layout: Layout,
  base: Omit<ActivityDraft, "type">,
): ParsedActivity | undefined {
  const m = /([\d.,]+)\s*([A-Z]{3})\s*->\s*([\d.,]+)\s*([A-Z]{3})/.exec(base.note ?? "");
  if (!m) {
    r.missing("notes");
    return undefined;
  }
  const from = readNumber(m[1], ".");
  const to = readNumber(m[3], ".");
  if (!from.ok || !to.ok) {
    r.missing("notes");
    return undefined;
  }
  let fee: string | undefined;
  for (const f of layout.fees) {
    const v = readNumber(r.record.fields[f.col], layout.decimal);
    if (v.ok && !isZero(v.value)) fee = add(fee ?? "0", abs(v.value));
  }
  return activity({
    ...base,
    isin: undefined,
    symbol: undefined,
    name: undefined,
    type: "conversion",
    currency: m[2],
    amount: from.value,
    toCurrency: m[4],
    toAmount: to.value,
    fee,
  });
}

export const trading212Parser: BrokerParser = {
  id: "trading212",
  label: "Trading 212",
  detect,
  parse,
};
