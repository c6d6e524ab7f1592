// Trade Republic: the official transaction export (2025+: datetime, date, category, type, asset_class,
// name, symbol, shares, price, amount, fee, tax, currency, original_amount, fx_rate, transaction_id…),
// where `amount` is the gross cash movement and `fee` and `tax` are separate signed columns; and the
// simpler layout users assemble (Datum;Transactietype;Waarde (netto);Opmerking;ISIN;Aantal;Kosten;
// Belasting, in Dutch, German or English), whose value is net of costs and whose rows may mix decimal
// commas and dots — each row's numbers are read with that row's own separator.

import type { TransactionType } from "../../engine/types.ts";
import { parseCsvText } from "../text/csv.ts";
import { currencyCode } from "../text/currency-text.ts";
import { readDate } from "../text/dates.ts";
import { buildResult, ParseLog, unreadable } from "../text/issues.ts";
import { abs, add, detectDecimal, div, isNegative, isZero, sub } from "../text/numbers.ts";
import { Header, RowReader } from "../text/table.ts";
import { activity } from "./activity.ts";
import { fileDecimal, hasTitles, headerTitles } from "./file-format.ts";
import { foldWord } from "./generic-vocab.ts";
import type { BrokerParser, ParsedActivity, ParseOptions, ParseResult, SourceFile } from "./types.ts";

const OFFICIAL = {
  datetime: ["datetime"],
  date: ["date"],
  category: ["category"],
  type: ["type"],
  assetClass: ["asset_class"],
  name: ["name"],
  symbol: ["symbol"],
  shares: ["shares"],
  price: ["price"],
  amount: ["amount"],
  fee: ["fee"],
  tax: ["tax"],
  currency: ["currency"],
  fxRate: ["fx_rate"],
  id: ["transaction_id"],
  description: ["description"],
} as const;
type OKey = keyof typeof OFFICIAL;

const SIMPLE = {
  date: ["Datum", "Date"],
  type: ["Transactietype", "Transaktionstyp", "Typ", "Type", "Transaction type"],
  value: ["Waarde (netto)", "Wert (netto)", "Value (net)", "Waarde", "Wert", "Value", "Amount", "Betrag"],
  note: ["Opmerking", "Bemerkung", "Note", "Notiz", "Name"],
  isin: ["ISIN"],
  shares: ["Aantal", "Anzahl", "Stück", "Shares", "Quantity"],
  fee: ["Kosten", "Gebühren", "Fee", "Fees"],
  tax: ["Belasting", "Steuern", "Steuer", "Tax", "Taxes"],
} as const;
type SKey = keyof typeof SIMPLE;

const ISIN = /^[A-Z]{2}[A-Z0-9]{9}\d$/;

const SIMPLE_TYPES: Record<string, TransactionType> = {
  aankoop: "buy",
  koop: "buy",
  buy: "buy",
  kauf: "buy",
  sparplan: "buy",
  "savings plan": "buy",
  verkoop: "sell",
  sell: "sell",
  verkauf: "sell",
  dividend: "dividend",
  dividende: "dividend",
  ausschuttung: "dividend",
  rente: "interest",
  interest: "interest",
  zinsen: "interest",
  storting: "deposit",
  deposit: "deposit",
  einzahlung: "deposit",
  onttrekking: "withdrawal",
  opname: "withdrawal",
  withdrawal: "withdrawal",
  auszahlung: "withdrawal",
};

function detect(file: SourceFile): number {
  const h = headerTitles(file.text, 3);
  if (hasTitles(h, "datetime", "account type", "asset class", "transaction id")) return 0.95;
  if (h.some((s) => s.has("datum") && (s.has("transactietype") || s.has("transaktionstyp")) && s.has("isin")))
    return 0.85;
  return 0;
}

