// TD Ameritrade / thinkorswim "Account Statement" CSV: titled sections (Cash Balance, Futures Statements,
// Forex Statements, Account Order History, Account Trade History, Equities, Profits and Losses, Account
// Summary), each with its own header row, every line padded to the same width. The Cash Balance is the
// account's ledger and is what we import: its TRD rows are the fills (`BOT +300 PYPL @13.39`, fees in
// their own columns), read with the position effect (TO OPEN / TO CLOSE) of the matching execution in the
// Account Trade History, so a sale that opens is a short. Orders and the executions (already in the
// ledger) are left out with that reason; positions, P/L and the summary are not activities.
import {
  abs,
  add,
  buildResult,
  type CsvRecord,
  compact,
  isNegative,
  isZero,
  negate,
  ParseLog,
  parseCsvText,
  readDate,
  readNumber,
  settleReversals,
  unreadable,
} from "../text/index.ts";
import type { BrokerParser, ParsedActivity, ParseOptions, ParseResult, SourceFile } from "./types.ts";

const SECTIONS = [
  "Cash Balance",
  "Futures Statements",
  "Forex Statements",
  "Account Order History",
  "Account Trade History",
  "Equities",
  "Options",
  "Futures",
  "Futures Options",
  "Forex Account Summary",
  "Profits and Losses",
  "Account Summary",
];

interface Section {
  name: string;
  header: string[];
  rows: CsvRecord[];
}

const isEmpty = (r: CsvRecord) => r.fields.every((f) => f.trim() === "");

function sections(records: CsvRecord[]): Section[] {
  const out: Section[] = [];
  let current: Section | undefined;
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    const first = r.fields[0]!.replace(/^\uFEFF/, "").trim();
    const rest = r.fields.slice(1).every((f) => f.trim() === "");
    if (rest && SECTIONS.some((s) => s.toLowerCase() === first.toLowerCase())) {
      const header = records[i + 1];
      current = { name: first, header: header ? header.fields.map((f) => f.trim()) : [], rows: [] };
      out.push(current);
      i++;
      continue;
    }
    if (!current) continue;
    if (isEmpty(r)) {
      current = undefined;
      continue;
    }
    current.rows.push(r);
  }
  return out;
}

function getter(section: Section, r: CsvRecord) {
  return (name: string): string | undefined => {
    const i = section.header.findIndex((h) => h.toLowerCase() === name.toLowerCase());
    const v = i >= 0 ? r.fields[i]?.trim() : undefined;
    return v === "" ? undefined : v;
  };
}

function num(log: ParseLog, row: number, v: string | undefined, column: string): string | undefined {
  if (v === undefined) return undefined;
  const n = readNumber(v, ".");
  if (n.ok) return n.value;
  log.error(row, "bad_number", `${column}: ${n.message}`, column);
  return undefined;
}

const FILL = /\b(BOT|SOLD)\s+([+-]?[\d,]*\.?\d+)\s+(.+?)\s+@\s*([\d,]*\.?\d+)/i;

