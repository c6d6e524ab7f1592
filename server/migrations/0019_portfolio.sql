CREATE SCHEMA "portfolio";
--> statement-breakpoint
CREATE TABLE "portfolio"."accounts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"broker" text,
	"broker_account_id" text,
	"base_currency" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"last_synced_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "accounts_user_name" UNIQUE("user_id","name"),
	CONSTRAINT "accounts_base_currency" CHECK ("portfolio"."accounts"."base_currency" ~ '^[A-Z]{3}$')
);
--> statement-breakpoint
CREATE TABLE "portfolio"."broker_connections" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"account_id" uuid,
	"broker" text NOT NULL,
	"broker_account_id" text,
	"credentials" text NOT NULL,
	"can_read" boolean DEFAULT true NOT NULL,
	"can_trade" boolean DEFAULT false NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"status" text DEFAULT 'never' NOT NULL,
	"last_error" text,
	"last_connected_at" timestamp with time zone,
	"last_sync_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "broker_connections_user_broker_account" UNIQUE("user_id","broker","broker_account_id")
);
--> statement-breakpoint
CREATE TABLE "portfolio"."goals" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"target_amount" numeric NOT NULL,
	"currency" text NOT NULL,
	"target_date" date NOT NULL,
	"account_ids" uuid[],
	"monthly_contribution" numeric DEFAULT '0' NOT NULL,
	"expected_return_pct" numeric,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "portfolio"."holdings" (
	"account_id" uuid NOT NULL,
	"instrument_id" uuid NOT NULL,
	"side" text NOT NULL,
	"quantity" numeric NOT NULL,
	"average_cost" numeric NOT NULL,
	"cost_basis" numeric NOT NULL,
	"currency" text NOT NULL,
	"price" numeric,
	"market_value" numeric,
	"unrealized_pnl" numeric,
	"unrealized_pnl_pct" numeric,
	"as_of" date NOT NULL,
	"refreshed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "holdings_account_id_instrument_id_side_pk" PRIMARY KEY("account_id","instrument_id","side")
);
--> statement-breakpoint
CREATE TABLE "portfolio"."import_mappings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"header_key" text NOT NULL,
	"mapping" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "import_mappings_user_name" UNIQUE("user_id","name")
);
--> statement-breakpoint
CREATE TABLE "portfolio"."imports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"account_id" uuid,
	"file_name" text NOT NULL,
	"file_sha256" text NOT NULL,
	"broker" text NOT NULL,
	"detected_broker" text,
	"status" text NOT NULL,
	"total_rows" integer DEFAULT 0 NOT NULL,
	"imported_rows" integer DEFAULT 0 NOT NULL,
	"duplicate_rows" integer DEFAULT 0 NOT NULL,
	"failed_rows" integer DEFAULT 0 NOT NULL,
	"errors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"warnings" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"options" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"staged" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"committed_at" timestamp with time zone,
	"undone_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "portfolio"."risk_profiles" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"answers" jsonb NOT NULL,
	"score" integer NOT NULL,
	"profile_type" text NOT NULL,
	"completed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "portfolio"."snapshot_holdings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"snapshot_id" uuid NOT NULL,
	"line" integer NOT NULL,
	"name" text NOT NULL,
	"instrument_id" uuid,
	"market" text,
	"currency" text,
	"quantity" numeric,
	"average_price" numeric,
	"current_price" numeric,
	"current_value_krw" numeric,
	"purchase_value_krw" numeric,
	"pnl_krw" numeric,
	"pnl_pct" numeric,
	CONSTRAINT "snapshot_holdings_line" UNIQUE("snapshot_id","line")
);
--> statement-breakpoint
CREATE TABLE "portfolio"."snapshots" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"account_id" uuid,
	"taken_at" timestamp with time zone NOT NULL,
	"source" text NOT NULL,
	"image_sha256" text,
	"total_value_krw" numeric,
	"purchase_value_krw" numeric,
	"kr_value_krw" numeric,
	"us_value_krw" numeric,
	"cash_krw" numeric,
	"cash_usd" numeric,
	"usd_krw_rate" numeric,
	"provider" text,
	"model" text,
	"prompt_tokens" integer,
	"completion_tokens" integer,
	"raw_text" text,
	"status" text DEFAULT 'draft' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "portfolio"."symbol_aliases" (
	"user_id" uuid NOT NULL,
	"source" text NOT NULL,
	"alias" text NOT NULL,
	"instrument_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "symbol_aliases_user_id_source_alias_pk" PRIMARY KEY("user_id","source","alias")
);
--> statement-breakpoint
CREATE TABLE "portfolio"."target_allocations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"account_id" uuid,
	"dimension" text NOT NULL,
	"key" text NOT NULL,
	"target_pct" numeric NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "target_allocations_slice" UNIQUE NULLS NOT DISTINCT("user_id","account_id","dimension","key"),
	CONSTRAINT "target_allocations_pct" CHECK ("portfolio"."target_allocations"."target_pct" >= 0 and "portfolio"."target_allocations"."target_pct" <= 100)
);
--> statement-breakpoint
CREATE TABLE "portfolio"."transactions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"type" text NOT NULL,
	"trade_date" date NOT NULL,
	"seq" integer DEFAULT 0 NOT NULL,
	"instrument_id" uuid,
	"quantity" numeric,
	"price" numeric,
	"amount" numeric,
	"fee" numeric,
	"withholding_tax" numeric,
	"currency" text,
	"fx_rate" numeric,
	"ratio" numeric,
	"new_instrument_id" uuid,
	"cost_fraction" numeric,
	"transfer_id" text,
	"lots" jsonb,
	"to_currency" text,
	"to_amount" numeric,
	"to_fx_rate" numeric,
	"note" text,
	"origin" text NOT NULL,
	"import_id" uuid,
	"import_row" integer,
	"connection_id" uuid,
	"external_id" text,
	"fingerprint" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "transactions_origin_import" CHECK (("portfolio"."transactions"."origin" = 'import') = ("portfolio"."transactions"."import_id" is not null))
);
--> statement-breakpoint
ALTER TABLE "portfolio"."accounts" ADD CONSTRAINT "accounts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "identity"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portfolio"."broker_connections" ADD CONSTRAINT "broker_connections_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "identity"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portfolio"."broker_connections" ADD CONSTRAINT "broker_connections_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "portfolio"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portfolio"."goals" ADD CONSTRAINT "goals_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "identity"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portfolio"."holdings" ADD CONSTRAINT "holdings_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "portfolio"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portfolio"."holdings" ADD CONSTRAINT "holdings_instrument_id_instruments_id_fk" FOREIGN KEY ("instrument_id") REFERENCES "market"."instruments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portfolio"."import_mappings" ADD CONSTRAINT "import_mappings_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "identity"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portfolio"."imports" ADD CONSTRAINT "imports_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "identity"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portfolio"."imports" ADD CONSTRAINT "imports_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "portfolio"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portfolio"."risk_profiles" ADD CONSTRAINT "risk_profiles_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "identity"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portfolio"."snapshot_holdings" ADD CONSTRAINT "snapshot_holdings_snapshot_id_snapshots_id_fk" FOREIGN KEY ("snapshot_id") REFERENCES "portfolio"."snapshots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portfolio"."snapshot_holdings" ADD CONSTRAINT "snapshot_holdings_instrument_id_instruments_id_fk" FOREIGN KEY ("instrument_id") REFERENCES "market"."instruments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portfolio"."snapshots" ADD CONSTRAINT "snapshots_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "identity"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portfolio"."snapshots" ADD CONSTRAINT "snapshots_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "portfolio"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portfolio"."symbol_aliases" ADD CONSTRAINT "symbol_aliases_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "identity"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portfolio"."symbol_aliases" ADD CONSTRAINT "symbol_aliases_instrument_id_instruments_id_fk" FOREIGN KEY ("instrument_id") REFERENCES "market"."instruments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portfolio"."target_allocations" ADD CONSTRAINT "target_allocations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "identity"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portfolio"."target_allocations" ADD CONSTRAINT "target_allocations_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "portfolio"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portfolio"."transactions" ADD CONSTRAINT "transactions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "identity"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portfolio"."transactions" ADD CONSTRAINT "transactions_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "portfolio"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portfolio"."transactions" ADD CONSTRAINT "transactions_instrument_id_instruments_id_fk" FOREIGN KEY ("instrument_id") REFERENCES "market"."instruments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portfolio"."transactions" ADD CONSTRAINT "transactions_new_instrument_id_instruments_id_fk" FOREIGN KEY ("new_instrument_id") REFERENCES "market"."instruments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portfolio"."transactions" ADD CONSTRAINT "transactions_import_id_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "portfolio"."imports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portfolio"."transactions" ADD CONSTRAINT "transactions_connection_id_broker_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "portfolio"."broker_connections"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "goals_user" ON "portfolio"."goals" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "imports_user_created" ON "portfolio"."imports" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "snapshots_user_taken" ON "portfolio"."snapshots" USING btree ("user_id","taken_at");--> statement-breakpoint
CREATE UNIQUE INDEX "transactions_account_fingerprint" ON "portfolio"."transactions" USING btree ("account_id","fingerprint");--> statement-breakpoint
CREATE INDEX "transactions_account_date" ON "portfolio"."transactions" USING btree ("account_id","trade_date","seq");--> statement-breakpoint
CREATE INDEX "transactions_user_date" ON "portfolio"."transactions" USING btree ("user_id","trade_date");--> statement-breakpoint
CREATE INDEX "transactions_import" ON "portfolio"."transactions" USING btree ("import_id");--> statement-breakpoint
CREATE INDEX "transactions_instrument" ON "portfolio"."transactions" USING btree ("instrument_id");