// The audit chain's hashes and MACs, without I/O (docs/decisions/0006-keyed-audit-chain.md).
// Rows written before the chain was keyed carry a plain SHA-256 hash; every row since carries an
// HMAC-SHA256 under a chain key that only holders of the master key can open.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { auditLogs } from "../schema.ts";

export type AuditRow = typeof auditLogs.$inferSelect;
/** What a row's hash covers: everything but the hashes themselves. */
export type ChainedRow = Omit<AuditRow, "hash" | "prevHash">;

export const GENESIS_HASH = "0".repeat(64);

/** A chain key's two sub-keys: one for rows, one for checkpoints (never the same MAC twice). */
export interface ChainKey {
  id: number;
  row: Buffer;
  checkpoint: Buffer;
}

export function deriveChainKey(id: number, secret: Buffer): ChainKey {
  const sub = (label: string) => createHmac("sha256", secret).update(label).digest();
  return { id, row: sub("bullpen audit row v1"), checkpoint: sub("bullpen audit checkpoint v1") };
}

/** JSON with sorted keys, so the hash does not depend on how jsonb reorders objects. */
function canonical(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (typeof value === "object") {
    const o = value as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

function rowBody(row: ChainedRow): string {
  return canonical({
    seq: row.seq,
    occurredAt: row.occurredAt,
    actorUserId: row.actorUserId,
    eventType: row.eventType,
    eventStatus: row.eventStatus,
    severity: row.severity,
    resourceType: row.resourceType,
    resourceId: row.resourceId,
    action: row.action,
    oldValues: row.oldValues,
    newValues: row.newValues,
    ipAddress: row.ipAddress,
    userAgent: row.userAgent,
    requestId: row.requestId,
  });
}

/** The hash of rows written before the chain was keyed: anyone can recompute it. */
export function plainRowHash(prevHash: string, row: ChainedRow): string {
  return createHash("sha256").update(prevHash).update("\n").update(rowBody(row)).digest("hex");
}

/** The hash of a keyed row: HMAC-SHA256 of the same text under the chain key. */
export function keyedRowHash(key: ChainKey, prevHash: string, row: ChainedRow): string {
  return createHmac("sha256", key.row).update(prevHash).update("\n").update(rowBody(row)).digest("hex");
}

/**
 * The marker row that starts a chain key: the first keyed row of a database, and the first row after
 * a master-key change. Its own hash is keyed with the key it announces (named in `resourceId`), and it
 * links to the previous row, so everything before it is pinned by a MAC.
 */
export const MARKER = {
  eventType: "audit.chain",
  action: "audit.chain_key",
  resourceType: "audit_chain_key",
};

export const isMarker = (row: Pick<AuditRow, "eventType" | "action">): boolean =>
  row.eventType === MARKER.eventType && row.action === MARKER.action;

/** A signed statement that the chain had `head` at `seq` at time `at`, outside the database. */
export interface Checkpoint {
  version: 1;
  seq: number;
  head: string;
  keyId: number;
  /** ISO 8601 time the checkpoint was taken. */
  at: string;
  mac: string;
}

const checkpointText = (c: Omit<Checkpoint, "mac">) =>
  `bullpen audit checkpoint v${c.version}\n${c.seq}\n${c.head}\n${c.keyId}\n${c.at}`;

export function signCheckpoint(key: ChainKey, c: Omit<Checkpoint, "mac" | "keyId" | "version">): Checkpoint {
  const unsigned = { version: 1 as const, seq: c.seq, head: c.head, keyId: key.id, at: c.at };
  return {
    ...unsigned,
    mac: createHmac("sha256", key.checkpoint).update(checkpointText(unsigned)).digest("hex"),
  };
}

export function checkpointMacValid(key: ChainKey, c: Checkpoint): boolean {
  const want = createHmac("sha256", key.checkpoint).update(checkpointText(c)).digest();
  const got = Buffer.from(c.mac, "hex");
  return got.length === want.length && timingSafeEqual(got, want);
}
