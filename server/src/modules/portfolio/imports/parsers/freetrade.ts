// Freetrade's activity CSV (29 columns): orders (BUY/SELL, free shares), dividends with gross, net and
// withheld amounts in the instrument's currency, interest, top-ups and withdrawals. Totals are in the
// account currency (GBP). A trade is recorded in the instrument's currency at its price, with the FX
// fee and stamp duty carried at the order's own rate; a dividend in the account currency (what
// arrived), grossed up by the tax at the dividend's base rate.
import { Decimal } from "../../../../platform/money.ts";
import { parseCsvText } from "../text/csv.ts";
import { currencyCode, isPence, penceToPounds } from "../text/currency-text.ts";
import { buildResult, ParseLog, unreadable } from "../text/issues.ts";
import { abs, add, div, isZero, mul } from "../text/numbers.ts";
import { Header, RowReader } from "../text/table.ts";
import { activity } from "./activity.ts";
import { fileDecimal, hasTitles, headerTitles } from "./file-format.ts";
import type { BrokerParser, ParsedActivity, ParseOptions, ParseResult, SourceFile } from "./types.ts";

const SPEC = {
  title: ["Title"],
  type: ["Type"],
  timestamp: ["Timestamp"],
  accountCcy: ["Account Currency"],
  total: ["Total Amount"],
  side: ["Buy / Sell"],
  ticker: ["Ticker"],
  isin: ["ISIN"],
  priceAccount: ["Price per Share in Account Currency"],
  stamp: ["Stamp Duty"],
  quantity: ["Quantity"],
  venue: ["Venue"],
  orderId: ["Order ID"],
  instrumentCcy: ["Instrument Currency"],
  sharesAmount: ["Total Shares Amount"],
  price: ["Price per Share"],
  fxRate: ["FX Rate"],
  baseFx: ["Base FX Rate"],
  fxFee: ["FX Fee Amount"],
  payDate: ["Dividend Pay Date"],
  netDividend: ["Dividend Net Distribution Amount"],
  withheld: ["Dividend Withheld Tax Amount"],
} as const;
type Key = keyof typeof SPEC;

function detect(file: SourceFile): number {
  const h = headerTitles(file.text, 3);
  if (!hasTitles(h, "title", "type", "timestamp", "total amount")) return 0;
  return hasTitles(h, "price per share in account currency") ? 0.97 : 0.8;
}

function parse(file: SourceFile, options: ParseOptions = {}): ParseResult {
  const { records } = parseCsvText(file.text);
  const header = Header.find(records, SPEC, ["type", "timestamp", "total"], 5);
  if (!header)
    return unreadable(
      "freetrade",
      "No Freetrade header (Title, Type, Timestamp, …, Total Amount) was found.",
    );
  const log = new ParseLog();
  const out: ParsedActivity[] = [];
  const body = records
    .slice(records.findIndex((r) => r.row === header.record.row) + 1)
    .filter((r) => !r.blank);
  const decimal = fileDecimal(header, body, ["total", "quantity", "price"], options);
  for (const rec of body) {
    const r = new RowReader(header, rec, log, { decimal });
    const act = readRow(r, log, options);
    if (act) out.push(act);
  }
  // The file states its account currency on every row.
  const accountCcy = header.values(body, "accountCcy").map((c) => c.trim().toUpperCase())[0];
  return buildResult("freetrade", log, out, body.length, accountCcy ? { baseCurrency: accountCcy } : {});
}

