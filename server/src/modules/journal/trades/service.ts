// Trade verbs: list and read (after bringing the trades up to date with the ledger), annotate
// (strategy, stop, target, notes, tags), tick playbook rules, rebuild, and enter a trade by hand,
// whose fills go to the ledger through the portfolio's own verb. Another user's trade answers 404.
import { z } from "zod";
import type { Ctx } from "../../../platform/context.ts";
import type { Db } from "../../../platform/db/index.ts";
import { AppError, NotFoundError, ValidationError } from "../../../platform/errors.ts";
import { isUuid } from "../../../platform/ids.ts";
import { Decimal } from "../../../platform/money.ts";
import { defineVerb } from "../../../platform/verb.ts";
import { addTransaction } from "../../portfolio/index.ts";
import * as strategies from "../playbooks/repository.ts";
import {
  manualTradeInput,
  ruleChecksInput,
  type TradeDetailOut,
  type TradeOut,
  tradeListQuery,
  tradePatch,
} from "./contracts.ts";
import * as repo from "./repository.ts";
import { syncTrades } from "./sync.ts";

/** P&L in R: realised P&L over the planned risk |entry − stop| × quantity; null without a stop. */
export function rMultiple(
  t: Pick<repo.TradeRow, "plannedStop" | "entryPrice" | "quantity" | "realizedPnl">,
): Decimal | null {
  if (!t.plannedStop) return null;
  const risk = new Decimal(t.entryPrice).minus(t.plannedStop).abs().times(t.quantity);
  if (risk.isZero()) return null;
  return new Decimal(t.realizedPnl).div(risk);
}

export function tradeOut(t: repo.TradeRow): TradeOut {
  const r = rMultiple(t);
  return {
    id: t.id,
    accountId: t.accountId,
    instrumentId: t.instrumentId,
    symbol: t.symbol,
    currency: t.currency,
    side: t.side,
    status: t.status,
    quantity: t.quantity,
    openQuantity: t.openQuantity,
    exitedQuantity: t.exitedQuantity,
    entryPrice: t.entryPrice,
    exitPrice: t.exitPrice,
    averageExitPrice: t.averageExitPrice,
    entryAt: t.entryAt.toISOString(),
    entryTimeKnown: t.entryTimeKnown,
    exitAt: t.exitAt ? t.exitAt.toISOString() : null,
    holdingSeconds: t.holdingSeconds,
    commission: t.commission,
    pnl: t.pnl,
    pnlPercent: t.pnlPercent,
    realizedPnl: t.realizedPnl,
    rMultiple: r ? r.toDecimalPlaces(4).toString() : null,
    strategyId: t.strategyId,
    plannedStop: t.plannedStop,
    plannedTarget: t.plannedTarget,
    notes: t.notes,
    tags: t.tags,
    broker: t.broker,
    brokerAccountId: t.brokerAccountId,
    orderId: t.orderId,
  };
}

async function ownTrade(db: Db, userId: string, id: string): Promise<repo.TradeRow> {
  const t = isUuid(id) ? await repo.findTrade(db, userId, id) : undefined;
  if (!t) throw new NotFoundError("Trade not found");
  return t;
}

/** A strategy id the user names must be theirs: else 400 naming the field. */
async function checkStrategy(db: Db, userId: string, id: string | null | undefined, field: string) {
  if (id === null || id === undefined) return;
  if (!isUuid(id) || !(await strategies.findStrategy(db, userId, id)))
    throw new ValidationError("unknown playbook", field);
}

async function detail(db: Db, t: repo.TradeRow): Promise<TradeDetailOut> {
  const [fills, checks, entryIds] = await Promise.all([
    repo.fillsOf(db, t.id),
    repo.ruleChecksOf(db, [t.id]),
    repo.entryIdsOf(db, t.id),
  ]);
  return {
    ...tradeOut(t),
    fills: fills.map((f) => ({
      transactionId: f.transactionId,
      role: f.role,
      quantity: f.quantity,
      fee: f.fee,
    })),
    ruleChecks: checks.map((c) => ({ ruleId: c.ruleId, followed: c.followed })),
    entryIds,
  };
}

