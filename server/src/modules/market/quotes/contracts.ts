// Zod schemas of quotes and of the intervals a chart can ask for.
import { z } from "zod";
import { interval } from "../contracts.ts";

const dec = z.string().nullable();
export const quoteOut = z.object({
  instrumentId: z.string(),
  symbol: z.string(),
  mic: z.string(),
  country: z.string().nullable(),
  /** Old market code, derived: FX, CRYPTO, or the country. */
  market: z.string(),
  currency: z.string(),
  /** Latest price (decimal string): the provider's live quote when newer than the last bar, else the last close. */
  price: z.string(),
  priceAt: z.string(),
  priceSource: z.string().describe("`bars` or the provider id"),
  previousClose: dec,
  previousCloseDate: z.string().nullable(),
  change: dec,
  changePct: dec.describe("percent, 4 decimals"),
  sessionDate: z.string().nullable(),
  open: dec,
  high: dec,
  low: dec,
  volume: dec,
  barInterval: z.string().nullable(),
  barTs: z.string().nullable(),
  week52High: dec,
  week52Low: dec,
  week52From: z.string().nullable(),
  marketCap: dec,
  marketCapDate: z.string().nullable(),
  providerQuote: z
    .object({
      provider: z.string(),
      price: z.string(),
      previousClose: dec,
      volume: dec,
      asOf: z.string(),
    })
    .nullable(),
  updatedAt: z.string(),
});
export const intervalsOut = z.object({
  instrumentId: z.string(),
  stored: z.array(z.object({ interval, first: z.string(), last: z.string() })),
  available: z.array(interval),
});
