// Alpaca's Trading API (REST v2): the account, its positions and its activities (fills and non-trade
// activities), mapped to the parsers' normalised activities. Alpaca accounts are in USD.
// Docs: https://docs.alpaca.markets/reference (account, positions, account activities).
import { Decimal } from "../../../../platform/money.ts";
import type { ParsedActivity, RowIssue } from "../../imports/parsers/types.ts";
import { notice } from "../../notices/contracts.ts";
import { brokerRequest } from "./http.ts";
import { type BrokerPosition, BrokerSyncError, type FetchOptions, type SyncBatch } from "./types.ts";

export interface AlpacaCredentials {
  keyId: string;
  secretKey: string;
  /** `paper` talks to the paper-trading host. */
  environment: "live" | "paper";
  /** Overrides the host (tests, a proxy). */
  baseUrl?: string;
}

export const ALPACA_HOSTS = {
  live: "https://api.alpaca.markets",
  paper: "https://paper-api.alpaca.markets",
} as const;

const PAGE_SIZE = 100;
/** A guard against a server that never stops paging: 1,000 pages is 100,000 activities. */
const MAX_PAGES = 1000;

interface RawActivity {
  id: string;
  activity_type: string;
  // FILL
  transaction_time?: string;
  side?: string;
  price?: string;
  qty?: string;
  symbol?: string;
  order_id?: string;
  type?: string;
  // non-trade
  date?: string;
  net_amount?: string;
  per_share_amount?: string;
  description?: string;
  status?: string;
}

/** The trade date of an instant as New York sees it (US equities' trading day). */
const nyDate = (iso: string): string | undefined => {
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return undefined;
  return t.toLocaleDateString("en-CA", { timeZone: "America/New_York" });
};

export async function fetchAlpaca(creds: AlpacaCredentials, opts: FetchOptions = {}): Promise<SyncBatch> {
  const base = (creds.baseUrl ?? ALPACA_HOSTS[creds.environment]).replace(/\/+$/, "");
  const get = async <T>(path: string): Promise<T> => {
    const res = await brokerRequest("Alpaca", `${base}${path}`, {
      headers: { "APCA-API-KEY-ID": creds.keyId, "APCA-API-SECRET-KEY": creds.secretKey },
      timeoutMs: opts.timeoutMs,
    });
    if (res.status === 401 || res.status === 403)
      throw new BrokerSyncError("unauthorized", notice("sync.unauthorized", { broker: "Alpaca" }));
    if (res.status === 429)
      throw new BrokerSyncError("rate_limited", notice("sync.rateLimited", { broker: "Alpaca" }));
    if (res.status >= 400)
      throw new BrokerSyncError(
        "broker_error",
        notice("sync.httpError", {
          broker: "Alpaca",
          status: res.status,
          path: path.split("?")[0] ?? path,
          detail: brief(res.text),
        }),
      );
    try {
      return JSON.parse(res.text) as T;
    } catch {
      throw new BrokerSyncError(
        "bad_response",
        notice("sync.notJson", { broker: "Alpaca", path: path.split("?")[0] ?? path }),
      );
    }
  };

  const account = await get<{ account_number?: string; currency?: string; cash?: string }>("/v2/account");
  const rawPositions =
    await get<{ symbol: string; qty: string; avg_entry_price?: string; side?: string }[]>("/v2/positions");
  const raw: RawActivity[] = [];
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const q = new URLSearchParams({ direction: "asc", page_size: String(PAGE_SIZE) });
    if (opts.since) q.set("after", `${opts.since}T00:00:00Z`);
    if (token) q.set("page_token", token);
    const batch = await get<RawActivity[]>(`/v2/account/activities?${q}`);
    if (!Array.isArray(batch))
      throw new BrokerSyncError("bad_response", notice("sync.notList", { broker: "Alpaca" }));
    raw.push(...batch);
    if (batch.length < PAGE_SIZE) break;
    token = batch[batch.length - 1]?.id;
  }

  const currency = account.currency ?? "USD";
  const positions: BrokerPosition[] = (Array.isArray(rawPositions) ? rawPositions : []).map((p) => ({
    symbol: p.symbol,
    quantity: p.qty,
    averageCost: p.avg_entry_price,
    currency,
  }));
  const { activities, errors, ignored } = mapActivities(raw, positions, currency);
  return {
    accountRef: account.account_number ?? "",
    baseCurrency: currency,
    activities,
    positions,
    cash: account.cash !== undefined ? [{ currency, amount: account.cash }] : [],
    errors,
    ignored,
  };
}

const brief = (text: string) => text.replace(/\s+/g, " ").slice(0, 200);

const isCrypto = (symbol: string) => symbol.includes("/");

/** A decimal from a string the broker sent, or null when it is not one. */
function dec(value: string | undefined): Decimal | null {
  if (value === undefined || !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(value.trim())) return null;
  return new Decimal(value.trim());
}

/**
 * Maps raw activities in time order. A fill's direction needs the position it meets: a buy against a
 * short is a cover, a sell below zero a short. The position before the first activity is today's
 * position minus the fills returned, so a sync of recent activities alone still gets it right.
 */
