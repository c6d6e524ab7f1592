// Portfolio Performance's CSV export of account and securities-account transactions (File → Export →
// CSV), in the language PP runs in: German (Datum;Typ;Wert;Buchungswährung;Bruttobetrag;Währung
// Bruttobetrag;Wechselkurs;Gebühren;Steuern;Stück;ISIN;WKN;Ticker-Symbol;Wertpapiername;Notiz) or
// English (Date;Type;Value;Transaction Currency;Gross Amount;Currency Gross Amount;Exchange Rate;Fees;
// Taxes;Shares;ISIN;WKN;Ticker Symbol;Security Name;Note). Numbers follow the user's locale (the file
// tells which decimal separator), Value is the booked total (a buy's includes its fees and taxes).
import {
  abs,
  add,
  buildResult,
  type ColumnSpec,
  compact,
  decideFormat,
  div,
  Header,
  isZero,
  negate,
  ParseLog,
  parseCsvText,
  RowReader,
  settleReversals,
  sub,
  toMajorUnit,
  unreadable,
} from "../text/index.ts";
import type { BrokerParser, ParsedActivity, ParseOptions, ParseResult, SourceFile } from "./types.ts";

const COLUMNS = {
  date: ["Datum", "Date"],
  time: ["Uhrzeit", "Time"],
  type: ["Typ", "Type"],
  value: ["Wert", "Value"],
  currency: ["Buchungswährung", "Transaction Currency"],
  gross: ["Bruttobetrag", "Gross Amount"],
  grossCurrency: ["Währung Bruttobetrag", "Currency Gross Amount"],
  rate: ["Wechselkurs", "Exchange Rate"],
  fees: ["Gebühren", "Fees"],
  taxes: ["Steuern", "Taxes"],
  shares: ["Stück", "Shares"],
  isin: ["ISIN"],
  wkn: ["WKN"],
  ticker: ["Ticker-Symbol", "Ticker Symbol"],
  name: ["Wertpapiername", "Security Name"],
  note: ["Notiz", "Note"],
  account: ["Konto", "Cash Account", "Account"],
  portfolio: ["Depot", "Securities Account"],
} satisfies ColumnSpec<string>;
type Col = keyof typeof COLUMNS;

type Kind = ParsedActivity["type"] | "transferInbound" | "transferOutbound";
const TYPES: Record<string, { kind: Kind; refund?: boolean }> = {
  kauf: { kind: "buy" },
  buy: { kind: "buy" },
  verkauf: { kind: "sell" },
  sell: { kind: "sell" },
  einlieferung: { kind: "transferIn" },
  "delivery (inbound)": { kind: "transferIn" },
  auslieferung: { kind: "transferOut" },
  "delivery (outbound)": { kind: "transferOut" },
  "umbuchung (eingang)": { kind: "transferInbound" },
  "transfer (inbound)": { kind: "transferInbound" },
  "umbuchung (ausgang)": { kind: "transferOutbound" },
  "transfer (outbound)": { kind: "transferOutbound" },
  einlage: { kind: "deposit" },
  deposit: { kind: "deposit" },
  entnahme: { kind: "withdrawal" },
  removal: { kind: "withdrawal" },
  zinsen: { kind: "interest" },
  interest: { kind: "interest" },
  zinsbelastung: { kind: "interest", refund: true },
  "interest charge": { kind: "interest", refund: true },
  dividende: { kind: "dividend" },
  dividend: { kind: "dividend" },
  dividends: { kind: "dividend" },
  gebühren: { kind: "fee" },
  fees: { kind: "fee" },
  gebührenerstattung: { kind: "fee", refund: true },
  "fees refund": { kind: "fee", refund: true },
  steuern: { kind: "tax" },
  taxes: { kind: "tax" },
  steuerrückerstattung: { kind: "tax", refund: true },
  "tax refund": { kind: "tax", refund: true },
};

