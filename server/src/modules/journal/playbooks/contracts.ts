// Wire shapes of playbooks (002 strategies) and of the trade statistics.
import { z } from "zod";
import { isoDate } from "../../../platform/schemas.ts";
import { tag } from "../trades/contracts.ts";
import { GROUPINGS } from "./metrics.ts";

const rule = z.object({
  id: z.string().trim().min(1).max(100).optional().describe("kept when editing; new rules get one"),
  text: z.string().trim().min(1).max(500),
});

export const strategyInput = z.object({
  name: z.string().trim().min(1).max(100),
  description: z.string().max(20_000).nullable().optional(),
  rules: z.array(rule).max(50).optional(),
  active: z.boolean().optional(),
});
export const strategyPatch = strategyInput.partial();

export const ruleOut = z.object({ id: z.string(), text: z.string() });
export const strategyOut = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  rules: z.array(ruleOut),
  active: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type StrategyOut = z.infer<typeof strategyOut>;

const interval = z
  .object({ low: z.number(), high: z.number(), level: z.number() })
  .nullable()
  .describe("confidence interval (95 %); null when the sample is too small");

export const metricsOut = z.object({
  count: z.number().describe("closed trades in the sample"),
  wins: z.number(),
  losses: z.number(),
  winRate: z.number().nullable(),
  winRateInterval: interval.describe("Wilson score interval"),
  netPnl: z.number(),
  grossProfit: z.number(),
  grossLoss: z.number(),
  profitFactor: z.number().nullable().describe("null without losses (no finite value) or trades"),
  expectancy: z.number().nullable(),
  expectancyInterval: interval.describe("Student's t interval of the mean P&L"),
  averageWin: z.number().nullable(),
  averageLoss: z.number().nullable(),
  payoffRatio: z.number().nullable(),
  sqn: z.number().nullable(),
  maxConsecutiveLosses: z.number(),
  maxDrawdown: z.number().describe("largest fall of the cumulative P&L from its peak"),
  averageHoldingSeconds: z.number().nullable(),
  rCount: z.number().describe("trades with a planned stop (the R figures' sample)"),
  averageR: z.number().nullable(),
  averageRInterval: interval,
  totalR: z.number().nullable(),
});

export const statsQuery = z.object({
  groupBy: z.enum(GROUPINGS).optional(),
  strategyId: z.string().optional(),
  accountId: z.string().optional(),
  instrumentId: z.string().optional(),
  tag: tag.optional(),
  from: isoDate().optional().describe("first entry date included"),
  to: isoDate().optional().describe("last entry date included"),
  currency: z
    .string()
    .regex(/^[A-Za-z]{3}$/, "expected an ISO 4217 code")
    .transform((s) => s.toUpperCase())
    .optional()
    .describe("the trades' currency; default: the one with most closed trades"),
  timeZone: z.string().max(64).default("UTC").describe("IANA time zone of the weekday and hour groups"),
});

export const statsOut = z.object({
  currency: z.string().nullable().describe("the P&L figures' currency (trades in others are left out)"),
  currencies: z.array(z.object({ currency: z.string(), count: z.number() })),
  overall: metricsOut,
  groupBy: z.enum(GROUPINGS).nullable(),
  groups: z.array(z.object({ key: z.string(), metrics: metricsOut })),
});