export function mapActivities(
  raw: RawActivity[],
  positions: BrokerPosition[],
  currency: string,
): { activities: ParsedActivity[]; errors: RowIssue[]; ignored: RowIssue[] } {
  const activities: ParsedActivity[] = [];
  const errors: RowIssue[] = [];
  const ignored: RowIssue[] = [];
  const held = new Map<string, Decimal>();
  for (const p of positions) held.set(p.symbol, new Decimal(p.quantity || 0));
  for (const a of raw) {
    const q = dec(a.qty);
    if (a.activity_type !== "FILL" || !a.symbol || !q || a.status === "canceled") continue;
    const signed = q.times(a.side === "buy" ? 1 : -1);
    held.set(a.symbol, (held.get(a.symbol) ?? new Decimal(0)).minus(signed));
  }

  for (const [i, a] of raw.entries()) {
    const row = i + 1;
    const fail = (column: string, message: string) => {
      errors.push({ row, column, code: "bad_activity", message });
    };
    if (a.status === "canceled") {
      ignored.push({ row, code: "canceled", message: `activity ${a.id} was cancelled by Alpaca` });
      continue;
    }
    if (a.activity_type === "FILL") {
      const date = a.transaction_time ? nyDate(a.transaction_time) : undefined;
      if (!date) {
        fail("transaction_time", `fill ${a.id} has no readable time`);
        continue;
      }
      if (!a.symbol) {
        fail("symbol", `fill ${a.id} names no symbol`);
        continue;
      }
      const qty = dec(a.qty);
      if (!qty || qty.lte(0)) {
        fail("qty", `fill ${a.id} has no readable quantity ("${a.qty ?? ""}")`);
        continue;
      }
      if (!dec(a.price)) {
        fail("price", `fill ${a.id} has no readable price ("${a.price ?? ""}")`);
        continue;
      }
      const before = held.get(a.symbol) ?? new Decimal(0);
      const common = {
        row,
        date,
        symbol: a.symbol,
        price: a.price as string,
        currency,
        assetClass: isCrypto(a.symbol) ? "crypto" : undefined,
        externalId: a.id,
        note: a.order_id ? `order ${a.order_id}` : undefined,
      };
      const legs: { type: ParsedActivity["type"]; quantity: Decimal }[] = [];
      if (a.side === "buy") {
        const cover = Decimal.min(qty, Decimal.max(before.negated(), 0));
        if (cover.gt(0)) legs.push({ type: "cover", quantity: cover });
        if (qty.minus(cover).gt(0)) legs.push({ type: "buy", quantity: qty.minus(cover) });
        held.set(a.symbol, before.plus(qty));
      } else if (a.side === "sell" || a.side === "sell_short") {
        const sell = a.side === "sell_short" ? new Decimal(0) : Decimal.min(qty, Decimal.max(before, 0));
        if (sell.gt(0)) legs.push({ type: "sell", quantity: sell });
        if (qty.minus(sell).gt(0)) legs.push({ type: "short", quantity: qty.minus(sell) });
        held.set(a.symbol, before.minus(qty));
      } else {
        fail("side", `fill ${a.id} has side "${a.side}", neither buy nor sell`);
        continue;
      }
      for (const [k, leg] of legs.entries()) {
        activities.push(
          strip({
            ...common,
            type: leg.type,
            quantity: leg.quantity.toString(),
            externalId: legs.length > 1 ? `${a.id}#${k + 1}` : a.id,
          }),
        );
      }
      continue;
    }
    const type = NON_TRADE[a.activity_type];
    if (!type) {
      ignored.push({
        row,
        code: "unsupported_activity",
        message: `${a.activity_type} (${a.description || "no description"}) on ${a.date ?? "?"} is not synced: enter it by hand`,
      });
      continue;
    }
    if (!a.date || !/^\d{4}-\d{2}-\d{2}/.test(a.date)) {
      fail("date", `activity ${a.id} has no date`);
      continue;
    }
    const net = dec(a.net_amount);
    if (!net) {
      fail("net_amount", `activity ${a.id} has no readable amount ("${a.net_amount ?? ""}")`);
      continue;
    }
    const base = {
      row,
      date: a.date.slice(0, 10),
      currency,
      externalId: a.id,
      note: a.description || undefined,
    };
    const resolved = type(net);
    if ((resolved === "dividend" || resolved === "returnOfCapital") && !a.symbol) {
      fail("symbol", `${a.activity_type} ${a.id} names no symbol`);
      continue;
    }
    activities.push(
      strip({
        ...base,
        type: resolved,
        symbol: a.symbol,
        quantity: resolved === "dividend" ? a.qty : undefined,
        amount: resolved === "interest" ? net.toString() : net.abs().toString(),
      }),
    );
  }
  return { activities, errors, ignored };
}

type Resolve = (net: Decimal) => ParsedActivity["type"];
const bySign =
  (plus: ParsedActivity["type"], minus: ParsedActivity["type"]): Resolve =>
  (n) =>
    n.gte(0) ? plus : minus;

/** Alpaca's non-trade activity types Bullpen books; the rest are reported as not synced. */
const NON_TRADE: Record<string, Resolve> = {
  DIV: () => "dividend",
  DIVCGL: () => "dividend",
  DIVCGS: () => "dividend",
  DIVTXEX: () => "dividend",
  DIVFT: () => "tax",
  DIVNRA: () => "tax",
  DIVTW: () => "tax",
  DIVROC: () => "returnOfCapital",
  INT: () => "interest",
  CSD: bySign("deposit", "withdrawal"),
  CSW: bySign("deposit", "withdrawal"),
  CSR: bySign("deposit", "withdrawal"),
  JNLC: bySign("deposit", "withdrawal"),
  ACATC: bySign("deposit", "withdrawal"),
  FEE: () => "fee",
  CFEE: () => "fee",
  PTC: () => "fee",
};

/** Drops undefined fields, so activities compare and serialise cleanly. */
function strip(a: Record<string, unknown>): ParsedActivity {
  return Object.fromEntries(
    Object.entries(a).filter(([, v]) => v !== undefined),
  ) as unknown as ParsedActivity;
}