export function parsePortfolioPerformance(file: SourceFile, options: ParseOptions = {}): ParseResult {
  const { records } = parseCsvText(file.text);
  const header = Header.find(records, COLUMNS, ["date", "type", "value"]);
  if (!header)
    return unreadable(
      "portfolio-performance",
      "No Portfolio Performance header (Datum;Typ;Wert… or Date;Type;Value…) was found.",
    );
  const log = new ParseLog();
  const data = records.filter((r) => r.row > header.record.row && !r.blank);
  const numbers = (["value", "gross", "fees", "taxes", "shares", "rate"] as const).flatMap((k) =>
    header.values(data, k),
  );
  const format = decideFormat(numbers, header.values(data, "date"), options, { dateOrder: "DMY" });
  if (!format.decimal)
    log.warn(
      0,
      "ambiguous_decimal",
      'The file\'s numbers do not show whether "," or "." is the decimal separator; values that could be either are reported per row.',
    );
  const activities: ParsedActivity[] = [];
  for (const record of data) {
    const r = new RowReader<Col>(header, record, log, format);
    const typeText = r.requireText("type");
    const date = r.date("date");
    const value = r.number("value", true);
    const fees = r.number("fees");
    const taxes = r.number("taxes");
    const shares = r.number("shares");
    const rate = r.number("rate");
    if (!r.ok || !typeText || !date || value === undefined) continue;
    const t = TYPES[typeText.trim().toLowerCase()];
    if (!t) {
      log.error(
        r.row,
        "unknown_type",
        `The type "${typeText}" is not one Portfolio Performance exports.`,
        header.title("type"),
      );
      continue;
    }
    const v = abs(value);
    const f = fees ? abs(fees) : "0";
    const tx = taxes ? abs(taxes) : "0";
    const isin = r.text("isin");
    const inst = compact({
      isin,
      symbol: r.text("ticker") ?? (isin ? undefined : r.text("wkn")),
      name: r.text("name"),
    });
    const base = compact({
      row: r.row,
      date,
      currency: r.text("currency") ?? options.defaultCurrency,
      accountRef: r.text("portfolio") ?? r.text("account"),
      fxRate: rate,
      note: r.text("note"),
    });
    let kind = t.kind;
    if (kind === "transferInbound" || kind === "transferOutbound") {
      const securities = shares !== undefined && !isZero(shares);
      kind = securities
        ? kind === "transferInbound"
          ? "transferIn"
          : "transferOut"
        : kind === "transferInbound"
          ? "deposit"
          : "withdrawal";
    }
    if (kind === "buy" || kind === "sell" || kind === "transferIn" || kind === "transferOut") {
      if (!shares || isZero(shares)) {
        r.missing("shares");
        continue;
      }
      const costs = add(f, tx);
      const gross = kind === "buy" || kind === "transferIn" ? sub(v, costs) : add(v, costs);
      activities.push(
        compact({
          ...base,
          ...inst,
          type: kind,
          quantity: abs(shares),
          price: div(abs(gross), abs(shares)),
          amount: abs(gross),
          fee: isZero(costs) ? undefined : costs,
        }),
      );
      continue;
    }
    if (kind === "dividend") {
      activities.push(
        compact({
          ...base,
          ...inst,
          type: "dividend" as const,
          amount: add(add(v, tx), f),
          withholdingTax: isZero(tx) ? undefined : tx,
          fee: isZero(f) ? undefined : f,
        }),
      );
      continue;
    }
    const amount = t.refund ? negate(v) : v;
    const withInstrument = kind === "fee" || kind === "tax" || kind === "interest";
    activities.push(
      compact({ ...base, ...(withInstrument ? inst : {}), type: kind as ParsedActivity["type"], amount }),
    );
  }
  return buildResult(
    "portfolio-performance",
    log,
    settleReversals(activities.map(toMajorUnit), log),
    data.length,
  );
}

export const portfolioPerformance: BrokerParser = {
  id: "portfolio-performance",
  label: "Portfolio Performance — CSV export",
  detect(file) {
    const { records } = parseCsvText(file.text.slice(0, 4000));
    const h = Header.find(records, COLUMNS, ["date", "type", "value"], 3);
    if (!h) return 0;
    let score = 0.45;
    if (h.has("currency")) score += 0.2;
    if (h.has("grossCurrency") || h.has("wkn")) score += 0.2;
    if (h.has("shares") && h.has("name")) score += 0.1;
    return score;
  },
  parse: (file, options) => parsePortfolioPerformance(file, options),
};
