// Ghostfolio's JSON export (Portfolio → Export): `{ meta: { date, version }, accounts: [...],
// activities: [{ accountId, comment, fee, quantity, type, unitPrice, currency, dataSource, date,
// symbol }] }`. Types BUY, SELL, DIVIDEND, INTEREST, FEE become ours; ITEM (a valuable) and LIABILITY are
// not securities or cash and are left out with that reason. A row is the activity's 1-based position in
// the `activities` array. Numbers are JSON numbers (binary floats): written back to 15 significant
// digits, which is what Ghostfolio displays.
import {
  abs,
  buildResult,
  cleanNumber,
  compact,
  isZero,
  mul,
  ParseLog,
  readDate,
  toMajorUnit,
  unreadable,
} from "../text/index.ts";
import type { BrokerParser, ParsedActivity, ParseResult, SourceFile } from "./types.ts";

interface GhostfolioAccount {
  id?: string;
  name?: string;
  currency?: string;
}

const TYPES: Record<string, ParsedActivity["type"]> = {
  BUY: "buy",
  SELL: "sell",
  DIVIDEND: "dividend",
  INTEREST: "interest",
  FEE: "fee",
};

function numberOf(v: unknown): string | undefined {
  if (typeof v === "number" && Number.isFinite(v)) return cleanNumber(String(v));
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return cleanNumber(v.trim());
  return undefined;
}

