import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  numeric,
  pgSchema,
  primaryKey,
  text,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt, ts, updatedAt } from "../../platform/db/columns.ts";

export const marketSchema = pgSchema("market");

export const ASSET_CLASSES = [
  "equity",
  "etf",
  "bond",
  "option",
  "future",
  "index",
  "fx",
  "crypto",
  "fund",
] as const;
export const INTERVALS = ["1m", "5m", "15m", "1h", "1d", "1w"] as const;
export const ACTION_TYPES = ["split", "dividend", "symbol_change"] as const;

export const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(","));

/**
 * The instrument master: union of 000 tickers, 001 securities, 003 assets and 004 trading.symbols.
 * Rows are never deleted (`active = false` is the soft delete) so bars and history stay attached.
 *
 * Identity (decision record 0004): a listing is (symbol, MIC), the MIC being the ISO 10383 code of
 * its venue (XNAS, XNYS, XKRX, XKOS, ...), or `XXXX` for what has no venue (FX and crypto pairs,
 * indices) or whose venue is not recorded; for `XXXX` the country completes the key. In countries
 * with one national symbology (US, KR) a symbol is also unique per country. An ISIN names one row.
 */
export const instruments = marketSchema.table(
  "instruments",
  {
    id: uuid("id").primaryKey(),
    symbol: text("symbol").notNull(),
    /** ISO 10383 market identifier code of the listing venue; `XXXX` when there is none. */
    mic: text("mic").notNull(),
    assetClass: text("asset_class").notNull().default("equity"),
    name: text("name").notNull(),
    nameLocal: text("name_local"),
    /** Readable name of the venue (NASDAQ, KOSPI, ...). */
    exchange: text("exchange"),
    currency: text("currency").notNull().default("USD"),
    /** ISO 3166 alpha-2 country of the listing; null for FX and crypto pairs. */
    country: text("country"),
    sector: text("sector"),
    industry: text("industry"),
    themes: text("themes").array().notNull().default(sql`'{}'::text[]`),
    isin: text("isin"),
    cusip: text("cusip"),
    sedol: text("sedol"),
    baseCurrency: text("base_currency"),
    quoteCurrency: text("quote_currency"),
    pipValue: numeric("pip_value"),
    inceptionDate: date("inception_date"),
    description: text("description"),
    dataSource: text("data_source"),
    active: boolean("active").notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    // One lower-cased text for trigram search over symbol, names and ISIN.
    searchText: text("search_text").generatedAlwaysAs(
      sql`lower(symbol || ' ' || name || ' ' || coalesce(name_local, '') || ' ' || coalesce(isin, ''))`,
    ),
  },
  (t) => [
    unique("instruments_symbol_mic_key").on(t.symbol, t.mic, t.country).nullsNotDistinct(),
    uniqueIndex("instruments_national_symbol_key")
      .on(t.symbol, t.country)
      .where(sql`${t.country} in ('US','KR')`),
    uniqueIndex("instruments_isin_key").on(t.isin),
    index("instruments_country_active_idx").on(t.country, t.active),
    index("instruments_mic_idx").on(t.mic),
    // Seed 001's idx_securities_type and idx_securities_sector.
    index("instruments_asset_class_idx").on(t.assetClass),
    index("instruments_sector_idx").on(t.sector),
    index("instruments_search_trgm_idx").using("gin", sql`${t.searchText} gin_trgm_ops`),
    check("instruments_mic_check", sql`${t.mic} ~ '^[A-Z0-9]{4}$'`),
    check("instruments_country_check", sql`${t.country} is null or ${t.country} ~ '^[A-Z]{2}$'`),
    check("instruments_asset_class_check", sql`${t.assetClass} in (${inList(ASSET_CLASSES)})`),
    check(
      "instruments_kr_symbol_check",
      sql`${t.mic} not in ('XKRX','XKOS','XKON') or ${t.symbol} ~ '^[0-9]{6}$'`,
    ),
    check("instruments_kr_currency_check", sql`${t.country} is distinct from 'KR' or ${t.currency} = 'KRW'`),
    check("instruments_currency_check", sql`${t.currency} ~ '^[A-Z]{3}$'`),
  ],
);

/**
 * OHLCV for every interval (000 stock_prices, 001 price_history, 003 price_data, 004 market_data).
 * `ts` is the bar's start as a UTC instant; daily and weekly bars sit at 00:00 UTC of their trading
 * date, so `ts::date` in UTC is the exchange's trading date. No foreign key to instruments: rows
 * arrive by the million through the staging merge, which checks the instrument itself, and
 * instruments are only ever soft-deleted.
 */
export const bars = marketSchema.table(
  "bars",
  {
    instrumentId: uuid("instrument_id").notNull(),
    interval: text("interval").notNull(),
    ts: ts("ts").notNull(),
    open: doublePrecision("open").notNull(),
    high: doublePrecision("high").notNull(),
    low: doublePrecision("low").notNull(),
    close: doublePrecision("close").notNull(),
    adjClose: doublePrecision("adj_close"),
    volume: doublePrecision("volume"),
    source: text("source"),
  },
  (t) => [
    primaryKey({ columns: [t.instrumentId, t.interval, t.ts] }),
    check("bars_interval_check", sql`${t.interval} in (${inList(INTERVALS)})`),
  ],
);

