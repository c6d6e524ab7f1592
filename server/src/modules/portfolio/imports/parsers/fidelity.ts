// Fidelity's "Accounts History" CSV (brokerage, retirement and cash-management accounts): blank comma-only
// lines and an optional account line before the header (Run Date, [Account,] Action, Symbol, Security
// Description, Security Type, Quantity, Price ($), Commission ($), Fees ($), Accrued Interest ($),
// Amount ($), Settlement Date), then disclaimers and a "Date downloaded" footer after the data. The
// Action text ("YOU BOUGHT …", "DIVIDEND RECEIVED …", "DIRECT DEBIT …") says what each row is.
import {
  abs,
  add,
  buildResult,
  type ColumnSpec,
  compact,
  decideFormat,
  Header,
  isNegative,
  isZero,
  negate,
  ParseLog,
  parseCsvText,
  RowReader,
  settleReversals,
  sub,
  unreadable,
} from "../text/index.ts";
import type { BrokerParser, ParsedActivity, ParseOptions, ParseResult, SourceFile } from "./types.ts";

const COLUMNS = {
  date: ["Run Date", "Date"],
  account: ["Account", "Account Name", "Account Number"],
  action: ["Action"],
  symbol: ["Symbol"],
  description: ["Security Description", "Description"],
  securityType: ["Security Type"],
  quantity: ["Quantity"],
  price: ["Price ($)", "Price"],
  commission: ["Commission ($)", "Commission"],
  fees: ["Fees ($)", "Fees"],
  accrued: ["Accrued Interest ($)", "Accrued Interest"],
  amount: ["Amount ($)", "Amount"],
  settlement: ["Settlement Date"],
  currency: ["Currency"],
} satisfies ColumnSpec<string>;
type Col = keyof typeof COLUMNS;

type Kind = ParsedActivity["type"] | "transfer" | "ignore" | "shares";
const RULES: [RegExp, Kind][] = [
  [/\b(YOU BOUGHT|BOUGHT|BUY)\b.*\b(SHORT COVER|TO CLOSE)\b|BUY TO COVER/i, "cover"],
  [/\b(YOU SOLD|SOLD|SELL)\b.*\b(SHORT SALE|OPENING)\b|SHORT SALE/i, "short"],
  [/^\s*(YOU BOUGHT|BOUGHT|BUY|PURCHASE|REINVESTMENT)\b/i, "buy"],
  [/^\s*(YOU SOLD|SOLD|SELL|REDEMPTION)\b/i, "sell"],
  [/RETURN OF CAPITAL/i, "returnOfCapital"],
  [/DIVIDEND|CAP(ITAL)? GAIN/i, "dividend"],
  [/INTEREST/i, "interest"],
  [/FOREIGN TAX|TAX WITHHELD|WITHHOLDING|NRA TAX/i, "tax"],
  [/\bFEE\b|FEE CHARGED|COMMISSION/i, "fee"],
  [/SPLIT|DISTRIBUTION.*SHARES|STOCK DIV/i, "shares"],
  [
    /DIRECT (DEBIT|DEPOSIT)|TRANSFER|DEPOSIT|WITHDRAWAL|ELECTRONIC FUNDS|CHECK|WIRE|CONTRIBUTION|BILL PAYMENT|DEBIT CARD|CASH ADVANCE/i,
    "transfer",
  ],
  [/MERGER|EXCHANGE|NAME CHANGE|CONVERSION|SPIN/i, "ignore"],
];

