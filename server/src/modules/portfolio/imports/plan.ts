// The plan of an import: for each row of a parsed file, what it becomes in the ledger, and why it
// cannot (errors) or what the user should know (warnings): an unknown symbol, an FX rate taken from
// market data or missing, a currency that differs from the instrument's, a transfer with no
// counterpart, a sale of more than the account holds. The preview shows it; the commit rebuilds it
// (with the account and the user's symbol choices) and writes the rows without errors.
import type { Db } from "../../../platform/db/index.ts";
import { Decimal } from "../../../platform/money.ts";
import { checkHoldings, checkTransfers, daySequence } from "./checks.ts";
import type { LedgerRow, RowIssueOut, StagedRow } from "./contracts.ts";
import { canonicalNumber, fingerprintRows } from "./fingerprint.ts";
import { FxTable } from "./fx.ts";
import { instrumentKey, matchInstruments, type Unmatched } from "./matching.ts";
import type { ParsedActivity, ParseResult } from "./parsers/types.ts";
import type * as repo from "./repository.ts";

/** Types whose row must name an instrument. */
const NEEDS_INSTRUMENT = new Set([
  "buy",
  "sell",
  "short",
  "cover",
  "dividend",
  "split",
  "spinOff",
  "returnOfCapital",
  "transferIn",
  "transferOut",
]);
const TRADES = new Set(["buy", "sell", "short", "cover"]);

export interface PlanInput {
  userId: string;
  broker: string;
  parsed: Pick<ParseResult, "activities" | "errors" | "warnings" | "ignored" | "baseCurrency">;
  account: repo.AccountRow | null;
  /** Currency of rows that name none and have no instrument to take it from. */
  defaultCurrency?: string;
  mappings?: Record<string, string>;
}

export interface Plan {
  rows: StagedRow[];
  unmatched: Unmatched[];
  /** Row 0: about the file as a whole. */
  fileErrors: RowIssueOut[];
  fileWarnings: RowIssueOut[];
}

const issue = (row: number, code: string, message: string, column?: string): RowIssueOut =>
  column ? { row, column, code, message } : { row, code, message };

/** A decimal string, canonical (no trailing zeros), or null; throws on text that is no number. */
const dec = (v: string | undefined | null): string | null => {
  if (v == null || v === "") return null;
  const c = canonicalNumber(v);
  if (!/^-?\d+(\.\d+)?$/.test(c)) new Decimal(v); // throws with the reason
  return c;
};

/** The rate with at most 12 significant digits, as a decimal string. */
const rateText = (d: Decimal) => d.toSignificantDigits(12).toString();

