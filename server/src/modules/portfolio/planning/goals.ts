// Goal verbs: an amount in a currency by a date, counting some (or all) of the user's accounts, with
// progress (the counted accounts' value today, converted to the goal's currency) and a projection
// (projection.ts). Another user's goal id answers 404.
import { z } from "zod";
import type { Ctx } from "../../../platform/context.ts";
import type { Db } from "../../../platform/db/index.ts";
import { NotFoundError, ValidationError } from "../../../platform/errors.ts";
import { isUuid, newId } from "../../../platform/ids.ts";
import { Decimal, minorUnits } from "../../../platform/money.ts";
import { defineVerb } from "../../../platform/verb.ts";
import { type Notice, notice } from "../notices/contracts.ts";
import { loadBook, loadHistory } from "./book.ts";
import { type GoalOut, goalInput, goalPatch } from "./contracts.ts";
import { project } from "./projection.ts";
import * as repo from "./repository.ts";

/** The yearly return a goal without its own expected return assumes when the history is too short. */
export const DEFAULT_RETURN_PCT = new Decimal(4);
const MAX_TARGET_YEARS = 100;

const METHOD =
  "Compound growth month by month at the monthly rate equivalent to the yearly return, contributions at each month's end: FV = PV·(1+r)^n + C·((1+r)^n − 1)/r. The range uses the yearly returns R ± 1.645·σ/√T (σ: the yearly volatility of the counted accounts' daily returns over the last year, needing 60 daily returns; T: years to the target date) — the 5th and 95th percentiles of the average yearly return if returns are independent.";

async function ownGoal(db: Db, userId: string, id: string): Promise<repo.GoalRow> {
  const g = isUuid(id) ? await repo.findGoal(db, userId, id) : undefined;
  if (!g) throw new NotFoundError("Goal not found");
  return g;
}

async function checkAccounts(
  ctx: Ctx,
  userId: string,
  ids: readonly string[] | null | undefined,
): Promise<string[] | null> {
  if (ids === null || ids === undefined) return null;
  const own = new Set((await repo.listAccounts(ctx.db, userId)).map((a) => a.id));
  for (const [i, id] of ids.entries())
    if (!own.has(id)) throw new ValidationError("no such account of yours", `input.accountIds.${i}`);
  if (!ids.length)
    throw new ValidationError("list at least one account, or leave it out for all", "input.accountIds");
  return [...new Set(ids)];
}

function checkDate(ctx: Ctx, date: string): void {
  const today = ctx.clock.now().toISOString().slice(0, 10);
  if (date <= today) throw new ValidationError("must be after today", "input.targetDate");
  if (Number(date.slice(0, 4)) - Number(today.slice(0, 4)) > MAX_TARGET_YEARS)
    throw new ValidationError(`must be within ${MAX_TARGET_YEARS} years`, "input.targetDate");
}

function checkAmounts(p: { targetAmount?: string; expectedReturnPct?: string | null }): void {
  if (p.targetAmount !== undefined && new Decimal(p.targetAmount).lte(0))
    throw new ValidationError("must be more than 0", "input.targetAmount");
  if (p.expectedReturnPct !== undefined && p.expectedReturnPct !== null) {
    const r = new Decimal(p.expectedReturnPct);
    if (r.lte(-100) || r.gt(100))
      throw new ValidationError(
        "must be above -100 and at most 100 (percent a year)",
        "input.expectedReturnPct",
      );
  }
}

/** A goal with its progress and projection, figured now. */
type Figures = {
  book: Awaited<ReturnType<typeof loadBook>>;
  history: Awaited<ReturnType<typeof loadHistory>>;
};

export async function goalView(
  ctx: Ctx,
  userId: string,
  g: repo.GoalRow,
  /** Goals counting the same accounts in the same currency share one valuation (a list's goals). */
  cache: Map<string, Figures> = new Map(),
): Promise<GoalOut> {
  const warnings: Notice[] = [];
  const own = new Set((await repo.listAccounts(ctx.db, userId)).map((a) => a.id));
  let accountIds = g.accountIds ?? undefined;
  if (accountIds) {
    const kept = accountIds.filter((id) => own.has(id));
    if (kept.length < accountIds.length)
      warnings.push(notice("goal.accountsGone", { count: accountIds.length - kept.length }));
    accountIds = kept;
  }
  const key = `${g.currency}:${accountIds ? [...accountIds].sort().join(",") : "*"}`;
  let figures = cache.get(key);
  if (!figures) {
    const book = await loadBook(ctx, userId, { accountIds, currency: g.currency });
    figures = { book, history: await loadHistory(ctx, book) };
    cache.set(key, figures);
  }
  const { book, history } = figures;
  warnings.push(...book.warnings);
  const target = new Decimal(g.targetAmount);
  let returnPct: Decimal;
  let returnSource: "goal" | "history" | "default";
  if (g.expectedReturnPct !== null) {
    returnPct = new Decimal(g.expectedReturnPct);
    returnSource = "goal";
  } else if (history.yearlyReturnPct) {
    returnPct = history.yearlyReturnPct;
    returnSource = "history";
  } else {
    returnPct = DEFAULT_RETURN_PCT;
    returnSource = "default";
    warnings.push(notice("goal.defaultReturn", { returnPct: DEFAULT_RETURN_PCT.toString() }));
  }
  if (!history.volatilityPct) warnings.push(notice("goal.noRange"));
  const p = project({
    currentValue: book.total,
    monthlyContribution: new Decimal(g.monthlyContribution),
    expectedReturnPct: returnPct,
    volatilityPct: history.volatilityPct,
    target,
    asOf: book.asOf,
    targetDate: g.targetDate,
  });
  const mu = minorUnits(g.currency);
  const m = (d: Decimal) => d.toDecimalPlaces(mu).toFixed(mu);
  const mn = (d: Decimal | null) => (d === null ? null : m(d));
  const p4 = (d: Decimal | null) => (d === null ? null : d.toDecimalPlaces(4).toString());
  return {
    id: g.id,
    name: g.name,
    targetAmount: m(target),
    currency: g.currency,
    targetDate: g.targetDate,
    accountIds: g.accountIds ?? null,
    monthlyContribution: m(new Decimal(g.monthlyContribution)),
    expectedReturnPct: g.expectedReturnPct === null ? null : new Decimal(g.expectedReturnPct).toString(),
    createdAt: new Date(g.createdAt).toISOString(),
    updatedAt: new Date(g.updatedAt).toISOString(),
    progress: {
      asOf: book.asOf,
      currentValue: m(book.total),
      pct: book.total.times(100).div(target).toDecimalPlaces(4).toString(),
    },
    projection: {
      months: p.months,
      returnPct: returnPct.toDecimalPlaces(4).toString(),
      returnSource,
      projectedValue: m(p.projected),
      low: mn(p.low),
      high: mn(p.high),
      lowReturnPct: p4(p.lowReturnPct),
      highReturnPct: p4(p.highReturnPct),
      volatilityPct: p4(history.volatilityPct),
      onTrack: p.onTrack,
      requiredMonthlyContribution: mn(p.requiredMonthly),
      points: p.points.map((x) => ({
        date: x.date,
        months: x.months,
        expected: m(x.expected),
        low: mn(x.low),
        high: mn(x.high),
      })),
      method: METHOD,
    },
    warnings,
  };
}

