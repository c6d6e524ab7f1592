import { sql } from "drizzle-orm";
import { check, date, numeric, text, uuid } from "drizzle-orm/pg-core";
import { ts, updatedAt } from "../../platform/db/columns.ts";
import { instruments, marketSchema } from "./schema.ts";

/**
 * The latest snapshot of an instrument (001's cached price, market cap and 52-week range): one row
 * per instrument, recomputed from the stored bars whenever bars are imported, merged or resampled and
 * by the scheduled refresh, and overlaid with a provider's live quote when one is newer than the
 * last bar. Prices are the traded (unadjusted) prices; the 52-week range is restated for splits
 * inside the window so it compares with today's price.
 */
export const quotes = marketSchema.table(
  "quotes",
  {
    instrumentId: uuid("instrument_id")
      .primaryKey()
      .references(() => instruments.id),
    currency: text("currency").notNull(),
    /** The latest price: the provider's when newer than the last bar, else the last bar's close. */
    price: numeric("price").notNull(),
    priceAt: ts("price_at").notNull(),
    /** `bars` or the provider's id. */
    priceSource: text("price_source").notNull(),
    previousClose: numeric("previous_close"),
    /** Trading date of `previous_close` (null when it came from a provider). */
    previousCloseDate: date("previous_close_date"),
    change: numeric("change"),
    changePct: numeric("change_pct"),
    /** Latest session from the bars: its trading date, open/high/low/volume. */
    sessionDate: date("session_date"),
    dayOpen: numeric("day_open"),
    dayHigh: numeric("day_high"),
    dayLow: numeric("day_low"),
    volume: numeric("volume"),
    /** Interval of the bar the price came from, and that bar's start. */
    barInterval: text("bar_interval"),
    barTs: ts("bar_ts"),
    /** 52 weeks up to `session_date`, from daily bars (weekly or intraday when there are none). */
    week52High: numeric("week52_high"),
    week52Low: numeric("week52_low"),
    week52From: date("week52_from"),
    /** From the latest fundamentals known (market.fundamentals), when any. */
    marketCap: numeric("market_cap"),
    marketCapDate: date("market_cap_date"),
    /** The last provider quote taken (kept apart so a bar import never loses a newer live price). */
    provider: text("provider"),
    providerPrice: numeric("provider_price"),
    providerPreviousClose: numeric("provider_previous_close"),
    providerVolume: numeric("provider_volume"),
    providerAsOf: ts("provider_as_of"),
    updatedAt: updatedAt(),
  },
  (t) => [
    check("quotes_currency_check", sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check(
      "quotes_week52_check",
      sql`${t.week52Low} is null or ${t.week52High} is null or ${t.week52Low} <= ${t.week52High}`,
    ),
    check(
      "quotes_provider_check",
      sql`(${t.provider} is null) = (${t.providerPrice} is null) and (${t.provider} is null) = (${t.providerAsOf} is null)`,
    ),
  ],
);
