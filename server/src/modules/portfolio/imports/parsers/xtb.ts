// XTB's cash operations export: ID;Type;Time;Symbol;Comment;Amount (titles and types in the account's
// language: English, Polish, German, Portuguese, Spanish, French, Italian, Czech). What was traded is
// only in Comment (`OPEN BUY 34/42.5658 @ 11.7480`: 34 of an order for 42.5658 at 11.748), dividends
// read `SPYL.DE USD 0.6600/ SHR` with the withholding tax on its own row. Amounts are in the account's
// currency, which the file never names (ParseOptions.defaultCurrency; a warning asks for it); a trade
// whose price is in another currency is recorded at its booked amount per share, the quote in the note.
// Repeated rows (same ID, type and amount) are ignored as duplicates.
import { Decimal } from "../../../../platform/money.ts";
import { parseCsvText } from "../text/csv.ts";
import { readDate } from "../text/dates.ts";
import { buildResult, ParseLog, unreadable } from "../text/issues.ts";
import { abs, div, isNegative, isZero, readNumber } from "../text/numbers.ts";
import { Header, RowReader } from "../text/table.ts";
import { activity } from "./activity.ts";
import { readFlexible } from "./degiro-numbers.ts";
import { foldText } from "./degiro-vocab.ts";
import { fileDecimal, headerTitles } from "./file-format.ts";
import type { BrokerParser, ParsedActivity, ParseOptions, ParseResult, SourceFile } from "./types.ts";

const SPEC = {
  id: ["ID"],
  type: ["Type", "Typ", "Tipo", "Rodzaj"],
  time: ["Time", "Czas", "Zeit", "Hora", "Data", "Heure", "Ora", "Čas", "Date"],
  symbol: ["Symbol", "Símbolo", "Simbolo", "Symbole"],
  comment: [
    "Comment",
    "Komentarz",
    "Kommentar",
    "Comentário",
    "Comentario",
    "Commentaire",
    "Commento",
    "Komentář",
  ],
  amount: ["Amount", "Kwota", "Betrag", "Montante", "Valor", "Importe", "Montant", "Importo", "Částka"],
} as const;

type Kind =
  | "buy"
  | "sell"
  | "dividend"
  | "tax"
  | "interest"
  | "deposit"
  | "withdrawal"
  | "transfer"
  | "pnl"
  | "fee"
  | "spinoff";

/** Order matters: sales before purchases ("Verkauf" holds "kauf"), taxes before interest and dividends. */
const KINDS: ReadonlyArray<[Kind, RegExp]> = [
  ["sell", /sale|vend|sprzeda|verkauf|vente|prodej/],
  ["buy", /purchase|compra|zakup|kauf|achat|acquisto|nakup/],
  ["tax", /tax|podatek|steuer|imposto|impuesto|impot|ritenuta|dan|stamp duty/],
  ["dividend", /dividend|dywidend|dividendo|divid/],
  ["interest", /interest|odsetki|zinsen|juros|interes|interet|urok/],
  ["deposit", /deposit|wplata|einzahlung|deposito|depot|vklad/],
  ["withdrawal", /withdraw|wyplata|auszahlung|levantamento|retrait|retiro|prelievo|vyber/],
  ["transfer", /transfer|przelew|ubertrag|transferencia|prevod/],
  [
    "pnl",
    /profit|loss|zysk|strata|swap|rollover|gewinn|verlust|lucro|perda|close trade|closed trade|adjustment|correction|korekta/,
  ],
  ["spinoff", /spin ?off|wydzielenie|abspaltung/],
  ["fee", /commission|fee|prowizja|gebuhr|oplata|comissao|comision|frais|poplatek/],
];

const TRADE = /(OPEN|CLOSE)\s+(BUY|SELL)\s+(\d[\d.]*)(?:\/(\d[\d.]*))?\s*@\s*(\d[\d.]*)/i;

