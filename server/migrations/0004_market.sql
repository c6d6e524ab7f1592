CREATE SCHEMA "market";
--> statement-breakpoint
CREATE TABLE "market"."bar_staging" (
	"row_no" integer NOT NULL,
	"epoch_ms" bigint NOT NULL,
	"open" double precision NOT NULL,
	"high" double precision NOT NULL,
	"low" double precision NOT NULL,
	"close" double precision NOT NULL,
	"adj_close" double precision,
	"volume" double precision
);
--> statement-breakpoint
CREATE TABLE "market"."bars" (
	"instrument_id" uuid NOT NULL,
	"interval" text NOT NULL,
	"ts" timestamp with time zone NOT NULL,
	"open" double precision NOT NULL,
	"high" double precision NOT NULL,
	"low" double precision NOT NULL,
	"close" double precision NOT NULL,
	"adj_close" double precision,
	"volume" double precision,
	"source" text,
	CONSTRAINT "bars_instrument_id_interval_ts_pk" PRIMARY KEY("instrument_id","interval","ts"),
	CONSTRAINT "bars_interval_check" CHECK ("market"."bars"."interval" in ('1m','5m','15m','1h','1d','1w'))
);
--> statement-breakpoint
CREATE TABLE "market"."corporate_actions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"instrument_id" uuid NOT NULL,
	"action_type" text NOT NULL,
	"ex_date" date NOT NULL,
	"split_to" numeric,
	"split_from" numeric,
	"amount" numeric,
	"currency" text,
	"old_symbol" text,
	"new_symbol" text,
	"record_date" date,
	"pay_date" date,
	"source" text,
	"notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "corporate_actions_type_check" CHECK ("market"."corporate_actions"."action_type" in ('split','dividend','symbol_change')),
	CONSTRAINT "corporate_actions_fields_check" CHECK (("market"."corporate_actions"."action_type" <> 'split' or ("market"."corporate_actions"."split_to" > 0 and "market"."corporate_actions"."split_from" > 0))
        and ("market"."corporate_actions"."action_type" <> 'dividend' or "market"."corporate_actions"."amount" >= 0)
        and ("market"."corporate_actions"."action_type" <> 'symbol_change' or "market"."corporate_actions"."new_symbol" is not null))
);
--> statement-breakpoint
CREATE TABLE "market"."fx_rates" (
	"base" text NOT NULL,
	"quote" text NOT NULL,
	"rate_date" date NOT NULL,
	"rate" numeric NOT NULL,
	"source" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fx_rates_base_quote_rate_date_pk" PRIMARY KEY("base","quote","rate_date"),
	CONSTRAINT "fx_rates_positive_check" CHECK ("market"."fx_rates"."rate" > 0),
	CONSTRAINT "fx_rates_codes_check" CHECK ("market"."fx_rates"."base" ~ '^[A-Z]{3}$' and "market"."fx_rates"."quote" ~ '^[A-Z]{3}$')
);
--> statement-breakpoint
CREATE TABLE "market"."instruments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"symbol" text NOT NULL,
	"market" text NOT NULL,
	"asset_class" text DEFAULT 'equity' NOT NULL,
	"name" text NOT NULL,
	"name_local" text,
	"exchange" text,
	"currency" text DEFAULT 'USD' NOT NULL,
	"country" text,
	"sector" text,
	"industry" text,
	"themes" text[] DEFAULT '{}'::text[] NOT NULL,
	"isin" text,
	"cusip" text,
	"sedol" text,
	"base_currency" text,
	"quote_currency" text,
	"pip_value" numeric,
	"inception_date" date,
	"description" text,
	"data_source" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"search_text" text GENERATED ALWAYS AS (lower(symbol || ' ' || name || ' ' || coalesce(name_local, '') || ' ' || coalesce(isin, ''))) STORED,
	CONSTRAINT "instruments_market_check" CHECK ("market"."instruments"."market" in ('US','KR','NYSE','NASDAQ','AMEX','KRX','KOSPI','KOSDAQ','FX','CRYPTO','OTHER')),
	CONSTRAINT "instruments_asset_class_check" CHECK ("market"."instruments"."asset_class" in ('equity','etf','bond','option','future','index','fx','crypto','fund')),
	CONSTRAINT "instruments_kr_symbol_check" CHECK ("market"."instruments"."market" not in ('KR','KRX','KOSPI','KOSDAQ') or "market"."instruments"."symbol" ~ '^[0-9]{6}$'),
	CONSTRAINT "instruments_currency_check" CHECK ("market"."instruments"."currency" ~ '^[A-Z]{3}$')
);
--> statement-breakpoint
CREATE TABLE "market"."universe_members" (
	"version_id" uuid NOT NULL,
	"instrument_id" uuid NOT NULL,
	"weight" numeric,
	CONSTRAINT "universe_members_version_id_instrument_id_pk" PRIMARY KEY("version_id","instrument_id"),
	CONSTRAINT "universe_members_weight_check" CHECK ("market"."universe_members"."weight" is null or "market"."universe_members"."weight" >= 0)
);
--> statement-breakpoint
CREATE TABLE "market"."universe_versions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"universe_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"effective_start_date" date NOT NULL,
	"effective_end_date" date,
	"notes" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "universe_versions_dates_check" CHECK ("market"."universe_versions"."effective_end_date" is null or "market"."universe_versions"."effective_end_date" > "market"."universe_versions"."effective_start_date")
);
--> statement-breakpoint
CREATE TABLE "market"."universes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "universes_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "market"."watchlists" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"instrument_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "market"."corporate_actions" ADD CONSTRAINT "corporate_actions_instrument_id_instruments_id_fk" FOREIGN KEY ("instrument_id") REFERENCES "market"."instruments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "market"."universe_members" ADD CONSTRAINT "universe_members_version_id_universe_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "market"."universe_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "market"."universe_members" ADD CONSTRAINT "universe_members_instrument_id_instruments_id_fk" FOREIGN KEY ("instrument_id") REFERENCES "market"."instruments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "market"."universe_versions" ADD CONSTRAINT "universe_versions_universe_id_universes_id_fk" FOREIGN KEY ("universe_id") REFERENCES "market"."universes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "corporate_actions_key" ON "market"."corporate_actions" USING btree ("instrument_id","action_type","ex_date");--> statement-breakpoint
CREATE UNIQUE INDEX "instruments_symbol_market_key" ON "market"."instruments" USING btree ("symbol","market");--> statement-breakpoint
CREATE INDEX "instruments_market_active_idx" ON "market"."instruments" USING btree ("market","active");--> statement-breakpoint
CREATE INDEX "instruments_isin_idx" ON "market"."instruments" USING btree ("isin");--> statement-breakpoint
CREATE INDEX "instruments_search_trgm_idx" ON "market"."instruments" USING gin ("search_text" gin_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "universe_versions_key" ON "market"."universe_versions" USING btree ("universe_id","version");--> statement-breakpoint
CREATE INDEX "universe_versions_dates_idx" ON "market"."universe_versions" USING btree ("universe_id","effective_start_date");--> statement-breakpoint
CREATE UNIQUE INDEX "watchlists_user_name_key" ON "market"."watchlists" USING btree ("user_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "watchlists_one_default_key" ON "market"."watchlists" USING btree ("user_id") WHERE "market"."watchlists"."is_default";