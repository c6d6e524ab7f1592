// Binance's "Transaction history" export: User_ID, UTC_Time, Account, Operation, Coin, Change, Remark —
// one row per balance change, signed. A trade is several rows at the same second (what was spent, what
// was received, the fees, often several fills): they are gathered by time and account and become one
// activity on the group's first row, the others ignored as its legs. Bought with a currency (fiat or a
// stablecoin): a buy priced in it; sold for one: a sale; coin for coin: a conversion between the two
// coins' balances. A fee in the bought coin comes off the quantity; a fee in a third coin (BNB) leaves
// as a transfer out of that coin. Moves between Binance's own wallets, savings and staking are ignored
// (the coin stays the user's); rewards and interest arrive at no cost (or as interest in a currency).
import { Decimal } from "../../../../platform/money.ts";
import { type CsvRecord, parseCsvText } from "../text/csv.ts";
import { readDate } from "../text/dates.ts";
import { buildResult, ParseLog, unreadable } from "../text/issues.ts";
import { readNumber } from "../text/numbers.ts";
import { Header } from "../text/table.ts";
import { activity } from "./activity.ts";
import { hasTitles, headerTitles } from "./file-format.ts";
import type { BrokerParser, ParsedActivity, ParseOptions, ParseResult, SourceFile } from "./types.ts";

const SPEC = {
  user: ["User_ID", "User ID"],
  time: ["UTC_Time", "UTC Time", "Date(UTC)", "Time"],
  account: ["Account"],
  operation: ["Operation"],
  coin: ["Coin"],
  change: ["Change"],
  remark: ["Remark"],
} as const;
type Key = keyof typeof SPEC;

/** Coins that count as money: trades against them are buys and sales priced in them. */
const CURRENCIES = new Set([
  "EUR",
  "USD",
  "GBP",
  "AUD",
  "BRL",
  "TRY",
  "RUB",
  "UAH",
  "NGN",
  "PLN",
  "CHF",
  "JPY",
  "KRW",
  "USDT",
  "BUSD",
  "USDC",
  "FDUSD",
  "TUSD",
  "DAI",
]);
const TRADE_OPS =
  /^(buy|sell|fee|transaction (buy|spend|fee|revenue|sold|related)|small assets exchange bnb|binance convert|large otc trading|convert)$/;
const INTERNAL =
  /^transfer between|savings (purchase|redemption|principal)|subscription|redemption|staking purchase|eth 2\.0 staking$|launchpool subscription|margin loan|isolated margin|to pool|from pool/;
const INCOME = /interest|rewards?|distribution|airdrop|cashback|rebate|bonus|dividend/;
const FUTURES = /realized profit and loss|funding fee|insurance fund|futures fee|referral commission/;

interface Leg {
  row: number;
  op: string;
  coin: string;
  change: Decimal;
  remark?: string;
}

function detect(file: SourceFile): number {
  const h = headerTitles(file.text, 3);
  if (hasTitles(h, "user id", "utc time", "operation", "coin", "change")) return 0.97;
  if (
    hasTitles(h, "date utc", "pair", "side", "executed") ||
    hasTitles(h, "date utc", "market", "type", "fee coin")
  )
    return 0.95;
  if (hasTitles(h, "operation", "coin", "change") && h.some((s) => [...s].some((t) => t.includes("utc"))))
    return 0.85;
  return 0;
}