function detect(file: SourceFile): number {
  const h = headerTitles(file.text, 3).map((set) => new Set([...set].map(foldText)));
  const any = (set: Set<string>, words: string[]) => words.some((w) => set.has(w));
  const header = h.find(
    (set) =>
      set.has("id") &&
      any(set, ["type", "typ", "tipo", "rodzaj"]) &&
      any(set, ["comment", "komentarz", "kommentar", "comentario", "commentaire", "commento", "komentar"]) &&
      any(set, ["symbol", "simbolo", "symbole"]),
  );
  if (!header) return 0;
  return header.size === 6 ? 0.95 : 0.8;
}

function parse(file: SourceFile, options: ParseOptions = {}): ParseResult {
  const { records } = parseCsvText(file.text);
  const header = Header.find(records, SPEC, ["type", "time", "amount"], 5);
  if (!header) return unreadable("xtb", "No XTB header (ID, Type, Time, Symbol, Comment, Amount) was found.");
  const log = new ParseLog();
  const currency = options.defaultCurrency;
  if (!currency)
    log.warn(
      0,
      "missing_currency",
      "XTB files do not name the account's currency: choose it (the default currency) before importing.",
    );
  const body = records
    .slice(records.findIndex((r) => r.row === header.record.row) + 1)
    .filter((r) => !r.blank);
  const decimal = fileDecimal(header, body, ["amount"], options);
  const seen = new Map<string, number>();
  const out: ParsedActivity[] = [];
  const dividends: Array<{ act: ParsedActivity; id: number; key: string; perShare?: string }> = [];
  const taxes: Array<{
    row: number;
    id: number;
    key: string;
    amount: string;
    pct?: string;
    act: ParsedActivity;
  }> = [];
  for (const rec of body) {
    const r = new RowReader(header, rec, log, { decimal });
    const id = r.text("id") ?? "";
    const typeText = r.requireText("type") ?? "";
    const rawTime = (r.text("time") ?? "").replace(/^0(\d\d)\./, "$1.");
    const date = readDate(rawTime, options.dateOrder ?? "DMY");
    if (!date) log.error(r.row, "bad_date", `"${r.text("time") ?? ""}" is not a date.`, header.title("time"));
    // By the file's separator, else by the value's own (a truncated `-0.` in a decimal-comma file).
    const amountRaw = r.text("amount");
    const amount = readFlexible(amountRaw, decimal);
    if (amountRaw === undefined) r.missing("amount");
    else if (amount === undefined)
      log.error(r.row, "bad_number", `"${amountRaw}" is not an amount.`, header.title("amount"));
    if (!date || amount === undefined || !r.ok) continue;
    const dupKey = `${id}|${typeText}|${amount}|${r.text("comment") ?? ""}`;
    if (id && seen.has(dupKey)) {
      log.ignore(r.row, "duplicate", `The same operation as row ${seen.get(dupKey)} (ID ${id}).`);
      continue;
    }
    seen.set(dupKey, r.row);
    const folded = foldText(typeText);
    const kind = KINDS.find(([, re]) => re.test(folded))?.[0];
    const symbol = r.text("symbol");
    const comment = r.text("comment") ?? "";
    const base = { row: r.row, date, symbol, currency, externalId: id || undefined };
    if (!kind) {
      log.error(
        r.row,
        "unknown_type",
        `Type "${typeText}" is not an XTB operation this importer knows.`,
        header.title("type"),
      );
      continue;
    }
    if (isZero(amount) && kind !== "buy" && kind !== "sell") {
      log.ignore(r.row, "zero_amount", "A zero amount.");
      continue;
    }
    const key = `${symbol}|${r.text("time")}`;
    switch (kind) {
      case "buy":
      case "sell": {
        const m = TRADE.exec(comment);
        if (!m) {
          log.error(
            r.row,
            "missing_field",
            `The comment "${comment}" does not say what was traded.`,
            header.title("comment"),
          );
          break;
        }
        const qty = readNumber(m[3], ".");
        const quoted = readNumber(m[5], ".");
        if (!qty.ok || !quoted.ok || isZero(qty.value)) {
          log.error(
            r.row,
            "bad_number",
            `The quantity or price in "${comment}" cannot be read.`,
            header.title("comment"),
          );
          break;
        }
        // Booked amount per share when the quote is in another currency than the account's.
        const booked = abs(amount);
        const gross = new Decimal(qty.value).mul(quoted.value);
        const agrees = isZero(booked) || gross.sub(booked).abs().lte(gross.mul("0.02").add("0.01"));
        out.push(
          activity({
            ...base,
            type: kind,
            quantity: qty.value,
            price: agrees ? quoted.value : div(booked, qty.value, 8),
            amount: booked,
            note: agrees ? undefined : `quoted ${quoted.value} in the instrument's currency`,
          }),
        );
        break;
      }
      case "dividend":
      case "spinoff": {
        if (isNegative(amount)) {
          out.push(activity({ ...base, type: "interest", amount, note: `${typeText}: ${comment}` }));
          break;
        }
        const act = activity({
          ...base,
          type: "dividend",
          amount,
          note: kind === "spinoff" ? `spin-off: ${comment}` : undefined,
        });
        out.push(act);
        if (kind === "dividend")
          dividends.push({ act, id: Number(id), key, perShare: /\s([\d.]+)\/\s*SHR/i.exec(comment)?.[1] });
        break;
      }
      case "tax": {
        if (/interest/i.test(typeText) || !symbol) {
          out.push(activity({ ...base, type: "tax", amount: abs(amount), note: comment || typeText }));
          break;
        }
        const act = activity({ ...base, type: "tax", amount: abs(amount), note: comment || typeText });
        taxes.push({
          row: r.row,
          id: Number(id),
          key,
          amount: abs(amount),
          pct: /(\d+(?:\.\d+)?)\s*%/.exec(comment)?.[1],
          act,
        });
        break;
      }
      case "interest":
      case "pnl":
        out.push(
          activity({
            ...base,
            symbol: kind === "pnl" ? symbol : undefined,
            type: "interest",
            amount,
            note: comment || typeText,
          }),
        );
        break;
      case "deposit":
      case "withdrawal":
      case "transfer":
        out.push(
          activity({
            ...base,
            symbol: undefined,
            type: isNegative(amount) ? "withdrawal" : "deposit",
            amount: abs(amount),
            note: comment || undefined,
          }),
        );
        break;
      case "fee":
        out.push(
          isNegative(amount)
            ? activity({ ...base, type: "fee", amount: abs(amount), note: comment || typeText })
            : activity({ ...base, type: "interest", amount, note: `${comment || typeText} (refund)` }),
        );
        break;
    }
  }
  // A withholding tax joins its dividend: same symbol and time, the rate matching, else the nearest ID.
  for (const t of taxes) {
    const candidates = dividends.filter((d) => d.key === t.key && d.act.withholdingTax === undefined);
    const fit = (d: (typeof candidates)[number]) =>
      t.pct
        ? new Decimal(d.act.amount!).mul(t.pct).div(100).sub(t.amount).abs().toNumber()
        : Math.abs(d.id - t.id);
    const d = candidates.sort((a, b) => fit(a) - fit(b) || Math.abs(a.id - t.id) - Math.abs(b.id - t.id))[0];
    if (d && new Decimal(t.amount).lte(d.act.amount!)) {
      d.act.withholdingTax = t.amount;
      log.ignore(
        t.row,
        "merged",
        `The withholding tax of the dividend on row ${d.act.row}, carried on that dividend.`,
      );
    } else out.push(t.act);
  }
  return buildResult("xtb", log, out, body.length);
}

export const xtbParser: BrokerParser = {
  id: "xtb",
  label: "XTB",
  detect,
  parse,
};
