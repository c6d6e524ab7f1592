// Zod schemas of universes.
import { z } from "zod";
import { country, decimalString, isoDate, mic } from "../contracts.ts";

export const versionInput = z.object({
  effectiveStartDate: isoDate,
  effectiveEndDate: isoDate.nullish(),
  notes: z.string().max(2000).nullish(),
  members: z
    .array(
      z.object({
        instrumentId: z.uuid().optional(),
        isin: z.string().max(12).optional(),
        symbol: z.string().max(32).optional(),
        mic: mic.optional(),
        country: country.optional(),
        market: z.string().max(16).optional().describe("deprecated: mic or country"),
        weight: decimalString.nullish(),
      }),
    )
    .max(10_000),
});
export const universeInput = z.object({
  name: z.string().trim().min(1).max(100),
  description: z.string().max(2000).nullish(),
});
export const universeOut = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  versions: z.array(
    z.object({
      id: z.string(),
      version: z.number(),
      effectiveStartDate: z.string(),
      effectiveEndDate: z.string().nullable(),
      notes: z.string().nullable(),
    }),
  ),
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
      mic: z.string(),
      country: z.string().nullable(),
      market: z.string(),
      name: z.string(),
      nameLocal: z.string().nullable(),
      weight: z.string().nullable(),
    }),
  ),
});
