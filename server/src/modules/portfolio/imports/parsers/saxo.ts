// Saxo Bank's transactions export: Trade Date, Value Date, Type (Trade, Cash Transfer, Cash amount,
// Corporate action — or the Dutch and other localised words), Instrument, ISIN, Instrument currency,
// Instrument Symbol (`VWRA:xlon`: ticker and MIC), Event (free text: `Buy 3 @ 134.85 USD`, `Deposit`,
// `Custody Fee`, `Dividend`) and the booked Amount, which includes the commission. Amounts mix
// `"419,22"` and `1.83`; each is read by its own separators, and a trade's by agreement with its
// quantity × price. Dates are `02-Apr-2025` (month names in English, Dutch, German, French).

import { type CsvRecord, parseCsvText } from "../text/csv.ts";
import { currencyCode, isPence, penceToPounds } from "../text/currency-text.ts";
import { readDate } from "../text/dates.ts";
import { buildResult, ParseLog, unreadable } from "../text/issues.ts";
import { abs, isNegative, isZero, mul, sub } from "../text/numbers.ts";
import { Header } from "../text/table.ts";
import { activity } from "./activity.ts";
import { readFlexible, settleTrade } from "./degiro-numbers.ts";
import { BUY_WORDS, foldText, SELL_WORDS } from "./degiro-vocab.ts";
import { hasTitles, headerTitles } from "./file-format.ts";
import type { BrokerParser, ParsedActivity, ParseOptions, ParseResult, SourceFile } from "./types.ts";

const SPEC = {
  client: ["Client ID", "Klant-ID", "Kunden-ID"],
  tradeDate: ["Trade Date", "Transactiedatum", "Handelsdatum", "Date de transaction", "Datum"],
  valueDate: ["Value Date", "Valutadatum", "Date de valeur"],
  type: ["Type", "Typ"],
  instrument: ["Instrument"],
  isin: ["Instrument ISIN", "ISIN"],
  currency: ["Instrument currency", "Instrumentvaluta", "Instrumentwährung", "Devise de l'instrument"],
  exchange: ["Exchange Description", "Beursomschrijving"],
  symbol: ["Instrument Symbol", "Instrumentsymbool", "Symbol"],
  event: ["Event", "Gebeurtenis", "Ereignis", "Événement"],
  amount: ["Amount", "Bedrag", "Betrag", "Montant"],
  orderId: ["Order ID", "Order-ID", "Ordernummer"],
  rate: ["Conversion Rate", "Omrekeningskoers", "Umrechnungskurs"],
} as const;
type Key = keyof typeof SPEC;

/** Month names Saxo writes in other languages, as the English ones readDate knows. */
const MONTHS: Record<string, string> = {
  mrt: "mar",
  maa: "mar",
  mei: "may",
  okt: "oct",
  janv: "jan",
  fevr: "feb",
  mars: "mar",
  avr: "apr",
  juin: "jun",
  juil: "jul",
  aout: "aug",
  sept: "sep",
  dez: "dec",
  mai: "may",
};

function saxoDate(raw: string): string | undefined {
  const s = foldText(raw).replace(/[a-z]+/, (m) => MONTHS[m.replace(/\.$/, "")] ?? m);
  return readDate(s, "DMY");
}

const TRADE = /^(\S+)\s+(-?\d[\d.,]*)\s*@\s*(\d[\d.,]*)\s*([A-Za-z]{3})?/;

function detect(file: SourceFile): number {
  const h = headerTitles(file.text, 3);
  if (hasTitles(h, "instrument symbol", "event", "trade date")) return 0.95;
  if (hasTitles(h, "instrument", "event", "value date")) return 0.7;
  return 0;
}

function parse(file: SourceFile, options: ParseOptions = {}): ParseResult {
  const { records } = parseCsvText(file.text);
  const header = Header.find(records, SPEC, ["tradeDate", "type", "event", "amount"], 5);
  if (!header) return unreadable("saxo", "No Saxo header (Trade Date, Type, Event, Amount) was found.");
  const log = new ParseLog();
  const out: ParsedActivity[] = [];
  const body = records
    .slice(records.findIndex((r) => r.row === header.record.row) + 1)
    .filter((r) => !r.blank);
  // The account currency: the one cash transfers are in (dividends are booked in it).
  const cashCcy = body.map((r) => cell(r, header, "type")).includes("Cash Transfer")
    ? currencyCode(cell(body.find((r) => cell(r, header, "type") === "Cash Transfer")!, header, "currency"))
    : undefined;
  for (const rec of body) {
    const act = readRow(rec, header, log, options, cashCcy);
    if (act) out.push(act);
  }
  return buildResult("saxo", log, out, body.length, {
    accountRefs: body.map((r) => cell(r, header, "client")),
  });
}

function cell(r: CsvRecord, h: Header<Key>, key: Key): string {
  const i = h.col(key);
  return i >= 0 ? (r.fields[i] ?? "").trim() : "";
}

