// Wire shapes of the journal's trades: money and quantities are decimal strings, instants ISO 8601.
import { z } from "zod";
import { isoDate, isoDateTime } from "../../../platform/schemas.ts";
import { TRADE_SIDES, TRADE_STATUSES } from "../schema.ts";

/** A positive decimal as a string. */
export const positiveDecimal = z
  .string()
  .trim()
  .regex(/^\d{1,24}(\.\d{1,16})?$/, "expected a positive decimal number as a string, e.g. 12.5")
  .refine((s) => Number(s) > 0, "must be more than 0");
const nonNegativeDecimal = z
  .string()
  .trim()
  .regex(/^\d{1,24}(\.\d{1,16})?$/, "expected a decimal number as a string, e.g. 1.25");

export const tag = z.string().trim().min(1).max(50);
export const tags = z.array(tag).max(30);

export const fillOut = z.object({
  transactionId: z.string(),
  role: z.enum(["entry", "exit"]),
  quantity: z.string(),
  fee: z.string(),
});

export const ruleCheckOut = z.object({ ruleId: z.string(), followed: z.boolean() });

export const tradeOut = z.object({
  id: z.string(),
  accountId: z.string(),
  instrumentId: z.string(),
  symbol: z.string(),
  currency: z.string(),
  side: z.enum(TRADE_SIDES),
  status: z.enum(TRADE_STATUSES),
  quantity: z.string(),
  openQuantity: z.string(),
  exitedQuantity: z.string(),
  entryPrice: z.string(),
  exitPrice: z.string().nullable().describe("set once the trade is closed"),
  averageExitPrice: z.string().nullable(),
  entryAt: z.string(),
  entryTimeKnown: z.boolean().describe("false: the ledger has the entry's date only"),
  exitAt: z.string().nullable(),
  holdingSeconds: z.number().nullable(),
  commission: z.string(),
  pnl: z.string().nullable().describe("generated: (exit − entry) × quantity − commission, once closed"),
  pnlPercent: z.string().nullable(),
  realizedPnl: z.string().describe("FIFO realised P&L of the exits so far, net of commissions"),
  rMultiple: z.string().nullable().describe("realised P&L over the planned risk |entry − stop| × quantity"),
  strategyId: z.string().nullable(),
  plannedStop: z.string().nullable(),
  plannedTarget: z.string().nullable(),
  notes: z.string().nullable(),
  tags: z.array(z.string()),
  broker: z.string().nullable(),
  brokerAccountId: z.string().nullable(),
  orderId: z.string().nullable(),
});
export type TradeOut = z.infer<typeof tradeOut>;

export const tradeDetailOut = tradeOut.extend({
  fills: z.array(fillOut),
  ruleChecks: z.array(ruleCheckOut),
  entryIds: z.array(z.string()),
});
export type TradeDetailOut = z.infer<typeof tradeDetailOut>;

export const tradeListQuery = z.object({
  status: z.enum(TRADE_STATUSES).optional(),
  side: z.enum(TRADE_SIDES).optional(),
  accountId: z.string().optional(),
  instrumentId: z.string().optional(),
  strategyId: z.string().optional(),
  tag: tag.optional(),
  from: isoDate().optional().describe("first entry date included"),
  to: isoDate().optional().describe("last entry date included"),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type TradeListQuery = z.output<typeof tradeListQuery>;

export const tradeListOut = z.object({ trades: z.array(tradeOut), total: z.number() });

export const tradePatch = z.object({
  strategyId: z.string().nullable().optional(),
  plannedStop: positiveDecimal.nullable().optional(),
  plannedTarget: positiveDecimal.nullable().optional(),
  notes: z.string().max(20_000).nullable().optional(),
  tags: tags.optional(),
});

export const manualFill = z.object({
  action: z.enum(["entry", "exit"]),
  date: isoDate().describe("trade date (the exchange's)"),
  at: isoDateTime().optional().describe("the moment of execution, when known"),
  quantity: positiveDecimal,
  price: positiveDecimal,
  fee: nonNegativeDecimal.optional(),
});

/** A trade entered by hand: its fills go to the ledger (buy/sell for long, short/cover for short). */
export const manualTradeInput = z.object({
  accountId: z.string(),
  instrumentId: z.string(),
  side: z.enum(TRADE_SIDES),
  fills: z.array(manualFill).min(1).max(100),
  strategyId: z.string().nullable().optional(),
  plannedStop: positiveDecimal.nullable().optional(),
  plannedTarget: positiveDecimal.nullable().optional(),
  notes: z.string().max(20_000).nullable().optional(),
  tags: tags.optional(),
});
export type ManualTradeInput = z.output<typeof manualTradeInput>;

export const ruleChecksInput = z.object({
  checks: z.array(z.object({ ruleId: z.string().min(1).max(100), followed: z.boolean() })).max(100),
});

export const rebuildOut = z.object({
  accounts: z.number().describe("accounts whose trades were rebuilt"),
  trades: z.number().describe("your trades after the rebuild"),
});
