// Zod schemas of instruments: inputs, the view, search and resolution.
import { z } from "zod";
import { country, currency, decimalString, isoDate, mic } from "../contracts.ts";
import { ASSET_CLASSES } from "../schema.ts";
import { LEGACY_MARKETS } from "./venues.ts";

const listing = {
  /** Listing venue (ISO 10383): XNAS, XNYS, ARCX, XKRX (KOSPI), XKOS (KOSDAQ), ...; XXXX for none. */
  mic: mic.nullish(),
  /** ISO 3166 alpha-2 country; implied by a known MIC. */
  country: country.nullish(),
  /** Old market code (US, KR, NASDAQ, KOSPI, FX, ...), still accepted: MIC and country derive from it. */
  market: z.enum(LEGACY_MARKETS).optional().describe("deprecated: send mic (and country)"),
  /** Readable venue name, or a name that identifies the venue (NASDAQ, KOSDAQ, ...). */
  exchange: z.string().trim().max(64).nullish(),
};

export const instrumentInput = z.object({
  symbol: z.string().trim().min(1).max(32),
  ...listing,
  assetClass: z.enum(ASSET_CLASSES).default("equity"),
  name: z.string().trim().min(1).max(200),
  nameLocal: z.string().trim().max(200).nullish(),
  /** Default KRW for Korean listings, else USD. */
  currency: currency.optional(),
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

/** Any field but the symbol (a symbol change is a corporate action); a new venue keeps the row. */
export const instrumentPatch = instrumentInput
  .omit({ symbol: true })
  .partial()
  .extend({ active: z.boolean().optional() });

export const instrumentOut = z.object({
  id: z.string(),
  symbol: z.string(),
  mic: z.string(),
  country: z.string().nullable(),
  /** Old market code, derived: FX, CRYPTO, or the country (US, KR, ...). */
  market: z.string(),
  assetClass: z.string(),
  name: z.string(),
  nameLocal: z.string().nullable(),
  exchange: z.string().nullable(),
  currency: z.string(),
  sector: z.string().nullable(),
  industry: z.string().nullable(),
  themes: z.array(z.string()),
  isin: z.string().nullable(),
  cusip: z.string().nullable(),
  sedol: z.string().nullable(),
  baseCurrency: z.string().nullable(),
  quoteCurrency: z.string().nullable(),
  pipValue: z.string().nullable(),
  /** Decimals its prices are shown with (the pip for pairs, 0 for KRW/JPY listings, else 2). */
  priceDecimals: z.number().int(),
  inceptionDate: z.string().nullable(),
  description: z.string().nullable(),
  dataSource: z.string().nullable(),
  active: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type InstrumentOut = z.infer<typeof instrumentOut>;

export const searchInput = z.object({
  q: z.string().max(100).optional(),
  mic: mic.optional(),
  country: country.optional(),
  market: z.string().max(16).optional().describe("deprecated: mic or country"),
  assetClass: z.string().max(16).optional(),
  currency: currency.optional(),
  includeInactive: z.boolean().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

/** How a broker row, a CLI argument or a universe member names an instrument. */
export const resolveInput = z
  .object({
    isin: z.string().trim().toUpperCase().max(12).optional(),
    symbol: z.string().trim().min(1).max(32).optional(),
    mic: mic.optional(),
    country: country.optional(),
    market: z.string().trim().toUpperCase().max(16).optional().describe("deprecated: mic or country"),
    exchange: z.string().trim().max(64).optional(),
  })
  .refine((v) => v.isin || v.symbol, { message: "give an isin or a symbol", path: ["symbol"] });
export type ResolveInput = z.input<typeof resolveInput>;
