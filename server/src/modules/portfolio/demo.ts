// A demo portfolio the user loads on request (POST /api/portfolio/demo): a USD account holding the
// market demo's US names (AAPL, MSFT) and a KRW account holding its KRX listings (005930, 000660),
// with deposits, buys, dividends with tax withheld at source (AAPL's own dividends from the market's
// corporate actions; Samsung's at 361 won a share less Korea's 15.4 %), a split if the data has one,
// a full sale and a partial one. Every trade is at a stored daily close on a day that has one; an
// instrument without bars is left out. Idempotent: the accounts are found by name and each row has a
// fixed fingerprint (`demo:…`), so loading again adds nothing.
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Ctx } from "../../platform/context.ts";
import { ConflictError } from "../../platform/errors.ts";
import { requestCtx, routeErrors } from "../../platform/http.ts";
import { newId } from "../../platform/ids.ts";
import { Decimal } from "../../platform/money.ts";
import type { Platform } from "../../platform/platform.ts";
import { defineVerb } from "../../platform/verb.ts";
import { listActions, resolveInstrument } from "../market/index.ts";
import * as accountsRepo from "./accounts/repository.ts";
import type { Transaction } from "./engine/types.ts";
import { replayWith } from "./transactions/ledger-check.ts";
import * as txRepo from "./transactions/repository.ts";
import { type TransactionInsert, toRow } from "./transactions/rows.ts";
import { refreshHoldings } from "./transactions/service.ts";
import { loadCloses } from "./valuation/market-data.ts";

export const DEMO_ACCOUNTS = { us: "Demo — US stocks", kr: "Demo — Korea" } as const;

interface Listing {
  id: string;
  symbol: string;
  dates: readonly string[];
  closes: ArrayLike<number>;
}

async function listing(ctx: Ctx, symbol: string, mic: string, today: string): Promise<Listing | null> {
  const i = await resolveInstrument({ ctx, input: { symbol, mic } }).catch(() => null);
  if (!i) return null;
  const s = (await loadCloses(ctx, [i.id], today)).get(i.id);
  return s && s.dates.length >= 30 ? { id: i.id, symbol, dates: s.dates, closes: s.values } : null;
}

/** The close at bar `k` (negative: from the end), rounded to the currency's tick. */
const bar = (l: Listing, k: number, digits: number) => {
  const i = k < 0 ? l.dates.length + k : k;
  return {
    date: l.dates[i] as string,
    price: new Decimal(l.closes[i] as number).toDecimalPlaces(digits).toString(),
  };
};

interface Plan {
  rows: Transaction[];
  used: string[];
}

function planner(accountId: string, currency: string, tag: string) {
  const rows: (Transaction & { fp: string })[] = [];
  let n = 0;
  const common = (date: string) => ({ id: newId(), accountId, date, origin: { kind: "manual" } as const });
  const D = (v: string | number) => new Decimal(v);
  return {
    rows,
    add(t: Transaction, first = false) {
      const row = { ...t, fp: `demo:${tag}:${++n}` };
      if (first) rows.unshift(row);
      else rows.push(row);
    },
    trade(type: "buy" | "sell", l: Listing, k: number, qty: number, fee: string, digits: number) {
      const b = bar(l, k, digits);
      this.add({
        ...common(b.date),
        type,
        instrumentId: l.id,
        quantity: D(qty),
        price: D(b.price),
        fee: D(fee),
        currency,
        fxRate: D(1),
      });
      return b.date;
    },
    /** The opening deposit: first of its day, before the trades it pays for. */
    cash(type: "deposit", date: string, amount: string) {
      this.add({ ...common(date), type, amount: D(amount), currency, fxRate: D(1) }, true);
    },
    dividend(l: Listing, date: string, gross: Decimal, tax: Decimal) {
      this.add({
        ...common(date),
        type: "dividend",
        instrumentId: l.id,
        amount: gross,
        withholdingTax: tax,
        currency,
        fxRate: D(1),
      });
    },
    split(l: Listing, date: string, ratio: Decimal) {
      this.add({ ...common(date), type: "split", instrumentId: l.id, ratio });
    },
    common,
  };
}

