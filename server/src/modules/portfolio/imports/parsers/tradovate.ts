// Tradovate's futures exports: the Position History "paired trades" CSV (each row pairs a buy fill with a
// sell fill: Paired Qty, Buy Price, Sell Price, Bought/Sold Timestamp, P/L) and the Fills/Orders CSV
// (one fill per row: B/S, filled quantity, price, contract). A paired row becomes its two fills, the
// earlier one opening (a buy, or a short sale when the sale came first) and the later one closing.
// Futures prices are index points: when the row's P/L shows the contract's point value (P/L divided by
// quantity × point difference), prices are given per contract (points × point value) so that the ledger's
// gains match the broker's; otherwise they stay in points with a warning.
import {
  abs,
  buildResult,
  type ColumnSpec,
  compact,
  decideFormat,
  div,
  Header,
  isZero,
  mul,
  ParseLog,
  parseCsvText,
  RowReader,
  sub,
  unreadable,
} from "../text/index.ts";
import type { BrokerParser, ParsedActivity, ParseOptions, ParseResult, SourceFile } from "./types.ts";

const PAIRED = {
  positionId: ["Position ID"],
  tradeDate: ["Trade Date"],
  account: ["Account"],
  // The Position History export titles its columns in words, the Performance export in camelCase.
  contract: ["Contract", "symbol"],
  product: ["Product"],
  description: ["Product Description"],
  pairId: ["Pair ID"],
  buyFill: ["Buy Fill ID", "buyFillId"],
  sellFill: ["Sell Fill ID", "sellFillId"],
  qty: ["Paired Qty", "qty"],
  buyPrice: ["Buy Price", "buyPrice"],
  sellPrice: ["Sell Price", "sellPrice"],
  pl: ["P/L", "PnL", "pnl"],
  currency: ["Currency"],
  bought: ["Bought Timestamp", "boughtTimestamp"],
  sold: ["Sold Timestamp", "soldTimestamp"],
} satisfies ColumnSpec<string>;
type PairedCol = keyof typeof PAIRED;

const FILLS = {
  id: ["Fill ID", "fillId", "Order ID", "orderId"],
  side: ["B/S", "Side", "action"],
  qty: ["Filled Qty", "filledQty", "Quantity", "qty"],
  price: ["Avg Fill Price", "avgPrice", "Price", "price"],
  contract: ["Contract", "contract"],
  product: ["Product", "product"],
  description: ["Product Description"],
  date: ["Date", "Fill Time", "Timestamp", "timestamp"],
  status: ["Status", "status"],
  account: ["Account", "account"],
  fee: ["Commission", "commission", "Fees"],
  currency: ["Currency"],
} satisfies ColumnSpec<string>;
type FillCol = keyof typeof FILLS;

export function parseTradovate(file: SourceFile, options: ParseOptions = {}): ParseResult {
  const { records } = parseCsvText(file.text);
  const paired = Header.find(records, PAIRED, ["qty", "buyPrice", "sellPrice", "contract"]);
  if (paired) return parsePaired(records, paired, options);
  const fills = Header.find(records, FILLS, ["side", "qty", "price", "contract", "date"]);
  if (fills) return parseFills(records, fills, options);
  return unreadable(
    "tradovate",
    "No Tradovate header (Paired Qty, Buy Price, Sell Price… or B/S, Quantity, Price, Contract) was found.",
  );
}

