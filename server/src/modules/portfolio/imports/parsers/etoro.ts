// eToro's account statement, "Account Activity" sheet saved as CSV: Date (DD/MM/YYYY HH:MM:SS), Type,
// Details (`NKE/USD`: the instrument and its currency), Amount, Units, Realized Equity Change, …,
// Position ID, Asset type (Stocks, CFD, Crypto, ETF). Amounts are in the account's currency (USD unless
// the options say otherwise) and come in three number styles in one file (`"4,581.91"`, `" 1 757,95 "`,
// `"(0,10)"`), so each is read by its own separators. Opening a position is a buy of Units for Amount;
// closing one is a sale of Units for Amount (what came back).

import type { TransactionType } from "../../engine/types.ts";
import { type CsvRecord, parseCsvText } from "../text/csv.ts";
import { buildResult, ParseLog, unreadable } from "../text/issues.ts";
import { abs, div, isNegative, isZero, readNumber } from "../text/numbers.ts";
import { decideFormat, Header, RowReader } from "../text/table.ts";
import { activity } from "./activity.ts";
import { hasTitles, headerTitles } from "./file-format.ts";
import type { BrokerParser, ParsedActivity, ParseOptions, ParseResult, SourceFile } from "./types.ts";

const SPEC = {
  date: ["Date"],
  type: ["Type"],
  details: ["Details"],
  amount: ["Amount"],
  units: ["Units", "Units / Contracts"],
  realized: ["Realized Equity Change"],
  positionId: ["Position ID"],
  assetType: ["Asset type"],
} as const;

type Rule = { type: TransactionType | "ignore"; sign?: "keep" };
const TYPES: Record<string, Rule> = {
  "open position": { type: "buy" },
  "position closed": { type: "sell" },
  dividend: { type: "dividend" },
  "interest payment": { type: "interest", sign: "keep" },
  "overnight fee": { type: "fee" },
  "overnight refund": { type: "interest", sign: "keep" },
  deposit: { type: "deposit" },
  "withdraw request": { type: "withdrawal" },
  withdrawal: { type: "withdrawal" },
  "withdraw fee": { type: "fee" },
  "withdrawal conversion fee": { type: "fee" },
  "deposit conversion fee": { type: "fee" },
  "conversion fee": { type: "fee" },
  fee: { type: "fee" },
  sdrt: { type: "tax" },
  "stamp duty": { type: "tax" },
  "withholding tax": { type: "tax" },
  staking: { type: "interest", sign: "keep" },
  adjustment: { type: "interest", sign: "keep" },
  "edit stop loss": { type: "ignore" },
  "edit take profit": { type: "ignore" },
};

function detect(file: SourceFile): number {
  const h = headerTitles(file.text, 3);
  if (hasTitles(h, "date", "type", "details", "amount", "position id")) return 0.96;
  if (hasTitles(h, "realized equity change", "details")) return 0.85;
  return 0;
}

/** A number by its own separators; `(0,10)` is negative. */
function readOwn(raw: string | undefined): string | undefined | null {
  if (raw === undefined || raw.trim() === "" || raw.trim() === "-") return undefined;
  const n = readNumber(raw);
  if (n.ok) return n.value;
  const dot = readNumber(raw, ".");
  return dot.ok ? dot.value : null;
}

function parse(file: SourceFile, options: ParseOptions = {}): ParseResult {
  const { records } = parseCsvText(file.text);
  const header = Header.find(records, SPEC, ["date", "type", "amount"], 5);
  if (!header)
    return unreadable(
      "etoro",
      "No eToro account activity header (Date, Type, Details, Amount, Units) was found.",
    );
  const log = new ParseLog();
  const body: CsvRecord[] = records
    .slice(records.findIndex((r) => r.row === header.record.row) + 1)
    .filter((r) => !r.blank);
  const format = decideFormat([], header.values(body, "date"), options, { dateOrder: "DMY" });
  const currency = options.defaultCurrency ?? "USD";
  const out: ParsedActivity[] = [];
  for (const rec of body) {
    const r = new RowReader(header, rec, log, format);
    const date = r.date("date");
    const typeText = r.requireText("type") ?? "";
    const amountRaw = r.text("amount");
    const amount = readOwn(amountRaw);
    const units = readOwn(r.text("units"));
    if (amount === null)
      log.error(r.row, "bad_number", `Amount: "${amountRaw}" is not a number.`, header.title("amount"));
    if (units === null)
      log.error(r.row, "bad_number", `Units: "${r.text("units")}" is not a number.`, header.title("units"));
    if (!date || !r.ok || amount === null || units === null) continue;
    const rule = TYPES[typeText.toLowerCase()];
    if (!rule && /^corp(orate)? action/i.test(typeText)) {
      log.warn(
        r.row,
        "corporate_action",
        `"${typeText}" changes a position's units; check the holding after importing.`,
      );
      log.ignore(
        r.row,
        "corporate_action",
        `"${typeText}" is not imported: the statement does not give its ratio.`,
      );
      continue;
    }
    if (!rule) {
      log.error(
        r.row,
        "unknown_type",
        `Type "${typeText}" is not an eToro activity this importer knows.`,
        header.title("type"),
      );
      continue;
    }
    if (rule.type === "ignore") {
      log.ignore(r.row, "no_cash", `"${typeText}" changes an order, not the account.`);
      continue;
    }
    if (amount === undefined) {
      r.missing("amount");
      continue;
    }
    const details = r.text("details");
    const pair = details && /^([^/\s]+)\/([A-Z]{3})$/.exec(details);
    const base = {
      row: r.row,
      date,
      symbol: pair ? pair[1] : undefined,
      assetClass: r
        .text("assetType")
        ?.toLowerCase()
        .replace(/^stocks$/, "equity"),
      currency,
      externalId: r.text("positionId"),
    };
    if (rule.type === "buy" || rule.type === "sell") {
      if (!units || isZero(units)) {
        r.missing("units");
        continue;
      }
      out.push(
        activity({
          ...base,
          type: rule.type,
          quantity: abs(units),
          price: div(abs(amount), abs(units), 10),
          amount: abs(amount),
          note: pair && pair[2] !== currency ? `quoted in ${pair[2]}` : undefined,
        }),
      );
      continue;
    }
    if (rule.sign === "keep") {
      if (isZero(amount)) log.ignore(r.row, "zero_amount", "A zero amount.");
      else
        out.push(
          activity({
            ...base,
            symbol:
              rule.type === "interest" && typeText.toLowerCase() !== "overnight refund"
                ? undefined
                : base.symbol,
            type: "interest",
            amount,
            note: typeText,
          }),
        );
      continue;
    }
    if (isZero(amount)) {
      log.ignore(r.row, "zero_amount", "A zero amount.");
      continue;
    }
    // A refund of a fee or tax (a positive amount on a cost row) is income.
    if ((rule.type === "fee" || rule.type === "tax") && !isNegative(amount)) {
      out.push(activity({ ...base, type: "interest", amount, note: `${typeText} (refund)` }));
      continue;
    }
    const cashOnly = rule.type === "deposit" || rule.type === "withdrawal";
    out.push(
      activity({
        ...base,
        symbol: cashOnly ? undefined : base.symbol,
        assetClass: cashOnly ? undefined : base.assetClass,
        type: rule.type,
        amount: abs(amount),
        note: rule.type === "fee" || rule.type === "tax" ? typeText : undefined,
      }),
    );
  }
  return buildResult("etoro", log, out, body.length);
}

export const etoroParser: BrokerParser = {
  id: "etoro",
  label: "eToro",
  detect,
  parse,
};