export async function buildPlan(db: Db, input: PlanInput): Promise<Plan> {
  const { parsed, account } = input;
  const fileErrors: RowIssueOut[] = [];
  const fileWarnings: RowIssueOut[] = [];
  const byRow = <T extends { row: number }>(list: readonly T[]) => {
    const m = new Map<number, T[]>();
    for (const x of list) {
      if (x.row <= 0) continue;
      const l = m.get(x.row);
      if (l) l.push(x);
      else m.set(x.row, [x]);
    }
    return m;
  };
  for (const e of parsed.errors) if (e.row <= 0) fileErrors.push(issue(0, e.code, e.message, e.column));
  for (const w of parsed.warnings) if (w.row <= 0) fileWarnings.push(issue(0, w.code, w.message, w.column));
  const parseErrors = byRow(parsed.errors);
  const parseWarnings = byRow(parsed.warnings);

  if (!account)
    fileWarnings.push(
      issue(
        0,
        "no_account",
        "Choose the account to import into: FX rates and holdings are checked against it",
      ),
    );
  else if (parsed.baseCurrency && parsed.baseCurrency !== account.baseCurrency)
    fileWarnings.push(
      issue(
        0,
        "currency_mismatch",
        `The file's base currency is ${parsed.baseCurrency} but the account's is ${account.baseCurrency}`,
      ),
    );

  // Instruments, matched once per distinct key.
  const named = parsed.activities.filter((a) => NEEDS_INSTRUMENT.has(a.type) || a.symbol || a.isin);
  const match = await matchInstruments(db, input.userId, input.broker, named, input.mappings);
  const unmatchedByKey = new Map(match.unmatched.map((u) => [u.key, u]));

  // FX rates over the file's dates.
  const dates = parsed.activities
    .map((a) => a.date)
    .filter(Boolean)
    .sort();
  const currencies = new Set<string>();
  for (const a of parsed.activities) {
    if (a.currency) currencies.add(a.currency.toUpperCase());
    if (a.toCurrency) currencies.add(a.toCurrency.toUpperCase());
  }
  for (const m of match.byKey.values()) currencies.add(m.currency);
  if (input.defaultCurrency) currencies.add(input.defaultCurrency);
  const fx =
    account && dates.length > 0
      ? await FxTable.load(
          db,
          [...currencies, account.baseCurrency],
          dates[0] as string,
          dates.at(-1) as string,
        )
      : null;

  // Many brokers list the newest activity first: the day's order in the ledger (seq) follows time,
  // so in such a file the later row of a day comes first.
  const seqOf = daySequence(parsed.activities);
  // A file of several broker accounts: into an account that has its broker account id, only its rows.
  const refs = [...new Set(parsed.activities.map((a) => a.accountRef).filter((r): r is string => !!r))];
  const own =
    account?.brokerAccountId && refs.includes(account.brokerAccountId) ? account.brokerAccountId : null;
  if (refs.length > 1 && !own)
    fileWarnings.push(
      issue(
        0,
        "several_accounts",
        `The file holds broker accounts ${refs.join(", ")}: every row goes to one account unless its broker account id is set`,
        "accountRef",
      ),
    );
  const rows: StagedRow[] = [];
  const ledgerOf = new Map<StagedRow, Omit<LedgerRow, "fingerprint">>();
  for (const a of parsed.activities) {
    if (own && a.accountRef && a.accountRef !== own) {
      const note = issue(
        a.row,
        "other_account",
        `Belongs to broker account ${a.accountRef}, not ${own}`,
        "accountRef",
      );
      rows.push({
        row: a.row,
        status: "ignored",
        activity: a as never,
        matchedBy: null,
        ledger: null,
        errors: [],
        warnings: [note],
      });
      parseErrors.delete(a.row);
      parseWarnings.delete(a.row);
      continue;
    }
    const errors: RowIssueOut[] = (parseErrors.get(a.row) ?? []).map((e) =>
      issue(a.row, e.code, e.message, e.column),
    );
    const warnings: RowIssueOut[] = (parseWarnings.get(a.row) ?? []).map((w) =>
      issue(a.row, w.code, w.message, w.column),
    );
    parseErrors.delete(a.row);
    parseWarnings.delete(a.row);
    const key = instrumentKey(a);
    const m = key ? match.byKey.get(key) : undefined;
    if (NEEDS_INSTRUMENT.has(a.type) && !key)
      errors.push(
        issue(
          a.row,
          "missing_field",
          `A ${a.type} must name its instrument (symbol, ISIN or name)`,
          "symbol",
        ),
      );
    else if (key && !m && NEEDS_INSTRUMENT.has(a.type)) {
      const u = unmatchedByKey.get(key);
      warnings.push(
        issue(
          a.row,
          "unknown_symbol",
          `${u?.alias ?? a.symbol ?? a.isin ?? a.name}: ${u?.reason ?? "no instrument matches"}; map it or create it at commit`,
          a.isin ? "isin" : a.symbol ? "symbol" : "name",
        ),
      );
    }
    const currency =
      (a.currency ?? m?.currency ?? input.defaultCurrency ?? account?.baseCurrency)?.toUpperCase() ?? null;
    if (!currency && a.type !== "split" && a.type !== "transferOut")
      errors.push(
        issue(a.row, "missing_field", "The row names no currency and none can be inferred", "currency"),
      );
    if (m && a.currency && m.currency !== a.currency.toUpperCase() && TRADES.has(a.type))
      warnings.push(
        issue(
          a.row,
          "currency_mismatch",
          `Traded in ${a.currency.toUpperCase()} but the instrument is quoted in ${m.currency}`,
          "currency",
        ),
      );

    const fxFor = (cur: string | null, given: string | undefined, column: string): string | null => {
      if (!cur || !account) return given ? dec(given) : null;
      if (cur === account.baseCurrency) return "1";
      if (given) return dec(given);
      const found = fx?.rate(cur, account.baseCurrency, a.date);
      if (!found) {
        errors.push(
          issue(
            a.row,
            "missing_fx_rate",
            `No ${cur}/${account.baseCurrency} rate on or before ${a.date} in the file or in market FX data`,
            column,
          ),
        );
        return null;
      }
      const r = rateText(found.rate);
      warnings.push(
        issue(
          a.row,
          "fx_from_market",
          `The file gives no ${cur}/${account.baseCurrency} rate; the ledger will use ${r} (market FX of ${found.rateDate})`,
          column,
        ),
      );
      return r;
    };

    let ledger: Omit<LedgerRow, "fingerprint"> | null = null;
    try {
      ledger = ledgerFields(a, m?.instrumentId ?? null, currency, errors, seqOf(a.row));
      if (ledger && a.type !== "split" && a.type !== "transferOut") {
        ledger.fxRate = fxFor(currency, a.fxRate, "fxRate");
        if (a.type === "conversion" && ledger.toCurrency)
          ledger.toFxRate = fxFor(ledger.toCurrency, undefined, "toCurrency");
      }
    } catch (e) {
      errors.push(
        issue(a.row, "bad_number", `A number of this row cannot be read (${(e as Error).message})`),
      );
      ledger = null;
    }
    const status = errors.length > 0 ? "error" : warnings.length > 0 ? "warning" : "ok";
    const staged: StagedRow = {
      row: a.row,
      status,
      activity: a as unknown as Record<string, unknown>,
      matchedBy: m?.by ?? null,
      ledger: null,
      errors,
      warnings,
    };
    if (ledger && errors.length === 0) ledgerOf.set(staged, ledger);
    rows.push(staged);
  }
  // Rows the parser could not read, or ignored on purpose.
  for (const [row, errs] of parseErrors)
    rows.push({
      row,
      status: "error",
      activity: null,
      matchedBy: null,
      ledger: null,
      errors: errs.map((e) => issue(row, e.code, e.message, e.column)),
      warnings: (parseWarnings.get(row) ?? []).map((w) => issue(row, w.code, w.message, w.column)),
    });
  for (const ig of parsed.ignored)
    if (ig.row > 0)
      rows.push({
        row: ig.row,
        status: "ignored",
        activity: null,
        matchedBy: null,
        ledger: null,
        errors: [],
        warnings: [issue(ig.row, ig.code, ig.message, ig.column)],
      });
  rows.sort((x, y) => x.row - y.row);

  // Fingerprints, in file order, over the rows that can go to the ledger.
  const planned = rows.filter((r) => ledgerOf.has(r));
  const prints = fingerprintRows(
    planned.map((r) => {
      const l = ledgerOf.get(r) as Omit<LedgerRow, "fingerprint">;
      const a = r.activity as unknown as ParsedActivity;
      return {
        accountId: account?.id ?? "",
        date: l.tradeDate,
        type: l.type,
        instrumentKey: l.instrumentId ?? instrumentKey(a),
        quantity: l.quantity,
        price: l.price,
        amount: l.amount ?? l.toAmount,
        currency: l.currency,
        externalId: l.externalId,
      };
    }),
  );
  planned.forEach((r, i) => {
    const l = ledgerOf.get(r) as Omit<LedgerRow, "fingerprint">;
    r.ledger = { ...l, fingerprint: prints[i] as string };
    if (l.type === "transferIn" || l.type === "transferOut") {
      if (!l.transferId) l.transferId = r.ledger.transferId = `import:${r.ledger.fingerprint.slice(0, 22)}`;
    }
  });

  await checkTransfers(db, input.userId, planned);
  if (account) await checkHoldings(db, input.userId, account.id, planned);
  return { rows, unmatched: match.unmatched, fileErrors, fileWarnings };
}