function parse(file: SourceFile, options: ParseOptions = {}): ParseResult {
  const { records } = parseCsvText(file.text);
  const header = Header.find(records, SPEC, ["time", "operation", "coin", "change"], 5);
  const trades = header
    ? undefined
    : Header.find(records, TRADES, ["date", "market", "side", "price", "executed"], 5);
  if (trades) return parseTrades(records, trades, options);
  if (!header)
    return unreadable(
      "binance",
      "No Binance transaction history header (UTC_Time, Operation, Coin, Change) was found.",
    );
  const log = new ParseLog();
  const body = records
    .slice(records.findIndex((r) => r.row === header.record.row) + 1)
    .filter((r) => !r.blank);
  const cell = (r: CsvRecord, k: Key) => (header.col(k) >= 0 ? (r.fields[header.col(k)] ?? "").trim() : "");
  const groups = new Map<string, { date: string; legs: Leg[] }>();
  const out: ParsedActivity[] = [];
  for (const r of body) {
    const time = cell(r, "time");
    const date = readDate(time, options.dateOrder ?? "YMD");
    const op = cell(r, "operation");
    const coin = cell(r, "coin").toUpperCase();
    const changeRaw = cell(r, "change");
    if (!date) {
      log.error(
        r.row,
        time ? "bad_date" : "missing_field",
        time ? `"${time}" is not a date.` : "UTC_Time is empty.",
        header.title("time"),
      );
      continue;
    }
    if (!coin || !changeRaw) {
      log.error(
        r.row,
        "missing_field",
        `${!coin ? "Coin" : "Change"} is empty.`,
        header.title(!coin ? "coin" : "change"),
      );
      continue;
    }
    const n = readNumber(changeRaw, ".");
    if (!n.ok) {
      log.error(r.row, "bad_number", `Change: ${n.message}`, header.title("change"));
      continue;
    }
    const change = new Decimal(n.value);
    const o = op.toLowerCase();
    const leg: Leg = { row: r.row, op, coin, change, remark: cell(r, "remark") || undefined };
    const base = { row: r.row, date, accountRef: cell(r, "user") || undefined };
    const isCurrency = CURRENCIES.has(coin);
    if (change.isZero()) {
      log.ignore(r.row, "zero_amount", "A zero change.");
    } else if (TRADE_OPS.test(o)) {
      const key = `${time}|${cell(r, "account")}`;
      const g = groups.get(key) ?? { date, legs: [] };
      g.legs.push(leg);
      groups.set(key, g);
    } else if (
      o === "deposit" ||
      o === "fiat deposit" ||
      o === "withdraw" ||
      o === "withdrawal" ||
      o === "fiat withdraw" ||
      o === "fiat withdrawal"
    ) {
      const incoming = change.gt(0);
      if (isCurrency)
        out.push(
          activity({
            ...base,
            type: incoming ? "deposit" : "withdrawal",
            amount: change.abs().toString(),
            currency: coin,
          }),
        );
      else
        out.push(
          activity({
            ...base,
            type: incoming ? "transferIn" : "transferOut",
            symbol: coin,
            assetClass: "crypto",
            quantity: change.abs().toString(),
          }),
        );
    } else if (o === "buy crypto") {
      out.push(
        activity({
          ...base,
          type: "transferIn",
          symbol: coin,
          assetClass: "crypto",
          quantity: change.abs().toString(),
          note: "bought with a card outside the account",
        }),
      );
    } else if (INTERNAL.test(o)) {
      log.ignore(
        r.row,
        "internal_transfer",
        `"${op}" moves the coin between Binance's own wallets, savings or staking: still held.`,
      );
    } else if (FUTURES.test(o) || (INCOME.test(o) && isCurrency)) {
      out.push(activity({ ...base, type: "interest", amount: change.toString(), currency: coin, note: op }));
    } else if (INCOME.test(o)) {
      if (change.lt(0))
        out.push(
          activity({
            ...base,
            type: "transferOut",
            symbol: coin,
            assetClass: "crypto",
            quantity: change.abs().toString(),
            note: op,
          }),
        );
      else
        out.push(
          activity({
            ...base,
            type: "buy",
            symbol: coin,
            assetClass: "crypto",
            quantity: change.toString(),
            price: "0",
            note: `${op}: received at no cost`,
          }),
        );
    } else {
      log.error(
        r.row,
        "unknown_type",
        `Operation "${op}" is not a Binance operation this importer knows.`,
        header.title("operation"),
      );
    }
  }
  for (const g of groups.values()) trade(g.date, g.legs, out, log);
  return buildResult("binance", log, out, body.length, { accountRefs: body.map((r) => cell(r, "user")) });
}

