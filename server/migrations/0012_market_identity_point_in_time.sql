-- Instrument identity (docs/decisions/0004-instrument-identity.md), point in time for macro
-- observations and regime indicators, and the indexes seeds 001 and 002 name.
--
-- 1. Instruments: the old `market` mixed regions (US, KR) with exchanges (NASDAQ, KOSPI, ...), so
--    AAPL/US and AAPL/NASDAQ could both exist. It becomes `mic` (ISO 10383 venue; XXXX for none or
--    unknown) and `country` (ISO 3166 alpha-2):
--      NASDAQ → XNAS/US, NYSE → XNYS/US, AMEX → XASE/US, KRX and KOSPI → XKRX/KR, KOSDAQ → XKOS/KR,
--      FX and CRYPTO → XXXX/no country;
--      US, KR and OTHER → the venue `exchange` names (NASDAQ, NYSE Arca, KOSDAQ, a MIC, ...), else
--      KR → XKRX (the Korea Exchange), US and OTHER → XXXX with the country.
--    Rows that then name one listing (same symbol, MIC and country; in the US and Korea the same
--    symbol and country) are merged into the oldest: it takes the other's venue when it had none,
--    its empty fields are filled,
--    bars, actions, fundamentals, universe memberships, watchlist entries and cached payloads move
--    to it (where it has none for the same key), and the newer row goes. Rows with different ISINs,
--    or one ISIN on different symbols or venues, are not the same listing: the migration stops and
--    names them. Korean listings trade in KRW (a non-KRW currency there was an entry error).
ALTER TABLE "market"."instruments" DROP CONSTRAINT "instruments_market_check";--> statement-breakpoint
ALTER TABLE "market"."instruments" DROP CONSTRAINT "instruments_kr_symbol_check";--> statement-breakpoint
DROP INDEX "market"."instruments_symbol_market_key";--> statement-breakpoint
DROP INDEX "market"."instruments_market_active_idx";--> statement-breakpoint
DROP INDEX "market"."instruments_isin_idx";--> statement-breakpoint
ALTER TABLE "market"."instruments" ADD COLUMN "mic" text;--> statement-breakpoint
UPDATE "market"."instruments" SET "country" = CASE
    WHEN upper(trim("country")) ~ '^[A-Z]{2}$' THEN upper(trim("country"))
    WHEN upper(trim("country")) IN ('USA', 'UNITED STATES', 'UNITED STATES OF AMERICA') THEN 'US'
    WHEN upper(trim("country")) IN ('KOR', 'KOREA', 'SOUTH KOREA', 'REPUBLIC OF KOREA', '대한민국', '한국') THEN 'KR'
    ELSE NULL
  END;--> statement-breakpoint
UPDATE "market"."instruments" SET "mic" = CASE
    WHEN "market" = 'NASDAQ' THEN 'XNAS'
    WHEN "market" = 'NYSE' THEN 'XNYS'
    WHEN "market" = 'AMEX' THEN 'XASE'
    WHEN "market" IN ('KRX', 'KOSPI') THEN 'XKRX'
    WHEN "market" = 'KOSDAQ' THEN 'XKOS'
    WHEN "market" IN ('FX', 'CRYPTO') THEN 'XXXX'
    ELSE coalesce(
      CASE upper(trim(coalesce("exchange", '')))
        WHEN 'NASDAQ' THEN 'XNAS' WHEN 'NMS' THEN 'XNAS' WHEN 'NGM' THEN 'XNAS' WHEN 'NCM' THEN 'XNAS'
        WHEN 'NYSE' THEN 'XNYS'
        WHEN 'NYSE ARCA' THEN 'ARCX' WHEN 'ARCA' THEN 'ARCX' WHEN 'PCX' THEN 'ARCX'
        WHEN 'AMEX' THEN 'XASE' WHEN 'NYSE AMERICAN' THEN 'XASE' WHEN 'NYSE MKT' THEN 'XASE'
        WHEN 'BATS' THEN 'BATS' WHEN 'CBOE BZX' THEN 'BATS' WHEN 'IEX' THEN 'IEXG'
        WHEN 'KRX' THEN 'XKRX' WHEN 'KOSPI' THEN 'XKRX' WHEN 'KSE' THEN 'XKRX'
        WHEN 'KOSDAQ' THEN 'XKOS' WHEN 'KSQ' THEN 'XKOS' WHEN 'KONEX' THEN 'XKON'
        WHEN 'INDEX' THEN 'XXXX'
        ELSE NULL
      END,
      CASE WHEN upper(trim(coalesce("exchange", ''))) IN ('XNAS', 'XNYS', 'ARCX', 'XASE', 'BATS', 'IEXG',
          'XKRX', 'XKOS', 'XKON', 'XTKS', 'XHKG', 'XSHG', 'XSHE', 'XLON', 'XETR', 'XFRA', 'XPAR', 'XAMS',
          'XSWX', 'XTSE', 'XASX') THEN upper(trim("exchange")) END,
      CASE WHEN "market" = 'KR' THEN 'XKRX' ELSE 'XXXX' END)
  END;--> statement-breakpoint