/** Held quantity of an instrument on a date, from the rows planned so far. */
function heldOn(rows: Transaction[], instrumentId: string, date: string): Decimal {
  let q = new Decimal(0);
  for (const t of [...rows].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))) {
    if (t.date > date) break;
    if ((t.type === "buy" || t.type === "sell") && t.instrumentId === instrumentId)
      q = t.type === "buy" ? q.plus(t.quantity) : q.minus(t.quantity);
    if (t.type === "split" && t.instrumentId === instrumentId) q = q.times(t.ratio);
  }
  return q;
}

async function usPlan(ctx: Ctx, accountId: string, today: string): Promise<Plan> {
  const p = planner(accountId, "USD", "us");
  const used: string[] = [];
  const aapl = await listing(ctx, "AAPL", "XNAS", today);
  const msft = await listing(ctx, "MSFT", "XNAS", today);
  const starts: string[] = [];
  if (msft) {
    used.push("MSFT");
    starts.push(p.trade("buy", msft, 4, 100, "1.00", 2));
    p.trade("sell", msft, -5, 100, "1.00", 2); // sold out
  }
  if (aapl && aapl.dates.length > 400) {
    used.push("AAPL");
    const first = p.trade("buy", aapl, 9, 40, "1.00", 2);
    starts.push(first);
    p.trade("buy", aapl, 250, 20, "1.00", 2);
    p.trade("sell", aapl, -60, 25, "1.00", 2);
    const actions = await listActions({ ctx, input: { id: aapl.id } });
    for (const a of actions) {
      if (a.exDate <= first || a.exDate > (aapl.dates.at(-1) as string)) continue;
      if (a.actionType === "split" && a.splitTo && a.splitFrom)
        p.split(aapl, a.exDate, new Decimal(a.splitTo).div(a.splitFrom));
      if (a.actionType === "dividend" && a.amount) {
        const held = heldOn(p.rows, aapl.id, a.exDate);
        if (held.isZero()) continue;
        const gross = held.times(a.amount).toDecimalPlaces(2);
        // 15 %: the US withholding on dividends under most tax treaties (Korea's included).
        p.dividend(
          aapl,
          a.payDate ?? a.exDate,
          gross,
          gross.times("0.15").toDecimalPlaces(2, Decimal.ROUND_DOWN),
        );
      }
    }
  }
  if (starts.length) p.cash("deposit", starts.sort()[0] as string, "30000");
  return { rows: p.rows, used };
}

async function krPlan(ctx: Ctx, accountId: string, today: string): Promise<Plan> {
  const p = planner(accountId, "KRW", "kr");
  const used: string[] = [];
  const samsung = await listing(ctx, "005930", "XKRX", today);
  const hynix = await listing(ctx, "000660", "XKRX", today);
  const starts: string[] = [];
  if (samsung && samsung.dates.length > 80) {
    used.push("005930");
    starts.push(p.trade("buy", samsung, 4, 60, "500", 0));
    const payDay = (samsung.dates[70] as string) ?? (samsung.dates.at(-1) as string);
    const gross = new Decimal(361).times(60);
    // Korea withholds 15.4 % (income tax 14 % and local tax 1.4 %), in whole won.
    p.dividend(samsung, payDay, gross, gross.times("0.154").toDecimalPlaces(0, Decimal.ROUND_DOWN));
  }
  if (hynix && hynix.dates.length > 160) {
    used.push("000660");
    starts.push(p.trade("buy", hynix, 9, 25, "500", 0));
    p.trade("sell", hynix, 150, 10, "500", 0);
  }
  if (starts.length) p.cash("deposit", starts.sort()[0] as string, "10000000");
  return { rows: p.rows, used };
}

async function demoAccount(ctx: Ctx, userId: string, name: string, baseCurrency: string) {
  const existing = (await accountsRepo.listAccounts(ctx.db, userId)).find((a) => a.name === name);
  if (existing) {
    if (existing.baseCurrency !== baseCurrency)
      throw new ConflictError(
        `You have an account named ${name} in ${existing.baseCurrency}: rename it to load the demo`,
      );
    return { account: existing, created: false };
  }
  const account = await accountsRepo.insertAccount(ctx.db, {
    id: newId(),
    userId,
    name,
    baseCurrency,
    broker: null,
  });
  return { account, created: true };
}

