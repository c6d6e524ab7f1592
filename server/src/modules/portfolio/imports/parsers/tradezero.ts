// TradeZero's executions export: Account, T/D, S/D, Currency, Type, Side (B, S, SS short sale, BC buy to
// cover), Symbol, Qty, Price, Exec Time, one column per fee (Comm, SEC, TAF, NSCC, Nasdaq, ECN Remove,
// ECN Add — whichever the file has), Gross and Net Proceeds (signed), Clr Broker, Liq, Note.
import {
  abs,
  add,
  buildResult,
  type ColumnSpec,
  compact,
  decideFormat,
  Header,
  isZero,
  ParseLog,
  parseCsvText,
  RowReader,
  readNumber,
  unreadable,
} from "../text/index.ts";
import type { BrokerParser, ParsedActivity, ParseOptions, ParseResult, SourceFile } from "./types.ts";

const COLUMNS = {
  account: ["Account"],
  date: ["T/D", "Trade Date"],
  currency: ["Currency"],
  type: ["Type"],
  side: ["Side"],
  symbol: ["Symbol"],
  qty: ["Qty", "Quantity"],
  price: ["Price"],
  time: ["Exec Time"],
  gross: ["Gross Proceeds"],
  net: ["Net Proceeds"],
  note: ["Note"],
} satisfies ColumnSpec<string>;
type Col = keyof typeof COLUMNS;

const FEE_COLUMNS = [
  "comm",
  "sec",
  "taf",
  "nscc",
  "nasdaq",
  "ecn remove",
  "ecn add",
  "fees",
  "reg fee",
  "clearing",
  "commission",
];

const SIDES: Record<string, ParsedActivity["type"]> = {
  B: "buy",
  BUY: "buy",
  S: "sell",
  SELL: "sell",
  SS: "short",
  SHORT: "short",
  BC: "cover",
  COVER: "cover",
};

export function parseTradeZero(file: SourceFile, options: ParseOptions = {}): ParseResult {
  const { records } = parseCsvText(file.text);
  const header = Header.find(records, COLUMNS, ["date", "side", "symbol", "qty", "price"]);
  if (!header)
    return unreadable("tradezero", "No TradeZero header row (T/D, Side, Symbol, Qty, Price…) was found.");
  const feeCols = header.record.fields
    .map((t, i) => ({ title: t.trim(), i }))
    .filter((c) => FEE_COLUMNS.includes(c.title.toLowerCase()));
  const log = new ParseLog();
  const data = records.filter((r) => r.row > header.record.row && !r.blank);
  const format = decideFormat(header.values(data, "price"), header.values(data, "date"), options, {
    decimal: ".",
    dateOrder: "MDY",
  });
  const activities: ParsedActivity[] = [];
  const accounts: string[] = [];
  for (const record of data) {
    const r = new RowReader<Col>(header, record, log, format);
    const side = r.requireText("side")?.toUpperCase();
    const date = r.date("date");
    const qty = r.number("qty", true);
    const price = r.number("price", true);
    const gross = r.number("gross");
    let fee = "0";
    for (const c of feeCols) {
      const raw = record.fields[c.i]?.trim();
      if (!raw) continue;
      const n = readNumber(raw, format.decimal ?? ".");
      if (!n.ok) {
        log.error(r.row, "bad_number", `${c.title}: ${n.message}`, c.title);
        continue;
      }
      fee = add(fee, abs(n.value));
    }
    if (!r.ok || !side || !date || !qty || !price) continue;
    const type = SIDES[side];
    if (!type) {
      log.error(r.row, "unknown_type", `The side "${side}" is not B, S, SS or BC.`, header.title("side"));
      continue;
    }
    const account = r.text("account");
    if (account) accounts.push(account);
    activities.push(
      compact({
        row: r.row,
        date,
        type,
        symbol: r.text("symbol"),
        assetClass: "equity",
        quantity: abs(qty),
        price,
        amount: gross !== undefined ? abs(gross) : undefined,
        fee: isZero(fee) ? undefined : fee,
        currency: r.text("currency") ?? options.defaultCurrency ?? "USD",
        accountRef: account,
        note: r.text("note"),
      }),
    );
  }
  return buildResult("tradezero", log, activities, data.length, { accountRefs: accounts });
}

export const tradeZero: BrokerParser = {
  id: "tradezero",
  label: "TradeZero — executions CSV",
  detect(file) {
    const { records } = parseCsvText(file.text.slice(0, 4000));
    const h = Header.find(records, COLUMNS, ["date", "side", "symbol", "qty", "price"], 3);
    if (!h) return 0;
    let score = 0.5;
    if (/^T\/D$/i.test(h.title("date"))) score += 0.2;
    if (h.has("gross") && h.has("net")) score += 0.15;
    if (/\bECN Remove\b|\bNSCC\b|\bTAF\b/.test(h.record.fields.join(","))) score += 0.1;
    return score;
  },
  parse: (file, options) => parseTradeZero(file, options),
};
