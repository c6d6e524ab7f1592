// Zod schemas of the market's home cards: markets at a glance (indices and FX with a sparkline, the
// day's movers among the user's watchlists) and the default watchlist.
import { z } from "zod";

const dec = z.string().nullable();
/** An instrument with its latest quote (null fields while it has none). */
export const quoteLine = z.object({
  instrumentId: z.string(),
  symbol: z.string(),
  mic: z.string(),
  name: z.string(),
  nameLocal: z.string().nullable(),
  assetClass: z.string(),
  currency: z.string(),
  price: dec.describe("Latest price (decimal string), null when the instrument has no quote yet"),
  change: dec,
  changePct: dec.describe("percent, 4 decimals"),
  priceAt: z.string().nullable(),
  sessionDate: z.string().nullable().describe("Trading date of the latest price"),
  priceDecimals: z.number().int().describe("Decimals its prices are shown with (the instrument's tick)"),
  synthetic: z.boolean().describe("The latest price comes from a synthetic (made-up) series"),
});
export const glanceLine = quoteLine.extend({
  spark: z.array(z.number()).describe("Closes of the last daily bars, oldest first (at most 30)"),
});
export const marketGlanceOut = z.object({
  /** The main indices and FX pairs, indices first. */
  indices: z.array(glanceLine),
  fx: z.array(glanceLine),
  /** The largest moves of the latest session among the instruments of the user's watchlists. */
  movers: z.array(quoteLine),
  /** How many distinct instruments the user's watchlists hold. */
  watched: z.number().int(),
});
export const defaultWatchlistOut = z.object({
  watchlist: z
    .object({
      id: z.string(),
      name: z.string(),
      size: z.number().int().describe("Instruments in the list (the items are the first ones)"),
      items: z.array(quoteLine),
    })
    .nullable()
    .describe("The default watchlist, null when the user has none"),
  watchlists: z.number().int().describe("How many watchlists the user has"),
});
export type QuoteLine = z.infer<typeof quoteLine>;
export type MarketGlanceOut = z.infer<typeof marketGlanceOut>;
export type DefaultWatchlistOut = z.infer<typeof defaultWatchlistOut>;