export const listTrades = defineVerb({
  name: "journal.listTrades",
  access: "user",
  input: tradeListQuery,
  async run({ ctx, input, actor }) {
    await syncTrades(ctx, actor.userId);
    for (const f of ["accountId", "instrumentId", "strategyId"] as const) {
      const v = input[f];
      if (v && !isUuid(v)) return { trades: [], total: 0 };
    }
    if (input.from && input.to && input.from > input.to)
      throw new ValidationError("is after to", "input.from");
    const { limit, offset, ...filter } = input;
    const { rows, total } = await repo.listTrades(ctx.db, actor.userId, filter, { limit, offset });
    return { trades: rows.map(tradeOut), total };
  },
});

export const getTrade = defineVerb({
  name: "journal.getTrade",
  access: "user",
  input: z.object({ id: z.string() }),
  async run({ ctx, input, actor }) {
    await syncTrades(ctx, actor.userId);
    return detail(ctx.db, await ownTrade(ctx.db, actor.userId, input.id));
  },
});

export const updateTrade = defineVerb({
  name: "journal.updateTrade",
  access: "user",
  input: z.object({ id: z.string(), patch: tradePatch }),
  write: true,
  async run({ ctx, input, actor }) {
    await syncTrades(ctx, actor.userId);
    const cur = await ownTrade(ctx.db, actor.userId, input.id);
    const p = input.patch;
    await checkStrategy(ctx.db, actor.userId, p.strategyId, "input.patch.strategyId");
    const set: Parameters<typeof repo.updateTrade>[3] = {};
    if (p.strategyId !== undefined) set.strategyId = p.strategyId;
    if (p.plannedStop !== undefined) set.plannedStop = p.plannedStop;
    if (p.plannedTarget !== undefined) set.plannedTarget = p.plannedTarget;
    if (p.notes !== undefined) set.notes = p.notes;
    if (p.tags !== undefined) set.tags = [...new Set(p.tags)];
    const saved = await repo.updateTrade(ctx.db, actor.userId, cur.id, set);
    if (!saved) throw new NotFoundError("Trade not found");
    // Ticks belong to the playbook's rules: a new playbook starts unticked.
    if (p.strategyId !== undefined && p.strategyId !== cur.strategyId)
      await repo.replaceRuleChecks(ctx.db, cur.id, []);
    return detail(ctx.db, saved);
  },
  audit: ({ input, result }) => ({
    eventType: "data",
    action: "journal.trade.update",
    resourceType: "journal_trade",
    resourceId: result.id,
    newValues: input.patch,
  }),
});

/** Replaces a trade's rule ticks; every rule id must be one of its playbook's rules. */
export const setRuleChecks = defineVerb({
  name: "journal.setRuleChecks",
  access: "user",
  input: z.object({ id: z.string(), body: ruleChecksInput }),
  write: true,
  async run({ ctx, input, actor }) {
    await syncTrades(ctx, actor.userId);
    const t = await ownTrade(ctx.db, actor.userId, input.id);
    if (!t.strategyId)
      throw new ValidationError("the trade has no playbook to tick rules of", "input.checks");
    const s = await strategies.findStrategy(ctx.db, actor.userId, t.strategyId);
    const ids = new Set(((s?.rules ?? []) as strategies.Rule[]).map((r) => r.id));
    const seen = new Set<string>();
    input.body.checks.forEach((c, i) => {
      if (!ids.has(c.ruleId))
        throw new ValidationError("not a rule of the trade's playbook", `input.checks.${i}.ruleId`);
      if (seen.has(c.ruleId)) throw new ValidationError("ticked twice", `input.checks.${i}.ruleId`);
      seen.add(c.ruleId);
    });
    await repo.replaceRuleChecks(ctx.db, t.id, input.body.checks);
    return detail(ctx.db, t);
  },
  audit: ({ result }) => ({
    eventType: "data",
    action: "journal.trade.rules",
    resourceType: "journal_trade",
    resourceId: result.id,
    newValues: { ruleChecks: result.ruleChecks },
  }),
});

