// Interactive Brokers Flex Query XML (`<FlexQueryResponse>`, Activity Flex and Trade Confirmation
// flavours, every schema version): Trades, CashTransactions, CorporateActions, Transfers and
// FxTransactions become activities; positions, conversion rates and summaries are reference data.
// Each activity's `row` is the record's ordinal among the file's activity records.
import { buildResult, ParseLog, unreadable, xmlTags } from "../text/index.ts";
import { toFlexRecord } from "./ibkr-common.ts";
import { type FlexItem, type FlexKind, readFlexItems } from "./ibkr-flex.ts";
import type { BrokerParser, ParseResult, SourceFile } from "./types.ts";

const KINDS = new Set<FlexKind>(["Trade", "CashTransaction", "CorporateAction", "Transfer", "FxTransaction"]);

export function parseIbkrFlexXml(file: SourceFile): ParseResult {
  if (!/<FlexQueryResponse\b|<FlexStatements?\b/.test(file.text)) {
    return unreadable("ibkr-flex-xml", "This is not an Interactive Brokers Flex Query XML file.");
  }
  const log = new ParseLog();
  const items: FlexItem[] = [];
  const accounts: string[] = [];
  let baseCurrency: string | undefined;
  let ordinal = 0;
  for (const tag of xmlTags(file.text)) {
    if (tag.end) continue;
    if (tag.name === "FlexStatement" && tag.attrs.accountId) accounts.push(tag.attrs.accountId);
    if (tag.name === "AccountInformation" && tag.attrs.currency) baseCurrency ??= tag.attrs.currency;
    if (!KINDS.has(tag.name as FlexKind)) continue;
    ordinal++;
    items.push({ kind: tag.name as FlexKind, row: ordinal, rec: toFlexRecord(Object.entries(tag.attrs)) });
  }
  const activities = readFlexItems(items, log);
  return buildResult("ibkr-flex-xml", log, activities, items.length, { baseCurrency, accountRefs: accounts });
}

export const ibkrFlexXml: BrokerParser = {
  id: "ibkr-flex-xml",
  label: "Interactive Brokers — Flex Query (XML)",
  detect(file) {
    const head = file.text.slice(0, 4000);
    if (/<FlexQueryResponse\b/.test(head)) return 0.99;
    if (/<FlexStatements?\b/.test(head)) return 0.9;
    return 0;
  },
  parse: (file) => parseIbkrFlexXml(file),
};
