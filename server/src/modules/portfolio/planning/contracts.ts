// Zod schemas of planning: the risk questionnaire and profile, target allocations with drift and
// rebalancing, goals with progress and projection, and the X-ray. Money and percentages are decimal
// strings; money is in the `currency` the answer names.
import { z } from "zod";
import { isoDate } from "../../../platform/schemas.ts";
import { currencyCode } from "../accounts/contracts.ts";
import { noticeOut } from "../notices/contracts.ts";
import { PROFILE_TYPES } from "./questionnaire.ts";

const decimal = z
  .string()
  .trim()
  .regex(/^\d{1,18}(\.\d{1,10})?$/, "expected a non-negative decimal number as a string, e.g. 12.5");
const signedDecimal = z
  .string()
  .trim()
  .regex(/^-?\d{1,4}(\.\d{1,6})?$/, "expected a decimal number as a string, e.g. 5.5");
const money = z.string().describe("A decimal amount in the answer's currency");
const pct = z.string().describe("A percentage, as a decimal string (12.5 means 12.5 %)");
const boolQ = z
  .enum(["true", "false", "1", "0"])
  .optional()
  .transform((v) => v === "true" || v === "1");

export const DIMENSIONS = ["assetClass", "market", "sector", "currency", "instrument"] as const;
export type Dimension = (typeof DIMENSIONS)[number];

// Risk profile

export const questionsOut = z.object({
  version: z.string(),
  questions: z.array(
    z.object({
      id: z.string(),
      weight: z.number().int(),
      options: z.array(z.object({ id: z.string(), points: z.number().int() })),
    }),
  ),
  profiles: z.array(
    z.object({
      type: z.enum(PROFILE_TYPES),
      minScore: z.number().int(),
      maxScore: z.number().int(),
      modelAllocation: z.record(z.string(), z.number()).describe("Percent by asset class (and cash)"),
    }),
  ),
  scoring: z.string(),
});

export const riskAnswersInput = z.object({
  answers: z.record(z.string(), z.string()).describe("Question id → chosen option id, for every question"),
});

export const riskProfileOut = z.object({
  profile: z
    .object({
      version: z.string(),
      answers: z.record(z.string(), z.string()),
      score: z.number().int(),
      profileType: z.enum(PROFILE_TYPES),
      scoreProfileType: z.enum(PROFILE_TYPES),
      cappedBy: z.string().nullable(),
      contributions: z.array(
        z.object({
          questionId: z.string(),
          optionId: z.string(),
          points: z.number(),
          contribution: z.number(),
        }),
      ),
      modelAllocation: z.record(z.string(), z.number()),
      completedAt: z.string(),
    })
    .nullable(),
});

// Allocations

const target = z.object({
  key: z.string().trim().min(1).max(100),
  pct: z
    .union([z.string(), z.number()])
    .transform((v) => String(v).trim())
    .pipe(z.string().regex(/^\d{1,3}(\.\d{1,4})?$/, "expected a percentage between 0 and 100, e.g. 12.5")),
});

export const allocationsInput = z.object({
  /** Absent or null: the targets across all your accounts. */
  accountId: z.string().nullish(),
  /** Per dimension, the slices' targets (replacing that dimension's); an empty list clears it. */
  targets: z.object(
    Object.fromEntries(DIMENSIONS.map((d) => [d, z.array(target).max(200).optional()])) as Record<
      Dimension,
      z.ZodOptional<z.ZodArray<typeof target>>
    >,
  ),
});

export const allocationsQuery = z.object({
  accountId: z.string().optional().describe("One account's targets (default: across all accounts)"),
  currency: currencyCode
    .optional()
    .describe("Reporting currency (default: the scope's first account's base)"),
  dimension: z
    .enum(DIMENSIONS)
    .optional()
    .describe("The dimension to rebalance (default: the first with targets)"),
  allowSell: boolQ.describe("Suggest sales to fund buys (default false: only spare cash is spent)"),
  fractional: boolQ.describe("US stocks may be bought and sold in fractions (0.0001 share)"),
  minTrade: decimal
    .optional()
    .describe("Smallest trade worth suggesting, in the reporting currency (default 0)"),
  tolerance: decimal.optional().describe("Drift band in percentage points (default 5)"),
});

const sliceOut = z.object({
  key: z.string(),
  label: z.string(),
  targetPct: pct,
  value: money,
  currentPct: pct,
  driftPct: pct.describe("current − target, percentage points"),
  driftValue: money.describe("value − target value"),
  status: z.enum(["over", "under", "within"]),
  valueAfter: money.describe("The value once the suggested trades are done (rebalanced dimension only)"),
  pctAfter: pct,
});

