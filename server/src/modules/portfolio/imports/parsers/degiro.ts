// DEGIRO: the account statement (Account.csv / Rekeningoverzicht: every cash movement, one row each,
// newest first) and the transactions export (Transactions.csv: one row per executed order, see
// degiro-transactions.ts). Both come in the user's language; the statement's description column is
// the only place that says what a row is, so it is read with a vocabulary of every language
// (degiro-vocab.ts). Rows of one order share an Order Id: the trade, its fees and its currency legs.
// A trade's fees in the trade's currency are carried on the trade; a dividend's tax on the dividend;
// the two legs of a currency exchange make one conversion. Cash sweeps between DEGIRO and flatex,
// reservations and informational rows move no money in the account and are ignored, with the reason.
import { Decimal } from "../../../../platform/money.ts";
import { type CsvRecord, normalizeHeader, parseCsvText } from "../text/csv.ts";
import { currencyCode, isPence, penceToPounds } from "../text/currency-text.ts";
import { readDate } from "../text/dates.ts";
import { buildResult, ParseLog, unreadable } from "../text/issues.ts";
import { abs, add, type DecimalSeparator, detectDecimal, isNegative, isZero } from "../text/numbers.ts";
import { Header } from "../text/table.ts";
import { activity } from "./activity.ts";
import { readFlexible, settleTrade } from "./degiro-numbers.ts";
import { parseDegiroTransactions, transactionsHeader } from "./degiro-transactions.ts";
import {
  BUY_WORDS,
  DOT_DECIMAL_WORDS,
  foldText,
  KINDS,
  repairMojibake,
  SELL_WORDS,
  STATEMENT_COLUMNS,
  type StatementKind,
} from "./degiro-vocab.ts";
import type { BrokerParser, ParsedActivity, ParseOptions, ParseResult, SourceFile } from "./types.ts";

type Key = keyof typeof STATEMENT_COLUMNS;

interface Entry {
  row: number;
  date: string;
  time: string;
  product?: string;
  isin?: string;
  description: string;
  folded: string;
  currency?: string;
  amount?: string;
  orderId?: string;
  fx?: string;
}

/** The statement's header: by titles in any known language, else by DEGIRO's fixed positions. */
export function statementHeader(records: readonly CsvRecord[]): Header<Key> | undefined {
  const byName = Header.find(records, STATEMENT_COLUMNS, ["date", "description", "change"], 10);
  if (byName) return byName;
  if (transactionsHeader(records)) return undefined;
  for (const r of records.slice(0, 10)) {
    const f = r.fields.map(normalizeHeader);
    if (
      f.length >= 11 &&
      f.length <= 13 &&
      f[4]?.includes("isin") &&
      f[8] === "" &&
      f[10] === "" &&
      f[7] !== "" &&
      f[9] !== ""
    ) {
      const titles = [
        "Date",
        "Time",
        "Value date",
        "Product",
        "ISIN",
        "Description",
        "FX",
        "Change",
        "",
        "Balance",
        "",
        "Order Id",
      ];
      return Header.match({ ...r, fields: titles.slice(0, r.fields.length) }, STATEMENT_COLUMNS, [
        "date",
        "description",
        "change",
      ]);
    }
  }
  return undefined;
}

function detect(file: SourceFile): number {
  const head = file.text.slice(0, 4000);
  const { records } = parseCsvText(head);
  if (statementHeader(records)) {
    const h = statementHeader(records)!;
    const cells = h.record.fields.map(normalizeHeader);
    let score = 0.6;
    if (cells[h.col("change") + 1] === "") score += 0.15;
    if (h.has("isin") && h.has("orderId")) score += 0.1;
    if (/\d{2}-\d{2}-\d{4},\d{2}:\d{2}/.test(head)) score += 0.1;
    if (/degiro|flatex/i.test(head)) score += 0.04;
    return Math.min(score, 0.99);
  }
  if (transactionsHeader(records)) return /\d{2}-\d{2}-\d{4},\d{2}:\d{2}/.test(head) ? 0.93 : 0.85;
  return 0;
}

