import { sql } from "drizzle-orm";
import { bigint, check, index, jsonb, pgSchema, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const auditSchema = pgSchema("audit");

/**
 * Append-only, hash-chained audit trail (002 audit_logs, 004 audit.audit_logs). Each row's `hash`
 * covers its content and the previous row's hash; UPDATE, DELETE and TRUNCATE are refused by triggers.
 */
export const auditLogs = auditSchema.table(
  "audit_logs",
  {
    seq: bigint("seq", { mode: "number" }).primaryKey(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    actorUserId: uuid("actor_user_id"),
    eventType: text("event_type").notNull(),
    eventStatus: text("event_status").notNull().default("success"),
    severity: text("severity").notNull().default("info"),
    resourceType: text("resource_type"),
    resourceId: text("resource_id"),
    action: text("action").notNull(),
    oldValues: jsonb("old_values"),
    newValues: jsonb("new_values"),
    ipAddress: text("ip_address"),
    userAgent: text("user_agent"),
    requestId: text("request_id"),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [
    index("audit_logs_actor_idx").on(t.actorUserId, t.occurredAt),
    index("audit_logs_resource_idx").on(t.resourceType, t.resourceId),
    check("audit_logs_severity_check", sql`${t.severity} in ('debug','info','warning','critical')`),
    check("audit_logs_status_check", sql`${t.eventStatus} in ('success','failure')`),
  ],
);