export const allocationsOut = z.object({
  accountId: z.string().nullable(),
  currency: z.string(),
  asOf: z.string(),
  total: money,
  tolerancePct: pct,
  targets: z.array(z.object({ dimension: z.enum(DIMENSIONS), key: z.string(), targetPct: pct })),
  dimensions: z.array(
    z.object({
      dimension: z.enum(DIMENSIONS),
      hasTargets: z.boolean(),
      maxDriftPct: pct.nullable(),
      slices: z.array(sliceOut),
    }),
  ),
  rebalance: z
    .object({
      dimension: z.enum(DIMENSIONS),
      allowSell: z.boolean(),
      fractional: z.boolean(),
      minTradeValue: money,
      trades: z.array(
        z.object({
          action: z.enum(["buy", "sell"]),
          accountId: z.string(),
          instrumentId: z.string(),
          symbol: z.string(),
          slice: z.string(),
          quantity: z.string(),
          price: z.string().describe("Per unit, in the instrument's currency"),
          instrumentCurrency: z.string(),
          amount: z.string().describe("quantity × price in the instrument's currency"),
          value: money,
          fundedBy: z.object({ currency: z.string(), amount: z.string() }).nullable(),
          explanation: noticeOut,
        }),
      ),
      shortfalls: z.array(z.object({ slice: z.string(), value: money, explanation: noticeOut })),
      explanation: noticeOut,
    })
    .nullable(),
  warnings: z.array(noticeOut),
});

/** The verb's input: the query as parsed (booleans already decided). */
export const allocationsOptions = allocationsQuery.extend({
  allowSell: z.boolean().default(false),
  fractional: z.boolean().default(false),
});

// Goals

export const goalInput = z.object({
  name: z.string().trim().min(1).max(100),
  targetAmount: decimal,
  currency: currencyCode,
  targetDate: isoDate(),
  /** The accounts that count toward the goal; absent or null: all of them. */
  accountIds: z.array(z.string()).max(100).nullish(),
  monthlyContribution: decimal.optional(),
  /** Expected yearly return in percent; absent or null: the portfolio's own (or 4 %). */
  expectedReturnPct: signedDecimal.nullish(),
});
export const goalPatch = goalInput.partial();

export const goalOut = z.object({
  id: z.string(),
  name: z.string(),
  targetAmount: money,
  currency: z.string(),
  targetDate: z.string(),
  accountIds: z.array(z.string()).nullable(),
  monthlyContribution: money,
  expectedReturnPct: pct.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  progress: z.object({
    asOf: z.string(),
    currentValue: money,
    pct: pct.describe("current value ÷ target amount"),
  }),
  projection: z.object({
    months: z.number().int(),
    returnPct: pct.describe("The yearly return used"),
    returnSource: z.enum(["goal", "history", "default"]),
    projectedValue: money,
    low: money.nullable(),
    high: money.nullable(),
    lowReturnPct: pct.nullable(),
    highReturnPct: pct.nullable(),
    volatilityPct: pct.nullable(),
    onTrack: z.boolean(),
    requiredMonthlyContribution: money.nullable(),
    points: z.array(
      z.object({
        date: z.string(),
        months: z.number().int(),
        expected: money,
        low: money.nullable(),
        high: money.nullable(),
      }),
    ),
    method: z.string(),
  }),
  warnings: z.array(noticeOut),
});
export type GoalOut = z.infer<typeof goalOut>;

// X-ray

export const xrayQuery = z.object({
  accountId: z.string().optional(),
  currency: currencyCode.optional(),
  tolerance: decimal.optional(),
});

export const xrayOut = z.object({
  accountId: z.string().nullable(),
  currency: z.string(),
  asOf: z.string(),
  total: money,
  history: z.object({
    days: z.number().int(),
    firstDate: z.string().nullable(),
    yearlyReturnPct: pct.nullable(),
    volatilityPct: pct.nullable(),
  }),
  checks: z.array(
    z.object({
      id: z.enum(["concentration", "currency", "cashDrag", "fees", "markets", "drift"]),
      status: z.enum(["ok", "info", "warning", "alert", "unavailable"]),
      figures: z.record(z.string(), z.string().nullable()),
      items: z.array(z.object({ key: z.string(), label: z.string(), value: z.string(), pct: z.string() })),
      explanation: noticeOut,
    }),
  ),
  warnings: z.array(noticeOut),
});
