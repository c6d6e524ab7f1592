CREATE TABLE "market"."data_source_log" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "market"."data_source_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"source_name" text NOT NULL,
	"endpoint" text NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"status_code" integer,
	"records_fetched" integer,
	"error_message" text,
	"duration_ms" integer,
	"run_id" uuid
);
--> statement-breakpoint
CREATE TABLE "market"."fetch_runs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"provider" text,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"done" integer DEFAULT 0 NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"records_written" integer DEFAULT 0 NOT NULL,
	"error" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"requested_by" uuid,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fetch_runs_kind_check" CHECK ("market"."fetch_runs"."kind" in ('fetch','refresh','backfill','fx')),
	CONSTRAINT "fetch_runs_status_check" CHECK ("market"."fetch_runs"."status" in ('queued','running','done','failed')),
	CONSTRAINT "fetch_runs_progress_check" CHECK ("market"."fetch_runs"."done" >= 0 and "market"."fetch_runs"."total" >= 0)
);
--> statement-breakpoint
CREATE TABLE "market"."raw_data_cache" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "market"."raw_data_cache_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"source_name" text NOT NULL,
	"cache_key" text NOT NULL,
	"endpoint" text NOT NULL,
	"instrument_id" uuid,
	"content_type" text,
	"payload" jsonb,
	"payload_text" text,
	"fetched_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "market"."fundamentals" (
	"id" uuid PRIMARY KEY NOT NULL,
	"instrument_id" uuid NOT NULL,
	"report_date" date NOT NULL,
	"fiscal_period" text,
	"known_at" timestamp with time zone NOT NULL,
	"pe_ratio" numeric,
	"ps_ratio" numeric,
	"pb_ratio" numeric,
	"ev_ebitda" numeric,
	"roe" numeric,
	"debt_equity" numeric,
	"cash_flow_ratio" numeric,
	"dividend_yield" numeric,
	"market_cap" numeric,
	"week52_high" numeric,
	"week52_low" numeric,
	"currency" text,
	"data_source" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fundamentals_week52_check" CHECK ("market"."fundamentals"."week52_low" is null or "market"."fundamentals"."week52_high" is null or "market"."fundamentals"."week52_low" <= "market"."fundamentals"."week52_high")
);
--> statement-breakpoint
CREATE TABLE "market"."macro_observations" (
	"series_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"obs_date" date,
	"value" double precision,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "macro_observations_series_id_seq_pk" PRIMARY KEY("series_id","seq")
);
--> statement-breakpoint
CREATE TABLE "market"."macro_series" (
	"id" uuid PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"frequency" text NOT NULL,
	"unit" text,
	"dated" boolean DEFAULT true NOT NULL,
	"data_source" text,
	"description" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "macro_series_frequency_check" CHECK ("market"."macro_series"."frequency" in ('daily','weekly','monthly','quarterly','annual','irregular'))
);
--> statement-breakpoint
CREATE TABLE "market"."regime_indicators" (
	"date" date PRIMARY KEY NOT NULL,
	"vix" double precision,
	"drawdown_marker" double precision,
	"bear" boolean,
	"yield_curve_slope" double precision,
	"credit_spread" double precision,
	"macro_cycle" text,
	"data_source" text NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "regime_indicators_cycle_check" CHECK ("market"."regime_indicators"."macro_cycle" is null or "market"."regime_indicators"."macro_cycle" in ('expansion','late_cycle','contraction','recovery')),
	CONSTRAINT "regime_indicators_drawdown_check" CHECK ("market"."regime_indicators"."drawdown_marker" is null or "market"."regime_indicators"."drawdown_marker" <= 0)
);
--> statement-breakpoint
ALTER TABLE "market"."fundamentals" ADD CONSTRAINT "fundamentals_instrument_id_instruments_id_fk" FOREIGN KEY ("instrument_id") REFERENCES "market"."instruments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "market"."macro_observations" ADD CONSTRAINT "macro_observations_series_id_macro_series_id_fk" FOREIGN KEY ("series_id") REFERENCES "market"."macro_series"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "data_source_log_requested_idx" ON "market"."data_source_log" USING btree ("requested_at");--> statement-breakpoint
CREATE INDEX "data_source_log_source_idx" ON "market"."data_source_log" USING btree ("source_name","requested_at");--> statement-breakpoint
CREATE INDEX "fetch_runs_created_idx" ON "market"."fetch_runs" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "raw_data_cache_key" ON "market"."raw_data_cache" USING btree ("source_name","cache_key");--> statement-breakpoint
CREATE INDEX "raw_data_cache_expires_idx" ON "market"."raw_data_cache" USING btree ("expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "fundamentals_key" ON "market"."fundamentals" USING btree ("instrument_id","report_date","known_at");--> statement-breakpoint
CREATE INDEX "fundamentals_known_idx" ON "market"."fundamentals" USING btree ("instrument_id","known_at");--> statement-breakpoint
CREATE UNIQUE INDEX "macro_observations_date_key" ON "market"."macro_observations" USING btree ("series_id","obs_date");--> statement-breakpoint
CREATE UNIQUE INDEX "macro_series_code_key" ON "market"."macro_series" USING btree ("code");