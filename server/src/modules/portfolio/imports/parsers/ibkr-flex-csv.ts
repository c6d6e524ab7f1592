// Interactive Brokers Flex Query CSV: one or several sections, each opening with its own header row
// (IB's column titles: `Buy/Sell`, `TradeDate`, `CurrencyPrimary`, `IBCommission`…, any subset and
// order the query chose), optionally framed by BOF/BOA/BOS/EOS/EOA/EOF control lines. A section is
// recognised by its columns: trades have Buy/Sell or TradePrice, cash transactions Type and Amount,
// corporate actions an ActionDescription or ActionID.
import { buildResult, type CsvRecord, ParseLog, parseCsvText, unreadable } from "../text/index.ts";
import { type FlexRecord, flexKey, toFlexRecord } from "./ibkr-common.ts";
import { type FlexItem, type FlexKind, readFlexItems } from "./ibkr-flex.ts";
import type { BrokerParser, ParseResult, SourceFile } from "./types.ts";

const CONTROL = /^(BOF|BOA|BOS|EOS|EOA|EOF|MSG)$/;

function sectionOf(keys: string[]): FlexKind | undefined {
  const has = (k: string) => keys.includes(k);
  if (has("buysell") || has("tradeprice")) return "Trade";
  if (has("actiondescription") || has("actionid")) return "CorporateAction";
  if (has("direction") && has("quantity") && has("transfercompany")) return "Transfer";
  if (has("type") && has("amount")) return "CashTransaction";
  if (has("fxcurrency") && has("functionalcurrency")) return "FxTransaction";
  return undefined;
}

/** True when a record looks like a Flex header: its titles are IB's camel-case field names. */
function headerKind(r: CsvRecord): FlexKind | undefined {
  if (r.fields.length < 2) return undefined;
  const keys = r.fields.map(flexKey);
  const known = [
    "currency",
    "symbol",
    "isin",
    "quantity",
    "amount",
    "type",
    "tradedate",
    "buysell",
    "description",
    "accountid",
    "datetime",
    "settledate",
    "tradeprice",
    "conid",
    "assetcategory",
    "reportdate",
  ];
  const hits = keys.filter((k) => known.includes(k)).length;
  if (hits < 2) return undefined;
  return sectionOf(keys);
}

export function parseIbkrFlexCsv(file: SourceFile): ParseResult {
  const { records } = parseCsvText(file.text, ",");
  const log = new ParseLog();
  const items: FlexItem[] = [];
  const accounts: string[] = [];
  let header: string[] | undefined;
  let kind: FlexKind | undefined;
  let sawHeader = false;
  for (const r of records) {
    if (r.blank) continue;
    const first = r.fields[0]!.trim();
    if (CONTROL.test(first)) {
      if (first === "BOA" && r.fields[1]) accounts.push(r.fields[1].trim());
      header = undefined;
      kind = undefined;
      continue;
    }
    const hk = headerKind(r);
    if (hk || (r.fields.length > 1 && sectionOf(r.fields.map(flexKey)) && !header)) {
      header = r.fields;
      kind = hk ?? sectionOf(r.fields.map(flexKey));
      sawHeader = true;
      continue;
    }
    if (!header || !kind) {
      log.error(r.row, "no_header", "A data line before any header row.");
      continue;
    }
    if (r.unterminated) {
      log.error(r.row, "bad_quotes", "A quoted field is never closed.");
      continue;
    }
    const rec: FlexRecord = toFlexRecord(header.map((h, i) => [h, r.fields[i] ?? ""] as [string, string]));
    if (rec.accountid) accounts.push(rec.accountid);
    items.push({ kind, row: r.row, rec });
  }
  if (!sawHeader)
    return unreadable(
      "ibkr-flex-csv",
      "No Flex Query header row (Buy/Sell, TradeDate… or Type, Amount…) was found.",
    );
  const dataRows = records.filter(
    (r) => !r.blank && !CONTROL.test(r.fields[0]!.trim()) && !headerKind(r),
  ).length;
  const activities = readFlexItems(items, log);
  return buildResult("ibkr-flex-csv", log, activities, dataRows, { accountRefs: accounts });
}

export const ibkrFlexCsv: BrokerParser = {
  id: "ibkr-flex-csv",
  label: "Interactive Brokers — Flex Query (CSV)",
  detect(file) {
    const { records } = parseCsvText(file.text.slice(0, 20000), ",");
    const firstReal = records.find((r) => !r.blank && !CONTROL.test(r.fields[0]!.trim()));
    if (!firstReal) return 0;
    const kind = headerKind(firstReal);
    if (!kind) return 0;
    const keys = firstReal.fields.map(flexKey);
    // Only IB names its columns this way: without one of these titles the file is someone else's.
    const ibOnly =
      /^(CurrencyPrimary|ClientAccountID|Buy\/Sell|IBCommission|IBCommissionCurrency|TradePrice|TradeMoney|FXRateToBase|Conid|IBOrderID|IBExecID|LevelOfDetail|SettleDateTarget|AssetClass|UnderlyingSymbol|ListingExchange|currencyPrimary|buySell|ibCommission|fxRateToBase|conid|assetCategory|levelOfDetail)$/;
    if (!firstReal.fields.some((f) => ibOnly.test(f.trim())) && !/^"?BOF/.test(file.text)) return 0;
    const ibish = [
      "commission",
      "currency",
      "buysell",
      "tradedate",
      "tradeprice",
      "trademoney",
      "fxratetobase",
      "conid",
      "settledate",
    ].filter((k) => keys.includes(k)).length;
    const camel = firstReal.fields.filter((f) => /^[A-Z][a-z]+[A-Z]/.test(f.trim())).length;
    return Math.min(0.95, 0.5 + ibish * 0.08 + (camel > 0 ? 0.1 : 0) + (/^"?BOF/.test(file.text) ? 0.2 : 0));
  },
  parse: (file) => parseIbkrFlexCsv(file),
};
