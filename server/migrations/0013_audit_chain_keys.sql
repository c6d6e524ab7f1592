CREATE TABLE "audit"."chain_keys" (
	"id" integer PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"master_key_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
-- A chain key is re-wrapped by `bullpen secrets rotate` (UPDATE) but never removed.
CREATE TRIGGER "chain_keys_no_delete" BEFORE DELETE ON "audit"."chain_keys"
  FOR EACH ROW EXECUTE FUNCTION "audit"."refuse_change"();
--> statement-breakpoint
CREATE TRIGGER "chain_keys_no_truncate" BEFORE TRUNCATE ON "audit"."chain_keys"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit"."refuse_change"();
