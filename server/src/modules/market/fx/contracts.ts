// Zod schemas of FX rates and conversions.
import { z } from "zod";
import { decimalString, isoDate } from "../contracts.ts";

/** A 3-letter currency code in any case (upper-cased by the verbs). */
export const ccy = z.string().regex(/^[A-Za-z]{3}$/, "expected a 3-letter currency code");

export const fxRateInput = z.object({ base: ccy, quote: ccy, date: isoDate.optional() });
export const fxConvertInput = z.object({
  amount: decimalString,
  from: ccy,
  to: ccy,
  date: isoDate.optional(),
});

export const fxRateOut = z.object({
  base: z.string(),
  quote: z.string(),
  date: z.string(),
  rate: z.string(),
  /** Date of the oldest rate used (the rate in force on `date`). */
  rateDate: z.string(),
  ageDays: z.number(),
  stale: z.boolean(),
  via: z.enum(["identity", "direct", "inverse", "USD"]),
});
export const fxConvertOut = fxRateOut.extend({ amount: z.string(), converted: z.string() });