/** The ledger columns of one activity; a missing field the type needs is an error naming it. */
function ledgerFields(
  a: ParsedActivity,
  instrumentId: string | null,
  currency: string | null,
  errors: RowIssueOut[],
  seq: number,
): Omit<LedgerRow, "fingerprint"> | null {
  const need = (field: keyof ParsedActivity, what: string) => {
    const v = a[field];
    if (v == null || v === "") {
      errors.push(issue(a.row, "missing_field", `A ${a.type} needs ${what}`, field));
      return false;
    }
    return true;
  };
  const l: Omit<LedgerRow, "fingerprint"> = {
    type: a.type,
    tradeDate: a.date,
    seq,
    instrumentId,
    quantity: null,
    price: null,
    amount: null,
    fee: dec(a.fee),
    withholdingTax: null,
    currency,
    fxRate: null,
    ratio: null,
    transferId: a.transferId ?? null,
    toCurrency: null,
    toAmount: null,
    toFxRate: null,
    externalId: a.externalId ?? null,
    note: a.note ?? null,
  };
  switch (a.type) {
    case "buy":
    case "sell":
    case "short":
    case "cover": {
      if (!need("quantity", "a quantity")) return null;
      const q = new Decimal(a.quantity as string);
      if (q.lte(0)) {
        errors.push(issue(a.row, "bad_number", "The quantity must be above zero", "quantity"));
        return null;
      }
      l.quantity = q.toString();
      if (a.price) l.price = dec(a.price);
      else if (a.amount) l.price = new Decimal(a.amount).div(q).toSignificantDigits(20).toString();
      else {
        errors.push(issue(a.row, "missing_field", `A ${a.type} needs a price or an amount`, "price"));
        return null;
      }
      return l;
    }
    case "dividend":
    case "returnOfCapital":
    case "interest":
    case "fee":
    case "tax":
    case "deposit":
    case "withdrawal":
      if (!need("amount", "an amount")) return null;
      l.amount = dec(a.amount);
      if (a.type === "dividend") l.withholdingTax = dec(a.withholdingTax);
      return l;
    case "split":
      if (!need("ratio", "a ratio (new units per old)")) return null;
      l.ratio = dec(a.ratio);
      l.currency = null;
      return l;
    case "transferIn":
    case "transferOut":
      if (!need("quantity", "a quantity")) return null;
      l.quantity = dec(a.quantity);
      if (a.price) l.price = dec(a.price);
      if (a.type === "transferOut") l.currency = null;
      return l;
    case "conversion":
      if (!need("amount", "the amount sold") || !need("toCurrency", "the currency bought")) return null;
      if (!need("toAmount", "the amount bought")) return null;
      l.amount = dec(a.amount);
      l.toCurrency = (a.toCurrency as string).toUpperCase();
      l.toAmount = dec(a.toAmount);
      return l;
    case "spinOff":
      errors.push(
        issue(
          a.row,
          "unsupported",
          "Spin-offs are entered by hand: a file does not say the new instrument and the cost split",
          "type",
        ),
      );
      return null;
  }
}