export function parseTdAmeritrade(file: SourceFile, options: ParseOptions = {}): ParseResult {
  const { records } = parseCsvText(file.text, ",");
  const secs = sections(records);
  const cash = secs.find((s) => s.name === "Cash Balance");
  const trades = secs.find((s) => s.name === "Account Trade History");
  if (!cash && !trades)
    return unreadable("tdameritrade", "No Cash Balance or Account Trade History section was found.");
  const log = new ParseLog();
  const activities: ParsedActivity[] = [];
  const currency = options.defaultCurrency ?? "USD";
  let total = 0;
  // Executions by side/symbol/price, for the position effect of the ledger's fills.
  const executions = (trades?.rows ?? []).map((r) => {
    const get = getter(trades!, r);
    return {
      row: r.row,
      side: get("Side")?.toUpperCase(),
      symbol: get("Symbol"),
      price: get("Price"),
      effect: get("Pos Effect")?.toUpperCase(),
      qty: get("Qty"),
      time: get("Exec Time"),
      type: get("Type"),
    };
  });
  for (const s of secs) {
    if (s.name === "Account Order History") {
      for (const r of s.rows) {
        total++;
        log.ignore(r.row, "order", "An order: its fills are the trades.");
      }
    }
  }
  if (cash) {
    for (const r of cash.rows) {
      const get = getter(cash, r);
      const description = get("DESCRIPTION") ?? "";
      if (/^TOTAL$/i.test(description) || !get("DATE")) continue; // the section's total line
      total++;
      const row = r.row;
      const date = readDate(get("DATE"), "MDY");
      if (!date) {
        log.error(row, "bad_date", `DATE: "${get("DATE") ?? ""}" is not a date.`, "DATE");
        continue;
      }
      const amount = num(log, row, get("AMOUNT"), "AMOUNT");
      const misc = num(log, row, get("Misc Fees"), "Misc Fees");
      const comm = num(log, row, get("Commissions & Fees"), "Commissions & Fees");
      if (log.hasError(row)) continue;
      const fee = add(misc ? abs(misc) : "0", comm ? abs(comm) : "0");
      const type = (get("TYPE") ?? "").toUpperCase();
      const ref = get("REF #");
      const fill = FILL.exec(description);
      if (type === "TRD" || fill) {
        if (!fill) {
          log.error(
            row,
            "unknown_type",
            `A trade whose description does not read as "BOT/SOLD qty SYMBOL @price": ${description}.`,
            "DESCRIPTION",
          );
          continue;
        }
        const selling = fill[1]!.toUpperCase() === "SOLD";
        const qtyRead = readNumber(fill[2]!, ".");
        const priceRead = readNumber(fill[4]!, ".");
        if (!qtyRead.ok || !priceRead.ok) {
          log.error(
            row,
            "bad_number",
            `DESCRIPTION: the quantity or price in "${description}" is not a number.`,
            "DESCRIPTION",
          );
          continue;
        }
        const spec = fill[3]!.trim();
        const symbol = spec.split(/\s+/)[0]!;
        const isOption = /\b(CALL|PUT)\b/i.test(spec);
        const exec = executions.find(
          (e) =>
            e.symbol === symbol &&
            e.side === (selling ? "SELL" : "BUY") &&
            e.price !== undefined &&
            readNumber(e.price, ".").ok &&
            (readNumber(e.price, ".") as { value: string }).value === priceRead.value,
        );
        const opens = exec?.effect?.includes("OPEN");
        const closes = exec?.effect?.includes("CLOSE");
        const kind: ParsedActivity["type"] = selling
          ? opens
            ? "short"
            : "sell"
          : closes && exec && wasShort(executions, symbol)
            ? "cover"
            : "buy";
        activities.push(
          compact({
            row,
            date,
            type: kind,
            symbol,
            name: isOption ? spec : undefined,
            assetClass: isOption ? "option" : undefined,
            quantity: abs(qtyRead.value),
            price: priceRead.value,
            amount: amount !== undefined ? abs(amount) : undefined,
            fee: isZero(fee) ? undefined : fee,
            currency,
            // One REF # can hold several fills: the fill's quantity and price make the id unique.
            externalId: ref ? `${ref}/${qtyRead.value}@${priceRead.value}` : undefined,
            note: description,
          }),
        );
        continue;
      }
      if (amount === undefined) {
        log.error(row, "missing_field", "AMOUNT is empty.", "AMOUNT");
        continue;
      }
      const kind = cashType(type, description, amount);
      if (!kind) {
        log.error(
          row,
          "unknown_type",
          `The cash line ${type} "${description}" is not one we import.`,
          "TYPE",
        );
        continue;
      }
      const symbol = /~\s*([A-Z.]+)\s*$/.exec(description)?.[1];
      const value =
        kind === "fee" || kind === "tax" ? negate(amount) : kind === "interest" ? amount : abs(amount);
      activities.push(
        compact({
          row,
          date,
          type: kind,
          symbol: kind === "dividend" || kind === "tax" ? symbol : undefined,
          amount: value,
          currency,
          externalId: ref,
          note: description,
        }),
      );
    }
  }
  for (const r of trades?.rows ?? []) {
    total++;
    if (cash) log.ignore(r.row, "execution", "An execution: the Cash Balance lists its fill with fees.");
    else {
      const get = getter(trades!, r);
      const date = readDate(get("Exec Time"), "MDY");
      const qty = num(log, r.row, get("Qty"), "Qty");
      const price = num(log, r.row, get("Price"), "Price");
      if (!date || !qty || !price || log.hasError(r.row)) {
        if (!log.hasError(r.row))
          log.error(r.row, "missing_field", "Exec Time, Qty and Price are needed.", "Exec Time");
        continue;
      }
      const effect = get("Pos Effect")?.toUpperCase() ?? "";
      const selling = isNegative(qty);
      const type: ParsedActivity["type"] = selling
        ? effect.includes("OPEN")
          ? "short"
          : "sell"
        : effect.includes("CLOSE") && wasShort(executions, get("Symbol")!)
          ? "cover"
          : "buy";
      activities.push(
        compact({ row: r.row, date, type, symbol: get("Symbol"), quantity: abs(qty), price, currency }),
      );
    }
  }
  return buildResult("tdameritrade", log, settleReversals(activities, log), total);
}

/** True when the file shows the symbol sold to open (so a closing buy covers a short). */
function wasShort(
  executions: { symbol?: string; side?: string; effect?: string }[],
  symbol: string,
): boolean {
  return executions.some((e) => e.symbol === symbol && e.side === "SELL" && e.effect?.includes("OPEN"));
}

function cashType(type: string, description: string, amount: string): ParsedActivity["type"] | undefined {
  const d = description.toUpperCase();
  if (/WITHHOLDING|TAX/.test(d)) return "tax";
  if (/DIVIDEND|CAPITAL GAIN|QUALIFIED DIV/.test(d)) return "dividend";
  if (/INTEREST/.test(d)) return "interest";
  if (/FEE|COMMISSION/.test(d)) return "fee";
  if (type === "DOI") return "dividend";
  if (
    /FUNDING|WIRE|ACH|TRANSFER|DEPOSIT|DISBURSEMENT|CHECK|CONTRIBUTION|WITHDRAWAL/.test(d) ||
    type === "WIN" ||
    type === "WOU"
  ) {
    return isNegative(amount) ? "withdrawal" : "deposit";
  }
  return undefined;
}

export const tdAmeritrade: BrokerParser = {
  id: "tdameritrade",
  label: "TD Ameritrade / thinkorswim — Account Statement CSV",
  detect(file) {
    const head = file.text.replace(/^\uFEFF/, "").slice(0, 8000);
    let score = 0;
    if (/^Account Statement for /m.test(head)) score += 0.5;
    if (/^Cash Balance,*\r?$/m.test(head)) score += 0.2;
    if (/^DATE,TIME,TYPE,REF #,DESCRIPTION/m.test(head)) score += 0.25;
    if (/Account Trade History/.test(file.text)) score += 0.04;
    return Math.min(score, 0.99);
  },
  parse: (file, options) => parseTdAmeritrade(file, options),
};
