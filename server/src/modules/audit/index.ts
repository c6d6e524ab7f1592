// The audit module's one door.
import type { Ctx } from "../../platform/context.ts";
import { inTransaction } from "../../platform/db.ts";
import { type AuditInput, appendAudit, verifyAuditChain } from "./repository.ts";

export type { ChainReport } from "./repository.ts";
export { verifyAuditChain };

export type AuditEvent = Pick<AuditInput, "eventType" | "action"> &
  Partial<
    Pick<AuditInput, "resourceType" | "resourceId" | "oldValues" | "newValues" | "eventStatus" | "severity">
  > & {
    /** Defaults to the ctx actor; set for system actions on behalf of someone. */
    actorUserId?: string | null;
  };

/**
 * Writes one audit row with the actor, IP, user agent and request id taken from ctx.
 * Call it with the verb's transaction in ctx.db so the record commits with the change it describes.
 */
export async function recordAudit(ctx: Ctx, event: AuditEvent): Promise<void> {
  await inTransaction(ctx.db, (tx) =>
    appendAudit(tx, {
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
}