/** Rebuilds every trade of the caller from the ledger, whether or not it changed. */
export const rebuildTrades = defineVerb({
  name: "journal.rebuildTrades",
  access: "user",
  write: true,
  async run({ ctx, actor }) {
    const accounts = await syncTrades(ctx, actor.userId, true);
    const { total } = await repo.listTrades(ctx.db, actor.userId, {}, { limit: 1, offset: 0 });
    return { accounts, trades: total };
  },
  audit: ({ result }) => ({
    eventType: "data",
    action: "journal.trades.rebuild",
    resourceType: "journal_trade",
    newValues: result,
  }),
});

/**
 * Enters a trade by hand: each fill becomes a ledger row (long: buy/sell, short: short/cover) through
 * the portfolio's addTransaction, in the given order, then the trades are rebuilt and the trade the
 * first fill belongs to gets the strategy, stop, target, notes and tags. All in one transaction.
 */
export const enterTrade = defineVerb({
  name: "journal.enterTrade",
  access: "user",
  input: manualTradeInput,
  write: true,
  async run({ ctx, input, actor }) {
    const userId = actor.userId;
    await checkStrategy(ctx.db, userId, input.strategyId, "input.strategyId");
    if (!isUuid(input.instrumentId)) throw new ValidationError("unknown instrument", "input.instrumentId");
    const ids: string[] = [];
    const times: { transactionId: string; executedAt: Date }[] = [];
    for (const [i, f] of input.fills.entries()) {
      const type =
        input.side === "long"
          ? f.action === "entry"
            ? "buy"
            : "sell"
          : f.action === "entry"
            ? "short"
            : "cover";
      try {
        const row = await addTransaction({
          ctx,
          input: {
            accountId: input.accountId,
            type,
            date: f.date,
            instrumentId: input.instrumentId,
            quantity: f.quantity,
            price: f.price,
            fee: f.fee ?? "0",
            note: "entered in the journal",
          },
        });
        ids.push(row.id);
        if (f.at) times.push({ transactionId: row.id, executedAt: new Date(f.at) });
      } catch (e) {
        // The ledger names its own input's fields; name ours (the fill and its field) instead.
        if (e instanceof AppError && e.status < 500) {
          const field = /input\.(\w+)/.exec(e.message)?.[1];
          const where =
            field === "accountId" || field === "instrumentId" ? `input.${field}` : `input.fills.${i}`;
          throw new AppErrorAt(e, where);
        }
        throw e;
      }
    }
    await repo.saveFillTimes(ctx.db, userId, times);
    await syncTrades(ctx, userId);
    const t = await repo.tradeByFill(ctx.db, userId, ids[0] as string);
    if (!t) throw new Error("the entered trade was not built");
    const set: Parameters<typeof repo.updateTrade>[3] = {};
    if (input.strategyId !== undefined) set.strategyId = input.strategyId;
    if (input.plannedStop !== undefined) set.plannedStop = input.plannedStop;
    if (input.plannedTarget !== undefined) set.plannedTarget = input.plannedTarget;
    if (input.notes !== undefined) set.notes = input.notes;
    if (input.tags !== undefined) set.tags = [...new Set(input.tags)];
    const saved = Object.keys(set).length ? await repo.updateTrade(ctx.db, userId, t.id, set) : t;
    return { ...(await detail(ctx.db, saved ?? t)), transactionIds: ids };
  },
  audit: ({ result }) => ({
    eventType: "data",
    action: "journal.trade.enter",
    resourceType: "journal_trade",
    resourceId: result.id,
    newValues: { transactionIds: result.transactionIds },
  }),
});

/** The ledger's answer (400, 404, 422) with the place in our input it came from. */
class AppErrorAt extends AppError {
  constructor(e: AppError, where: string) {
    super(
      e.status === 404 ? 400 : e.status,
      e.status === 404 ? "validation" : e.code,
      `${where}: ${e.message}`,
    );
  }
}

/** Trades up to date for a caller outside this file (entries, statistics). */
export async function tradesReady(ctx: Ctx, userId: string): Promise<void> {
  await syncTrades(ctx, userId);
}
