// Playbook verbs (CRUD; name unique per user) and the statistics of closed trades, overall and per
// group, in one currency at a time (P&L in two currencies does not add up).
import { z } from "zod";
import { NotFoundError, ValidationError } from "../../../platform/errors.ts";
import { isUuid, newId } from "../../../platform/ids.ts";
import { defineVerb } from "../../../platform/verb.ts";
import { closedTrades, ruleComplianceOf } from "../trades/repository.ts";
import { rMultiple } from "../trades/service.ts";
import { syncTrades } from "../trades/sync.ts";
import { type StrategyOut, statsQuery, strategyInput, strategyPatch } from "./contracts.ts";
import { type ClosedTrade, groupMetrics, metricsOf } from "./metrics.ts";
import * as repo from "./repository.ts";

const CONFLICT = "You already have a playbook with that name";

function strategyOut(r: repo.StrategyRow): StrategyOut {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    rules: r.rules as repo.Rule[],
    active: r.active,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** Rules with ids: a given id is kept (unique), a new rule gets one. */
function withIds(rules: { id?: string | undefined; text: string }[], field: string): repo.Rule[] {
  const seen = new Set<string>();
  return rules.map((r, i) => {
    const id = r.id ?? newId();
    if (seen.has(id)) throw new ValidationError("the same rule id twice", `${field}.${i}.id`);
    seen.add(id);
    return { id, text: r.text };
  });
}

async function own(ctx: { db: import("../../../platform/db/index.ts").Db }, userId: string, id: string) {
  const s = isUuid(id) ? await repo.findStrategy(ctx.db, userId, id) : undefined;
  if (!s) throw new NotFoundError("Playbook not found");
  return s;
}

export const listStrategies = defineVerb({
  name: "journal.listStrategies",
  access: "user",
  run: async ({ ctx, actor }) => ({
    strategies: (await repo.listStrategies(ctx.db, actor.userId)).map(strategyOut),
  }),
});

export const getStrategy = defineVerb({
  name: "journal.getStrategy",
  access: "user",
  input: z.object({ id: z.string() }),
  run: async ({ ctx, input, actor }) => strategyOut(await own(ctx, actor.userId, input.id)),
});

export const createStrategy = defineVerb({
  name: "journal.createStrategy",
  access: "user",
  input: strategyInput,
  write: true,
  conflict: CONFLICT,
  run: async ({ ctx, input, actor }) =>
    strategyOut(
      await repo.insertStrategy(ctx.db, {
        id: newId(),
        userId: actor.userId,
        name: input.name,
        description: input.description ?? null,
        rules: withIds(input.rules ?? [], "input.rules"),
        active: input.active ?? true,
      }),
    ),
  audit: ({ result }) => ({
    eventType: "data",
    action: "journal.strategy.create",
    resourceType: "journal_strategy",
    resourceId: result.id,
    newValues: { name: result.name },
  }),
});

export const updateStrategy = defineVerb({
  name: "journal.updateStrategy",
  access: "user",
  input: z.object({ id: z.string(), patch: strategyPatch }),
  write: true,
  conflict: CONFLICT,
  async run({ ctx, input, actor }) {
    const cur = await own(ctx, actor.userId, input.id);
    const p = input.patch;
    const set: Parameters<typeof repo.updateStrategy>[3] = {};
    if (p.name !== undefined) set.name = p.name;
    if (p.description !== undefined) set.description = p.description;
    if (p.active !== undefined) set.active = p.active;
    if (p.rules !== undefined) set.rules = withIds(p.rules, "input.patch.rules");
    const saved = await repo.updateStrategy(ctx.db, actor.userId, cur.id, set);
    if (!saved) throw new NotFoundError("Playbook not found");
    return strategyOut(saved);
  },
  audit: ({ input, result }) => ({
    eventType: "data",
    action: "journal.strategy.update",
    resourceType: "journal_strategy",
    resourceId: result.id,
    newValues: input.patch,
  }),
});

/** Deletes a playbook; its trades stay, without a playbook (and without their rule ticks' meaning). */
export const deleteStrategy = defineVerb({
  name: "journal.deleteStrategy",
  access: "user",
  input: z.object({ id: z.string() }),
  write: true,
  async run({ ctx, input, actor }) {
    const cur = await own(ctx, actor.userId, input.id);
    await repo.deleteStrategy(ctx.db, actor.userId, cur.id);
    return strategyOut(cur);
  },
  audit: ({ result }) => ({
    eventType: "data",
    action: "journal.strategy.delete",
    resourceType: "journal_strategy",
    resourceId: result.id,
    oldValues: { name: result.name },
  }),
});

const validZone = (tz: string): boolean => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

/** Statistics of the caller's closed trades (filtered), overall and grouped, with sample sizes and intervals. */
export const tradeStats = defineVerb({
  name: "journal.tradeStats",
  access: "user",
  input: statsQuery,
  async run({ ctx, input, actor }) {
    if (!validZone(input.timeZone)) throw new ValidationError("unknown time zone", "input.timeZone");
    if (input.from && input.to && input.from > input.to)
      throw new ValidationError("is after to", "input.from");
    for (const f of ["strategyId", "accountId", "instrumentId"] as const) {
      const v = input[f];
      if (v && !isUuid(v)) throw new ValidationError("not an id", `input.${f}`);
    }
    await syncTrades(ctx, actor.userId);
    const { groupBy, currency: wanted, timeZone, ...filter } = input;
    const rows = await closedTrades(ctx.db, actor.userId, filter);
    const counts = new Map<string, number>();
    for (const r of rows) counts.set(r.currency, (counts.get(r.currency) ?? 0) + 1);
    const currencies = [...counts.entries()]
      .map(([c, n]) => ({ currency: c, count: n }))
      .sort((a, b) => b.count - a.count || a.currency.localeCompare(b.currency));
    const currency = wanted ?? currencies[0]?.currency ?? null;
    const mine = rows.filter((r) => r.currency === currency);
    const names = new Map(
      (await repo.listStrategies(ctx.db, actor.userId)).map((s) => [s.id, s.name] as const),
    );
    const followed = await ruleComplianceOf(ctx.db, actor.userId);
    const sample: ClosedTrade[] = mine.map((r) => {
      const rm = rMultiple(r);
      return {
        pnl: Number(r.realizedPnl),
        r: rm ? rm.toNumber() : null,
        holdingSeconds: r.holdingSeconds,
        entryAt: r.entryAt.toISOString(),
        entryTimeKnown: r.entryTimeKnown,
        strategy: r.strategyId ? (names.get(r.strategyId) ?? null) : null,
        tags: r.tags,
        symbol: r.symbol,
        rulesFollowed: followed.get(r.id) ?? null,
      };
    });
    return {
      currency,
      currencies,
      overall: metricsOf(sample),
      groupBy: groupBy ?? null,
      groups: groupBy ? groupMetrics(sample, groupBy, timeZone) : [],
    };
  },
});
