// Interactive Brokers' statement CSVs: the Activity Statement (sections Trades, Dividends, Withholding
// Tax, Deposits & Withdrawals, Interest, Fees, Corporate Actions…) and the Transaction History report.
// Every line starts with its section's name and a row kind (Header, Data, SubTotal, Total, Notes); each
// section repeats its Header row whenever its columns change. Only Data rows of the sections read below
// are data rows; the others (Statement, Account Information, summaries) describe the account.
import {
  abs,
  buildResult,
  type CsvRecord,
  compact,
  div,
  isNegative,
  isZero,
  mul,
  ParseLog,
  parseCsvText,
  readDate,
  readNumber,
  settleReversals,
  toMajorUnit,
  unreadable,
} from "../text/index.ts";
import {
  assetClassOf,
  cashKind,
  fromDescription,
  fxPair,
  micFor,
  signedAmount,
  toFlexRecord,
  tradeActivities,
} from "./ibkr-common.ts";
import type { BrokerParser, ParsedActivity, ParseResult, SourceFile } from "./types.ts";

const CASH_SECTIONS: Record<string, string> = {
  dividends: "Dividends",
  "withholding tax": "Withholding Tax",
  "deposits & withdrawals": "Deposits/Withdrawals",
  "deposits and withdrawals": "Deposits/Withdrawals",
  interest: "Broker Interest",
  fees: "Other Fees",
  "payment in lieu of dividends": "Payment In Lieu Of Dividends",
  "other fees": "Other Fees",
  "broker interest received": "Broker Interest",
  "broker interest paid": "Broker Interest",
  "bond interest received": "Bond Interest",
  "bond interest paid": "Bond Interest",
  "advisor fees": "Other Fees",
  "transaction fees": "Other Fees",
};
// IB writes statements in the user's language: the German titles map onto the English ones.
const SECTION_ALIASES: Record<string, string> = {
  transaktionen: "trades",
  trades: "trades",
  dividenden: "dividends",
  quellensteuer: "withholding tax",
  "ein- & auszahlungen": "deposits & withdrawals",
  "einzahlungen & auszahlungen": "deposits & withdrawals",
  zinsen: "interest",
  gebühren: "fees",
  kapitalmaßnahmen: "corporate actions",
  kontoinformation: "account information",
  zusammenfassung: "summary",
  transaktionshistorie: "transaction history",
};
const COLUMN_ALIASES: Record<string, string[]> = {
  "asset category": ["Vermögenswertkategorie", "Vermögenswert-Kategorie"],
  currency: ["Währung"],
  account: ["Konto"],
  "date/time": ["Datum/Zeit"],
  date: ["Datum"],
  "settle date": ["Abwicklungsdatum", "Valutadatum"],
  quantity: ["Menge", "Anzahl"],
  "t. price": ["T.-Kurs", "Transaktionskurs"],
  proceeds: ["Erlös"],
  "comm/fee": ["Prov./Gebühr", "Provision/Gebühr"],
  description: ["Beschreibung"],
  amount: ["Betrag"],
  exchange: ["Börse"],
  "transaction type": ["Transaktionsart", "Transaktionstyp"],
  price: ["Kurs", "Preis"],
  "gross amount": ["Bruttobetrag"],
  "net amount": ["Nettobetrag"],
  commission: ["Provision"],
};
const READ_SECTIONS = new Set([
  "trades",
  "transaction history",
  "corporate actions",
  ...Object.keys(CASH_SECTIONS),
]);

function num(log: ParseLog, row: number, value: string | undefined, column: string): string | undefined {
  const v = (value ?? "").trim();
  if (v === "" || v === "-" || v === "--") return undefined;
  const r = readNumber(v, ".");
  if (r.ok) return r.value;
  log.error(row, "bad_number", `${column}: ${r.message}`, column);
  return undefined;
}

function date(log: ParseLog, row: number, value: string | undefined, column: string): string | undefined {
  const d = readDate(value ?? "", "YMD");
  if (d) return d;
  log.error(row, "bad_date", `${column}: "${value ?? ""}" is not a date.`, column);
  return undefined;
}