/** One trade from its legs (spent, received, fees), gathered per coin. */
function trade(date: string, legs: Leg[], out: ParsedActivity[], log: ParseLog): void {
  const received = new Map<string, Decimal>();
  const spent = new Map<string, Decimal>();
  const fees = new Map<string, Decimal>();
  for (const l of legs) {
    const m = /fee/i.test(l.op) ? fees : l.change.gt(0) ? received : spent;
    m.set(l.coin, (m.get(l.coin) ?? new Decimal(0)).add(l.change.abs()));
  }
  const first = legs[0]!.row;
  // Fees paid in a third coin (BNB) leave that coin's holding: one transfer out per coin, on its first row.
  const thirdFeeRows = new Map<string, number>();
  for (const l of legs) {
    if (/fee/i.test(l.op) && !received.has(l.coin) && !spent.has(l.coin) && !thirdFeeRows.has(l.coin))
      thirdFeeRows.set(l.coin, l.row);
  }
  const keep = new Set([first, ...thirdFeeRows.values()]);
  const rest = () => {
    for (const l of legs)
      if (!keep.has(l.row)) log.ignore(l.row, "merged", `A leg of the trade imported from row ${first}.`);
  };
  if (received.size !== 1 || spent.size !== 1) {
    const what =
      received.size === 0 || spent.size === 0
        ? "only one side (what was spent or what was received is missing)"
        : `several coins on one side (${[...received.keys()].join(", ")} for ${[...spent.keys()].join(", ")}) and the file does not say which payment bought which`;
    for (const l of legs)
      log.error(l.row, "unpaired_trade", `The trade at this time has ${what}; enter it by hand.`);
    return;
  }
  const [rCoin, rQty] = [...received][0]!;
  const [sCoin, sQty] = [...spent][0]!;
  // A fee in the received coin comes off what arrived; in the spent coin it is the trade's fee.
  const feeR = fees.get(rCoin) ?? new Decimal(0);
  const feeS = fees.get(sCoin);
  const netR = rQty.sub(feeR);
  if (netR.lte(0)) {
    for (const l of legs) log.error(l.row, "unpaired_trade", "The fees exceed what the trade received.");
    return;
  }
  const fee = feeS && !feeS.isZero() ? feeS.toString() : undefined;
  if (CURRENCIES.has(rCoin) && !CURRENCIES.has(sCoin)) {
    out.push(
      activity({
        row: first,
        date,
        type: "sell",
        symbol: sCoin,
        assetClass: "crypto",
        quantity: sQty.toString(),
        price: rQty.div(sQty).toDecimalPlaces(12).toString(),
        amount: rQty.toString(),
        fee: feeR.isZero() ? undefined : feeR.toString(),
        currency: rCoin,
      }),
    );
  } else if (CURRENCIES.has(sCoin) && !CURRENCIES.has(rCoin)) {
    out.push(
      activity({
        row: first,
        date,
        type: "buy",
        symbol: rCoin,
        assetClass: "crypto",
        quantity: netR.toString(),
        price: sQty.div(netR).toDecimalPlaces(12).toString(),
        amount: sQty.toString(),
        fee,
        currency: sCoin,
        note: feeR.isZero() ? undefined : `fee ${feeR} ${rCoin} taken from the coins bought`,
      }),
    );
  } else {
    out.push(
      activity({
        row: first,
        date,
        type: "conversion",
        currency: sCoin,
        amount: sQty.toString(),
        toCurrency: rCoin,
        toAmount: netR.toString(),
        fee,
        note: feeR.isZero() ? undefined : `fee ${feeR} ${rCoin} taken from the coins received`,
      }),
    );
  }
  rest();
  for (const [coin, row] of thirdFeeRows) {
    const qty = fees.get(coin)!;
    out.push(
      activity({
        row,
        date,
        type: "transferOut",
        symbol: coin,
        assetClass: "crypto",
        quantity: qty.toString(),
        note: `trading fee for the trade on row ${first}`,
      }),
    );
  }
}

/** The spot "Trade History" export: one row per fill (newer: amounts with their coin, `0.0015BTC`). */
const TRADES = {
  date: ["Date(UTC)", "Date (UTC)", "Time"],
  market: ["Pair", "Market", "Symbol"],
  side: ["Side", "Type"],
  price: ["Price"],
  executed: ["Executed", "Amount"],
  total: ["Amount", "Total"],
  fee: ["Fee"],
  feeCoin: ["Fee Coin"],
} as const;
type TKey = keyof typeof TRADES;