/**
 * Shape of a bulk load's staging rows (004 market_data staging). Each load copies into a
 * temporary table made `LIKE` this one, inside the transaction that merges it, so a load that
 * dies leaves nothing behind; this table itself stays empty.
 */
export const barStaging = marketSchema.table("bar_staging", {
  rowNo: integer("row_no").notNull(),
  epochMs: bigint("epoch_ms", { mode: "number" }).notNull(),
  open: doublePrecision("open").notNull(),
  high: doublePrecision("high").notNull(),
  low: doublePrecision("low").notNull(),
  close: doublePrecision("close").notNull(),
  adjClose: doublePrecision("adj_close"),
  volume: doublePrecision("volume"),
});

/** Splits, dividends and symbol changes: the source of 003's adjustment_factor. */
export const corporateActions = marketSchema.table(
  "corporate_actions",
  {
    id: uuid("id").primaryKey(),
    instrumentId: uuid("instrument_id")
      .notNull()
      .references(() => instruments.id),
    actionType: text("action_type").notNull(),
    exDate: date("ex_date").notNull(),
    /** Split: shares after per share before (7-for-1 → 7 / 1). */
    splitTo: numeric("split_to"),
    splitFrom: numeric("split_from"),
    /** Dividend per share in `currency`, as of the ex-date (not restated for later splits). */
    amount: numeric("amount"),
    currency: text("currency"),
    oldSymbol: text("old_symbol"),
    newSymbol: text("new_symbol"),
    recordDate: date("record_date"),
    payDate: date("pay_date"),
    source: text("source"),
    notes: text("notes"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("corporate_actions_key").on(t.instrumentId, t.actionType, t.exDate),
    check("corporate_actions_type_check", sql`${t.actionType} in (${inList(ACTION_TYPES)})`),
    check(
      "corporate_actions_fields_check",
      sql`(${t.actionType} <> 'split' or (${t.splitTo} > 0 and ${t.splitFrom} > 0))
        and (${t.actionType} <> 'dividend' or ${t.amount} >= 0)
        and (${t.actionType} <> 'symbol_change' or ${t.newSymbol} is not null)`,
    ),
  ],
);

/** Daily FX (004 currency_exchange_rates, 000 USD/KRW): `rate` units of `quote` per 1 `base`. */
export const fxRates = marketSchema.table(
  "fx_rates",
  {
    base: text("base").notNull(),
    quote: text("quote").notNull(),
    rateDate: date("rate_date").notNull(),
    rate: numeric("rate").notNull(),
    source: text("source"),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.base, t.quote, t.rateDate] }),
    check("fx_rates_positive_check", sql`${t.rate} > 0`),
    check("fx_rates_codes_check", sql`${t.base} ~ '^[A-Z]{3}$' and ${t.quote} ~ '^[A-Z]{3}$'`),
  ],
);

/** A named universe (003 asset_universe_versions); its membership changes by version. */
export const universes = marketSchema.table("universes", {
  id: uuid("id").primaryKey(),
  name: text("name").notNull().unique(),
  description: text("description"),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/** One version of a universe, in force from `effective_start_date` until the day before `effective_end_date`. */
export const universeVersions = marketSchema.table(
  "universe_versions",
  {
    id: uuid("id").primaryKey(),
    universeId: uuid("universe_id")
      .notNull()
      .references(() => universes.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    effectiveStartDate: date("effective_start_date").notNull(),
    effectiveEndDate: date("effective_end_date"),
    notes: text("notes"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("universe_versions_key").on(t.universeId, t.version),
    index("universe_versions_dates_idx").on(t.universeId, t.effectiveStartDate),
    check(
      "universe_versions_dates_check",
      sql`${t.effectiveEndDate} is null or ${t.effectiveEndDate} > ${t.effectiveStartDate}`,
    ),
  ],
);

export const universeMembers = marketSchema.table(
  "universe_members",
  {
    versionId: uuid("version_id")
      .notNull()
      .references(() => universeVersions.id, { onDelete: "cascade" }),
    instrumentId: uuid("instrument_id")
      .notNull()
      .references(() => instruments.id),
    weight: numeric("weight"),
  },
  (t) => [
    primaryKey({ columns: [t.versionId, t.instrumentId] }),
    check("universe_members_weight_check", sql`${t.weight} is null or ${t.weight} >= 0`),
  ],
);

/** 004 trading.watchlists: several per user, at most one default, instruments in display order. */
export const watchlists = marketSchema.table(
  "watchlists",
  {
    id: uuid("id").primaryKey(),
    userId: uuid("user_id").notNull(),
    name: text("name").notNull(),
    isDefault: boolean("is_default").notNull().default(false),
    instrumentIds: uuid("instrument_ids").array().notNull().default(sql`'{}'::uuid[]`),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("watchlists_user_name_key").on(t.userId, t.name),
    uniqueIndex("watchlists_one_default_key").on(t.userId).where(sql`${t.isDefault}`),
  ],
);
