// The audit module's one door.
import type { Ctx } from "../../platform/context.ts";
import { inTransaction } from "../../platform/db/index.ts";
import { installAuditWriter } from "../../platform/verb.ts";
import { type AuditInput, appendAudit } from "./chain/repository.ts";
import { insertAuthEvent, insertDataAccess, insertSecurityEvent } from "./repository.ts";

export {
  type CheckpointFile,
  type CheckpointResult,
  checkpointPath,
  readCheckpointFile,
  writeCheckpoint,
} from "./chain/checkpoint.ts";
export type { Checkpoint } from "./chain/crypto.ts";
export { type ChainReport, verifyAuditChain } from "./chain/repository.ts";
export { listApiRequests, listAuthEvents, listDataAccess, listSecurityEvents } from "./repository.ts";
export { ApiRequestLog, apiRequestLogOf } from "./request-log.ts";

export type AuditEvent = Pick<AuditInput, "eventType" | "action"> &
  Partial<
    Pick<AuditInput, "resourceType" | "resourceId" | "oldValues" | "newValues" | "eventStatus" | "severity">
  > & {
    /** Defaults to the ctx actor; set for system actions on behalf of someone. */
    actorUserId?: string | null;
  };

/**
 * Writes one audit row with the actor, IP, user agent and request id taken from ctx, keyed with the
 * chain key (opened with ctx.keyring). Call it with the verb's transaction in ctx.db so the record
 * commits with the change it describes.
 */
export async function recordAudit(ctx: Ctx, event: AuditEvent): Promise<void> {
  const row = await inTransaction(ctx.db, (tx) =>
    appendAudit(tx, ctx.keyring, {
      occurredAt: ctx.clock.now(),
      actorUserId: event.actorUserId !== undefined ? event.actorUserId : (ctx.actor?.userId ?? null),
      eventType: event.eventType,
      eventStatus: event.eventStatus,
      severity: event.severity,
      resourceType: event.resourceType ?? null,
      resourceId: event.resourceId ?? null,
      action: event.action,
      oldValues: event.oldValues ?? null,
      newValues: event.newValues ?? null,
      ipAddress: ctx.ip,
      userAgent: ctx.userAgent,
      requestId: ctx.requestId,
    }),
  );
  // The newest chain key was made under another master key that this process cannot open: a
  // misconfigured BULLPEN_SECRET_KEY, or a key lost. Rows go on (under a new chain key); verification
  // of the rows before will fail until the right key is back.
  if (row.startedKey === "chain key cannot be opened")
    ctx.log.error(
      { seq: row.seq - 1 },
      "audit chain: the newest chain key does not open with this master key; started a new one",
    );
}

/**
 * Records an authentication event (004 auth_logs): sign-in success/failure, sign-out, MFA and
 * password events, with ctx's IP, user agent and request id. For a failure that rolls back the
 * verb's transaction, call it with the base db in ctx so the record survives.
 */
export async function recordAuthEvent(
  ctx: Ctx,
  e: { userId: string | null; event: string; success: boolean; details?: object },
): Promise<void> {
  await insertAuthEvent(ctx.db, {
    occurredAt: ctx.clock.now(),
    userId: e.userId,
    event: e.event,
    success: e.success,
    ipAddress: ctx.ip,
    userAgent: ctx.userAgent,
    requestId: ctx.requestId,
    details: e.details ?? null,
  });
}

// Verbs built with defineVerb write their audit rows through this, inside their transaction.
installAuditWriter(recordAudit);

export type Severity = "low" | "medium" | "high" | "critical";

/**
 * Records a security event (rate-limit trip, throttled account, failed MFA...). High and critical
 * events are flagged `requires_review`.
 */
export async function recordSecurityEvent(
  ctx: Ctx,
  e: {
    category: string;
    severity: Severity;
    userId?: string | null;
    eventCode: string;
    isBlocked?: boolean;
    details?: object;
  },
): Promise<void> {
  await insertSecurityEvent(ctx.db, {
    occurredAt: ctx.clock.now(),
    category: e.category,
    severity: e.severity,
    userId: e.userId ?? null,
    ipAddress: ctx.ip,
    eventCode: e.eventCode,
    isBlocked: e.isBlocked ?? false,
    requiresReview: e.severity === "high" || e.severity === "critical",
    requestId: ctx.requestId,
    details: e.details ?? null,
  });
}

/** Records an administrator reading another user's data (004 data_access_logs); the actor is the reader. */
export async function recordDataAccess(
  ctx: Ctx,
  e: { tableName: string; operation: string; recordId: string | null; fieldsAccessed: string[] },
): Promise<void> {
  await insertDataAccess(ctx.db, {
    occurredAt: ctx.clock.now(),
    userId: ctx.actor?.userId ?? null,
    tableName: e.tableName,
    operation: e.operation,
    recordId: e.recordId,
    fieldsAccessed: e.fieldsAccessed,
    ipAddress: ctx.ip,
    requestId: ctx.requestId,
  });
}

export { API_REQUESTS_RETENTION_JOB } from "./module.ts";