function parsePaired(
  records: ReturnType<typeof parseCsvText>["records"],
  header: Header<PairedCol>,
  options: ParseOptions,
): ParseResult {
  const log = new ParseLog();
  const data = records.filter((r) => r.row > header.record.row && !r.blank);
  const format = decideFormat(
    header.values(data, "buyPrice"),
    [...header.values(data, "bought"), ...header.values(data, "sold")],
    options,
    { decimal: ".", dateOrder: "MDY" },
  );
  const activities: ParsedActivity[] = [];
  const accounts: string[] = [];
  for (const record of data) {
    const r = new RowReader<PairedCol>(header, record, log, format);
    const qty = r.number("qty", true);
    const buy = r.number("buyPrice", true);
    const sell = r.number("sellPrice", true);
    const pl = r.number("pl");
    const contract = r.requireText("contract");
    const boughtAt = r.text("bought");
    const soldAt = r.text("sold");
    const boughtDate = r.date(header.has("bought") ? "bought" : "tradeDate");
    const soldDate = r.date(header.has("sold") ? "sold" : "tradeDate");
    if (!r.ok || !qty || !buy || !sell || !contract || !boughtDate || !soldDate) continue;
    const account = r.text("account");
    if (account) accounts.push(account);
    let pointValue: string | undefined;
    if (pl !== undefined && !isZero(sub(sell, buy))) pointValue = abs(div(pl, mul(qty, sub(sell, buy)), 6));
    if (!pointValue)
      log.warn(
        r.row,
        "points",
        "The contract's point value cannot be told from this row: prices stay in index points.",
        header.title("pl"),
      );
    const perContract = (p: string) => (pointValue ? mul(p, pointValue) : p);
    const shortFirst = soldAt && boughtAt ? timestamp(soldAt) < timestamp(boughtAt) : false;
    const common = compact({
      symbol: contract,
      name: r.text("description"),
      assetClass: "future",
      quantity: abs(qty),
      currency: r.text("currency") ?? options.defaultCurrency ?? "USD",
      accountRef: account,
      note: pointValue ? `point value ${pointValue}: price per contract` : undefined,
    });
    const buyLeg = compact({
      ...common,
      row: r.row,
      date: boughtDate,
      type: (shortFirst ? "cover" : "buy") as ParsedActivity["type"],
      price: perContract(buy),
      externalId: r.text("buyFill"),
    });
    const sellLeg = compact({
      ...common,
      row: r.row,
      date: soldDate,
      type: (shortFirst ? "short" : "sell") as ParsedActivity["type"],
      price: perContract(sell),
      externalId: r.text("sellFill"),
    });
    activities.push(...(shortFirst ? [sellLeg, buyLeg] : [buyLeg, sellLeg]));
  }
  return buildResult("tradovate", log, activities, data.length, { accountRefs: accounts });
}

function timestamp(s: string): string {
  // "04/09/2026 15:38:40" → sortable "2026-04-09 15:38:40"; ISO stays as it is.
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})\s*(.*)$/.exec(s.trim());
  return m ? `${m[3]}-${m[1]!.padStart(2, "0")}-${m[2]!.padStart(2, "0")} ${m[4]}` : s.trim();
}

function parseFills(
  records: ReturnType<typeof parseCsvText>["records"],
  header: Header<FillCol>,
  options: ParseOptions,
): ParseResult {
  const log = new ParseLog();
  const data = records.filter((r) => r.row > header.record.row && !r.blank);
  const format = decideFormat(header.values(data, "price"), header.values(data, "date"), options, {
    decimal: ".",
    dateOrder: "MDY",
  });
  const activities: ParsedActivity[] = [];
  for (const record of data) {
    const r = new RowReader<FillCol>(header, record, log, format);
    const status = r.text("status");
    if (status && !/fill/i.test(status)) {
      log.ignore(r.row, "not_filled", `An order that was not filled (${status}).`);
      continue;
    }
    const side = r.requireText("side");
    const qty = r.number("qty", true);
    const price = r.number("price", true);
    const date = r.date("date");
    const fee = r.number("fee");
    if (!r.ok || !side || !qty || !price || !date) continue;
    if (isZero(qty)) {
      log.ignore(r.row, "not_filled", "Nothing was filled.");
      continue;
    }
    const selling = /^(s|sell)/i.test(side);
    activities.push(
      compact({
        row: r.row,
        date,
        type: selling ? ("sell" as const) : ("buy" as const),
        symbol: r.text("contract"),
        name: r.text("description"),
        assetClass: "future",
        quantity: abs(qty),
        price,
        fee: fee && !isZero(fee) ? abs(fee) : undefined,
        currency: r.text("currency") ?? options.defaultCurrency ?? "USD",
        externalId: r.text("id"),
        accountRef: r.text("account"),
        note: "price in index points",
      }),
    );
  }
  return buildResult("tradovate", log, activities, data.length);
}

export const tradovate: BrokerParser = {
  id: "tradovate",
  label: "Tradovate — Position History / Fills CSV",
  detect(file) {
    const { records } = parseCsvText(file.text.slice(0, 4000));
    if (Header.find(records, PAIRED, ["qty", "buyPrice", "sellPrice", "contract", "pairId"], 3)) return 0.97;
    if (Header.find(records, PAIRED, ["qty", "buyPrice", "sellPrice", "contract"], 3)) return 0.85;
    const f = Header.find(records, FILLS, ["side", "qty", "price", "contract", "date"], 3);
    if (f?.has("product")) return 0.6;
    return 0;
  },
  parse: (file, options) => parseTradovate(file, options),
};
