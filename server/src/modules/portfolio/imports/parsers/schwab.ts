// Charles Schwab's transaction history CSV (brokerage and retirement accounts): Date, Action, Symbol,
// Description, Quantity, Price, Fees & Comm, Amount. Amounts carry `$` and `-$`, dates may read
// `10/14/2024 as of 10/10/2024` (the first date is the booking date we keep), an optional title line
// comes first and a `Transactions Total` line last. The Action column says what each row is.
import {
  abs,
  buildResult,
  type ColumnSpec,
  type CsvRecord,
  compact,
  decideFormat,
  Header,
  isNegative,
  isZero,
  ParseLog,
  parseCsvText,
  RowReader,
  settleReversals,
  unreadable,
} from "../text/index.ts";
import type { BrokerParser, ParsedActivity, ParseOptions, ParseResult, SourceFile } from "./types.ts";

const COLUMNS = {
  date: ["Date", "Trade Date"],
  action: ["Action"],
  symbol: ["Symbol"],
  description: ["Description"],
  quantity: ["Quantity", "Qty"],
  price: ["Price"],
  fee: ["Fees & Comm", "Fees & Commissions", "Fees and Comm", "Commission"],
  amount: ["Amount"],
} satisfies ColumnSpec<string>;
type Col = keyof typeof COLUMNS;

type Rule = {
  match: RegExp;
  kind: "trade" | "cash" | "shares" | "corporate" | "ignore";
  type?: ParsedActivity["type"];
};

// First match wins; order matters (`Reinvest Shares` before dividends, `Sell Short` before `Sell`).
const RULES: Rule[] = [
  { match: /^(buy to cover|buy to close)$/i, kind: "trade", type: "cover" },
  { match: /^(sell short|sell to open)$/i, kind: "trade", type: "short" },
  { match: /^(buy|buy to open|reinvest shares)$/i, kind: "trade", type: "buy" },
  { match: /^(sell|sell to close)$/i, kind: "trade", type: "sell" },
  { match: /^(stock split|stock div dist)$/i, kind: "shares" },
  {
    match:
      /^(journaled shares|security transfer|shares in|shares out|stock plan activity|deliver shares|receive shares)$/i,
    kind: "shares",
  },
  { match: /^(expired|assigned|exchange or exercise|exercised)$/i, kind: "corporate" },
  { match: /cash in lieu/i, kind: "cash", type: "returnOfCapital" },
  { match: /return of capital/i, kind: "cash", type: "returnOfCapital" },
  { match: /(div|dividend|cap gain|capital gain)/i, kind: "cash", type: "dividend" },
  { match: /margin interest/i, kind: "cash", type: "interest" },
  { match: /interest/i, kind: "cash", type: "interest" },
  { match: /(foreign tax|tax withh|nra tax|withholding)/i, kind: "cash", type: "tax" },
  { match: /fee/i, kind: "cash", type: "fee" },
  { match: /(reverse split|merger|name change|conversion|spin-?off|exchange|tender)/i, kind: "corporate" },
  { match: /(wire|moneylink|journal|transfer|deposit|withdrawal|funds|ach|check)/i, kind: "cash" },
];

/**
 * Schwab's JSON export (`{ FromDate, ToDate, BrokerageTransactions: [{ Date, Action, Symbol, … }] }`)
 * as the same table: one record per transaction, numbered from 1 in the list's order.
 */
