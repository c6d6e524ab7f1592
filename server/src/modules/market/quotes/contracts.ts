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
  barSource: z
    .string()
    .nullable()
    .describe(
      "When priceSource is `bars`: the source of the bar that priced it (`demo:yahoo`, `synthetic` for generated demo data, `fx-rates` for bars derived from the FX reference rates, a provider id, or what an import named)",
    ),
  priceDecimals: z
    .number()
    .int()
    .describe(
      "Decimals prices of this instrument are shown with: its pip for pairs, 0 for KRW and JPY listings, else 2",
    ),
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
  /** The data version to send as `v` with bar requests (see /bars): changes whenever the bars do. */
  version: z.string(),
});

/** The quote route's answer: the quote, or null while the instrument has no bars yet. */
export const quoteOrNullOut = z.object({
  quote: quoteOut.nullable().describe("null while the instrument has no bars (and no provider quote) yet"),
});
