// Signed checkpoints of the audit chain, kept outside the database (the certificate-transparency
// idea of a signed tree head): a file in the data directory, replaced atomically, and a log line.
// `bullpen audit verify` checks the chain against the file, so a cut tail or a chain re-written
// below the checkpoint is detected.
import { randomBytes } from "node:crypto";
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { Config } from "../../../config.ts";
import { type Db, inTransaction } from "../../../platform/db/index.ts";
import type { Keyring } from "../../../platform/secrets.ts";
import { type Checkpoint, checkpointMacValid, signCheckpoint } from "./crypto.ts";
import { checkpointHead, hashAt, loadChainKeys, lockCheckpoints } from "./repository.ts";

/** AUDIT_CHECKPOINT_FILE, or audit-checkpoint.json in the data directory. */
export const checkpointPath = (config: Pick<Config, "AUDIT_CHECKPOINT_FILE" | "dataDir">): string =>
  config.AUDIT_CHECKPOINT_FILE
    ? resolve(config.AUDIT_CHECKPOINT_FILE)
    : join(config.dataDir, "audit-checkpoint.json");

export type CheckpointFile =
  | { state: "none" }
  | { state: "ok"; checkpoint: Checkpoint }
  | { state: "unreadable"; reason: string };

const HEX64 = /^[0-9a-f]{64}$/;

/** Reads and parses the checkpoint file (its MAC is checked against the chain keys by the caller). */
export function readCheckpointFile(path: string): CheckpointFile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return { state: "none" };
    return { state: "unreadable", reason: (err as Error).message };
  }
  try {
    const c = JSON.parse(text) as Checkpoint;
    const valid =
      c.version === 1 &&
      Number.isSafeInteger(c.seq) &&
      c.seq >= 0 &&
      Number.isSafeInteger(c.keyId) &&
      typeof c.head === "string" &&
      HEX64.test(c.head) &&
      typeof c.mac === "string" &&
      HEX64.test(c.mac) &&
      typeof c.at === "string" &&
      !Number.isNaN(Date.parse(c.at));
    if (!valid) return { state: "unreadable", reason: "not a Bullpen audit checkpoint" };
    const { version, seq, head, keyId, at, mac } = c;
    return { state: "ok", checkpoint: { version, seq, head, keyId, at, mac } };
  } catch {
    return { state: "unreadable", reason: "not JSON" };
  }
}

/** Replaces the file atomically (temporary file, fsync, rename), mode 0600. */
export function writeCheckpointFile(path: string, checkpoint: Checkpoint): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  const fd = openSync(tmp, "wx", 0o600);
  try {
    writeSync(fd, `${JSON.stringify(checkpoint, null, 2)}\n`);
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    unlinkSync(tmp);
    throw err;
  }
  closeSync(fd);
  try {
    renameSync(tmp, path);
  } catch (err) {
    unlinkSync(tmp);
    throw err;
  }
  // The rename is durable once the directory is synced (not possible everywhere: best effort).
  try {
    const d = openSync(dir, "r");
    try {
      fsyncSync(d);
    } finally {
      closeSync(d);
    }
  } catch {}
}

export type CheckpointResult =
  | { outcome: "written"; checkpoint: Checkpoint }
  /** Another writer already recorded this head (or a later one). */
  | { outcome: "current"; checkpoint: Checkpoint }
  /** The file does not extend to the chain: it is kept as evidence, and `reason` says why. */
  | { outcome: "refused"; reason: string; checkpoint?: Checkpoint };

/**
 * Signs the chain's head and writes it to `path` when it is newer than the file's, under a lock that
 * every process sharing the database takes, so concurrent writers never move the file backwards. A
 * file that does not verify, or whose head the chain no longer holds (rows cut or re-written), is
 * never overwritten: it is the evidence.
 */
export async function writeCheckpoint(p: {
  db: Db;
  keyring: Keyring;
  now: Date;
  path: string;
}): Promise<CheckpointResult> {
  return inTransaction(p.db, async (tx) => {
    await lockCheckpoints(tx);
    const head = await checkpointHead(tx, p.keyring, p.now);
    const file = readCheckpointFile(p.path);
    if (file.state === "unreadable") return { outcome: "refused", reason: `${p.path}: ${file.reason}` };
    if (file.state === "ok") {
      const old = file.checkpoint;
      const key = (await loadChainKeys(tx, p.keyring)).get(old.keyId);
      if (!key || typeof key === "string" || !checkpointMacValid(key, old))
        return {
          outcome: "refused",
          reason: `${p.path} does not verify with the chain's keys`,
          checkpoint: old,
        };
      if (old.seq > head.seq)
        return {
          outcome: "refused",
          reason: `the checkpoint records seq=${old.seq} but the chain ends at seq=${head.seq}`,
          checkpoint: old,
        };
      if ((await hashAt(tx, old.seq)) !== old.head)
        return {
          outcome: "refused",
          reason: `row seq=${old.seq} no longer has the checkpoint's hash`,
          checkpoint: old,
        };
      const newer = head.seq > old.seq || p.now.getTime() > Date.parse(old.at);
      if (!newer) return { outcome: "current", checkpoint: old };
    }
    const checkpoint = signCheckpoint(head.key, { seq: head.seq, head: head.hash, at: p.now.toISOString() });
    writeCheckpointFile(p.path, checkpoint);
    return { outcome: "written", checkpoint };
  });
}