UPDATE "market"."instruments" SET
  "country" = CASE
    WHEN "mic" IN ('XNAS', 'XNYS', 'ARCX', 'XASE', 'BATS', 'IEXG') THEN 'US'
    WHEN "mic" IN ('XKRX', 'XKOS', 'XKON') THEN 'KR'
    WHEN "mic" = 'XTKS' THEN 'JP' WHEN "mic" = 'XHKG' THEN 'HK'
    WHEN "mic" IN ('XSHG', 'XSHE') THEN 'CN' WHEN "mic" = 'XLON' THEN 'GB'
    WHEN "mic" IN ('XETR', 'XFRA') THEN 'DE' WHEN "mic" = 'XPAR' THEN 'FR' WHEN "mic" = 'XAMS' THEN 'NL'
    WHEN "mic" = 'XSWX' THEN 'CH' WHEN "mic" = 'XTSE' THEN 'CA' WHEN "mic" = 'XASX' THEN 'AU'
    WHEN "market" = 'US' THEN 'US'
    WHEN "market" = 'KR' THEN 'KR'
    WHEN "market" IN ('FX', 'CRYPTO') THEN NULL
    ELSE "country"
  END,
  "exchange" = CASE "mic"
    WHEN 'XNAS' THEN 'NASDAQ' WHEN 'XNYS' THEN 'NYSE' WHEN 'ARCX' THEN 'NYSE Arca'
    WHEN 'XASE' THEN 'NYSE American' WHEN 'BATS' THEN 'Cboe BZX' WHEN 'IEXG' THEN 'IEX'
    WHEN 'XKRX' THEN 'KOSPI' WHEN 'XKOS' THEN 'KOSDAQ' WHEN 'XKON' THEN 'KONEX'
    ELSE "exchange"
  END;--> statement-breakpoint
UPDATE "market"."instruments" SET "currency" = 'KRW' WHERE "country" = 'KR' AND "currency" <> 'KRW';--> statement-breakpoint
DO $$
DECLARE
  d record;