function jsonRecords(text: string): CsvRecord[] | undefined {
  if (!/^\s*\{/.test(text)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch {
    return undefined;
  }
  const list =
    (json as { BrokerageTransactions?: unknown; Transactions?: unknown })?.BrokerageTransactions ??
    (json as { Transactions?: unknown })?.Transactions;
  if (!Array.isArray(list)) return undefined;
  const keys = [...new Set(list.flatMap((t) => (t && typeof t === "object" ? Object.keys(t) : [])))];
  const header: CsvRecord = { row: 0, endRow: 0, fields: keys, blank: false };
  return [
    header,
    ...list.map((t, i) => ({
      row: i + 1,
      endRow: i + 1,
      fields: keys.map((k) => {
        const v = t && typeof t === "object" ? (t as Record<string, unknown>)[k] : undefined;
        return v === undefined || v === null ? "" : String(v);
      }),
      blank: false,
    })),
  ];
}

export function parseSchwab(file: SourceFile, options: ParseOptions = {}): ParseResult {
  const records = jsonRecords(file.text) ?? parseCsvText(file.text).records;
  const header = Header.find(records, COLUMNS, ["date", "action", "amount"]);
  if (!header)
    return unreadable("schwab", "No Schwab header row (Date, Action, Symbol, …, Amount) was found.");
  const log = new ParseLog();
  const data = records.filter((r) => r.row > header.record.row && !r.blank && !isTotal(r.fields));
  const format = decideFormat(
    [...header.values(data, "amount"), ...header.values(data, "price"), ...header.values(data, "quantity")],
    header.values(data, "date"),
    options,
    { decimal: ".", dateOrder: "MDY" },
  );
  const activities: ParsedActivity[] = [];
  const currency = options.defaultCurrency ?? "USD";
  for (const record of data) {
    const r = new RowReader<Col>(header, record, log, format);
    const action = r.text("action");
    if (!action) {
      log.error(r.row, "missing_field", "Action is empty.", header.title("action"));
      continue;
    }
    const rule = RULES.find((x) => x.match.test(action));
    if (!rule) {
      log.error(
        r.row,
        "unknown_type",
        `The action "${action}" is not one we import.`,
        header.title("action"),
      );
      continue;
    }
    if (rule.kind === "corporate") {
      log.ignore(
        r.row,
        "corporate_action",
        `${action}: a corporate action to enter by hand (${r.text("description") ?? ""}).`,
      );
      continue;
    }
    const date = r.date("date");
    const amount = r.number("amount");
    const quantity = r.number("quantity");
    const price = r.number("price");
    const fee = r.number("fee");
    if (!r.ok || !date) continue;
    const base = { row: r.row, date, currency, note: action };
    const instrument = compact({ symbol: r.text("symbol"), name: r.text("description") });
    if (rule.kind === "trade") {
      if (!quantity || isZero(quantity)) {
        r.missing("quantity");
        continue;
      }
      activities.push(
        compact({
          ...base,
          ...instrument,
          type: rule.type!,
          quantity: abs(quantity),
          price,
          amount: amount !== undefined ? grossOf(abs(amount), fee, rule.type!) : undefined,
          fee: fee && !isZero(fee) ? abs(fee) : undefined,
        }),
      );
      continue;
    }
    if (rule.kind === "shares") {
      if (!quantity) {
        r.missing("quantity");
        continue;
      }
      const isDistribution = /split|div/i.test(action);
      activities.push(
        compact({
          ...base,
          ...instrument,
          type: isDistribution ? "buy" : isNegative(quantity) ? "transferOut" : "transferIn",
          quantity: abs(quantity),
          price: isDistribution ? "0" : price,
          amount: isDistribution ? "0" : undefined,
          note: isDistribution ? `${action}: new shares at no cost` : action,
        }),
      );
      continue;
    }
    if (amount === undefined) {
      r.missing("amount");
      continue;
    }
    let type = rule.type;
    let value = amount;
    if (!type) {
      type = isNegative(amount) ? "withdrawal" : "deposit";
      value = abs(amount);
    } else if (type === "fee" || type === "tax") value = negateSigned(amount);
    else if (type !== "interest") value = isNegative(amount) && type === "dividend" ? amount : abs(amount);
    const instrumentless =
      type === "deposit" || type === "withdrawal" || (type === "interest" && !instrument.symbol);
    activities.push(
      compact({
        ...base,
        ...(instrumentless ? { note: [action, instrument.name].filter(Boolean).join(": ") } : instrument),
        type,
        amount: value,
      }),
    );
  }
  return buildResult("schwab", log, settleReversals(activities, log), data.length);
}

function isTotal(fields: string[]): boolean {
  return /^transactions\s+total/i.test(fields[0]?.trim() ?? "");
}

function negateSigned(v: string): string {
  return v.startsWith("-") ? v.slice(1) : v === "0" ? v : `-${v}`;
}

/** Schwab's Amount includes fees; the activity's amount is the gross trade value. */
function grossOf(amount: string, fee: string | undefined, type: ParsedActivity["type"]): string {
  if (!fee || isZero(fee)) return amount;
  const f = abs(fee);
  const buying = type === "buy" || type === "cover";
  return buying ? subtract(amount, f) : addTo(amount, f);
}

import { add as addTo, sub as subtract } from "../text/index.ts";

export const schwab: BrokerParser = {
  id: "schwab",
  label: "Charles Schwab — transactions CSV",
  detect(file) {
    if (/^\s*\{/.test(file.text))
      return /"BrokerageTransactions"\s*:/.test(file.text.slice(0, 2000)) ? 0.95 : 0;
    const { records } = parseCsvText(file.text.slice(0, 5000));
    const h = Header.find(records, COLUMNS, ["date", "action", "amount"], 5);
    if (!h) return 0;
    let score = 0.6;
    if (h.has("fee") && /fees\s*&\s*comm/i.test(h.title("fee"))) score += 0.3;
    if (/Transactions\s+for account|as of \d\d\/\d\d\/\d{4}|\$/i.test(file.text.slice(0, 3000)))
      score += 0.05;
    return score;
  },
  parse: (file, options) => parseSchwab(file, options),
};