function parse(file: SourceFile, options: ParseOptions = {}): ParseResult {
  const { records } = parseCsvText(file.text);
  const official = Header.find(records, OFFICIAL, ["date", "type", "amount", "currency"], 5);
  if (official) return parseOfficial(records, official, options);
  const simple = Header.find(records, SIMPLE, ["date", "type", "value"], 5);
  if (simple) return parseSimple(records, simple, options);
  return unreadable("traderepublic", "No Trade Republic header was found.");
}

function parseOfficial(
  records: ReturnType<typeof parseCsvText>["records"],
  header: Header<OKey>,
  options: ParseOptions,
): ParseResult {
  const log = new ParseLog();
  const out: ParsedActivity[] = [];
  const body = records
    .slice(records.findIndex((r) => r.row === header.record.row) + 1)
    .filter((r) => !r.blank);
  const decimal = fileDecimal(header, body, ["amount", "shares", "price"], options);
  for (const rec of body) {
    const r = new RowReader(header, rec, log, { decimal });
    const date = r.date("date");
    const type = (r.requireText("type") ?? "").toUpperCase();
    const amount = r.number("amount");
    const fee = r.number("fee");
    const tax = r.number("tax");
    const shares = r.number("shares");
    const price = r.number("price");
    const fx = r.number("fxRate");
    if (!date || !r.ok) continue;
    const symbolCell = r.text("symbol");
    const base = {
      row: r.row,
      date,
      isin: symbolCell && ISIN.test(symbolCell) ? symbolCell : undefined,
      symbol: symbolCell && !ISIN.test(symbolCell) ? symbolCell : undefined,
      name: r.text("name"),
      assetClass: r.text("assetClass")?.toLowerCase(),
      currency: currencyCode(r.text("currency")) ?? options.defaultCurrency,
      externalId: r.text("id"),
      note: r.text("description"),
    };
    const feeAbs = fee && !isZero(fee) ? abs(fee) : undefined;
    const taxAbs = tax && !isZero(tax) ? abs(tax) : undefined;
    const category = (r.text("category") ?? "").toUpperCase();
    // Other trading types (savings plans, saveback, round-ups) are buys or sales by the shares' sign.
    const tradeType =
      type === "BUY" || type === "SELL"
        ? type
        : category === "TRADING" && shares && !isZero(shares)
          ? isNegative(shares)
            ? "SELL"
            : "BUY"
          : undefined;
    if (tradeType) {
      if (!shares || isZero(shares)) {
        r.missing("shares");
        continue;
      }
      const p = price ?? (amount ? div(abs(amount), abs(shares)) : undefined);
      if (!p) {
        r.missing("price");
        continue;
      }
      const totalFee = feeAbs && taxAbs ? add(feeAbs, taxAbs) : (feeAbs ?? taxAbs);
      out.push(
        activity({
          ...base,
          type: tradeType === "BUY" ? "buy" : "sell",
          quantity: abs(shares),
          price: p,
          amount: amount ? abs(amount) : undefined,
          fee: totalFee,
        }),
      );
      continue;
    }
    if (amount === undefined) {
      r.missing("amount");
      continue;
    }
    const cash = (t: TransactionType, value: string, extra: Record<string, string | undefined> = {}) =>
      out.push(activity({ ...base, type: t, amount: value, ...extra }));
    switch (type) {
      case "DIVIDEND":
        cash("dividend", abs(amount), {
          withholdingTax: taxAbs,
          fxRate: undefined,
          note: fx ? `${base.note ?? ""} fx ${fx}`.trim() : base.note,
        });
        break;
      case "INTEREST_PAYMENT":
        // Interest has no withholding field: the tax withheld comes off, the gross is in the note.
        cash("interest", taxAbs ? sub(amount, taxAbs) : amount, {
          note: taxAbs ? `gross ${amount}, tax ${taxAbs}` : base.note,
        });
        break;
      case "CUSTOMER_INPAYMENT":
      case "TRANSFER_IN":
      case "TRANSFER_INSTANT_INBOUND":
      case "BONUS":
      case "SAVEBACK":
        cash("deposit", feeAbs ? sub(abs(amount), feeAbs) : abs(amount), {
          note: feeAbs ? `${base.note ?? ""} (fee ${feeAbs})`.trim() : base.note,
        });
        break;
      case "TRANSFER_OUT":
      case "TRANSFER_INSTANT_OUTBOUND":
      case "CARD_TRANSACTION":
      case "CARD_WITHDRAWAL":
        cash("withdrawal", feeAbs ? add(abs(amount), feeAbs) : abs(amount));
        break;
      case "FEE":
      case "CARD_FEE":
        cash("fee", abs(amount));
        break;
      case "TAX":
      case "TAX_REFUND":
        if (isNegative(amount)) cash("tax", abs(amount));
        else cash("interest", amount, { note: `tax refund ${base.note ?? ""}`.trim() });
        break;
      default:
        log.error(
          r.row,
          "unknown_type",
          `Type "${type}" is not a Trade Republic type this importer knows.`,
          "type",
        );
    }
  }
  return buildResult("traderepublic", log, out, body.length);
}

