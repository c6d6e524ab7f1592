// Zod schemas of corporate actions.
import { z } from "zod";
import { currency, decimalString, isoDate } from "../contracts.ts";
import { ACTION_TYPES } from "../schema.ts";

export const actionInput = z.object({
  actionType: z.enum(ACTION_TYPES),
  exDate: isoDate,
  splitTo: decimalString.nullish(),
  splitFrom: decimalString.nullish(),
  amount: decimalString.nullish(),
  currency: currency.nullish(),
  oldSymbol: z.string().max(32).nullish(),
  newSymbol: z.string().max(32).nullish(),
  recordDate: isoDate.nullish(),
  payDate: isoDate.nullish(),
  source: z.string().max(64).nullish(),
  notes: z.string().max(2000).nullish(),
});
export type ActionInput = z.input<typeof actionInput>;

export const actionOut = z.object({
  id: z.string(),
  instrumentId: z.string(),
  actionType: z.string(),
  exDate: z.string(),
  splitTo: z.string().nullable(),
  splitFrom: z.string().nullable(),
  amount: z.string().nullable(),
  currency: z.string().nullable(),
  oldSymbol: z.string().nullable(),
  newSymbol: z.string().nullable(),
  recordDate: z.string().nullable(),
  payDate: z.string().nullable(),
  source: z.string().nullable(),
  notes: z.string().nullable(),
  prevClose: z.number().nullable(),
  /** This action's own price factor (split m/n, dividend 1 − D/prevClose). */
  priceFactor: z.number(),
  /** Product of this and every later action's factor: what bars before exDate are multiplied by. */
  cumulativeFactor: z.number(),
  skipped: z.string().nullable(),
});
