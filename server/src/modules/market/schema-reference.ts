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
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { instruments, marketSchema } from "./schema.ts";

const ts = (name: string) => timestamp(name, { withTimezone: true });
const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(","));

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
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
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
    dataSource: text("data_source"),
    description: text("description"),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("macro_series_code_key").on(t.code),
    check("macro_series_frequency_check", sql`${t.frequency} in (${inList(MACRO_FREQUENCIES)})`),
  ],
);

/** 003 macro_indicators' (date, value) rows; `seq` is the source's observation number. */
export const macroObservations = marketSchema.table(
  "macro_observations",
  {
    seriesId: uuid("series_id")
      .notNull()
      .references(() => macroSeries.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    obsDate: date("obs_date"),
    value: doublePrecision("value"),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.seriesId, t.seq] }),
    uniqueIndex("macro_observations_date_key").on(t.seriesId, t.obsDate),
  ],
);

/**
 * 003 regime_indicators, one row per date, computed by the regimes job from stored bars and macro
 * series (never typed in). `drawdown_marker` is the index's drawdown from its running peak (≤ 0);
 * `bear` is drawdown ≤ −20 %. Slope and spread are in percentage points.
 */
export const regimeIndicators = marketSchema.table(
  "regime_indicators",
  {
    date: date("date").primaryKey(),
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
    check(
      "regime_indicators_cycle_check",
      sql`${t.macroCycle} is null or ${t.macroCycle} in (${inList(MACRO_CYCLES)})`,
    ),
    check("regime_indicators_drawdown_check", sql`${t.drawdownMarker} is null or ${t.drawdownMarker} <= 0`),
  ],
);