export function parseIbkrStatementCsv(file: SourceFile): ParseResult {
  const { records } = parseCsvText(file.text, ",");
  const log = new ParseLog();
  const headers = new Map<string, string[]>();
  const activities: ParsedActivity[] = [];
  const accounts: string[] = [];
  let baseCurrency: string | undefined;
  let total = 0;
  let sawSection = false;
  const hasExecutions = records.some(
    (r) =>
      SECTION_ALIASES[r.fields[0]?.trim().toLowerCase() ?? ""] === "trades" &&
      r.fields[1]?.trim() === "Data" &&
      r.fields[2]?.trim() === "Trade",
  );
  for (const r of records) {
    if (r.blank || r.fields.length < 3) continue;
    const section = r.fields[0]!.replace(/^\uFEFF/, "").trim();
    const kind = r.fields[1]!.trim();
    const key = SECTION_ALIASES[section.toLowerCase()] ?? section.toLowerCase();
    if (kind === "Header") {
      headers.set(
        section,
        r.fields.slice(2).map((h) => h.trim()),
      );
      sawSection = true;
      continue;
    }
    if (kind !== "Data") continue;
    const cols = headers.get(section) ?? [];
    const get = (name: string): string | undefined => {
      const names = [name, ...(COLUMN_ALIASES[name.toLowerCase()] ?? [])].map((n) => n.toLowerCase());
      const i = cols.findIndex((c) => names.includes(c.toLowerCase()));
      const v = i >= 0 ? r.fields[i + 2]?.trim() : undefined;
      return v === "" || v === "-" || v === "--" ? undefined : v;
    };
    if (
      (key === "account information" || key === "summary") &&
      /base currency|basiswährung/i.test(r.fields[2] ?? "")
    ) {
      baseCurrency = r.fields[3]?.trim() || baseCurrency;
    }
    if (key === "account information" && /^(account|konto)$/i.test(r.fields[2] ?? ""))
      accounts.push(r.fields[3]!.trim());
    if (!READ_SECTIONS.has(key)) continue;
    // Totals written as Data rows (`Total`, `Total in USD`, `Total Dividends in EUR`) are not activities.
    const firstValue = r.fields[2]?.trim() ?? "";
    if (/^(total|gesamt)\b/i.test(firstValue) || /^(total|gesamt)\b/i.test(get("Currency") ?? "")) continue;
    total++;
    const row = r.row;
    const account = get("Account");
    if (account && /^U[\d*]+/.test(account)) accounts.push(account);
    if (key === "trades") {
      const disc = get("DataDiscriminator") ?? "Trade";
      if (/closedlot/i.test(disc)) {
        log.ignore(row, "closed_lot", "A closed-lot detail of a trade listed above.");
        continue;
      }
      if (/^order$/i.test(disc) && hasExecutions) {
        log.ignore(row, "summary", "An order summing the executions listed below it.");
        continue;
      }
      activities.push(...statementTrade(r, get, log, account, cols));
      continue;
    }
    if (key === "transaction history") {
      activities.push(...historyRow(r, get, log, baseCurrency, account));
      continue;
    }
    if (key === "corporate actions") {
      log.ignore(
        row,
        "corporate_action",
        `A corporate action to enter by hand: ${get("Description") ?? ""}.`,
      );
      continue;
    }
    const type = CASH_SECTIONS[key]!;
    const a = cashRow(row, type, get, log, get("Currency") ?? baseCurrency, account);
    if (a) activities.push(a);
  }
  if (!sawSection)
    return unreadable("ibkr-statement-csv", "No Interactive Brokers statement sections were found.");
  return buildResult("ibkr-statement-csv", log, settleReversals(activities.map(toMajorUnit), log), total, {
    baseCurrency,
    accountRefs: accounts,
  });
}

type Get = (name: string) => string | undefined;