function parse(file: SourceFile, options: ParseOptions = {}): ParseResult {
  const { records } = parseCsvText(file.text);
  const header = statementHeader(records);
  if (!header) {
    const tx = transactionsHeader(records);
    if (tx) return parseDegiroTransactions(records, tx, options);
    return unreadable("degiro", "No DEGIRO account statement or transactions header was found.");
  }
  const log = new ParseLog();
  const changeCol = header.col("change");
  const cell = (r: CsvRecord, i: number) => (i >= 0 ? (r.fields[i] ?? "").trim() : "");
  const amounts = records.slice(1).map((r) => cell(r, changeCol + 1));
  const preferred: DecimalSeparator | undefined = options.decimal ?? detectDecimal(amounts);
  const entries: Entry[] = [];
  let total = 0;
  for (const rec of records.slice(records.findIndex((x) => x.row === header.record.row) + 1)) {
    if (rec.blank || rec.fields.every((f) => f.trim() === "")) continue;
    total++;
    const filled = rec.fields.map((f, i) => (f.trim() === "" ? -1 : i)).filter((i) => i >= 0);
    const orderCol = header.col("orderId");
    if (filled.length === 1 && filled[0] === orderCol && entries.length > 0) {
      // An Order Id wrapped onto its own line: it continues the row above.
      const prev = entries[entries.length - 1]!;
      prev.orderId = `${prev.orderId ?? ""}${cell(rec, orderCol)}`;
      log.ignore(rec.row, "continuation", `Continues row ${prev.row}'s Order Id.`);
      continue;
    }
    const dateRaw = cell(rec, header.col("date"));
    const date = readDate(dateRaw, options.dateOrder ?? "DMY");
    if (!date) {
      log.error(
        rec.row,
        dateRaw ? "bad_date" : "missing_field",
        `${header.title("date")}: "${dateRaw}" is not a date.`,
        header.title("date"),
      );
      continue;
    }
    const description = repairMojibake(cell(rec, header.col("description")));
    const amountRaw = cell(rec, changeCol + 1);
    const amount = readFlexible(amountRaw, preferred);
    if (amountRaw !== "" && amount === undefined) {
      log.error(rec.row, "bad_number", `"${amountRaw}" is not an amount.`, header.title("change"));
      continue;
    }
    entries.push({
      row: rec.row,
      date,
      time: cell(rec, header.col("time")),
      product: cell(rec, header.col("product")) || undefined,
      isin: cell(rec, header.col("isin")) || undefined,
      description,
      folded: foldText(description),
      currency: currencyCode(cell(rec, changeCol)),
      amount,
      orderId: cell(rec, header.col("orderId")) || undefined,
      fx: cell(rec, header.col("fx")) || undefined,
    });
  }
  const activities = interpret(entries, log, preferred, header);
  return buildResult("degiro", log, activities, total);
}

const TRADE =
  /^(?:(.+?)\s*:\s*)?([^\s\d:]+)\s+(\d+(?:[.,\s\u00a0\u202f]\d+)*)\s*(.*?)\s*(?:@|\bzu je\b)\s*(\d[\d.,]*)\s*([A-Za-z]{3})\b(?:\s*\(([A-Z]{2}[A-Z0-9]{9}\d)\))?/;
const SPLIT = /split|splitsing|fractionnement|desdoblamiento|frazionamento|desdobramento|contrasplit/;
const STOCK_DIVIDEND =
  /stock ?dividend|dividend in aandelen|aktiendividende|dividende en actions|dividendo en acciones|dividendo em acoes|dividendo in azioni/;

interface Trade {
  entry: Entry;
  act: ParsedActivity;
}

