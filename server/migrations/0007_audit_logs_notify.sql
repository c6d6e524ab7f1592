CREATE SCHEMA "notify";
--> statement-breakpoint
CREATE TABLE "audit"."api_requests" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit"."api_requests_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"occurred_at" timestamp with time zone NOT NULL,
	"method" text NOT NULL,
	"route" text NOT NULL,
	"status_code" integer NOT NULL,
	"response_time_ms" double precision NOT NULL,
	"user_id" uuid,
	"api_key_id" uuid,
	"request_id" text
);
--> statement-breakpoint
CREATE TABLE "audit"."auth_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit"."auth_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"occurred_at" timestamp with time zone NOT NULL,
	"user_id" uuid,
	"event" text NOT NULL,
	"success" boolean NOT NULL,
	"ip_address" text,
	"user_agent" text,
	"request_id" text,
	"details" jsonb
);
--> statement-breakpoint
CREATE TABLE "audit"."compliance_logs" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit"."compliance_logs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"occurred_at" timestamp with time zone NOT NULL,
	"regulation" text NOT NULL,
	"requirement" text NOT NULL,
	"compliance_status" text NOT NULL,
	"risk_level" text NOT NULL,
	"user_id" uuid,
	"evidence" jsonb,
	"remediation_required" boolean DEFAULT false NOT NULL,
	CONSTRAINT "compliance_logs_status_check" CHECK ("audit"."compliance_logs"."compliance_status" in ('compliant','non_compliant','pending','not_applicable')),
	CONSTRAINT "compliance_logs_risk_check" CHECK ("audit"."compliance_logs"."risk_level" in ('low','medium','high','critical'))
);
--> statement-breakpoint
CREATE TABLE "audit"."data_access_logs" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit"."data_access_logs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"occurred_at" timestamp with time zone NOT NULL,
	"user_id" uuid,
	"table_name" text NOT NULL,
	"operation" text NOT NULL,
	"record_id" text,
	"fields_accessed" text[] DEFAULT '{}'::text[] NOT NULL,
	"ip_address" text,
	"request_id" text
);
--> statement-breakpoint
CREATE TABLE "audit"."security_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit"."security_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"occurred_at" timestamp with time zone NOT NULL,
	"category" text NOT NULL,
	"severity" text NOT NULL,
	"user_id" uuid,
	"ip_address" text,
	"event_code" text NOT NULL,
	"is_blocked" boolean DEFAULT false NOT NULL,
	"requires_review" boolean DEFAULT false NOT NULL,
	"request_id" text,
	"details" jsonb,
	CONSTRAINT "security_events_severity_check" CHECK ("audit"."security_events"."severity" in ('low','medium','high','critical'))
);
--> statement-breakpoint
CREATE TABLE "audit"."trading_audit" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit"."trading_audit_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"occurred_at" timestamp with time zone NOT NULL,
	"user_id" uuid,
	"action" text NOT NULL,
	"symbol" text,
	"order_details" jsonb,
	"execution_time_ms" double precision,
	"request_id" text
);
--> statement-breakpoint
CREATE TABLE "notify"."deliveries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"notification_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"outbox_id" uuid,
	"status" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "deliveries_channel_check" CHECK ("notify"."deliveries"."channel" in ('in_app','email','sms','webhook')),
	CONSTRAINT "deliveries_status_check" CHECK ("notify"."deliveries"."status" in ('delivered','queued','skipped'))
);
--> statement-breakpoint
CREATE TABLE "notify"."notifications" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"type" text NOT NULL,
	"title" text NOT NULL,
	"message" text NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"read_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notify"."outbox" (
	"id" uuid PRIMARY KEY NOT NULL,
	"channel" text NOT NULL,
	"user_id" uuid,
	"to" text NOT NULL,
	"subject" text,
	"text" text NOT NULL,
	"html" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"provider_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "outbox_channel_check" CHECK ("notify"."outbox"."channel" in ('email','sms')),
	CONSTRAINT "outbox_status_check" CHECK ("notify"."outbox"."status" in ('pending','sent','failed','logged'))
);
--> statement-breakpoint
CREATE TABLE "notify"."preferences" (
	"user_id" uuid NOT NULL,
	"type" text NOT NULL,
	"channel" text NOT NULL,
	"enabled" boolean NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "preferences_user_id_type_channel_pk" PRIMARY KEY("user_id","type","channel"),
	CONSTRAINT "preferences_channel_check" CHECK ("notify"."preferences"."channel" in ('in_app','email','sms','webhook'))
);
--> statement-breakpoint
ALTER TABLE "notify"."deliveries" ADD CONSTRAINT "deliveries_notification_id_notifications_id_fk" FOREIGN KEY ("notification_id") REFERENCES "notify"."notifications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notify"."deliveries" ADD CONSTRAINT "deliveries_outbox_id_outbox_id_fk" FOREIGN KEY ("outbox_id") REFERENCES "notify"."outbox"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notify"."notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "identity"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notify"."outbox" ADD CONSTRAINT "outbox_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "identity"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notify"."preferences" ADD CONSTRAINT "preferences_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "identity"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_requests_time_idx" ON "audit"."api_requests" USING btree ("occurred_at");--> statement-breakpoint
CREATE INDEX "api_requests_user_idx" ON "audit"."api_requests" USING btree ("user_id","occurred_at");--> statement-breakpoint
CREATE INDEX "auth_events_user_idx" ON "audit"."auth_events" USING btree ("user_id","occurred_at");--> statement-breakpoint
CREATE INDEX "auth_events_event_idx" ON "audit"."auth_events" USING btree ("event","occurred_at");--> statement-breakpoint
CREATE INDEX "data_access_logs_user_idx" ON "audit"."data_access_logs" USING btree ("user_id","occurred_at");--> statement-breakpoint
CREATE INDEX "data_access_logs_record_idx" ON "audit"."data_access_logs" USING btree ("table_name","record_id");--> statement-breakpoint
CREATE INDEX "security_events_time_idx" ON "audit"."security_events" USING btree ("occurred_at");--> statement-breakpoint
CREATE INDEX "security_events_user_idx" ON "audit"."security_events" USING btree ("user_id","occurred_at");--> statement-breakpoint
CREATE INDEX "trading_audit_user_idx" ON "audit"."trading_audit" USING btree ("user_id","occurred_at");--> statement-breakpoint
CREATE INDEX "deliveries_notification_idx" ON "notify"."deliveries" USING btree ("notification_id");--> statement-breakpoint
CREATE INDEX "notifications_user_created_idx" ON "notify"."notifications" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "notifications_user_unread_idx" ON "notify"."notifications" USING btree ("user_id") WHERE "notify"."notifications"."read_at" is null;--> statement-breakpoint
CREATE INDEX "outbox_to_created_idx" ON "notify"."outbox" USING btree ("to","created_at");--> statement-breakpoint
CREATE INDEX "outbox_pending_idx" ON "notify"."outbox" USING btree ("created_at") WHERE "notify"."outbox"."status" = 'pending';