BEGIN
  -- Newest first: a row kept here is merged (if at all) into an older one later in the loop.
  FOR d IN
    SELECT lose.id AS lose_id, lose.symbol AS lose_symbol, lose.mic AS lose_mic, lose.isin AS lose_isin,
           lose.country AS lose_country,
           keep.id AS keep_id, keep.symbol AS keep_symbol, keep.mic AS keep_mic, keep.isin AS keep_isin,
           keep.country AS keep_country
    FROM "market"."instruments" lose
    CROSS JOIN LATERAL (
      SELECT k.* FROM "market"."instruments" k
      WHERE k.id <> lose.id
        AND (k.created_at, k.id) < (lose.created_at, lose.id)
        AND ((k.symbol = lose.symbol AND k.mic = lose.mic AND k.country IS NOT DISTINCT FROM lose.country)
          OR (k.symbol = lose.symbol AND k.country = lose.country AND k.country IN ('US', 'KR'))
          OR k.isin = lose.isin)
      ORDER BY k.created_at, k.id
      LIMIT 1) keep
    ORDER BY lose.created_at DESC, lose.id DESC
  LOOP
    IF d.keep_isin IS DISTINCT FROM d.lose_isin AND d.keep_isin IS NOT NULL AND d.lose_isin IS NOT NULL THEN
      RAISE EXCEPTION 'market.instruments: % (id %) and % (id %) now name one listing (% on %) but have different ISINs (% and %). They are not the same security: with the previous version, change the symbol of one or deactivate and rename it, then upgrade again.',
        d.lose_symbol, d.lose_id, d.keep_symbol, d.keep_id, d.keep_symbol, d.keep_mic, d.lose_isin, d.keep_isin;
    END IF;
    IF NOT (d.lose_symbol = d.keep_symbol AND ((d.lose_mic = d.keep_mic AND d.lose_country IS NOT DISTINCT FROM d.keep_country)
        OR (d.lose_country = d.keep_country AND d.keep_country IN ('US', 'KR')))) THEN
      RAISE EXCEPTION 'market.instruments: ISIN % is on two listings, % on % (id %) and % on % (id %); an ISIN names one instrument. With the previous version, clear it on one (PATCH /api/instruments/<id> {"isin": null}), then upgrade again.',
        d.lose_isin, d.lose_symbol, d.lose_mic, d.lose_id, d.keep_symbol, d.keep_mic, d.keep_id;
    END IF;
    -- The survivor takes the venue when only the newer row knew it (AAPL/US then AAPL/NASDAQ).
    UPDATE "market"."instruments" k SET
      mic = CASE WHEN k.mic = 'XXXX' THEN l.mic ELSE k.mic END,
      exchange = CASE WHEN k.mic = 'XXXX' AND l.mic <> 'XXXX' THEN l.exchange ELSE coalesce(k.exchange, l.exchange) END,
      name_local = coalesce(k.name_local, l.name_local),
      isin = coalesce(k.isin, l.isin),
      cusip = coalesce(k.cusip, l.cusip),
      sedol = coalesce(k.sedol, l.sedol),
      sector = coalesce(k.sector, l.sector),
      industry = coalesce(k.industry, l.industry),
      base_currency = coalesce(k.base_currency, l.base_currency),
      quote_currency = coalesce(k.quote_currency, l.quote_currency),
      pip_value = coalesce(k.pip_value, l.pip_value),
      inception_date = coalesce(k.inception_date, l.inception_date),
      description = coalesce(k.description, l.description),
      data_source = coalesce(k.data_source, l.data_source),
      themes = ARRAY(SELECT DISTINCT unnest(k.themes || l.themes)),
      active = k.active OR l.active,
      updated_at = now()
    FROM "market"."instruments" l
    WHERE k.id = d.keep_id AND l.id = d.lose_id;
    INSERT INTO "market"."bars" (instrument_id, interval, ts, open, high, low, close, adj_close, volume, source)
      SELECT d.keep_id, interval, ts, open, high, low, close, adj_close, volume, source
      FROM "market"."bars" WHERE instrument_id = d.lose_id
      ON CONFLICT DO NOTHING;
    DELETE FROM "market"."bars" WHERE instrument_id = d.lose_id;
    UPDATE "market"."corporate_actions" a SET instrument_id = d.keep_id
      WHERE a.instrument_id = d.lose_id AND NOT EXISTS (
        SELECT 1 FROM "market"."corporate_actions" b
        WHERE b.instrument_id = d.keep_id AND b.action_type = a.action_type AND b.ex_date = a.ex_date);
    DELETE FROM "market"."corporate_actions" WHERE instrument_id = d.lose_id;
    UPDATE "market"."fundamentals" f SET instrument_id = d.keep_id
      WHERE f.instrument_id = d.lose_id AND NOT EXISTS (
        SELECT 1 FROM "market"."fundamentals" g
        WHERE g.instrument_id = d.keep_id AND g.report_date = f.report_date AND g.known_at = f.known_at);
    DELETE FROM "market"."fundamentals" WHERE instrument_id = d.lose_id;
    -- Quotes are a cache: both go and are recomputed on the next read or refresh.
    DELETE FROM "market"."quotes" WHERE instrument_id IN (d.keep_id, d.lose_id);
    UPDATE "market"."universe_members" m SET instrument_id = d.keep_id
      WHERE m.instrument_id = d.lose_id AND NOT EXISTS (
        SELECT 1 FROM "market"."universe_members" n WHERE n.version_id = m.version_id AND n.instrument_id = d.keep_id);
    DELETE FROM "market"."universe_members" WHERE instrument_id = d.lose_id;
    UPDATE "market"."watchlists" w SET instrument_ids = (
        SELECT coalesce(array_agg(x ORDER BY first_at), '{}'::uuid[]) FROM (
          SELECT x, min(ord) AS first_at
          FROM unnest(array_replace(w.instrument_ids, d.lose_id, d.keep_id)) WITH ORDINALITY AS u(x, ord)
          GROUP BY x) s)
      WHERE d.lose_id = ANY (w.instrument_ids);
    UPDATE "market"."raw_data_cache" SET instrument_id = d.keep_id WHERE instrument_id = d.lose_id;
    DELETE FROM "market"."instruments" WHERE id = d.lose_id;
    RAISE NOTICE 'market.instruments: % (id %) merged into % (id %)', d.lose_symbol, d.lose_id, d.keep_symbol, d.keep_id;
  END LOOP;