function interpret(
  entries: Entry[],
  log: ParseLog,
  preferred: DecimalSeparator | undefined,
  header: Header<Key>,
): ParsedActivity[] {
  const out: ParsedActivity[] = [];
  const trades: Trade[] = [];
  const fees: Entry[] = [];
  const dividends: Array<{ entry: Entry; act: ParsedActivity }> = [];
  const taxes: Entry[] = [];
  const legs: Entry[] = [];
  const splitLegs: Trade[] = [];
  const base = (e: Entry) => ({
    row: e.row,
    date: e.date,
    isin: e.isin,
    name: e.product,
    externalId: e.orderId,
  });
  for (const e of entries) {
    const kind = classify(e);
    if (kind === "trade" || kind === "split") {
      const t = readTrade(e, log, preferred);
      if (t) (kind === "split" ? splitLegs : trades).push(t);
      continue;
    }
    if (kind === "productChange") {
      log.ignore(
        e.row,
        "product_change",
        "A product change (the same holding renamed or re-listed): no shares or cash move.",
      );
      continue;
    }
    if (kind === undefined) {
      const what = e.description === "" ? "An empty description" : `"${e.description}"`;
      log.error(
        e.row,
        "unknown_type",
        `${what} is not a DEGIRO movement this importer knows.`,
        header.title("description"),
      );
      continue;
    }
    if (kind === "reservation") {
      log.ignore(
        e.row,
        "reservation",
        "A reservation of a pending deposit; the deposit itself is its own row.",
      );
      continue;
    }
    if (kind === "sweep") {
      log.ignore(
        e.row,
        "cash_sweep",
        "A transfer between the DEGIRO account and its flatex cash account: the cash stays yours.",
      );
      continue;
    }
    if (e.amount === undefined || !e.currency) {
      log.ignore(e.row, "no_amount", "An informational row without an amount.");
      continue;
    }
    const amt = e.amount;
    switch (kind) {
      case "fx":
        legs.push(e);
        break;
      case "fee":
        fees.push(e);
        break;
      case "dividendTax":
        taxes.push(e);
        break;
      case "dividend":
      case "capitalReturn":
        if (isNegative(amt)) {
          out.push(
            activity({
              ...base(e),
              type: "fee",
              amount: abs(amt),
              currency: e.currency,
              note: `${e.description} (reversal)`,
            }),
          );
        } else {
          const act = activity({
            ...base(e),
            type: kind === "dividend" ? "dividend" : "returnOfCapital",
            amount: amt,
            currency: e.currency,
          });
          dividends.push({ entry: e, act });
          out.push(act);
        }
        break;
      case "transactionTax":
        out.push(
          activity({
            ...base(e),
            type: isNegative(amt) ? "tax" : "interest",
            amount: isNegative(amt) ? abs(amt) : amt,
            currency: e.currency,
            note: e.description,
          }),
        );
        break;
      case "interest":
      case "moneyMarket":
      case "courtesy":
        if (isZero(amt)) log.ignore(e.row, "zero_amount", "A zero amount.");
        else
          out.push(
            activity({
              ...base(e),
              type: "interest",
              amount: amt,
              currency: e.currency,
              note: e.description,
            }),
          );
        break;
      case "deposit":
      case "withdrawal": {
        if (isZero(amt)) {
          log.ignore(e.row, "zero_amount", "A zero amount.");
        } else if ((kind === "deposit") === isNegative(amt)) {
          // "Processed Flatex Withdrawal" credits back what the withdrawal row debited: the sweep's other leg.
          log.ignore(
            e.row,
            "cash_sweep",
            `The flatex cash account's side of a ${kind}; the ${kind} itself is its own row.`,
          );
        } else {
          out.push(
            activity({
              row: e.row,
              date: e.date,
              type: kind,
              amount: abs(amt),
              currency: e.currency,
              note: e.description,
            }),
          );
        }
        break;
      }
    }
  }
  attachFees(trades, fees, out, log);
  attachTaxes(dividends, taxes, out, log);
  pairLegs(legs, out, log);
  pairSplits(splitLegs, out, log);
  for (const t of trades) out.push(t.act);
  return out;
}

/** `STOCK SPLIT: Verkoop 10 @ 50 USD` and `STOCK SPLIT: Koop 20 @ 25 USD`: the old and new shares. */
function pairSplits(legs: Trade[], out: ParsedActivity[], log: ParseLog): void {
  const used = new Set<Trade>();
  for (const buy of legs) {
    if (buy.act.type !== "buy") continue;
    const sells = legs.filter((l) => l.act.type === "sell" && !used.has(l) && l.act.date === buy.act.date);
    const sell =
      sells.find((l) => l.act.isin === buy.act.isin) ?? (sells.length === 1 ? sells[0] : undefined);
    if (!sell) continue;
    used.add(buy);
    used.add(sell);
    out.push(
      activity({
        row: buy.entry.row,
        date: buy.act.date,
        type: "split",
        isin: sell.act.isin ?? buy.act.isin,
        name: buy.act.name,
        ratio: new Decimal(buy.act.quantity!).div(sell.act.quantity!).toDecimalPlaces(12).toString(),
        note: buy.act.isin !== sell.act.isin ? `new ISIN ${buy.act.isin}` : undefined,
      }),
    );
    log.ignore(sell.entry.row, "paired_leg", `The old shares of the split on row ${buy.entry.row}.`);
  }
  for (const l of legs) {
    if (!used.has(l))
      log.error(l.entry.row, "unpaired_split", "A split's leg whose other leg is not in the file.");
  }
}

