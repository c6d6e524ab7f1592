// Zod schemas of the portfolio's figures: holdings, performance and the return decomposition.
// Money is a decimal string in the currency named beside it; returns are plain numbers (0.05 = 5 %).
import { z } from "zod";
import { isoDate } from "../../../platform/schemas.ts";
import { currencyCode } from "../accounts/contracts.ts";
import type { PERIOD_NAMES } from "../engine/periods.ts";
import { noticeOut } from "../notices/contracts.ts";

const money = z.string().describe("decimal amount");

export const scopeQuery = z.object({
  accountId: z.string().optional().describe("one account; absent: all your accounts"),
  currency: currencyCode
    .optional()
    .describe(
      "currency of the figures; default: the account's base, or your display currency for all accounts",
    ),
});

export const holdingsQuery = scopeQuery.extend({
  asOf: isoDate().optional().describe("value at this day's close (default: today)"),
});

const periodName = z
  .enum(["1D", "WTD", "MTD", "YTD", "1Y", "3Y", "5Y", "MAX", "max"])
  .transform((p): (typeof PERIOD_NAMES)[number] => (p === "MAX" ? "max" : p));

export const periodQuery = scopeQuery.extend({
  period: periodName
    .default("YTD")
    .describe("1D, WTD, MTD, YTD, 1Y, 3Y, 5Y or MAX; ignored when from/to are given"),
  from: isoDate()
    .optional()
    .describe("custom period: first day (its return starts after the previous close)"),
  to: isoDate().optional().describe("custom period: last day (default today)"),
});

export const performanceQuery = periodQuery.extend({
  benchmark: z.string().optional().describe("instrument id of the benchmark (an index or ETF)"),
  riskFree: z.coerce
    .number()
    .min(-1)
    .max(1)
    .optional()
    .describe("yearly risk-free rate for Sharpe/Sortino (0.03 = 3 %)"),
});

export const decompositionQuery = periodQuery.extend({
  split: z
    .enum(["none", "month", "quarter", "year"])
    .default("month")
    .describe("sub-periods of the drill-down"),
  instrumentId: z
    .string()
    .optional()
    .describe("drill into one holding (with accountId when several hold it)"),
});

const origin = z.object({ kind: z.string() }).catchall(z.unknown());

const lotOut = z.object({
  id: z.string(),
  quantity: money,
  cost: money,
  costBase: money,
  acquiredDate: z.string(),
  transactionId: z.string(),
  origin,
});

export const holdingOut = z.object({
  accountId: z.string(),
  accountName: z.string(),
  instrumentId: z.string(),
  symbol: z.string().nullable(),
  name: z.string().nullable(),
  /** The name in the listing's own language (e.g. 삼성전자), when known. */
  nameLocal: z.string().nullable(),
  /** The instrument's asset class (equity, etf, bond, fund, crypto, …); null when it is unknown. */
  assetClass: z.string().nullable(),
  side: z.enum(["long", "short"]),
  /** Signed: negative for a short. */
  quantity: money,
  /** The instrument's currency, and the account's base. */
  currency: z.string(),
  baseCurrency: z.string(),
  /** Moving-average price per unit and the book's cost (what Korean brokers report). */
  averagePrice: money,
  averageCost: money,
  averageCostBase: money,
  /** FIFO lots (open ones) and their cost. */
  fifoCost: money,
  fifoCostBase: money,
  lots: z.array(lotOut),
  price: z.number().nullable(),
  priceDate: z.string().nullable(),
  /** The price is older than the valuation day. */
  stale: z.boolean(),
  marketValue: money.nullable(),
  marketValueBase: money.nullable(),
  /** Against the moving-average cost, in the instrument's and in the account's base currency. */
  unrealisedPnl: money.nullable(),
  unrealisedPnlPct: z.number().nullable(),
  unrealisedPnlBase: money.nullable(),
  unrealisedPnlBasePct: z.number().nullable(),
  /** Market value in the answer's currency, and its share of the scope's total. */
  value: money.nullable(),
  weight: z.number().nullable(),
});