function readRow(r: RowReader<Key>, log: ParseLog, options: ParseOptions): ParsedActivity | undefined {
  const type = (r.requireText("type") ?? "").toUpperCase();
  const date = r.date("timestamp");
  const total = r.number("total", true);
  const account = currencyCode(r.text("accountCcy")) ?? options.defaultCurrency;
  if (!date || total === undefined || !r.ok) return undefined;
  const base = {
    row: r.row,
    date,
    symbol: r.text("ticker"),
    isin: r.text("isin"),
    name: r.text("title"),
    externalId: r.text("orderId"),
  };
  switch (type) {
    case "ORDER":
    case "FREESHARE_ORDER":
      return order(r, log, base, account, total, type === "FREESHARE_ORDER");
    case "DIVIDEND": {
      const net = r.number("netDividend");
      const withheld = r.number("withheld");
      const baseFx = r.number("baseFx");
      const payDate = r.date("payDate", false);
      if (!r.ok) return undefined;
      // What arrived is the total; the tax, in the instrument's currency, converted at the base rate.
      const taxAccount =
        withheld && baseFx && !isZero(withheld)
          ? new Decimal(withheld).mul(baseFx).toDecimalPlaces(2).toString()
          : undefined;
      return activity({
        ...base,
        date: payDate ?? date,
        externalId: undefined,
        type: "dividend",
        amount: taxAccount ? add(abs(total), taxAccount) : abs(total),
        withholdingTax: taxAccount,
        currency: account,
        note:
          net && withheld
            ? `net ${net}, withheld ${withheld} ${r.text("instrumentCcy") ?? ""}`.trim()
            : undefined,
      });
    }
    case "INTEREST_FROM_CASH":
      return activity({
        row: r.row,
        date,
        type: "interest",
        amount: total,
        currency: account,
        note: base.name,
      });
    case "TOP_UP":
      return activity({ row: r.row, date, type: "deposit", amount: abs(total), currency: account });
    case "WITHDRAWAL":
      return activity({ row: r.row, date, type: "withdrawal", amount: abs(total), currency: account });
    case "MONTHLY_STATEMENT":
    case "PLAN_FEE":
    case "SUBSCRIPTION_FEE":
      return activity({
        row: r.row,
        date,
        type: "fee",
        amount: abs(total),
        currency: account,
        note: base.name,
      });
    default:
      log.error(
        r.row,
        "unknown_type",
        `Type "${type}" is not a Freetrade activity this importer knows.`,
        "Type",
      );
      return undefined;
  }
}

function order(
  r: RowReader<Key>,
  log: ParseLog,
  base: {
    row: number;
    date: string;
    symbol?: string | undefined;
    isin?: string | undefined;
    name?: string | undefined;
    externalId?: string | undefined;
  },
  account: string | undefined,
  total: string,
  free: boolean,
): ParsedActivity | undefined {
  const side = (r.requireText("side") ?? "").toUpperCase();
  const quantity = r.number("quantity", true);
  let price = r.number("price") ?? r.number("priceAccount", true);
  const rate = r.number("fxRate") ?? r.number("baseFx");
  const stamp = r.number("stamp");
  const fxFee = r.number("fxFee");
  if (!quantity || price === undefined || !r.ok) return undefined;
  if (side !== "BUY" && side !== "SELL") {
    log.error(r.row, "unknown_type", `"${side}" is neither BUY nor SELL.`, "Buy / Sell");
    return undefined;
  }
  let currency = currencyCode(r.text("instrumentCcy")) ?? account;
  if (isPence(currency)) {
    price = penceToPounds(price);
    currency = "GBP";
  }
  const accountFees = add(stamp ? abs(stamp) : "0", fxFee ? abs(fxFee) : "0");
  const converted = currency !== account && rate && !isZero(rate);
  const fee = isZero(accountFees) ? undefined : converted ? mul(accountFees, rate) : accountFees;
  if (free) {
    // A free share costs nothing: it arrives at price 0, its value on the day in the note.
    return activity({
      ...base,
      type: "buy",
      quantity: abs(quantity),
      price: "0",
      currency,
      note: `free share worth ${abs(total)} ${account ?? ""}`.trim(),
    });
  }
  return activity({
    ...base,
    type: side === "BUY" ? "buy" : "sell",
    quantity: abs(quantity),
    price: abs(price),
    amount: r.number("sharesAmount") ?? (currency === account ? abs(total) : undefined),
    fee,
    currency,
    fxRate: converted ? div("1", rate, 12) : undefined,
    note: converted && fee ? `fees ${accountFees} ${account}` : undefined,
  });
}

export const freetradeParser: BrokerParser = {
  id: "freetrade",
  label: "Freetrade",
  detect,
  parse,
};