export function parseFidelity(file: SourceFile, options: ParseOptions = {}): ParseResult {
  const { records } = parseCsvText(file.text, ",");
  const header = Header.find(records, COLUMNS, ["date", "action", "amount"]);
  if (!header)
    return unreadable("fidelity", "No Fidelity header row (Run Date, Action, …, Amount ($)) was found.");
  const log = new ParseLog();
  // Data ends at the first line that is not a dated row (the disclaimers and the download footer follow).
  const data = [];
  for (const r of records) {
    if (r.row <= header.record.row || r.blank || r.fields.every((f) => f.trim() === "")) continue;
    const first = r.fields[header.col("date")]?.trim() ?? "";
    if (!/^\d{1,2}\/\d{1,2}\/\d{2,4}|^\d{4}-\d\d-\d\d/.test(first)) {
      if (data.length > 0) break;
      continue;
    }
    data.push(r);
  }
  const format = decideFormat(header.values(data, "amount"), header.values(data, "date"), options, {
    decimal: ".",
    dateOrder: "MDY",
  });
  const activities: ParsedActivity[] = [];
  const accounts: string[] = [];
  for (const record of data) {
    const r = new RowReader<Col>(header, record, log, format);
    const action = r.requireText("action");
    const date = r.date("date");
    const amount = r.number("amount");
    const quantity = r.number("quantity");
    const price = r.number("price");
    const commission = r.number("commission");
    const fees = r.number("fees");
    if (!r.ok || !action || !date) continue;
    const account = r.text("account");
    if (account) accounts.push(account);
    const rule = RULES.find(([re]) => re.test(action));
    if (!rule) {
      log.error(
        r.row,
        "unknown_type",
        `The action "${action}" is not one we import.`,
        header.title("action"),
      );
      continue;
    }
    const kind = rule[1];
    const symbol = r.text("symbol");
    const isCash = !symbol || /^(cash|core|spaxx|fdrxx|fzfxx)\b/i.test(symbol);
    const base = compact({
      row: r.row,
      date,
      currency: r.text("currency") ?? options.defaultCurrency ?? "USD",
      accountRef: account,
      note: action.trim(),
    });
    const instrument = isCash ? {} : compact({ symbol, name: r.text("description") });
    if (kind === "ignore") {
      log.ignore(r.row, "corporate_action", `A corporate action to enter by hand: ${action.trim()}.`);
      continue;
    }
    if (kind === "buy" || kind === "sell" || kind === "short" || kind === "cover") {
      if (!quantity || isZero(quantity)) {
        r.missing("quantity");
        continue;
      }
      const fee = add(commission ? abs(commission) : "0", fees ? abs(fees) : "0");
      const buying = kind === "buy" || kind === "cover";
      const gross =
        amount !== undefined
          ? isZero(fee)
            ? abs(amount)
            : buying
              ? sub(abs(amount), fee)
              : add(abs(amount), fee)
          : undefined;
      activities.push(
        compact({
          ...base,
          ...instrument,
          type: kind,
          quantity: abs(quantity),
          price,
          amount: gross,
          fee: isZero(fee) ? undefined : fee,
        }),
      );
      continue;
    }
    if (kind === "shares") {
      if (!quantity) {
        r.missing("quantity");
        continue;
      }
      activities.push(
        compact({
          ...base,
          ...instrument,
          type: "buy" as const,
          quantity: abs(quantity),
          price: "0",
          amount: "0",
          note: `${action.trim()}: new shares at no cost`,
        }),
      );
      continue;
    }
    if (amount === undefined) {
      r.missing("amount");
      continue;
    }
    if (kind === "transfer") {
      activities.push(
        compact({ ...base, type: isNegative(amount) ? "withdrawal" : "deposit", amount: abs(amount) }),
      );
      continue;
    }
    const value =
      kind === "fee" || kind === "tax" ? negate(amount) : kind === "interest" ? amount : abs(amount);
    activities.push(compact({ ...base, ...instrument, type: kind, amount: value }));
  }
  return buildResult("fidelity", log, settleReversals(activities, log), data.length, {
    accountRefs: accounts,
  });
}

export const fidelity: BrokerParser = {
  id: "fidelity",
  label: "Fidelity — Accounts History CSV",
  detect(file) {
    const { records } = parseCsvText(file.text.slice(0, 6000), ",");
    const h = Header.find(records, COLUMNS, ["date", "action", "amount"], 15);
    if (!h) return 0;
    let score = 0.55;
    if (/^run date$/i.test(h.title("date"))) score += 0.25;
    if (/\(\$\)/.test(h.title("amount"))) score += 0.15;
    return score;
  },
  parse: (file, options) => parseFidelity(file, options),
};
