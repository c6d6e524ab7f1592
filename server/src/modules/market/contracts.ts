// Zod schemas for the market module's inputs and outputs (they also feed OpenAPI).
import { z } from "zod";
import { ACTION_TYPES, ASSET_CLASSES, INTERVALS, MARKETS } from "./schema.ts";

export const interval = z.enum(INTERVALS);
export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected YYYY-MM-DD");
const currency = z.string().regex(/^[A-Z]{3}$/, "expected a 3-letter currency code");
/** Decimal as a string (money is never a float in JSON). */
export const decimalString = z.string().regex(/^-?\d+(\.\d+)?$/, "expected a decimal number as a string");

export const instrumentInput = z.object({
  symbol: z.string().trim().min(1).max(32),
  market: z.enum(MARKETS),
  assetClass: z.enum(ASSET_CLASSES).default("equity"),
  name: z.string().trim().min(1).max(200),
  nameLocal: z.string().trim().max(200).nullish(),
  exchange: z.string().max(32).nullish(),
  currency: currency.default("USD"),
  country: z.string().max(64).nullish(),
  sector: z.string().max(100).nullish(),
  industry: z.string().max(100).nullish(),
  themes: z.array(z.string().max(64)).max(20).default([]),
  isin: z.string().trim().toUpperCase().nullish(),
  cusip: z.string().trim().toUpperCase().nullish(),
  sedol: z.string().trim().toUpperCase().nullish(),
  baseCurrency: currency.nullish(),
  quoteCurrency: currency.nullish(),
  pipValue: decimalString.nullish(),
  inceptionDate: isoDate.nullish(),
  description: z.string().max(4000).nullish(),
  dataSource: z.string().max(64).nullish(),
});
export type InstrumentInput = z.input<typeof instrumentInput>;

export const instrumentPatch = instrumentInput
  .omit({ symbol: true, market: true })
  .partial()
  .extend({ active: z.boolean().optional() });

export const instrumentOut = z.object({
  id: z.string(),
  symbol: z.string(),
  market: z.string(),
  assetClass: z.string(),
  name: z.string(),
  nameLocal: z.string().nullable(),
  exchange: z.string().nullable(),
  currency: z.string(),
  country: z.string().nullable(),
  sector: z.string().nullable(),
  industry: z.string().nullable(),
  themes: z.array(z.string()),
  isin: z.string().nullable(),
  cusip: z.string().nullable(),
  sedol: z.string().nullable(),
  baseCurrency: z.string().nullable(),
  quoteCurrency: z.string().nullable(),
  pipValue: z.string().nullable(),
  inceptionDate: z.string().nullable(),
  description: z.string().nullable(),
  dataSource: z.string().nullable(),
  active: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type InstrumentOut = z.infer<typeof instrumentOut>;

export const barOut = z.object({
  ts: z.string(),
  open: z.number(),
  high: z.number(),
  low: z.number(),
  close: z.number(),
  /** The stored adj_close (vendor's or imported), as loaded. */
  adjClose: z.number().nullable(),
  volume: z.number().nullable(),
  /** Price factor applied when adjusted=true (1 = unadjusted). */
  factor: z.number().optional(),
  /** Number of source bars aggregated, when resampled. */
  count: z.number().optional(),
});
export const barsOut = z.object({
  instrumentId: z.string(),
  interval,
  adjusted: z.boolean(),
  resampledFrom: interval.nullable(),
  bars: z.array(barOut),
  nextCursor: z.string().nullable(),
});
export type BarsOut = z.infer<typeof barsOut>;

export const rowError = z.object({ row: z.number(), message: z.string() });
export const importOut = z.object({
  instrumentId: z.string(),
  interval,
  rowsRead: z.number(),
  added: z.number(),
  skippedDuplicates: z.number(),
  rejected: z.number(),
  /** True when any row was rejected: then nothing of the batch was stored. */
  refused: z.boolean(),
  errors: z.array(rowError),
  errorsTruncated: z.boolean(),
  elapsedMs: z.number(),
});
export type ImportOut = z.infer<typeof importOut>;

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

export const versionInput = z.object({
  effectiveStartDate: isoDate,
  effectiveEndDate: isoDate.nullish(),
  notes: z.string().max(2000).nullish(),
  members: z
    .array(
      z.object({
        instrumentId: z.uuid().optional(),
        symbol: z.string().optional(),
        market: z.string().optional(),
        weight: decimalString.nullish(),
      }),
    )
    .max(10_000),
});
export const universeInput = z.object({
  name: z.string().trim().min(1).max(100),
  description: z.string().max(2000).nullish(),
});
export const membersOut = z.object({
  universeId: z.string(),
  asOf: z.string(),
  versionId: z.string().nullable(),
  version: z.number().nullable(),
  effectiveStartDate: z.string().nullable(),
  effectiveEndDate: z.string().nullable(),
  members: z.array(
    z.object({
      instrumentId: z.string(),
      symbol: z.string(),
      market: z.string(),
      name: z.string(),
      nameLocal: z.string().nullable(),
      weight: z.string().nullable(),
    }),
  ),
});

export const watchlistInput = z.object({
  name: z.string().trim().min(1).max(100),
  isDefault: z.boolean().optional(),
  instrumentIds: z.array(z.uuid()).max(1000).default([]),
});
export const watchlistPatch = watchlistInput.partial();
export const watchlistOut = z.object({
  id: z.string(),
  name: z.string(),
  isDefault: z.boolean(),
  instrumentIds: z.array(z.string()),
  items: z.array(
    z.object({
      instrumentId: z.string(),
      symbol: z.string(),
      market: z.string(),
      name: z.string(),
      nameLocal: z.string().nullable(),
    }),
  ),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const dec = z.string().nullable();
export const quoteOut = z.object({
  instrumentId: z.string(),
  symbol: z.string(),
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