export const listGoals = defineVerb({
  name: "portfolio.listGoals",
  access: "user",
  async run({ ctx, actor }) {
    const out: GoalOut[] = [];
    const cache = new Map<string, Figures>();
    for (const g of await repo.listGoals(ctx.db, actor.userId))
      out.push(await goalView(ctx, actor.userId, g, cache));
    return out;
  },
});

export const getGoal = defineVerb({
  name: "portfolio.getGoal",
  access: "user",
  input: z.object({ id: z.string() }),
  async run({ ctx, input, actor }) {
    return goalView(ctx, actor.userId, await ownGoal(ctx.db, actor.userId, input.id));
  },
});

const stored = (g: repo.GoalRow) => ({
  name: g.name,
  targetAmount: g.targetAmount,
  currency: g.currency,
  targetDate: g.targetDate,
  accountIds: g.accountIds,
  monthlyContribution: g.monthlyContribution,
  expectedReturnPct: g.expectedReturnPct,
});

export const createGoal = defineVerb({
  name: "portfolio.createGoal",
  access: "user",
  input: goalInput,
  write: true,
  async run({ ctx, input, actor }) {
    checkAmounts(input);
    checkDate(ctx, input.targetDate);
    const accountIds = await checkAccounts(ctx, actor.userId, input.accountIds);
    const row = await repo.insertGoal(ctx.db, {
      id: newId(),
      userId: actor.userId,
      name: input.name,
      targetAmount: input.targetAmount,
      currency: input.currency,
      targetDate: input.targetDate,
      accountIds,
      monthlyContribution: input.monthlyContribution ?? "0",
      expectedReturnPct: input.expectedReturnPct ?? null,
    });
    return row;
  },
  audit: ({ result }) => ({
    eventType: "portfolio.planning",
    action: "goal_create",
    resourceType: "portfolio_goal",
    resourceId: result.id,
    newValues: stored(result),
  }),
});

export const updateGoal = defineVerb({
  name: "portfolio.updateGoal",
  access: "user",
  input: z.object({ id: z.string(), patch: goalPatch }),
  write: true,
  async run({ ctx, input, actor }) {
    const cur = await ownGoal(ctx.db, actor.userId, input.id);
    const p = input.patch;
    checkAmounts(p);
    if (p.targetDate !== undefined) checkDate(ctx, p.targetDate);
    const patch: Partial<Parameters<typeof repo.insertGoal>[1]> = {};
    if (p.name !== undefined) patch.name = p.name;
    if (p.targetAmount !== undefined) patch.targetAmount = p.targetAmount;
    if (p.currency !== undefined) patch.currency = p.currency;
    if (p.targetDate !== undefined) patch.targetDate = p.targetDate;
    if (p.accountIds !== undefined) patch.accountIds = await checkAccounts(ctx, actor.userId, p.accountIds);
    if (p.monthlyContribution !== undefined) patch.monthlyContribution = p.monthlyContribution;
    if (p.expectedReturnPct !== undefined) patch.expectedReturnPct = p.expectedReturnPct;
    const row = await repo.updateGoal(ctx.db, actor.userId, cur.id, patch);
    if (!row) throw new NotFoundError("Goal not found");
    return { row, previous: stored(cur) };
  },
  audit: ({ result }) => ({
    eventType: "portfolio.planning",
    action: "goal_update",
    resourceType: "portfolio_goal",
    resourceId: result.row.id,
    oldValues: result.previous,
    newValues: stored(result.row),
  }),
});

export const deleteGoal = defineVerb({
  name: "portfolio.deleteGoal",
  access: "user",
  input: z.object({ id: z.string() }),
  write: true,
  async run({ ctx, input, actor }) {
    const cur = await ownGoal(ctx.db, actor.userId, input.id);
    await repo.deleteGoal(ctx.db, actor.userId, cur.id);
    return cur;
  },
  audit: ({ result }) => ({
    eventType: "portfolio.planning",
    action: "goal_delete",
    resourceType: "portfolio_goal",
    resourceId: result.id,
    oldValues: stored(result),
  }),
});
