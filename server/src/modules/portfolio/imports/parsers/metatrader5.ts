// MetaTrader 5's "Trade History Report" (xlsx, as the terminal saves it): a title block (Name, Account
// with its currency, Company, Date), then sections Positions, Orders, Deals, Working Orders, and summary
// blocks. The Deals are the account's ledger and are what we import: balance deals are deposits and
// withdrawals, trade deals open (`in`) and close (`out`) positions. MT5 prices are per unit of a contract
// whose size (and profit currency) the report does not state, so prices are converted, per position, to
// the account currency per lot using the position's profit (profit ÷ (volume × price move)): the ledger's
// gains then equal the report's. Positions, orders and working orders are summaries of the deals.
import {
  abs,
  add,
  buildResult,
  compact,
  div,
  isNegative,
  isZero,
  mul,
  negate,
  ParseLog,
  readDate,
  readFirstSheet,
  readNumber,
  type SheetRow,
  settleReversals,
  sub,
  unreadable,
} from "../text/index.ts";
import type { BrokerParser, ParsedActivity, ParseResult, SourceFile } from "./types.ts";

const SECTION_TITLES: Record<string, string> = {
  positions: "positions",
  positionen: "positions",
  orders: "orders",
  aufträge: "orders",
  auftraege: "orders",
  deals: "deals",
  "working orders": "working",
  "offene aufträge": "working",
  results: "results",
  ergebnisse: "results",
};

interface Section {
  name: string;
  header: string[];
  rows: SheetRow[];
}

function sections(rows: SheetRow[]): Section[] {
  const out: Section[] = [];
  let current: Section | undefined;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const filled = r.cells.filter((c) => c.trim() !== "");
    const title = SECTION_TITLES[(r.cells[0] ?? "").trim().toLowerCase()];
    if (filled.length === 1 && title) {
      current = {
        name: title,
        header: (rows[i + 1]?.cells ?? []).map((c) => c.trim().toLowerCase()),
        rows: [],
      };
      out.push(current);
      i++;
      continue;
    }
    if (!current) continue;
    if (filled.length === 0 || /:\s*$/.test(r.cells[0] ?? "")) {
      current = undefined;
      continue;
    }
    current.rows.push(r);
  }
  return out;
}

/** A column by its title (English or German), else the report's standard position. */
function colOf(header: string[], names: string[], fallback: number, nth = 0): number {
  let seen = 0;
  for (let i = 0; i < header.length; i++) {
    if (names.includes(header[i]!)) {
      if (seen === nth) return i;
      seen++;
    }
  }
  return fallback;
}

function num(v: string | undefined): string | undefined {
  if (v === undefined || v.trim() === "") return undefined;
  const r = readNumber(v.replace(/\s/g, ""), ".");
  return r.ok ? r.value : undefined;
}

interface Position {
  id: string;
  symbol: string;
  openPrice: string;
  closePrice?: string;
  volume: string;
  profit?: string;
  closeTime?: string;
  short: boolean;
  /** Account currency per (lot × price unit), from the profit; undefined when it cannot be told. */
  pointValue?: string;
}

