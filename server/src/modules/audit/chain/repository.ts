// The audit chain's SQL: appending a keyed row, the chain keys, and walking the chain to verify it.
import { randomBytes } from "node:crypto";
import { asc, gt, sql } from "drizzle-orm";
import { connectionOf } from "../../../platform/db/connection.ts";
import type { Db } from "../../../platform/db/index.ts";
import type { Keyring } from "../../../platform/secrets.ts";
import { auditLogs, chainKeys } from "../schema.ts";
import {
  type AuditRow,
  type ChainedRow,
  type ChainKey,
  type Checkpoint,
  checkpointMacValid,
  deriveChainKey,
  GENESIS_HASH,
  isMarker,
  keyedRowHash,
  MARKER,
  plainRowHash,
} from "./crypto.ts";

export type AuditInput = Omit<AuditRow, "seq" | "prevHash" | "hash" | "eventStatus" | "severity"> & {
  eventStatus?: "success" | "failure";
  severity?: "debug" | "info" | "warning" | "critical";
};

// Advisory lock keys: any constants work, as long as every process sharing the database uses the same
// ones and nothing else takes them (platform/migrate.ts holds 7_300_000 and platform/jobs.ts 7_300_001
// while they install, identity 7_300_101; the chain's writers must not queue behind those).
const AUDIT_CHAIN_LOCK = 7_300_201;
const AUDIT_CHECKPOINT_LOCK = 7_300_202;

/** Where a chain key's envelope lives: the AAD binds it to its row. */
export const chainKeyAad = (id: string | number) => `audit.chain_keys.key:${id}`;

// Opened chain keys, per keyring and envelope: AES-GCM once per process, not once per row.
const opened = new WeakMap<Keyring, Map<string, ChainKey>>();

/** Opens a stored chain key with the master key (current or previous); throws SecretKeyError. */
export function openChainKey(keyring: Keyring, id: number, envelope: string): ChainKey {
  const byEnvelope = opened.get(keyring) ?? new Map<string, ChainKey>();
  opened.set(keyring, byEnvelope);
  const cacheKey = `${id}:${envelope}`;
  let key = byEnvelope.get(cacheKey);
  if (!key) {
    key = deriveChainKey(id, Buffer.from(keyring.decrypt(envelope, chainKeyAad(id)), "hex"));
    byEnvelope.set(cacheKey, key);
  }
  return key;
}

interface Head {
  seq: number;
  hash: string;
  /** The newest chain key, when there is one. */
  key: { id: number; envelope: string; masterKeyId: string } | null;
}

/** The last row and the newest chain key, in one round trip. */
async function chainHead(tx: Db): Promise<Head> {
  const { rows } = await connectionOf(tx).query<{
    seq: string | null;
    hash: string | null;
    key_id: number | null;
    envelope: string | null;
    master_key_id: string | null;
  }>(
    `select l.seq::text as seq, l.hash, k.id as key_id, k.key as envelope, k.master_key_id
       from (select 1) as one
       left join lateral (select seq, hash from audit.audit_logs order by seq desc limit 1) l on true
       left join lateral (select id, key, master_key_id from audit.chain_keys order by id desc limit 1) k on true`,
  );
  const r = rows[0];
  return {
    seq: r?.seq ? Number(r.seq) : 0,
    hash: r?.hash ?? GENESIS_HASH,
    key:
      r?.key_id != null && r.envelope && r.master_key_id
        ? { id: r.key_id, envelope: r.envelope, masterKeyId: r.master_key_id }
        : null,
  };
}

/** Why a writer started a new chain key (the marker row says it too). */
export type NewKeyReason = "first keyed row" | "master key changed" | "chain key cannot be opened";

/** The newest chain key, when this process may sign with it: made under its current master key, and it opens. */
function usableKey(keyring: Keyring, head: Head): ChainKey | null {
  if (!head.key || head.key.masterKeyId !== keyring.current.id) return null;
  try {
    return openChainKey(keyring, head.key.id, head.key.envelope);
  } catch {
    return null;
  }
}

/**
 * The chain key this writer may use: the newest one, when it was made under the current master key
 * and opens. Otherwise a new chain key is made (wrapped by the current master key) and announced by a
 * marker row, keyed with the new key and linked to the previous row. Needs the chain lock.
 */
