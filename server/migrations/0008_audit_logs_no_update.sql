-- Security and access logs may be pruned by retention, but never rewritten.
CREATE TRIGGER "auth_events_no_update" BEFORE UPDATE ON "audit"."auth_events"
  FOR EACH ROW EXECUTE FUNCTION "audit"."refuse_change"();
--> statement-breakpoint
CREATE TRIGGER "security_events_no_update" BEFORE UPDATE ON "audit"."security_events"
  FOR EACH ROW EXECUTE FUNCTION "audit"."refuse_change"();
--> statement-breakpoint
CREATE TRIGGER "data_access_logs_no_update" BEFORE UPDATE ON "audit"."data_access_logs"
  FOR EACH ROW EXECUTE FUNCTION "audit"."refuse_change"();
--> statement-breakpoint
CREATE TRIGGER "compliance_logs_no_update" BEFORE UPDATE ON "audit"."compliance_logs"
  FOR EACH ROW EXECUTE FUNCTION "audit"."refuse_change"();
--> statement-breakpoint
CREATE TRIGGER "trading_audit_no_update" BEFORE UPDATE ON "audit"."trading_audit"
  FOR EACH ROW EXECUTE FUNCTION "audit"."refuse_change"();