export async function parseMetaTrader5(file: SourceFile): Promise<ParseResult> {
  const sheet = readFirstSheet(file.bytes);
  if (!sheet.ok) return unreadable("metatrader5", sheet.message);
  const rows = sheet.rows;
  const secs = sections(rows);
  const deals = secs.find((s) => s.name === "deals");
  if (!deals)
    return unreadable(
      "metatrader5",
      "No Deals section was found: this is not a MetaTrader 5 trade history report.",
    );
  const accountLine = rows.find((r) => /^(account|konto):?$/i.test((r.cells[0] ?? "").trim()));
  const accountText =
    accountLine?.cells
      .filter((c) => c.trim() !== "")
      .slice(1)
      .join(" ") ?? "";
  const currency = /\(([A-Z]{3})\b/.exec(accountText)?.[1];
  const accountRef = /^\s*(\S+)/.exec(accountText)?.[1];
  const log = new ParseLog();
  const activities: ParsedActivity[] = [];
  let total = 0;

  const positions = new Map<string, Position>();
  const pos = secs.find((s) => s.name === "positions");
  if (pos) {
    const h = pos.header;
    for (const r of pos.rows) {
      const c = r.cells;
      const id = c[colOf(h, ["position"], 1)]?.trim() ?? "";
      const volume = num(c[colOf(h, ["volume", "volumen"], 4)]);
      const open = num(c[colOf(h, ["price", "preis"], 5)]);
      const close = num(c[colOf(h, ["price", "preis"], 9, 1)]);
      const profit = num(c[colOf(h, ["profit", "gewinn"], 12)]);
      const short = /^sell|verkauf/i.test(c[colOf(h, ["type", "typ"], 3)] ?? "");
      if (!id || !volume || !open) continue;
      const p: Position = {
        id,
        symbol: c[colOf(h, ["symbol"], 2)] ?? "",
        openPrice: open,
        closePrice: close,
        volume,
        profit,
        closeTime: c[colOf(h, ["time", "zeit"], 8, 1)],
        short,
      };
      if (close && profit !== undefined && !isZero(sub(close, open)) && !isZero(volume)) {
        p.pointValue = abs(div(profit, mul(volume, sub(close, open)), 10));
      }
      positions.set(id, p);
    }
    for (const r of pos.rows) {
      total++;
      log.ignore(r.row, "summary", "A position: its opening and closing deals are the trades.");
    }
  }
  for (const s of secs) {
    if (s.name !== "orders" && s.name !== "working") continue;
    for (const r of s.rows) {
      total++;
      log.ignore(
        r.row,
        "order",
        s.name === "working" ? "An order still working, not a trade." : "An order: its deals are the trades.",
      );
    }
  }

  const h = deals.header;
  const ci = {
    time: colOf(h, ["time", "zeit"], 0),
    deal: colOf(h, ["deal"], 1),
    symbol: colOf(h, ["symbol"], 2),
    type: colOf(h, ["type", "typ"], 3),
    direction: colOf(h, ["direction", "richtung"], 4),
    volume: colOf(h, ["volume", "volumen"], 5),
    price: colOf(h, ["price", "preis"], 6),
    order: colOf(h, ["order", "auftrag"], 7),
    commission: colOf(h, ["commission", "kommission"], 8),
    fee: colOf(h, ["fee", "gebühr", "gebuehr"], 9),
    swap: colOf(h, ["swap"], 10),
    profit: colOf(h, ["profit", "gewinn"], 11),
    comment: colOf(h, ["comment", "kommentar"], 13),
  };
  for (const r of deals.rows) {
    const c = r.cells;
    const time = c[ci.time]?.trim() ?? "";
    if (!time && !c[ci.deal]?.trim()) continue; // the totals line
    total++;
    const row = r.row;
    const date = readDate(time.replace(/^(\d{4})\.(\d\d)\.(\d\d)/, "$1-$2-$3"), "YMD");
    if (!date) {
      log.error(row, "bad_date", `Time: "${time}" is not a date.`, "Time");
      continue;
    }
    const type = (c[ci.type] ?? "").trim().toLowerCase();
    const profit = num(c[ci.profit]) ?? "0";
    const comment = c[ci.comment]?.trim() || undefined;
    const dealId = c[ci.deal]?.trim() || undefined;
    if (type === "balance") {
      if (isZero(profit)) {
        log.ignore(row, "zero", "A balance line of zero.");
        continue;
      }
      activities.push(
        compact({
          row,
          date,
          type: isNegative(profit) ? ("withdrawal" as const) : ("deposit" as const),
          amount: abs(profit),
          currency,
          externalId: dealId,
          accountRef,
          note: comment,
        }),
      );
      continue;
    }
    if (type === "credit" || type === "bonus" || type === "correction") {
      log.ignore(row, "credit", `A broker ${type} line, not the account's own money: ${comment ?? ""}.`);
      continue;
    }
    if (
      type === "commission" ||
      type === "charge" ||
      type === "fee" ||
      type === "interest" ||
      type === "swap"
    ) {
      if (isZero(profit)) continue;
      const t: ParsedActivity["type"] = type === "interest" ? "interest" : "fee";
      activities.push(
        compact({
          row,
          date,
          type: t,
          amount: t === "interest" ? profit : negate(profit),
          currency,
          externalId: dealId,
          accountRef,
          note: comment ?? type,
        }),
      );
      continue;
    }
    if (type !== "buy" && type !== "sell") {
      log.error(row, "unknown_type", `The deal type "${type}" is not one we import.`, "Type");
      continue;
    }
    const volume = num(c[ci.volume]);
    const price = num(c[ci.price]);
    if (!volume || !price) {
      log.error(
        row,
        "missing_field",
        "Volume and Price are needed for a trade deal.",
        !volume ? "Volume" : "Price",
      );
      continue;
    }
    const direction = (c[ci.direction] ?? "").trim().toLowerCase();
    const symbol = c[ci.symbol]?.trim();
    const order = c[ci.order]?.trim() ?? "";
    const opening = direction === "in";
    const position = opening
      ? positions.get(order)
      : [...positions.values()].find(
          (p) =>
            p.symbol === symbol &&
            p.closePrice === price &&
            p.volume === volume &&
            (p.closeTime ?? "").trim() === time,
        );
    const kind: ParsedActivity["type"] = opening
      ? type === "sell"
        ? "short"
        : "buy"
      : type === "buy"
        ? "cover"
        : "sell";
    const pv = position?.pointValue;
    if (!pv)
      log.warn(
        row,
        "points",
        "The report does not tell this deal's contract value: the price stays in the symbol's units.",
        "Price",
      );
    const commission = num(c[ci.commission]);
    const fee = num(c[ci.fee]);
    const fees = [commission, fee].filter((f): f is string => !!f && !isZero(f)).map(abs);
    activities.push(
      compact({
        row,
        date,
        type: kind,
        symbol,
        assetClass: "cfd",
        quantity: volume,
        price: pv ? div(mul(price, pv), "1", 8) : price,
        fee: fees.length ? fees.reduce((a, b) => add(a, b)) : undefined,
        currency,
        externalId: dealId,
        accountRef,
        note: [pv ? `lots; price ${price} × ${pv} per lot` : `lots; price ${price}`, comment]
          .filter(Boolean)
          .join("; "),
      }),
    );
    const swap = num(c[ci.swap]);
    if (swap && !isZero(swap))
      activities.push(
        compact({
          row,
          date,
          type: "interest" as const,
          amount: swap,
          currency,
          symbol,
          accountRef,
          note: "swap",
        }),
      );
  }
  return buildResult("metatrader5", log, settleReversals(activities, log), total, {
    baseCurrency: currency,
    accountRefs: accountRef ? [accountRef] : [],
  });
}

export const metaTrader5: BrokerParser = {
  id: "metatrader5",
  label: "MetaTrader 5 — Trade History Report (xlsx)",
  detect(file) {
    if (file.text !== "" || (!/\.xlsx$/i.test(file.name) && file.bytes[0] !== 0x50)) return 0;
    const sheet = readFirstSheet(file.bytes);
    if (!sheet.ok) return 0;
    const head = sheet.rows
      .slice(0, 40)
      .map((r) => r.cells.join("|"))
      .join("\n");
    let score = 0;
    if (/Trade History Report|Handelshistorie/i.test(head)) score += 0.6;
    if (/^Deals\|*$/m.test(head) || /\|Deal\|/.test(head)) score += 0.2;
    if (/^(Positions|Positionen)\|*$/m.test(head)) score += 0.15;
    return Math.min(score, 0.97);
  },
  parse: (file) => parseMetaTrader5(file),
};