export const cashOut = z.object({
  accountId: z.string(),
  currency: z.string(),
  amount: money,
  value: money.nullable(),
});

export const realisedOut = z.object({
  transactionId: z.string(),
  accountId: z.string(),
  instrumentId: z.string(),
  symbol: z.string().nullable(),
  date: z.string(),
  kind: z.enum(["sell", "cover", "returnOfCapital"]),
  quantity: money,
  currency: z.string(),
  baseCurrency: z.string(),
  proceeds: money,
  proceedsBase: money,
  /** FIFO (or picked lots). */
  cost: money,
  costBase: money,
  pnl: money,
  pnlBase: money,
  /** Against the moving-average cost. */
  averageCost: money,
  pnlAverage: money,
  pnlAverageBase: money,
  lots: z.array(
    z.object({ lotId: z.string(), quantity: money, cost: money, costBase: money, acquiredDate: z.string() }),
  ),
  origin,
});

export const holdingsOut = z.object({
  asOf: z.string(),
  currency: z.string(),
  totalValue: money,
  holdingsValue: money,
  cashValue: money,
  holdings: z.array(holdingOut),
  cash: z.array(cashOut),
  realised: z.array(realisedOut),
  /** Values that could not be stated in `currency` (no FX rate known): listed, not summed. */
  unvalued: z.array(z.string()),
});
export type HoldingsOut = z.infer<typeof holdingsOut>;

export const decompositionOut = z.object({
  price: money,
  income: money,
  fx: money,
  fees: money,
  total: money,
});

const mwrOut = z.object({
  /** Annual rate (XIRR); null when it has no answer (see `reason`). */
  annual: z.number().nullable(),
  /** The same rate over the period's own length. */
  period: z.number().nullable(),
  /** Why there is no rate, when there is none (a coded sentence the web translates). */
  reason: noticeOut.nullable(),
});

export const riskOut = z.object({
  periods: z.number(),
  annualizedReturn: z.number().nullable(),
  volatility: z.number().nullable(),
  sharpe: z.number().nullable(),
  sortino: z.number().nullable(),
  maxDrawdown: z.number().nullable(),
  beta: z.number().nullable(),
});

export const performanceOut = z.object({
  currency: z.string(),
  period: z.string(),
  startDate: z.string().nullable(),
  endDate: z.string(),
  startValue: money,
  endValue: money,
  inflow: money,
  outflow: money,
  gain: money,
  twr: z.number(),
  twrAnnualised: z.number().nullable(),
  mwr: mwrOut,
  decomposition: decompositionOut,
  staleDays: z.number(),
  benchmark: z
    .object({
      instrumentId: z.string(),
      symbol: z.string().nullable(),
      return: z.number().nullable(),
    })
    .nullable(),
  risk: riskOut,
  /** The daily series for the chart: value, the day's net external flow, cumulative TWR and benchmark return. */
  series: z.array(
    z.object({
      date: z.string(),
      value: money,
      netFlow: money,
      twr: z.number(),
      benchmark: z.number().nullable(),
    }),
  ),
});
export type PerformanceOut = z.infer<typeof performanceOut>;

const holdingParts = z.object({
  accountId: z.string(),
  instrumentId: z.string().nullable(),
  symbol: z.string().nullable(),
  currency: z.string(),
  startValue: money,
  endValue: money,
  decomposition: decompositionOut,
});

export const decompositionResponse = z.object({
  currency: z.string(),
  period: z.string(),
  startDate: z.string().nullable(),
  endDate: z.string(),
  /** The scope's gain split into price, income (dividends, interest), FX and fees: they sum to total exactly. */
  portfolio: decompositionOut,
  holdings: z.array(holdingParts),
  /** The sub-periods behind the figures (their parts sum to the period's), for the scope or one holding. */
  drillDown: z.object({
    split: z.string(),
    instrumentId: z.string().nullable(),
    periods: z.array(
      z.object({
        from: z.string(),
        to: z.string(),
        startValue: money,
        endValue: money,
        decomposition: decompositionOut,
      }),
    ),
  }),
});
