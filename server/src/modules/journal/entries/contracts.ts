// Wire shapes of journal entries and their search.
import { z } from "zod";
import { isoDate } from "../../../platform/schemas.ts";
import { tags } from "../trades/contracts.ts";

export const MOODS = [
  "calm",
  "confident",
  "focused",
  "neutral",
  "anxious",
  "fearful",
  "greedy",
  "frustrated",
  "tired",
] as const;

const title = z.string().trim().min(1).max(300);
const content = z.string().max(200_000);

export const entryInput = z.object({
  title,
  content: content.default(""),
  entryDate: isoDate().optional().describe("the trading day it is about; default today (UTC)"),
  mood: z.enum(MOODS).nullable().optional(),
  confidence: z.number().int().min(1).max(10).nullable().optional(),
  tags: tags.optional(),
  archived: z.boolean().optional(),
  tradeIds: z.array(z.string()).max(200).optional().describe("your trades this entry is about"),
});
export type EntryInput = z.output<typeof entryInput>;

export const entryPatch = z.object({
  title: title.optional(),
  content: content.optional(),
  entryDate: isoDate().optional(),
  mood: z.enum(MOODS).nullable().optional(),
  confidence: z.number().int().min(1).max(10).nullable().optional(),
  tags: tags.optional(),
  archived: z.boolean().optional(),
  tradeIds: z.array(z.string()).max(200).optional().describe("replaces the linked trades"),
});
export type EntryPatch = z.output<typeof entryPatch>;

export const entryOut = z.object({
  id: z.string(),
  entryDate: z.string(),
  title: z.string(),
  content: z.string(),
  mood: z.enum(MOODS).nullable(),
  confidence: z.number().nullable(),
  tags: z.array(z.string()),
  archived: z.boolean(),
  tradeIds: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type EntryOut = z.infer<typeof entryOut>;

/** A piece of a highlighted snippet: `hit` pieces matched the search. */
export const snippetPart = z.object({ text: z.string(), hit: z.boolean() });

export const entryHitOut = entryOut.extend({
  rank: z.number().nullable().describe("higher is better; null without a search"),
  snippet: z.array(snippetPart).describe("a short passage of the content with the matches marked"),
});

export const entryListQuery = z.object({
  q: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe("words to find (English stemmed, Korean by trigram)"),
  tag: z.string().trim().min(1).max(50).optional(),
  mood: z.enum(MOODS).optional(),
  from: isoDate().optional(),
  to: isoDate().optional(),
  instrumentId: z.string().optional().describe("entries linked to a trade of this instrument"),
  archived: z.enum(["false", "true", "all"]).default("false"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type EntryListQuery = z.output<typeof entryListQuery>;

export const entryListOut = z.object({ entries: z.array(entryHitOut), total: z.number() });
