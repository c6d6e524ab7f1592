ALTER TABLE "notify"."outbox" DROP CONSTRAINT "outbox_status_check";--> statement-breakpoint
ALTER TABLE "notify"."outbox" ADD COLUMN "locked_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "notify"."outbox" ADD COLUMN "next_attempt_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "notify"."outbox" ADD CONSTRAINT "outbox_status_check" CHECK ("notify"."outbox"."status" in ('pending','sending','sent','failed','logged'));