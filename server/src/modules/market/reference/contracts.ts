import { z } from "zod";
import { dateOrDateTime, isoDate, uniqueBy } from "../../../platform/schemas.ts";
import { MACRO_FREQUENCIES } from "../schema-reference.ts";

const decimal = z
  .string()
  .regex(/^-?\d+(\.\d+)?$/, "expected a decimal number as a string")
  .nullable()
  .optional();

export const fundamentalsItem = z.object({
  reportDate: isoDate(),
  fiscalPeriod: z.string().max(16).nullish(),
  /** When the figures became public: a date means 00:00 UTC that day. */
  knownAt: dateOrDateTime(),
  peRatio: decimal,
  psRatio: decimal,
  pbRatio: decimal,
  evEbitda: decimal,
  roe: decimal,
  debtEquity: decimal,
  cashFlowRatio: decimal,
  dividendYield: decimal,
  marketCap: decimal,
  week52High: decimal,
  week52Low: decimal,
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .nullish(),
  dataSource: z.string().max(64).nullish(),
});

/**
 * The instant a date-or-timestamp stands for (a date: 00:00 UTC), to the millisecond as stored;
 * the text itself when it is none (zod runs the batch's refinement even when an item failed).
 */
export function instantOf(s: string): string {
  const t = Date.parse(s.length === 10 ? `${s}T00:00:00Z` : s);
  return Number.isNaN(t) ? s : new Date(t).toISOString();
}

/** One row per (report date, known time): the same pair twice in a batch is a 400 naming both. */
export const fundamentalsItems = z
  .array(fundamentalsItem)
  .min(1)
  .max(1000)
  .superRefine(
    uniqueBy(
      (it: z.output<typeof fundamentalsItem>) => `report ${it.reportDate} known at ${instantOf(it.knownAt)}`,
    ),
  );
export const fundamentalsBody = z.object({ items: fundamentalsItems });

const dec = z.string().nullable();
export const fundamentalsOut = z.object({
  id: z.uuid(),
  instrumentId: z.uuid(),
  reportDate: z.string(),
  fiscalPeriod: z.string().nullable(),
  knownAt: z.string(),
  currency: z.string().nullable(),
  dataSource: z.string().nullable(),
  peRatio: dec,
  psRatio: dec,
  pbRatio: dec,
  evEbitda: dec,
  roe: dec,
  debtEquity: dec,
  cashFlowRatio: dec,
  dividendYield: dec,
  marketCap: dec,
  week52High: dec,
  week52Low: dec,
});

export const fundamentalsQuery = z.object({
  asOf: dateOrDateTime()
    .optional()
    .describe("what was known then: a date (end of that UTC day) or an ISO timestamp; default now"),
  limit: z.coerce.number().int().min(1).max(200).default(40),
});

export const fundamentalsAsOfOut = z.object({
  instrumentId: z.uuid(),
  asOf: z.string(),
  latest: fundamentalsOut.nullable(),
  items: z.array(fundamentalsOut),
});

export const seriesOut = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  frequency: z.string(),
  unit: z.string().nullable(),
  dated: z.boolean(),
  /** Usual days from an observation's date to its publication (the default known time). */
  releaseLagDays: z.number().int(),
  dataSource: z.string().nullable(),
  description: z.string().nullable(),
});

export const seriesListOut = z.object({
  items: z.array(
    seriesOut.extend({
      observations: z.number().int(),
      firstDate: z.string().nullable(),
      lastDate: z.string().nullable(),
      firstSeq: z.number().int().nullable(),
      lastSeq: z.number().int().nullable(),
    }),
  ),
});

const asOf = dateOrDateTime()
  .optional()
  .describe("what was known then: a date (end of that UTC day) or an ISO timestamp; default now");

export const observationsQuery = z.object({
  from: isoDate().optional(),
  to: isoDate().optional(),
  asOf,
  limit: z.coerce.number().int().min(1).max(20000).default(5000),
  offset: z.coerce.number().int().min(0).default(0),
});

export const observationsOut = z.object({
  series: seriesOut,
  asOf: z.string(),
  items: z.array(
    z.object({
      seq: z.number().int(),
      date: z.string().nullable(),
      value: z.number().nullable(),
      /** When this value became known (a revision is a later row). */
      knownAt: z.string(),
    }),
  ),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
});

export const seriesBody = z.object({
  code: z.string().regex(/^[A-Z0-9_.-]{1,40}$/, "1-40 of A-Z 0-9 _ . -"),
  name: z.string().min(1).max(200),
  frequency: z.enum(MACRO_FREQUENCIES),
  unit: z.string().max(40).nullish(),
  /** Usual days from an observation's date to its publication; default by frequency. */
  releaseLagDays: z.number().int().min(0).max(3660).nullish(),
  dataSource: z.string().max(200).nullish(),
  description: z.string().max(2000).nullish(),
  observations: z
    .array(
      z.object({
        date: isoDate(),
        value: z.number().nullable(),
        /** When the value was published (a date means 00:00 UTC); default: see the route. */
        knownAt: dateOrDateTime().optional(),
      }),
    )
    .max(100_000)
    // One observation per date: a second one would be the same row (seq) written twice.
    .superRefine(uniqueBy((o: { date: string }) => o.date, "date")),
});

export const seriesSavedOut = z.object({ series: seriesOut, written: z.number().int() });

export const regimesQuery = z.object({
  from: isoDate().optional(),
  to: isoDate().optional(),
  asOf,
  limit: z.coerce.number().int().min(1).max(20000).default(5000),
});

export const regimeOut = z.object({
  date: z.string(),
  /** When the row's inputs were all known (the day's close, each macro value's publication). */
  knownAt: z.string(),
  vix: z.number().nullable(),
  drawdown: z.number().nullable(),
  bear: z.boolean().nullable(),
  yieldCurveSlope: z.number().nullable(),
  creditSpread: z.number().nullable(),
  macroCycle: z.enum(["expansion", "late_cycle", "contraction", "recovery"]).nullable(),
  dataSource: z.string(),
  computedAt: z.string(),
});

export const regimesOut = z.object({ items: z.array(regimeOut) });

export const recomputeBody = z.object({ from: isoDate().optional(), to: isoDate().optional() });
export const recomputeOut = z.object({
  from: z.string(),
  to: z.string(),
  written: z.number().int(),
  dataSource: z.string(),
});

export const idParams = z.object({ id: z.uuid() });
export const seriesParams = z.object({ id: z.string().min(1).max(64) });