function parseSimple(
  records: ReturnType<typeof parseCsvText>["records"],
  header: Header<SKey>,
  options: ParseOptions,
): ParseResult {
  const log = new ParseLog();
  const out: ParsedActivity[] = [];
  const body = records
    .slice(records.findIndex((r) => r.row === header.record.row) + 1)
    .filter((r) => !r.blank);
  const numeric: SKey[] = ["value", "shares", "fee", "tax"];
  for (const rec of body) {
    // Each row's own separator: Dutch rows write `0,052361`, English rows `0.2989`.
    const rowValues = numeric
      .map((k) => (header.col(k) >= 0 ? (rec.fields[header.col(k)] ?? "") : ""))
      .filter((v) => v.trim() !== "");
    const decimal =
      options.decimal ??
      detectDecimal(rowValues) ??
      (/^\d{4}-\d{2}-\d{2}T/.test(rec.fields[header.col("date")] ?? "") ? "." : ",");
    const r = new RowReader(header, rec, log, { decimal });
    const rawDate = r.text("date");
    const date = rawDate ? readDate(rawDate, options.dateOrder ?? "DMY") : undefined;
    if (!date) {
      log.error(
        r.row,
        rawDate ? "bad_date" : "missing_field",
        `"${rawDate ?? ""}" is not a date.`,
        header.title("date"),
      );
      continue;
    }
    const word = r.requireText("type") ?? "";
    const value = r.number("value", true);
    const shares = r.number("shares");
    const fee = r.number("fee");
    const tax = r.number("tax");
    if (!r.ok || value === undefined) continue;
    const type = SIMPLE_TYPES[foldWord(word)];
    if (!type) {
      log.error(
        r.row,
        "unknown_type",
        `"${word}" is not a Trade Republic type this importer knows.`,
        header.title("type"),
      );
      continue;
    }
    const isin = r.text("isin");
    const note = r.text("note");
    const currency = options.defaultCurrency ?? "EUR";
    const costs = add(fee ? abs(fee) : "0", tax ? abs(tax) : "0");
    if (type === "buy" || type === "sell") {
      if (!shares || isZero(shares)) {
        r.missing("shares");
        continue;
      }
      // The value is net: a buy's includes its costs, a sale's has them taken off.
      const gross = type === "buy" ? sub(abs(value), costs) : add(abs(value), costs);
      out.push(
        activity({
          row: r.row,
          date,
          type,
          isin,
          name: note,
          quantity: abs(shares),
          price: div(gross, abs(shares)),
          amount: gross,
          fee: isZero(costs) ? undefined : costs,
          currency,
        }),
      );
    } else {
      const amount = type === "interest" ? value : abs(value);
      out.push(
        activity({
          row: r.row,
          date,
          type,
          isin,
          name: isin ? note : undefined,
          note: isin ? undefined : note,
          amount,
          currency,
        }),
      );
    }
  }
  return buildResult("traderepublic", log, out, body.length);
}

export const tradeRepublicParser: BrokerParser = {
  id: "traderepublic",
  label: "Trade Republic",
  detect,
  parse,
};
