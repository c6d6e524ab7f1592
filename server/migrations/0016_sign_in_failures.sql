CREATE TABLE "identity"."sign_in_failures" (
	"scope" text NOT NULL,
	"key" text NOT NULL,
	"failures" integer NOT NULL,
	"last_failure_at" timestamp with time zone NOT NULL,
	"blocked_until" timestamp with time zone,
	CONSTRAINT "sign_in_failures_scope_key_pk" PRIMARY KEY("scope","key"),
	CONSTRAINT "sign_in_failures_scope_check" CHECK ("identity"."sign_in_failures"."scope" in ('source','login','device'))
);
--> statement-breakpoint
CREATE INDEX "sign_in_failures_last_idx" ON "identity"."sign_in_failures" USING btree ("last_failure_at");