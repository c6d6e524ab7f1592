import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgSchema,
  text,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt, ts } from "../../platform/db/columns.ts";

export const auditSchema = pgSchema("audit");

/**
 * Append-only, hash-chained audit trail (002 audit_logs, 004 audit.audit_logs). Each row's `hash`
 * covers its content and the previous row's hash; UPDATE, DELETE and TRUNCATE are refused by triggers.
 */
export const auditLogs = auditSchema.table(
  "audit_logs",
  {
    seq: bigint("seq", { mode: "number" }).primaryKey(),
    occurredAt: ts("occurred_at").notNull(),
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
    // Seed 002's idx_audit_logs_action and idx_audit_logs_created_at (its created_at is occurred_at).
    index("audit_logs_action_idx").on(t.action),
    index("audit_logs_occurred_at_idx").on(t.occurredAt),
    check("audit_logs_severity_check", sql`${t.severity} in ('debug','info','warning','critical')`),
    check("audit_logs_status_check", sql`${t.eventStatus} in ('success','failure')`),
  ],
);

/**
 * The keys of the audit chain's HMAC (docs/decisions/0006-keyed-audit-chain.md): 32 random bytes
 * each, stored as an envelope under the master key (`bullpen secrets rotate` re-wraps them), so the
 * database alone cannot re-chain a rewritten row. `master_key_id` names the master key a chain key was
 * made under; writers start a new chain key (announced by a marker row in the chain) when theirs differs.
 * DELETE and TRUNCATE are refused by triggers.
 */
export const chainKeys = auditSchema.table("chain_keys", {
  id: integer("id").primaryKey(),
  key: text("key").notNull(),
  masterKeyId: text("master_key_id").notNull(),
  createdAt: createdAt(),
});

const at = () => ts("occurred_at").notNull();

/** Sign-in success/failure, sign-out, MFA and password events (004 auth_logs). */
export const authEvents = auditSchema.table(
  "auth_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    occurredAt: at(),
    userId: uuid("user_id"),
    event: text("event").notNull(),
    success: boolean("success").notNull(),
    ipAddress: text("ip_address"),
    userAgent: text("user_agent"),
    requestId: text("request_id"),
    details: jsonb("details"),
  },
  (t) => [
    index("auth_events_user_idx").on(t.userId, t.occurredAt),
    index("auth_events_event_idx").on(t.event, t.occurredAt),
  ],
);

/** Rate-limit trips, throttled accounts, failed MFA and the like (004 security_events). */
export const securityEvents = auditSchema.table(
  "security_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    occurredAt: at(),
    category: text("category").notNull(),
    severity: text("severity").notNull(),
    userId: uuid("user_id"),
    ipAddress: text("ip_address"),
    eventCode: text("event_code").notNull(),
    isBlocked: boolean("is_blocked").notNull().default(false),
    requiresReview: boolean("requires_review").notNull().default(false),
    requestId: text("request_id"),
    details: jsonb("details"),
  },
  (t) => [
    index("security_events_time_idx").on(t.occurredAt),
    index("security_events_user_idx").on(t.userId, t.occurredAt),
    check("security_events_severity_check", sql`${t.severity} in ('low','medium','high','critical')`),
  ],
);

/** One row per HTTP request (002 api_usage, 004 api_request_logs), written in batches. */
export const apiRequests = auditSchema.table(
  "api_requests",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    occurredAt: at(),
    method: text("method").notNull(),
    route: text("route").notNull(),
    statusCode: integer("status_code").notNull(),
    responseTimeMs: doublePrecision("response_time_ms").notNull(),
    userId: uuid("user_id"),
    apiKeyId: uuid("api_key_id"),
    requestId: text("request_id"),
  },
  (t) => [
    index("api_requests_time_idx").on(t.occurredAt),
    index("api_requests_user_idx").on(t.userId, t.occurredAt),
  ],
);

/** An administrator reading another user's data (004 data_access_logs). */
export const dataAccessLogs = auditSchema.table(
  "data_access_logs",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    occurredAt: at(),
    userId: uuid("user_id"),
    tableName: text("table_name").notNull(),
    operation: text("operation").notNull(),
    recordId: text("record_id"),
    fieldsAccessed: text("fields_accessed").array().notNull().default(sql`'{}'::text[]`),
    ipAddress: text("ip_address"),
    requestId: text("request_id"),
  },
  (t) => [
    index("data_access_logs_user_idx").on(t.userId, t.occurredAt),
    index("data_access_logs_record_idx").on(t.tableName, t.recordId),
  ],
);

/** Regulatory checks and their evidence (004 compliance_logs). */
export const complianceLogs = auditSchema.table(
  "compliance_logs",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    occurredAt: at(),
    regulation: text("regulation").notNull(),
    requirement: text("requirement").notNull(),
    complianceStatus: text("compliance_status").notNull(),
    riskLevel: text("risk_level").notNull(),
    userId: uuid("user_id"),
    evidence: jsonb("evidence"),
    remediationRequired: boolean("remediation_required").notNull().default(false),
  },
  (t) => [
    check(
      "compliance_logs_status_check",
      sql`${t.complianceStatus} in ('compliant','non_compliant','pending','not_applicable')`,
    ),
    check("compliance_logs_risk_check", sql`${t.riskLevel} in ('low','medium','high','critical')`),
  ],
);

/** Every order action (004 trading_audit); written by the trading module. */
export const tradingAudit = auditSchema.table(
  "trading_audit",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    occurredAt: at(),
    userId: uuid("user_id"),
    action: text("action").notNull(),
    symbol: text("symbol"),
    orderDetails: jsonb("order_details"),
    executionTimeMs: doublePrecision("execution_time_ms"),
    requestId: text("request_id"),
  },
  (t) => [index("trading_audit_user_idx").on(t.userId, t.occurredAt)],
);
