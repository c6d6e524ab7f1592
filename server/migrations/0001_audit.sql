CREATE SCHEMA "audit";
--> statement-breakpoint
CREATE TABLE "audit"."audit_logs" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"actor_user_id" uuid,
	"event_type" text NOT NULL,
	"event_status" text DEFAULT 'success' NOT NULL,
	"severity" text DEFAULT 'info' NOT NULL,
	"resource_type" text,
	"resource_id" text,
	"action" text NOT NULL,
	"old_values" jsonb,
	"new_values" jsonb,
	"ip_address" text,
	"user_agent" text,
	"request_id" text,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "audit_logs_severity_check" CHECK ("audit"."audit_logs"."severity" in ('debug','info','warning','critical')),
	CONSTRAINT "audit_logs_status_check" CHECK ("audit"."audit_logs"."event_status" in ('success','failure'))
);
--> statement-breakpoint
CREATE INDEX "audit_logs_actor_idx" ON "audit"."audit_logs" USING btree ("actor_user_id","occurred_at");--> statement-breakpoint
CREATE INDEX "audit_logs_resource_idx" ON "audit"."audit_logs" USING btree ("resource_type","resource_id");