END $$;--> statement-breakpoint
ALTER TABLE "market"."instruments" ALTER COLUMN "mic" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "market"."instruments" DROP COLUMN "market";--> statement-breakpoint
ALTER TABLE "market"."instruments" ADD CONSTRAINT "instruments_symbol_mic_key" UNIQUE NULLS NOT DISTINCT("symbol","mic","country");--> statement-breakpoint
CREATE UNIQUE INDEX "instruments_national_symbol_key" ON "market"."instruments" USING btree ("symbol","country") WHERE "market"."instruments"."country" in ('US','KR');--> statement-breakpoint
CREATE UNIQUE INDEX "instruments_isin_key" ON "market"."instruments" USING btree ("isin");--> statement-breakpoint
CREATE INDEX "instruments_country_active_idx" ON "market"."instruments" USING btree ("country","active");--> statement-breakpoint
CREATE INDEX "instruments_mic_idx" ON "market"."instruments" USING btree ("mic");--> statement-breakpoint
-- Seed 001's idx_securities_type and idx_securities_sector.
CREATE INDEX "instruments_asset_class_idx" ON "market"."instruments" USING btree ("asset_class");--> statement-breakpoint
CREATE INDEX "instruments_sector_idx" ON "market"."instruments" USING btree ("sector");--> statement-breakpoint
ALTER TABLE "market"."instruments" ADD CONSTRAINT "instruments_mic_check" CHECK ("market"."instruments"."mic" ~ '^[A-Z0-9]{4}$');--> statement-breakpoint
ALTER TABLE "market"."instruments" ADD CONSTRAINT "instruments_country_check" CHECK ("market"."instruments"."country" is null or "market"."instruments"."country" ~ '^[A-Z]{2}$');--> statement-breakpoint
ALTER TABLE "market"."instruments" ADD CONSTRAINT "instruments_kr_currency_check" CHECK ("market"."instruments"."country" is distinct from 'KR' or "market"."instruments"."currency" = 'KRW');--> statement-breakpoint
ALTER TABLE "market"."instruments" ADD CONSTRAINT "instruments_kr_symbol_check" CHECK ("market"."instruments"."mic" not in ('XKRX','XKOS','XKON') or "market"."instruments"."symbol" ~ '^[0-9]{6}$');--> statement-breakpoint
-- 2. Macro observations get `known_at` (when the value became known); a revision is a new row.
--    Existing rows hold the value as last loaded. Dated ones are known their series' usual release
--    lag after the observation date (daily 1 day, weekly 7, monthly 45, quarterly 120, annual 455
--    days; dates are period starts), but never later than when Bullpen stored them (created_at);
--    undated ones (no date to count from) from created_at.
ALTER TABLE "market"."macro_series" ADD COLUMN "release_lag_days" integer;--> statement-breakpoint
ALTER TABLE "market"."macro_observations" ADD COLUMN "known_at" timestamp with time zone;--> statement-breakpoint
UPDATE "market"."macro_observations" o SET "known_at" = CASE
    WHEN o.obs_date IS NULL THEN o.created_at
    ELSE least(o.created_at, (o.obs_date + CASE s.frequency
      WHEN 'daily' THEN 1 WHEN 'weekly' THEN 7 WHEN 'monthly' THEN 45 WHEN 'quarterly' THEN 120
      WHEN 'annual' THEN 455 ELSE 0 END)::timestamp AT TIME ZONE 'UTC')
  END
  FROM "market"."macro_series" s WHERE s.id = o.series_id;--> statement-breakpoint
ALTER TABLE "market"."macro_observations" ALTER COLUMN "known_at" SET NOT NULL;--> statement-breakpoint
DROP INDEX "market"."macro_observations_date_key";--> statement-breakpoint
ALTER TABLE "market"."macro_observations" DROP CONSTRAINT "macro_observations_series_id_seq_pk";--> statement-breakpoint
ALTER TABLE "market"."macro_observations" ADD CONSTRAINT "macro_observations_series_id_seq_known_at_pk" PRIMARY KEY("series_id","seq","known_at");--> statement-breakpoint
CREATE UNIQUE INDEX "macro_observations_date_key" ON "market"."macro_observations" USING btree ("series_id","obs_date","known_at");--> statement-breakpoint
-- 3. Regime indicators get `known_at` (when a row's inputs were all known); a recomputation that
--    changes a date adds a row. Existing rows are known from when they were computed (computed_at):
--    nothing earlier can be claimed for them; the next recomputation adds, for each date, the
--    version its inputs' known times allow (same values, earlier known_at).
ALTER TABLE "market"."regime_indicators" ADD COLUMN "known_at" timestamp with time zone;--> statement-breakpoint
UPDATE "market"."regime_indicators" SET "known_at" = "computed_at";--> statement-breakpoint
ALTER TABLE "market"."regime_indicators" ALTER COLUMN "known_at" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "market"."regime_indicators" DROP CONSTRAINT "regime_indicators_pkey";--> statement-breakpoint
ALTER TABLE "market"."regime_indicators" ADD CONSTRAINT "regime_indicators_date_known_at_pk" PRIMARY KEY("date","known_at");--> statement-breakpoint
-- 4. Seed 002's idx_audit_logs_action and idx_audit_logs_created_at (created_at is occurred_at here).
CREATE INDEX "audit_logs_action_idx" ON "audit"."audit_logs" USING btree ("action");--> statement-breakpoint
CREATE INDEX "audit_logs_occurred_at_idx" ON "audit"."audit_logs" USING btree ("occurred_at");