const QUOTES = [
  "USDT",
  "BUSD",
  "USDC",
  "FDUSD",
  "TUSD",
  "DAI",
  "EUR",
  "GBP",
  "TRY",
  "BRL",
  "AUD",
  "RUB",
  "UAH",
  "BTC",
  "ETH",
  "BNB",
  "USD",
];

/** `0.0015BTC` → [0.0015, BTC]; a bare number keeps the coin undefined. */
function withCoin(raw: string): [string, string | undefined] | undefined {
  const m = /^\s*(-?[\d.,]+(?:[eE][+-]?\d+)?)\s*([A-Za-z][A-Za-z0-9]*)?\s*$/.exec(raw);
  if (!m) return undefined;
  // Binance writes dot decimals (`57,000.00`); a re-saved file may write `0,5`: its own separators first.
  const own = readNumber(m[1]);
  const n = own.ok ? own : readNumber(m[1], ".");
  return n.ok ? [n.value, m[2]?.toUpperCase()] : undefined;
}

function parseTrades(
  records: readonly CsvRecord[],
  header: Header<TKey>,
  options: ParseOptions,
): ParseResult {
  const log = new ParseLog();
  const out: ParsedActivity[] = [];
  const body = records
    .slice(records.findIndex((r) => r.row === header.record.row) + 1)
    .filter((r) => !r.blank);
  const cell = (r: CsvRecord, k: TKey) => (header.col(k) >= 0 ? (r.fields[header.col(k)] ?? "").trim() : "");
  for (const r of body) {
    const date = readDate(cell(r, "date"), options.dateOrder ?? "YMD");
    const side = cell(r, "side").toUpperCase();
    const market = cell(r, "market").toUpperCase().replace(/[-/_]/g, "");
    const price = withCoin(cell(r, "price"));
    const executed = withCoin(cell(r, "executed"));
    const total = withCoin(cell(r, "total"));
    const fee = withCoin(cell(r, "fee"));
    if (!date) {
      log.error(r.row, "bad_date", `"${cell(r, "date")}" is not a date.`, header.title("date"));
      continue;
    }
    if (side !== "BUY" && side !== "SELL") {
      log.error(r.row, "unknown_type", `"${cell(r, "side")}" is neither BUY nor SELL.`, header.title("side"));
      continue;
    }
    if (!price || !executed || new Decimal(executed[0]).isZero()) {
      log.error(
        r.row,
        "bad_number",
        "The price or the executed amount cannot be read.",
        header.title(!price ? "price" : "executed"),
      );
      continue;
    }
    const quote = total?.[1] ?? QUOTES.find((q) => market.endsWith(q) && market.length > q.length);
    const base = executed[1] ?? (quote && market.endsWith(quote) ? market.slice(0, -quote.length) : market);
    const feeCoin = fee?.[1] ?? (cell(r, "feeCoin").toUpperCase() || undefined);
    let quantity = new Decimal(executed[0]).abs();
    let unitPrice = new Decimal(price[0]).abs().toString();
    let feeQuote: string | undefined;
    let note: string | undefined;
    if (fee && !new Decimal(fee[0]).isZero()) {
      const f = new Decimal(fee[0]).abs();
      if (feeCoin === quote) feeQuote = f.toString();
      else if (feeCoin === base && side === "BUY" && f.lt(quantity)) {
        // The fee came off the coins bought: fewer coins for the same total.
        quantity = quantity.sub(f);
        if (total) unitPrice = new Decimal(total[0]).abs().div(quantity).toDecimalPlaces(12).toString();
        note = `fee ${f} ${base} taken from the coins bought`;
      } else note = `fee ${f} ${feeCoin ?? ""} paid in another coin`.trim();
    }
    out.push(
      activity({
        row: r.row,
        date,
        type: side === "BUY" ? "buy" : "sell",
        symbol: base,
        assetClass: "crypto",
        quantity: quantity.toString(),
        price: unitPrice,
        amount: total ? new Decimal(total[0]).abs().toString() : undefined,
        fee: feeQuote,
        currency: quote,
        note,
      }),
    );
  }
  return buildResult("binance", log, out, body.length);
}

export const binanceParser: BrokerParser = {
  id: "binance",
  label: "Binance",
  detect,
  parse,
};
