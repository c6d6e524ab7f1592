CREATE SCHEMA "journal";
--> statement-breakpoint
CREATE TABLE "journal"."entries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"entry_date" date NOT NULL,
	"title" text NOT NULL,
	"content" text DEFAULT '' NOT NULL,
	"mood" text,
	"confidence" integer,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"archived" boolean DEFAULT false NOT NULL,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, title), 'A') || setweight(to_tsvector('english'::regconfig, content), 'B')) STORED,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "entries_confidence" CHECK ("journal"."entries"."confidence" between 1 and 10)
);
--> statement-breakpoint
CREATE TABLE "journal"."fill_times" (
	"transaction_id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"executed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "journal"."ledger_versions" (
	"user_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"version" text NOT NULL,
	"built_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_versions_user_id_account_id_pk" PRIMARY KEY("user_id","account_id")
);
--> statement-breakpoint
CREATE TABLE "journal"."rule_checks" (
	"trade_id" uuid NOT NULL,
	"rule_id" text NOT NULL,
	"followed" boolean NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rule_checks_trade_id_rule_id_pk" PRIMARY KEY("trade_id","rule_id")
);
--> statement-breakpoint
CREATE TABLE "journal"."strategies" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"rules" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "strategies_user_name" UNIQUE("user_id","name")
);
--> statement-breakpoint
CREATE TABLE "journal"."trade_entry_links" (
	"trade_id" uuid NOT NULL,
	"entry_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "trade_entry_links_trade_id_entry_id_pk" PRIMARY KEY("trade_id","entry_id")
);
--> statement-breakpoint
CREATE TABLE "journal"."trade_fills" (
	"trade_id" uuid NOT NULL,
	"transaction_id" uuid NOT NULL,
	"role" text NOT NULL,
	"quantity" numeric NOT NULL,
	"fee" numeric NOT NULL,
	CONSTRAINT "trade_fills_trade_id_transaction_id_pk" PRIMARY KEY("trade_id","transaction_id")
);
--> statement-breakpoint
CREATE TABLE "journal"."trades" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"instrument_id" uuid NOT NULL,
	"symbol" text NOT NULL,
	"currency" text NOT NULL,
	"side" text NOT NULL,
	"status" text NOT NULL,
	"quantity" numeric NOT NULL,
	"open_quantity" numeric NOT NULL,
	"exited_quantity" numeric NOT NULL,
	"entry_price" numeric NOT NULL,
	"exit_price" numeric,
	"average_exit_price" numeric,
	"entry_at" timestamp with time zone NOT NULL,
	"entry_time_known" boolean DEFAULT false NOT NULL,
	"exit_at" timestamp with time zone,
	"commission" numeric DEFAULT '0' NOT NULL,
	"pnl" numeric(20, 2) GENERATED ALWAYS AS (case when exit_price is not null then case when side = 'long' then (exit_price - entry_price) * quantity - commission else (entry_price - exit_price) * quantity - commission end else null end) STORED,
	"pnl_percent" numeric(12, 2) GENERATED ALWAYS AS (case when exit_price is not null and entry_price > 0 then (case when side = 'long' then (exit_price - entry_price) * quantity - commission else (entry_price - exit_price) * quantity - commission end) / (entry_price * quantity) * 100 else null end) STORED,
	"realized_pnl" numeric NOT NULL,
	"holding_seconds" integer,
	"opening_transaction_id" uuid NOT NULL,
	"strategy_id" uuid,
	"planned_stop" numeric,
	"planned_target" numeric,
	"notes" text,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"broker" text,
	"broker_account_id" text,
	"order_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "trades_side" CHECK ("journal"."trades"."side" in ('long', 'short')),
	CONSTRAINT "trades_status" CHECK ("journal"."trades"."status" in ('open', 'closed'))
);
--> statement-breakpoint
ALTER TABLE "journal"."entries" ADD CONSTRAINT "entries_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "identity"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal"."fill_times" ADD CONSTRAINT "fill_times_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "identity"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal"."ledger_versions" ADD CONSTRAINT "ledger_versions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "identity"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal"."rule_checks" ADD CONSTRAINT "rule_checks_trade_id_trades_id_fk" FOREIGN KEY ("trade_id") REFERENCES "journal"."trades"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal"."strategies" ADD CONSTRAINT "strategies_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "identity"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal"."trade_entry_links" ADD CONSTRAINT "trade_entry_links_trade_id_trades_id_fk" FOREIGN KEY ("trade_id") REFERENCES "journal"."trades"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal"."trade_entry_links" ADD CONSTRAINT "trade_entry_links_entry_id_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "journal"."entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal"."trade_fills" ADD CONSTRAINT "trade_fills_trade_id_trades_id_fk" FOREIGN KEY ("trade_id") REFERENCES "journal"."trades"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal"."trades" ADD CONSTRAINT "trades_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "identity"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal"."trades" ADD CONSTRAINT "trades_instrument_id_instruments_id_fk" FOREIGN KEY ("instrument_id") REFERENCES "market"."instruments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journal"."trades" ADD CONSTRAINT "trades_strategy_id_strategies_id_fk" FOREIGN KEY ("strategy_id") REFERENCES "journal"."strategies"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "entries_user_date" ON "journal"."entries" USING btree ("user_id","entry_date");--> statement-breakpoint
CREATE INDEX "entries_user_mood" ON "journal"."entries" USING btree ("user_id","mood");--> statement-breakpoint
CREATE INDEX "entries_search" ON "journal"."entries" USING gin ("search");--> statement-breakpoint
CREATE INDEX "entries_trgm" ON "journal"."entries" USING gin ((title || ' ' || content) gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "entries_tags" ON "journal"."entries" USING gin ("tags");--> statement-breakpoint
CREATE INDEX "trade_entry_links_entry" ON "journal"."trade_entry_links" USING btree ("entry_id");--> statement-breakpoint
CREATE INDEX "trade_fills_transaction" ON "journal"."trade_fills" USING btree ("transaction_id");--> statement-breakpoint
CREATE UNIQUE INDEX "trades_opening_transaction" ON "journal"."trades" USING btree ("user_id","opening_transaction_id");--> statement-breakpoint
CREATE INDEX "trades_user_entry" ON "journal"."trades" USING btree ("user_id","entry_at");--> statement-breakpoint
CREATE INDEX "trades_user_instrument" ON "journal"."trades" USING btree ("user_id","instrument_id");--> statement-breakpoint
CREATE INDEX "trades_account" ON "journal"."trades" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "trades_user_open" ON "journal"."trades" USING btree ("user_id") WHERE status = 'open';--> statement-breakpoint
CREATE INDEX "trades_strategy" ON "journal"."trades" USING btree ("strategy_id");