function classify(e: Entry): StatementKind | "trade" | "split" | "productChange" | undefined {
  if (/fonds? monetaires?|money ?market|geldmarkt/.test(e.folded)) return "moneyMarket";
  const m = TRADE.exec(e.description);
  if (m && isTradeVerb(m[2]!)) {
    const prefix = m[1] ? foldText(m[1]) : "";
    if (prefix && SPLIT.test(prefix)) return "split";
    if (prefix && !STOCK_DIVIDEND.test(prefix)) return "productChange";
    return "trade";
  }
  if (e.description === "") return undefined;
  for (const [kind, re] of KINDS) if (re.test(e.folded)) return kind;
  return undefined;
}

function isTradeVerb(word: string): boolean {
  const w = foldText(word);
  return BUY_WORDS.includes(w) || SELL_WORDS.includes(w);
}

function readTrade(e: Entry, log: ParseLog, preferred: DecimalSeparator | undefined): Trade | undefined {
  const m = TRADE.exec(e.description)!;
  const verb = foldText(m[2]!);
  const sell = SELL_WORDS.includes(verb);
  let currency = m[6]!.toUpperCase() === "GBX" ? "GBX" : m[6]!.toUpperCase();
  const pence = isPence(currency) && e.currency === "GBP";
  const lang: DecimalSeparator = DOT_DECIMAL_WORDS.includes(verb) ? "." : (preferred ?? ",");
  const amountInPriceCcy = e.currency === currency || pence ? e.amount : undefined;
  const settled = settleTrade(m[3]!, m[5]!, lang, amountInPriceCcy, pence ? "0.01" : "1");
  if (!settled || isZero(settled.quantity)) {
    log.error(e.row, "bad_number", `The quantity or price in "${e.description}" cannot be read.`);
    return undefined;
  }
  let price = settled.price;
  if (isPence(currency)) {
    price = penceToPounds(price);
    currency = "GBP";
  }
  const stockDividend = m[1] !== undefined;
  const act = activity({
    row: e.row,
    date: e.date,
    type: sell ? "sell" : "buy",
    isin: e.isin ?? m[7],
    name: e.product ?? (m[4] || undefined),
    quantity: settled.quantity,
    price,
    amount: e.amount !== undefined && e.currency === currency ? abs(e.amount) : undefined,
    currency,
    externalId: e.orderId,
    note: stockDividend ? e.description : undefined,
  });
  return { entry: e, act };
}

/** A fee row joins its order's trade when it is in the trade's currency; else it stays a fee. */
/** Items grouped by a key, so pairing looks only within a group (large statements stay linear). */
function groupBy<T>(items: readonly T[], key: (t: T) => string | undefined): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    if (k === undefined) continue;
    const list = m.get(k);
    if (list) list.push(it);
    else m.set(k, [it]);
  }
  return m;
}

function attachFees(trades: Trade[], fees: Entry[], out: ParsedActivity[], log: ParseLog): void {
  const byOrder = groupBy(trades, (t) => t.entry.orderId);
  for (const f of fees) {
    const amt = f.amount!;
    const t = f.orderId ? byOrder.get(f.orderId)?.find((x) => x.act.currency === f.currency) : undefined;
    if (t && isNegative(amt)) {
      t.act.fee = add(t.act.fee ?? "0", abs(amt));
      log.ignore(f.row, "merged", `The fee of the trade on row ${t.entry.row}, carried on that trade.`);
    } else if (isNegative(amt)) {
      out.push(
        activity({
          row: f.row,
          date: f.date,
          type: "fee",
          isin: f.isin,
          name: f.product,
          amount: abs(amt),
          currency: f.currency,
          externalId: f.orderId,
          note: f.description,
        }),
      );
    } else if (!isZero(amt)) {
      out.push(
        activity({
          row: f.row,
          date: f.date,
          type: "interest",
          amount: amt,
          currency: f.currency,
          note: `${f.description} (refund)`,
        }),
      );
    } else log.ignore(f.row, "zero_amount", "A zero fee.");
  }
}