function readRow(
  rec: CsvRecord,
  h: Header<Key>,
  log: ParseLog,
  options: ParseOptions,
  cashCcy: string | undefined,
): ParsedActivity | undefined {
  const rawDate = cell(rec, h, "tradeDate");
  const date = saxoDate(rawDate);
  if (!date) {
    log.error(
      rec.row,
      rawDate ? "bad_date" : "missing_field",
      `"${rawDate}" is not a date.`,
      h.title("tradeDate"),
    );
    return undefined;
  }
  const event = cell(rec, h, "event");
  const amountRaw = cell(rec, h, "amount");
  const amount = readFlexible(amountRaw, options.decimal);
  if (amount === undefined) {
    log.error(
      rec.row,
      amountRaw ? "bad_number" : "missing_field",
      `"${amountRaw}" is not an amount.`,
      h.title("amount"),
    );
    return undefined;
  }
  const symbolCell = cell(rec, h, "symbol");
  const [ticker, venue] = symbolCell.split(":");
  const instrumentCcy = currencyCode(cell(rec, h, "currency")) ?? options.defaultCurrency;
  const base = {
    row: rec.row,
    date,
    symbol: ticker || undefined,
    mic: venue && /^x[a-z]{3}$/i.test(venue) ? venue.toUpperCase() : undefined,
    isin: cell(rec, h, "isin") || undefined,
    name: cell(rec, h, "instrument") || undefined,
    externalId: cell(rec, h, "orderId") || undefined,
    accountRef: cell(rec, h, "client") || undefined,
  };
  const ev = foldText(event);
  const trade = TRADE.exec(event);
  if (trade && (BUY_WORDS.includes(foldText(trade[1]!)) || SELL_WORDS.includes(foldText(trade[1]!)))) {
    const sell = SELL_WORDS.includes(foldText(trade[1]!));
    let currency = trade[4] ? trade[4].toUpperCase() : instrumentCcy;
    const pence = isPence(currency);
    // The booked amount is qty × price plus (buy) or minus (sell) the commission.
    const settled = settleTrade(trade[2]!.replace(/^-/, ""), trade[3]!, ".", amount, pence ? "0.01" : "1");
    if (!settled || isZero(settled.quantity)) {
      log.error(
        rec.row,
        "bad_number",
        `The quantity or price in "${event}" cannot be read.`,
        h.title("event"),
      );
      return undefined;
    }
    let price = settled.price;
    if (pence) {
      price = penceToPounds(price);
      currency = "GBP";
    }
    const gross = mul(settled.quantity, price);
    const fee = sell ? sub(gross, abs(amount)) : sub(abs(amount), gross);
    return activity({
      ...base,
      type: sell ? "sell" : "buy",
      quantity: settled.quantity,
      price,
      amount: abs(amount),
      fee: !isNegative(fee) && !isZero(fee) ? fee : undefined,
      currency,
    });
  }
  const cashCurrency = instrumentCcy;
  if (/deposit|storting|einzahlung|depot|versement/.test(ev)) {
    return activity({
      row: rec.row,
      date,
      type: "deposit",
      amount: abs(amount),
      currency: cashCurrency,
      accountRef: base.accountRef,
    });
  }
  if (/withdrawal|opname|auszahlung|retrait/.test(ev)) {
    return activity({
      row: rec.row,
      date,
      type: "withdrawal",
      amount: abs(amount),
      currency: cashCurrency,
      accountRef: base.accountRef,
    });
  }
  if (/dividend|dividende|ausschuttung/.test(ev)) {
    // Booked in the account's currency (the Conversion Rate turned the instrument's into it).
    const ccy = cashCcy ?? options.defaultCurrency ?? instrumentCcy;
    if (isNegative(amount))
      return activity({ ...base, type: "tax", amount: abs(amount), currency: ccy, note: event });
    return activity({
      ...base,
      type: "dividend",
      amount,
      currency: ccy,
      note:
        cell(rec, h, "rate") && cell(rec, h, "rate") !== "1"
          ? `conversion rate ${cell(rec, h, "rate")}`
          : undefined,
    });
  }
  if (/interest|rente|zinsen|interets/.test(ev)) {
    return activity({ ...base, type: "interest", amount, currency: cashCurrency, note: event });
  }
  if (/tax|belasting|steuer|impot|withholding/.test(ev)) {
    return isNegative(amount)
      ? activity({ ...base, type: "tax", amount: abs(amount), currency: cashCurrency, note: event })
      : activity({ ...base, type: "interest", amount, currency: cashCurrency, note: `${event} (refund)` });
  }
  if (/fee|kosten|gebuhr|frais|commission|custody/.test(ev)) {
    return isNegative(amount)
      ? activity({ ...base, type: "fee", amount: abs(amount), currency: cashCurrency, note: event })
      : activity({ ...base, type: "interest", amount, currency: cashCurrency, note: `${event} (refund)` });
  }
  log.error(
    rec.row,
    "unknown_type",
    `Event "${event}" is not a Saxo event this importer knows.`,
    h.title("event"),
  );
  return undefined;
}

export const saxoParser: BrokerParser = {
  id: "saxo",
  label: "Saxo Bank",
  detect,
  parse,
};