async function writerKey(
  tx: Db,
  keyring: Keyring,
  head: Head,
  occurredAt: Date,
): Promise<{ key: ChainKey; head: Head; started?: NewKeyReason }> {
  const current = usableKey(keyring, head);
  if (current) return { key: current, head };
  let reason: NewKeyReason = "first keyed row";
  if (head.key) {
    try {
      openChainKey(keyring, head.key.id, head.key.envelope);
      reason = "master key changed";
    } catch {
      reason = "chain key cannot be opened";
    }
  }
  const id = (head.key?.id ?? 0) + 1;
  const secret = randomBytes(32);
  await tx.insert(chainKeys).values({
    id,
    key: keyring.encrypt(secret.toString("hex"), chainKeyAad(id)),
    masterKeyId: keyring.current.id,
    createdAt: occurredAt,
  });
  const key = deriveChainKey(id, secret);
  const marker = await insertRow(tx, key, head, {
    occurredAt,
    actorUserId: null,
    eventType: MARKER.eventType,
    action: MARKER.action,
    resourceType: MARKER.resourceType,
    resourceId: String(id),
    oldValues: head.key ? { keyId: head.key.id } : null,
    newValues: { keyId: id, reason, keyedFromSeq: head.seq + 1 },
    ipAddress: null,
    userAgent: null,
    requestId: null,
    severity: reason === "chain key cannot be opened" ? "warning" : "info",
  });
  return { key, head: { seq: marker.seq, hash: marker.hash, key: null }, started: reason };
}

async function insertRow(tx: Db, key: ChainKey, head: Head, input: AuditInput): Promise<AuditRow> {
  // jsonb round-trips through JSON; normalise now so the hash sees what verification will read.
  const norm = (v: unknown) => (v === undefined || v === null ? null : JSON.parse(JSON.stringify(v)));
  const row: ChainedRow = {
    ...input,
    seq: head.seq + 1,
    eventStatus: input.eventStatus ?? "success",
    severity: input.severity ?? "info",
    oldValues: norm(input.oldValues),
    newValues: norm(input.newValues),
    // timestamptz keeps microseconds; a JS Date has milliseconds, so nothing is lost.
    occurredAt: new Date(input.occurredAt),
  };
  const prevHash = head.hash;
  const [inserted] = await tx
    .insert(auditLogs)
    .values({ ...row, prevHash, hash: keyedRowHash(key, prevHash, row) })
    .returning();
  return inserted;
}

/**
 * Appends one keyed row to the chain. Must run inside the caller's transaction: the advisory lock is
 * held until it commits, so concurrent writers line up and the chain never forks. `startedKey` is set
 * when this append also started a chain key (see writerKey).
 */
export async function appendAudit(
  tx: Db,
  keyring: Keyring,
  input: AuditInput,
): Promise<AuditRow & { startedKey?: NewKeyReason }> {
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`);
  const occurredAt = new Date(input.occurredAt);
  const w = await writerKey(tx, keyring, await chainHead(tx), occurredAt);
  const row = await insertRow(tx, w.key, w.head, input);
  return w.started ? { ...row, startedKey: w.started } : row;
}

/**
 * The chain key and head a checkpoint is signed with, starting a chain key first when this process
 * may not use the newest one (a legacy database, a changed master key). Runs in the caller's
 * transaction, which holds the checkpoint lock.
 */
export async function checkpointHead(
  tx: Db,
  keyring: Keyring,
  now: Date,
): Promise<{ seq: number; hash: string; key: ChainKey }> {
  const head = await chainHead(tx);
  const key = usableKey(keyring, head);
  if (key) return { seq: head.seq, hash: head.hash, key };
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`);
  const w = await writerKey(tx, keyring, await chainHead(tx), now);
  return { seq: w.head.seq, hash: w.head.hash, key: w.key };
}