function statementTrade(
  r: CsvRecord,
  get: Get,
  log: ParseLog,
  account: string | undefined,
  cols: string[],
): ParsedActivity[] {
  const row = r.row;
  // Forex blocks name the commission's currency in the title: `Comm in USD`, `Comm in EUR`.
  const commIn = cols.find((c) => /^(comm in|prov\. in) [A-Z]{3}$/i.test(c.trim()));
  const commCurrency = commIn ? commIn.trim().slice(-3).toUpperCase() : undefined;
  const d = date(log, row, get("Date/Time") ?? get("Date"), "Date/Time");
  const quantity = num(log, row, get("Quantity"), "Quantity");
  const price = num(log, row, get("T. Price") ?? get("Price"), "T. Price");
  const proceeds = num(log, row, get("Proceeds"), "Proceeds");
  const commission = num(
    log,
    row,
    get("Comm/Fee") ?? (commIn ? get(commIn) : undefined) ?? get("Commission"),
    "Comm/Fee",
  );
  const currency = get("Currency");
  if (quantity === undefined && !log.hasError(row))
    log.error(row, "missing_field", "Quantity is empty.", "Quantity");
  if (!currency && !log.hasError(row)) log.error(row, "missing_field", "Currency is empty.", "Currency");
  if (!d || quantity === undefined || !currency || log.hasError(row)) return [];
  const category = get("Asset Category") ?? "";
  const symbol = get("Symbol");
  const rec = toFlexRecord(
    Object.entries({
      symbol: symbol ?? "",
      assetCategory: /forex/i.test(category) ? "CASH" : (category ?? ""),
      accountId: account ?? "",
      buySell: isNegative(quantity) ? "SELL" : "BUY",
      listingExchange: get("Exchange") ?? "",
      ibCommissionCurrency: commCurrency ?? currency,
    }),
  );
  const acts = tradeActivities({
    row,
    date: d,
    rec,
    quantity,
    price: price ?? "0",
    money: proceeds,
    commission,
    commissionCurrency: rec.commissioncurrency,
    currency,
    openClose: get("Code"),
  });
  for (const a of acts) {
    if (a.type !== "conversion" && a.type !== "fee") {
      a.assetClass = assetClassOf(category) ?? a.assetClass;
      a.mic = micFor(get("Exchange"));
      if (!a.mic) delete a.mic;
      if (/(^|;)Ep($|;)/.test(get("Code") ?? "")) a.note = "expired";
      // Options and futures: the statement prices per share (or point); proceeds are per contract. The
      // multiplier is proceeds ÷ (quantity × price), and the price is given per contract as in Flex.
      if ((a.assetClass === "option" || a.assetClass === "future") && a.price && a.amount && a.quantity) {
        const unit = mul(a.quantity, a.price);
        if (!isZero(unit)) {
          const multiplier = div(a.amount, unit, 0);
          if (!isZero(multiplier) && multiplier !== "1") {
            a.price = mul(a.price, multiplier);
            a.note = [a.note, `multiplier ${multiplier}: price per contract`].filter(Boolean).join("; ");
          }
        }
      }
    }
  }
  return acts;
}

function cashRow(
  row: number,
  type: string,
  get: Get,
  log: ParseLog,
  currency?: string,
  account?: string,
): ParsedActivity | undefined {
  const amount = num(log, row, get("Amount"), "Amount");
  const d = date(log, row, get("Date") ?? get("Settle Date") ?? get("Report Date"), "Date");
  if (amount === undefined && !log.hasError(row))
    log.error(row, "missing_field", "Amount is empty.", "Amount");
  if (amount === undefined || !d || log.hasError(row)) return undefined;
  const description = get("Description") ?? "";
  const kind = cashKind(type, amount, description) ?? cashKind(description, amount, description);
  if (!kind) {
    log.error(row, "unknown_type", `"${type}" is not a cash transaction we import.`, "Description");
    return undefined;
  }
  const inst = kind.type === "deposit" || kind.type === "withdrawal" ? {} : fromDescription(description);
  return compact({
    row,
    date: d,
    type: kind.type,
    ...inst,
    amount: kind.type === "interest" ? amount : signedAmount(kind, amount),
    currency,
    accountRef: account,
    note: description || undefined,
  });
}