export function parseGhostfolio(file: SourceFile): ParseResult {
  let json: unknown;
  try {
    json = JSON.parse(file.text.replace(/^\uFEFF/, ""));
  } catch (e) {
    return unreadable("ghostfolio", `The file is not valid JSON (${(e as Error).message}).`);
  }
  const root = json as {
    activities?: unknown;
    accounts?: unknown;
    user?: { settings?: { baseCurrency?: string; currency?: string } };
  };
  if (!root || typeof root !== "object" || !Array.isArray(root.activities)) {
    return unreadable("ghostfolio", "The JSON has no `activities` list: it is not a Ghostfolio export.");
  }
  // Asset profiles name manual assets (whose symbol is a generated id) and may carry ISINs.
  const profiles = new Map<string, { name?: string; isin?: string; assetClass?: string }>();
  const rawProfiles = (json as { assetProfiles?: unknown }).assetProfiles;
  if (Array.isArray(rawProfiles)) {
    for (const p of rawProfiles as Record<string, unknown>[]) {
      if (p && typeof p.symbol === "string") {
        profiles.set(`${String(p.dataSource ?? "")}:${p.symbol}`, {
          name: typeof p.name === "string" ? p.name : undefined,
          isin: typeof p.isin === "string" && /^[A-Z]{2}[A-Z0-9]{9}\d$/.test(p.isin) ? p.isin : undefined,
          assetClass: typeof p.assetClass === "string" ? p.assetClass.toLowerCase() : undefined,
        });
      }
    }
  }
  const accounts = new Map<string, GhostfolioAccount>();
  if (Array.isArray(root.accounts))
    for (const a of root.accounts as GhostfolioAccount[]) if (a?.id) accounts.set(a.id, a);
  const log = new ParseLog();
  const activities: ParsedActivity[] = [];
  const refs: string[] = [];
  root.activities.forEach((raw: unknown, i: number) => {
    const row = i + 1;
    if (!raw || typeof raw !== "object") {
      log.error(row, "bad_record", "The activity is not an object.");
      return;
    }
    const a = raw as Record<string, unknown>;
    const typeText = String(a.type ?? "").toUpperCase();
    if (typeText === "ITEM" || typeText === "LIABILITY") {
      log.ignore(
        row,
        "not_security",
        `A ${typeText.toLowerCase()} (a valuable or a debt), not a security or cash activity.`,
        "type",
      );
      return;
    }
    const type = TYPES[typeText];
    if (!type) {
      log.error(
        row,
        "unknown_type",
        `The activity type "${String(a.type ?? "")}" is not one we import.`,
        "type",
      );
      return;
    }
    const date = readDate(typeof a.date === "string" ? a.date : undefined, "YMD");
    if (!date) log.error(row, "bad_date", `date: "${String(a.date ?? "")}" is not a date.`, "date");
    const quantity = numberOf(a.quantity);
    const unitPrice = numberOf(a.unitPrice);
    const fee = numberOf(a.fee ?? 0);
    for (const [field, value] of [
      ["quantity", quantity],
      ["unitPrice", unitPrice],
      ["fee", fee],
    ] as const) {
      if (value === undefined && a[field] !== undefined && a[field] !== null)
        log.error(row, "bad_number", `${field}: "${String(a[field])}" is not a number.`, field);
    }
    const currency = typeof a.currency === "string" && a.currency ? a.currency : undefined;
    const symbol = typeof a.symbol === "string" && a.symbol ? a.symbol : undefined;
    if ((type === "buy" || type === "sell") && (quantity === undefined || unitPrice === undefined)) {
      if (!log.hasError(row))
        log.error(
          row,
          "missing_field",
          "A trade needs quantity and unitPrice.",
          quantity === undefined ? "quantity" : "unitPrice",
        );
    }
    if ((type === "buy" || type === "sell" || type === "dividend") && !symbol && !log.hasError(row))
      log.error(row, "missing_field", "symbol is empty.", "symbol");
    if (log.hasError(row) || !date) return;
    const accountId = typeof a.accountId === "string" ? a.accountId : undefined;
    const account = accountId ? accounts.get(accountId) : undefined;
    const accountRef = account?.name ?? accountId;
    if (accountRef) refs.push(accountRef);
    const dataSource = typeof a.dataSource === "string" ? a.dataSource : undefined;
    const profile = symbol ? profiles.get(`${dataSource ?? ""}:${symbol}`) : undefined;
    const manual = dataSource === "MANUAL";
    const isin = symbol && /^[A-Z]{2}[A-Z0-9]{9}\d$/.test(symbol) ? symbol : profile?.isin;
    const base = compact({
      row,
      date,
      currency: currency ?? account?.currency,
      accountRef,
      externalId: typeof a.id === "string" ? a.id : undefined,
      note:
        [
          typeof a.comment === "string" ? a.comment : undefined,
          dataSource && dataSource !== "YAHOO" ? `data source ${dataSource}` : undefined,
        ]
          .filter(Boolean)
          .join("; ") || undefined,
    });
    const inst = compact({
      symbol: isin && isin === symbol ? undefined : symbol,
      isin,
      name: profile?.name,
      assetClass:
        dataSource === "COINGECKO"
          ? "crypto"
          : manual
            ? (profile?.assetClass ?? "other")
            : profile?.assetClass,
    });
    const feeValue = fee && !isZero(fee) ? abs(fee) : undefined;
    if (type === "buy" || type === "sell") {
      if (isZero(quantity!)) {
        log.ignore(
          row,
          "zero_quantity",
          "A trade of zero units (Ghostfolio keeps such rows as placeholders).",
          "quantity",
        );
        return;
      }
      activities.push(
        compact({
          ...base,
          ...inst,
          type,
          quantity: abs(quantity!),
          price: abs(unitPrice!),
          amount: abs(mul(quantity!, unitPrice!)),
          fee: feeValue,
        }),
      );
      return;
    }
    // Income and fees: Ghostfolio states them as quantity × unitPrice (a fee may sit in `fee` alone).
    const product = quantity !== undefined && unitPrice !== undefined ? mul(quantity, unitPrice) : unitPrice;
    let amount = product && !isZero(product) ? abs(product) : undefined;
    if (type === "fee" && !amount) amount = feeValue;
    if (!amount) {
      log.error(row, "missing_field", "The activity has no amount (quantity × unitPrice).", "unitPrice");
      return;
    }
    // A fee or interest booked against a manual "asset" (Ghostfolio's way to name it) is a cash activity.
    const cashOnly = (type === "fee" || type === "interest") && (manual || !symbol);
    const note = cashOnly && profile?.name ? [profile.name, base.note].filter(Boolean).join("; ") : base.note;
    activities.push(
      compact({
        ...base,
        note,
        ...(cashOnly ? {} : inst),
        type,
        amount,
        fee: type === "fee" ? undefined : feeValue,
      }),
    );
  });
  const baseCurrency = root.user?.settings?.baseCurrency ?? root.user?.settings?.currency;
  return buildResult("ghostfolio", log, activities.map(toMajorUnit), root.activities.length, {
    baseCurrency,
    accountRefs: refs,
  });
}

export const ghostfolio: BrokerParser = {
  id: "ghostfolio",
  label: "Ghostfolio — JSON export",
  detect(file) {
    const head = file.text
      .replace(/^\uFEFF/, "")
      .trimStart()
      .slice(0, 3000);
    if (!head.startsWith("{")) return 0;
    let score = 0;
    if (/"activities"\s*:/.test(head)) score += 0.5;
    if (/"meta"\s*:\s*\{[^}]*"version"/.test(head)) score += 0.25;
    if (/"unitPrice"\s*:|"dataSource"\s*:/.test(file.text.slice(0, 20000))) score += 0.2;
    return score;
  },
  parse: (file) => parseGhostfolio(file),
};