/** A dividend tax row joins the dividend of the same product, day and currency. */
function attachTaxes(
  dividends: Array<{ entry: Entry; act: ParsedActivity }>,
  taxes: Entry[],
  out: ParsedActivity[],
  log: ParseLog,
): void {
  const key = (e: Entry) => `${e.isin ?? e.product}|${e.date}|${e.currency}`;
  const byKey = groupBy(dividends, (d) => key(d.entry));
  for (const t of taxes) {
    const amt = t.amount!;
    const d = isNegative(amt)
      ? (byKey.get(key(t)) ?? [])
          .filter((x) => x.act.withholdingTax === undefined && x.act.type === "dividend")
          .sort((a, b) => Math.abs(a.entry.row - t.row) - Math.abs(b.entry.row - t.row))[0]
      : undefined;
    if (d && new Decimal(abs(amt)).lte(d.act.amount ?? "0")) {
      d.act.withholdingTax = abs(amt);
      log.ignore(
        t.row,
        "merged",
        `The withholding tax of the dividend on row ${d.entry.row}, carried on that dividend.`,
      );
    } else if (isNegative(amt)) {
      out.push(
        activity({
          row: t.row,
          date: t.date,
          type: "tax",
          isin: t.isin,
          name: t.product,
          amount: abs(amt),
          currency: t.currency,
          note: t.description,
        }),
      );
    } else if (!isZero(amt)) {
      out.push(
        activity({
          row: t.row,
          date: t.date,
          type: "interest",
          isin: t.isin,
          amount: amt,
          currency: t.currency,
          note: `${t.description} (refund)`,
        }),
      );
    } else log.ignore(t.row, "zero_amount", "A zero tax.");
  }
}

/** The debit and credit legs of one currency exchange (same Order Id, else same minute) → conversion. */
function pairLegs(legs: Entry[], out: ParsedActivity[], log: ParseLog): void {
  const used = new Set<Entry>();
  const key = (e: Entry) => e.orderId ?? `${e.date} ${e.time}`;
  const byKey = groupBy(legs, key);
  for (const debit of legs) {
    if (used.has(debit) || !isNegative(debit.amount!)) continue;
    const credit = byKey
      .get(key(debit))!
      .filter((c) => !used.has(c) && c !== debit && !isNegative(c.amount!) && c.currency !== debit.currency)
      .sort((a, b) => Math.abs(a.row - debit.row) - Math.abs(b.row - debit.row))[0];
    if (!credit) continue;
    used.add(debit);
    used.add(credit);
    out.push(
      activity({
        row: debit.row,
        date: debit.date,
        type: "conversion",
        currency: debit.currency,
        amount: abs(debit.amount!),
        toCurrency: credit.currency,
        toAmount: credit.amount,
        externalId: debit.orderId,
        note: [debit.description, (credit.fx ?? debit.fx) ? `rate ${credit.fx ?? debit.fx}` : undefined]
          .filter(Boolean)
          .join("; "),
      }),
    );
    log.ignore(credit.row, "paired_leg", `The other leg of the currency exchange on row ${debit.row}.`);
  }
  for (const l of legs) {
    if (used.has(l)) continue;
    if (isZero(l.amount!)) log.ignore(l.row, "zero_amount", "A zero currency leg.");
    else {
      log.warn(l.row, "unpaired_fx_leg", "A currency exchange leg whose other leg is not in the file.");
      log.ignore(
        l.row,
        "unpaired_fx_leg",
        "A currency exchange leg whose other leg is not in the file; not imported.",
      );
    }
  }
}

export const degiroParser: BrokerParser = {
  id: "degiro",
  label: "DEGIRO",
  detect,
  parse,
};
