import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  numeric,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt, ts, updatedAt } from "../../platform/db/columns.ts";
import { inList, instruments, marketSchema } from "./schema.ts";

export const MACRO_FREQUENCIES = ["daily", "weekly", "monthly", "quarterly", "annual", "irregular"] as const;
export const MACRO_CYCLES = ["expansion", "late_cycle", "contraction", "recovery"] as const;

/**
 * Fundamentals by report date (003 fundamentals + 001 securities' cached ratios). `known_at` is when
 * the figures became public (filing date); a restatement is a new row with the same report date and
 * a later `known_at`, so "what was known on D" is answerable without look-ahead.
 */
export const fundamentals = marketSchema.table(
  "fundamentals",
  {
    id: uuid("id").primaryKey(),
    instrumentId: uuid("instrument_id")
      .notNull()
      .references(() => instruments.id),
    reportDate: date("report_date").notNull(),
    fiscalPeriod: text("fiscal_period"),
    knownAt: ts("known_at").notNull(),
    peRatio: numeric("pe_ratio"),
    psRatio: numeric("ps_ratio"),
    pbRatio: numeric("pb_ratio"),
    evEbitda: numeric("ev_ebitda"),
    roe: numeric("roe"),
    debtEquity: numeric("debt_equity"),
    cashFlowRatio: numeric("cash_flow_ratio"),
    dividendYield: numeric("dividend_yield"),
    marketCap: numeric("market_cap"),
    week52High: numeric("week52_high"),
    week52Low: numeric("week52_low"),
    currency: text("currency"),
    dataSource: text("data_source"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("fundamentals_key").on(t.instrumentId, t.reportDate, t.knownAt),
    index("fundamentals_known_idx").on(t.instrumentId, t.knownAt),
    check(
      "fundamentals_week52_check",
      sql`${t.week52Low} is null or ${t.week52High} is null or ${t.week52Low} <= ${t.week52High}`,
    ),
  ],
);

/** A macro series (003 macro_indicators' code/name/frequency/source, one row per series). */
export const macroSeries = marketSchema.table(
  "macro_series",
  {
    id: uuid("id").primaryKey(),
    code: text("code").notNull(),
    name: text("name").notNull(),
    frequency: text("frequency").notNull(),
    unit: text("unit"),
    /**
     * False for series whose source carries no calendar dates (observations are indexed by `seq`
     * only). Such series are listed and readable but never feed date-keyed regimes.
     */
    dated: boolean("dated").notNull().default(true),
    /**
     * Usual days from an observation's date to its publication; null: the frequency's default
     * (reference/service.ts). An observation stored without a known time is known from then.
     */
    releaseLagDays: integer("release_lag_days"),
    dataSource: text("data_source"),
    description: text("description"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("macro_series_code_key").on(t.code),
    check("macro_series_frequency_check", sql`${t.frequency} in (${inList(MACRO_FREQUENCIES)})`),
  ],
);

/**
 * 003 macro_indicators' (date, value) rows; `seq` is the source's observation number. Point in time
 * like fundamentals: `known_at` is when the value became known, and a revision is a new row with
 * the same `seq` and a later `known_at`, so "what was known on D" is answerable without look-ahead.
 */
export const macroObservations = marketSchema.table(
  "macro_observations",
  {
    seriesId: uuid("series_id")
      .notNull()
      .references(() => macroSeries.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    obsDate: date("obs_date"),
    value: doublePrecision("value"),
    knownAt: ts("known_at").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.seriesId, t.seq, t.knownAt] }),
    uniqueIndex("macro_observations_date_key").on(t.seriesId, t.obsDate, t.knownAt),
  ],
);

/**
 * 003 regime_indicators, computed by the regimes job from stored bars and macro series (never typed
 * in). `drawdown_marker` is the index's drawdown from its running peak (≤ 0); `bear` is drawdown
 * ≤ −20 %. Slope and spread are in percentage points. Point in time: `known_at` is when the inputs
 * of the row were all known (the day's close, and each macro observation's `known_at`); a
 * recomputation that changes a date's values adds a row with a later `known_at`.
 */
export const regimeIndicators = marketSchema.table(
  "regime_indicators",
  {
    date: date("date").notNull(),
    knownAt: ts("known_at").notNull(),
    vix: doublePrecision("vix"),
    drawdownMarker: doublePrecision("drawdown_marker"),
    bear: boolean("bear"),
    yieldCurveSlope: doublePrecision("yield_curve_slope"),
    creditSpread: doublePrecision("credit_spread"),
    macroCycle: text("macro_cycle"),
    dataSource: text("data_source").notNull(),
    computedAt: ts("computed_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.date, t.knownAt] }),
    check(
      "regime_indicators_cycle_check",
      sql`${t.macroCycle} is null or ${t.macroCycle} in (${inList(MACRO_CYCLES)})`,
    ),
    check("regime_indicators_drawdown_check", sql`${t.drawdownMarker} is null or ${t.drawdownMarker} <= 0`),
  ],
);