/** Loads the demo portfolio for the signed-in user (again: nothing added). */
export const loadDemoPortfolio = defineVerb({
  name: "portfolio.loadDemo",
  access: "user",
  write: true,
  async run({ ctx, actor }) {
    const userId = actor.userId;
    const today = ctx.clock.now().toISOString().slice(0, 10);
    await txRepo.lockLedger(ctx.db, userId);
    const us = await demoAccount(ctx, userId, DEMO_ACCOUNTS.us, "USD");
    const kr = await demoAccount(ctx, userId, DEMO_ACCOUNTS.kr, "KRW");
    const plans = [await usPlan(ctx, us.account.id, today), await krPlan(ctx, kr.account.id, today)];
    const planned = plans.flatMap((p) => p.rows) as (Transaction & { fp: string })[];
    if (!planned.length)
      throw new ConflictError(
        "The market has no demo data for AAPL, MSFT, 005930 or 000660 yet: load the market demo data first",
        "no_demo_market_data",
      );
    const stored = await txRepo.ledgerRows(ctx.db, userId);
    const have = new Set(stored.map((r) => `${r.accountId}\u0000${r.fingerprint}`));
    const seqs = new Map<string, number>();
    const rows: TransactionInsert[] = [];
    for (const t of planned) {
      if (have.has(`${t.accountId}\u0000${t.fp}`)) continue;
      const key = `${t.accountId}\u0000${t.date}`;
      const seq = seqs.get(key) ?? (await txRepo.nextSeq(ctx.db, t.accountId, t.date));
      seqs.set(key, seq + 1);
      const { fp, ...tx } = t;
      rows.push(toRow(tx, { userId, seq, fingerprint: fp, note: "demo" }));
    }
    // The demo is checked as any change is: replayed with the user's ledger before it is stored.
    const accounts = (await accountsRepo.listAccounts(ctx.db, userId)).map((a) => ({
      id: a.id,
      baseCurrency: a.baseCurrency,
    }));
    const now = new Date();
    const asRows = [
      ...stored,
      ...rows.map((r) => ({ createdAt: now, updatedAt: now, ...r }) as (typeof stored)[number]),
    ].sort((a, b) => (a.tradeDate < b.tradeDate ? -1 : a.tradeDate > b.tradeDate ? 1 : a.seq - b.seq));
    replayWith(accounts, asRows, {});
    const inserted = await txRepo.insertTransactions(ctx.db, rows);
    await refreshHoldings(ctx, userId, [us.account.id, kr.account.id]);
    return {
      accounts: [us, kr].map((a) => ({
        id: a.account.id,
        name: a.account.name,
        baseCurrency: a.account.baseCurrency,
        created: a.created,
      })),
      instruments: plans.flatMap((p) => p.used),
      inserted: inserted.length,
      alreadyThere: planned.length - rows.length,
    };
  },
  audit: ({ result }) => ({
    eventType: "portfolio.demo",
    action: "load",
    resourceType: "portfolio_account",
    resourceId: result.accounts[0]?.id ?? null,
    newValues: { inserted: result.inserted, instruments: result.instruments },
  }),
});

export const demoOut = z.object({
  accounts: z.array(
    z.object({ id: z.string(), name: z.string(), baseCurrency: z.string(), created: z.boolean() }),
  ),
  /** The demo instruments that had bars (the others are left out). */
  instruments: z.array(z.string()),
  inserted: z.number().int(),
  alreadyThere: z.number().int(),
});

export async function demoRoutes(root: FastifyInstance, platform: Platform): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.post(
    "/api/portfolio/demo",
    {
      config: { access: "trade" },
      schema: {
        tags: ["portfolio"],
        summary:
          "Load the demo portfolio (a USD and a KRW account on the market's demo data); again adds nothing",
        description:
          "409 `no_demo_market_data` when the market has none of the demo instruments' bars; 409 when you already have an account of a demo account's name in another currency.",
        response: { 200: demoOut, ...routeErrors },
      },
    },
    async (req: FastifyRequest) => loadDemoPortfolio({ ctx: requestCtx(platform, req), input: undefined }),
  );
}