/** A Transaction History line: its `Transaction Type` says what it is; amounts are in the base currency. */
function historyRow(
  r: CsvRecord,
  get: Get,
  log: ParseLog,
  base?: string,
  account?: string,
): ParsedActivity[] {
  const row = r.row;
  const type = get("Transaction Type") ?? "";
  const description = get("Description") ?? "";
  const currency = get("Currency") ?? base;
  const t = type.toLowerCase();
  if (t === "buy" || t === "sell") {
    const d = date(log, row, get("Date"), "Date");
    const quantity = num(log, row, get("Quantity"), "Quantity");
    const price = num(log, row, get("Price"), "Price");
    const gross = num(log, row, get("Gross Amount"), "Gross Amount");
    const commission = num(log, row, get("Commission"), "Commission");
    if (!d || quantity === undefined || price === undefined || log.hasError(row)) {
      if (!log.hasError(row)) log.error(row, "missing_field", "Quantity or Price is empty.", "Quantity");
      return [];
    }
    return [
      compact({
        row,
        date: d,
        type: t as "buy" | "sell",
        symbol: get("Symbol"),
        name: description || undefined,
        quantity: abs(quantity),
        price,
        amount: gross !== undefined ? abs(gross) : undefined,
        fee: commission !== undefined && !isZero(commission) ? abs(commission) : undefined,
        currency,
        accountRef: account,
      }),
    ];
  }
  if (t.includes("forex")) {
    const d = date(log, row, get("Date"), "Date");
    const quantity = num(log, row, get("Quantity"), "Quantity");
    const price = num(log, row, get("Price"), "Price");
    const pair = fxPair(get("Symbol"));
    if (!d || quantity === undefined || price === undefined || !pair || log.hasError(row)) {
      if (!log.hasError(row))
        log.error(row, "missing_field", "A forex line needs Symbol (EUR.USD), Quantity and Price.", "Symbol");
      return [];
    }
    return tradeActivities({
      row,
      date: d,
      rec: toFlexRecord([
        ["symbol", get("Symbol")!],
        ["accountId", account ?? ""],
      ]),
      quantity,
      price,
      currency: pair.quote,
    });
  }
  if (t === "adjustment" || /translation/i.test(description)) {
    log.ignore(row, "adjustment", `An accounting adjustment, not a transaction: ${description}.`);
    return [];
  }
  const amount = num(log, row, get("Net Amount") ?? get("Gross Amount"), "Net Amount");
  const d = date(log, row, get("Date"), "Date");
  if (amount === undefined || !d || log.hasError(row)) {
    if (!log.hasError(row)) log.error(row, "missing_field", "Net Amount is empty.", "Net Amount");
    return [];
  }
  const kind = cashKind(type, amount, description);
  if (!kind) {
    log.error(
      row,
      "unknown_type",
      `The transaction type "${type}" is not one we import.`,
      "Transaction Type",
    );
    return [];
  }
  const inst =
    kind.type === "deposit" || kind.type === "withdrawal"
      ? {}
      : { ...fromDescription(description), symbol: get("Symbol") ?? fromDescription(description).symbol };
  return [
    compact({
      row,
      date: d,
      type: kind.type,
      ...inst,
      amount: kind.type === "interest" ? amount : signedAmount(kind, amount),
      currency,
      accountRef: account,
      note: description || undefined,
    }),
  ];
}

export const ibkrStatementCsv: BrokerParser = {
  id: "ibkr-statement-csv",
  label: "Interactive Brokers — Activity Statement / Transaction History (CSV)",
  detect(file) {
    const head = file.text.replace(/^\uFEFF/, "").slice(0, 5000);
    const lines = head.split(/\r?\n/).filter((l) => l.trim() !== "");
    const shaped = lines.filter((l) =>
      /^"?[A-Z][A-Za-z &/]+"?,"?(Header|Data|SubTotal|Total|Notes)"?,/.test(l),
    ).length;
    if (lines.length === 0 || shaped === 0) return 0;
    const share = shaped / Math.min(lines.length, 60);
    const ib = /^(Statement|Trades|Transaction History|Account Information),Header,/m.test(head) ? 0.2 : 0;
    return Math.min(0.97, share * 0.75 + ib);
  },
  parse: (file) => parseIbkrStatementCsv(file),
};
