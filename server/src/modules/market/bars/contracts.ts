// Zod schemas of bars: reads, gaps, imports and resampling.
import { z } from "zod";
import { interval, whenQuery } from "../contracts.ts";

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

export const readInput = z.object({
  id: z.string(),
  interval,
  from: whenQuery,
  to: whenQuery,
  adjusted: z.boolean().optional(),
  cursor: z.string().max(64).optional(),
  limit: z.number().int().min(1).max(100_000).optional(),
});

export const gapsOut = z.object({
  calendar: z.string(),
  from: z.string(),
  to: z.string(),
  expected: z.number(),
  present: z.number(),
  missing: z.array(z.string()),
  unexpected: z.array(z.object({ date: z.string(), reason: z.string() })),
});

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

export interface ImportProgress {
  rowsRead: number;
  bytesRead: number;
  accepted: number;
  rejected: number;
}

export const importInput = z.object({
  instrumentId: z.string(),
  interval,
  source: z.string().max(64).nullish(),
  timeZone: z.string().max(64).optional(),
  /** The CSV text: an async source of strings or bytes (a request body, a file stream, text chunks). */
  body: z.custom<AsyncIterable<string | Uint8Array>>(
    (v) => v != null && typeof (v as AsyncIterable<unknown>)[Symbol.asyncIterator] === "function",
    "expected an async iterable of CSV text",
  ),
  onProgress: z.custom<(p: ImportProgress) => void>((v) => typeof v === "function").optional(),
});

export const resampleInput = z.object({
  id: z.string(),
  source: interval,
  target: interval,
  from: whenQuery,
  to: whenQuery,
});
export const resampleOut = z.object({
  instrumentId: z.string(),
  source: interval,
  target: interval,
  stored: z.number(),
});