/** Serialises checkpoint writers across every process sharing the database, until commit. */
export async function lockCheckpoints(tx: Db): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_CHECKPOINT_LOCK})`);
}

/** The hash stored at `seq`, or null when there is no such row. */
export async function hashAt(db: Db, seq: number): Promise<string | null> {
  const { rows } = await connectionOf(db).query<{ hash: string }>(
    "select hash from audit.audit_logs where seq = $1",
    [seq],
  );
  return rows[0]?.hash ?? null;
}

/** Every chain key, opened with the keyring, or the reason it cannot be. */
export async function loadChainKeys(db: Db, keyring: Keyring): Promise<Map<number, ChainKey | string>> {
  const out = new Map<number, ChainKey | string>();
  for (const k of await db.select().from(chainKeys).orderBy(asc(chainKeys.id))) {
    try {
      out.set(k.id, openChainKey(keyring, k.id, k.key));
    } catch (err) {
      out.set(k.id, `cannot be opened with this master key (${(err as Error).message})`);
    }
  }
  return out;
}

export interface ChainReport {
  ok: boolean;
  /** Rows verified (before the first bad one, when not ok). */
  rows: number;
  /** The verified range: first and last seq (absent for an empty chain). */
  first?: number;
  last?: number;
  /** The first keyed row (a marker); absent while the chain holds plain-SHA rows only. */
  keyedFrom?: number;
  /** The first row whose content, link or key does not match, when not ok. */
  firstBad?: { seq: number; reason: string };
  /** The checkpoint checked against, and what was found. */
  checkpoint?: {
    seq: number;
    at: string;
    /** "matches": the chain holds the checkpoint's head at its seq; the others are failures. */
    status: "matches" | "truncated" | "differs" | "bad signature" | "unknown key";
  };
}

/**
 * Walks the chain in order, in pages: plain-SHA rows until the first marker, keyed rows from it on
 * (each marker switches to the chain key it names). Names the first tampered or missing row. With a
 * checkpoint, also checks that the chain still holds its head at its seq: a tail cut below the
 * checkpoint, or a chain re-written under it, fails.
 */
export async function verifyAuditChain(
  db: Db,
  keyring: Keyring,
  opts: { checkpoint?: Checkpoint | null; pageSize?: number } = {},
): Promise<ChainReport> {
  const pageSize = opts.pageSize ?? 5000;
  const keys = await loadChainKeys(db, keyring);
  const cp = opts.checkpoint ?? null;
  let key: ChainKey | null = null;
  let keyedFrom: number | undefined;
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let rows = 0;
  let cpHash: string | null = null;
  const report = (extra: Partial<ChainReport>): ChainReport => ({
    ok: false,
    rows,
    ...(rows > 0 ? { first: 1, last: expectedSeq - 1 } : {}),
    ...(keyedFrom ? { keyedFrom } : {}),
    ...extra,
  });
  const bad = (seq: number, reason: string) => report({ firstBad: { seq, reason } });
  for (;;) {
    const page = await db
      .select()
      .from(auditLogs)
      .where(gt(auditLogs.seq, expectedSeq - 1))
      .orderBy(asc(auditLogs.seq))
      .limit(pageSize);
    for (const r of page) {
      if (r.seq !== expectedSeq) return bad(expectedSeq, "row missing");
      if (r.prevHash !== prevHash) return bad(r.seq, "link to previous row broken");
      if (isMarker(r)) {
        const k = keys.get(Number(r.resourceId));
        if (k === undefined) return bad(r.seq, `chain key ${r.resourceId} is missing`);
        if (typeof k === "string") return bad(r.seq, `chain key ${r.resourceId} ${k}`);
        key = k;
        keyedFrom ??= r.seq;
      }
      const expected = key ? keyedRowHash(key, prevHash, r) : plainRowHash(prevHash, r);
      if (expected !== r.hash)
        return bad(r.seq, key ? "content does not match its keyed hash" : "content does not match its hash");
      if (cp && r.seq === cp.seq) cpHash = r.hash;
      prevHash = r.hash;
      expectedSeq++;
      rows++;
    }
    if (page.length < pageSize) break;
  }
  const done = report({ ok: true });
  if (!cp) return done;
  const cpKey = keys.get(cp.keyId);
  const status: NonNullable<ChainReport["checkpoint"]>["status"] =
    cpKey === undefined || typeof cpKey === "string"
      ? "unknown key"
      : !checkpointMacValid(cpKey, cp)
        ? "bad signature"
        : cp.seq > rows
          ? "truncated"
          : cp.seq > 0 && cpHash !== cp.head
            ? "differs"
            : "matches";
  return { ...done, ok: status === "matches", checkpoint: { seq: cp.seq, at: cp.at, status } };
}
