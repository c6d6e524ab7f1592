// The keyed audit chain and its checkpoints, tried as someone with database access but without the
// master key would: cutting the tail, re-writing a row and recomputing the chain with the old
// (plain SHA-256) hash, re-chaining everything as an old chain. Each attack passed `audit verify`
// before the chain was keyed and checkpointed.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, asc, gte, lte } from "drizzle-orm";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestPlatform, type TestEnv, testClock, usingPostgres } from "../../../../test/harness.ts";
import { type Ctx, makeCtx } from "../../../platform/context.ts";
import { type Database, MEMORY, openDatabase } from "../../../platform/db/index.ts";
import { Keyring } from "../../../platform/secrets.ts";
import {
  type Checkpoint,
  readCheckpointFile,
  recordAudit,
  verifyAuditChain,
  writeCheckpoint,
} from "../index.ts";
import { auditLogs } from "../schema.ts";
import { GENESIS_HASH, plainRowHash } from "./crypto.ts";

const clock = testClock(new Date("2026-03-01T09:00:00Z"));
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "bullpen-audit-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A fresh migrated database for one test. */
async function withEnv(fn: (e: TestEnv) => Promise<void>): Promise<void> {
  const e = await createTestPlatform({ clock });
  try {
    await fn(e);
  } finally {
    await e.close();
  }
}

const ctxOf = (e: TestEnv, keyring = e.platform.keyring): Ctx => ({
  ...makeCtx(e.platform, { origin: "system", log: console as never, userAgent: "chain-test" }),
  keyring,
});
const record = (e: TestEnv, action: string, keyring?: Keyring) =>
  recordAudit(ctxOf(e, keyring), {
    eventType: "identity",
    action,
    resourceType: "user",
    resourceId: "u-1",
    newValues: { step: action },
  });
const writeTo = (e: TestEnv, path: string, now = clock.now()) =>
  writeCheckpoint({ db: e.database.db, keyring: e.platform.keyring, now, path });
const fileCheckpoint = (path: string): Checkpoint | null => {
  const f = readCheckpointFile(path);
  return f.state === "ok" ? f.checkpoint : null;
};
/** Verifies with the master key, against the checkpoint file at `path` when given. */
const verify = (e: TestEnv, path?: string, keyring = e.platform.keyring) =>
  verifyAuditChain(e.database.db, keyring, { checkpoint: path ? fileCheckpoint(path) : null });

/** SQL run by a database administrator who switches the append-only triggers off. */
const asDba = (e: TestEnv, statements: string) =>
  e.database.exec(`
    alter table audit.audit_logs disable trigger user;
    alter table audit.chain_keys disable trigger user;
    ${statements};
    alter table audit.chain_keys enable trigger user;
    alter table audit.audit_logs enable trigger user;`);

/** What an attacker without the key can do: recompute the hashes of rows fromSeq..toSeq with plain SHA-256. */
async function rechainPlain(e: TestEnv, fromSeq: number, toSeq = Number.MAX_SAFE_INTEGER): Promise<void> {
  const rows = await e.database.db
    .select()
    .from(auditLogs)
    .where(and(gte(auditLogs.seq, fromSeq), lte(auditLogs.seq, toSeq)))
    .orderBy(asc(auditLogs.seq));
  const before = await e.database.query<{ hash: string }>(
    "select hash from audit.audit_logs where seq = $1",
    [fromSeq - 1],
  );
  let prev = before.rows[0]?.hash ?? GENESIS_HASH;
  for (const r of rows) {
    const hash = plainRowHash(prev, r);
    await asDba(
      e,
      `update audit.audit_logs set prev_hash = '${prev}', hash = '${hash}' where seq = ${r.seq}`,
    );
    prev = hash;
  }
}

describe(`keyed audit chain and checkpoints (${usingPostgres ? "PostgreSQL" : "PGlite"})`, () => {
  it("a normal chain verifies with its key; the chain key is stored as an envelope under the master key", async () => {
    await withEnv(async (e) => {
      await Promise.all(
        ["sign_up", "sign_in", "mfa_enrol", "api_key_create", "sign_out"].map((a) => record(e, a)),
      );
      // Row 1 is the marker that starts chain key 1.
      expect(await verify(e)).toEqual({ ok: true, rows: 6, first: 1, last: 6, keyedFrom: 1 });
      const { rows } = await e.database.query<{ id: number; key: string; master_key_id: string }>(
        "select id, key, master_key_id from audit.chain_keys",
      );
      expect(rows).toEqual([
        {
          id: 1,
          key: expect.stringMatching(/^v1\.[0-9a-f]{8}\./),
          master_key_id: e.platform.keyring.current.id,
        },
      ]);
      // Another master key cannot check it.
      expect(await verify(e, undefined, new Keyring(Buffer.alloc(32, 1)))).toMatchObject({
        ok: false,
        firstBad: {
          seq: 1,
          reason: expect.stringMatching(/^chain key 1 cannot be opened with this master key/),
        },
      });
    });
  });

  it("re-writing a row and recomputing the chain the old way (plain SHA-256) fails verification", async () => {
    await withEnv(async (e) => {
      for (const a of ["sign_up", "sign_in", "role_change", "sign_out"]) await record(e, a);
      expect((await verify(e)).ok).toBe(true);
      await asDba(
        e,
        `update audit.audit_logs set new_values = '{"step":"role_change_to_user"}' where seq = 4`,
      );
      await rechainPlain(e, 4);
      // Every link matches again; only the key tells the forged rows apart.
      expect(await verify(e)).toEqual({
        ok: false,
        rows: 3,
        first: 1,
        last: 3,
        keyedFrom: 1,
        firstBad: { seq: 4, reason: "content does not match its keyed hash" },
      });
    });
  });

  it("re-chaining everything as an old plain chain, marker and chain key deleted, passes the walk but not the checkpoint", async () => {
    await withEnv(async (e) => {
      for (const a of ["sign_up", "sign_in", "password_reset"]) await record(e, a);
      const path = join(dir, "cp-wholesale.json");
      expect((await writeTo(e, path)).outcome).toBe("written");
      await asDba(
        e,
        `delete from audit.audit_logs where action = 'audit.chain_key';
         update audit.audit_logs set seq = seq - 1;
         delete from audit.chain_keys`,
      );
      await rechainPlain(e, 1);
      // Without the checkpoint this looks like a database from before the chain was keyed.
      expect(await verify(e)).toEqual({ ok: true, rows: 3, first: 1, last: 3 });
      expect(await verify(e, path)).toMatchObject({
        ok: false,
        checkpoint: { seq: 4, status: "unknown key" },
      });
    });
  });

  it("deleting the tail (a password_reset among it) fails against the checkpoint, which is kept as evidence", async () => {
    await withEnv(async (e) => {
      for (const a of ["sign_up", "sign_in", "password_reset_request", "password_reset"]) await record(e, a);
      const path = join(dir, "cp-tail.json");
      expect(await writeTo(e, path)).toMatchObject({ outcome: "written", checkpoint: { seq: 5 } });
      expect(await verify(e, path)).toMatchObject({ ok: true, checkpoint: { seq: 5, status: "matches" } });

      await asDba(e, "delete from audit.audit_logs where seq >= 4");
      // The chain alone cannot tell: what is left is a valid keyed chain.
      expect(await verify(e)).toEqual({ ok: true, rows: 3, first: 1, last: 3, keyedFrom: 1 });
      expect(await verify(e, path)).toEqual({
        ok: false,
        rows: 3,
        first: 1,
        last: 3,
        keyedFrom: 1,
        checkpoint: { seq: 5, at: clock.now().toISOString(), status: "truncated" },
      });
      clock.advance(300_000);
      expect(await writeTo(e, path)).toMatchObject({
        outcome: "refused",
        reason: "the checkpoint records seq=5 but the chain ends at seq=3",
      });

      // New rows take the removed rows' numbers: the checkpoint's head is still not there.
      for (const a of ["a", "b", "c"]) await record(e, a);
      expect(await verify(e, path)).toMatchObject({
        ok: false,
        last: 6,
        checkpoint: { seq: 5, status: "differs" },
      });
      expect(await writeTo(e, path)).toMatchObject({
        outcome: "refused",
        reason: "row seq=5 no longer has the checkpoint's hash",
      });
      expect(fileCheckpoint(path)).toMatchObject({ seq: 5 });
    });
  });

  it("writes the checkpoint file atomically with mode 0600, reads it back and only moves it forward", async () => {
    await withEnv(async (e) => {
      for (const a of ["sign_up", "sign_in"]) await record(e, a);
      const folder = join(dir, "cp-basic");
      const path = join(folder, "audit-checkpoint.json");
      expect((await writeTo(e, path)).outcome).toBe("written");
      expect(statSync(path).mode & 0o777).toBe(0o600);
      expect(statSync(folder).mode & 0o777).toBe(0o700);
      expect(readdirSync(folder)).toEqual(["audit-checkpoint.json"]); // no temporary file left behind
      const head = await e.database.query<{ hash: string }>(
        "select hash from audit.audit_logs where seq = 3",
      );
      expect(readCheckpointFile(path)).toEqual({
        state: "ok",
        checkpoint: {
          version: 1,
          seq: 3,
          head: head.rows[0].hash,
          keyId: 1,
          at: clock.now().toISOString(),
          mac: expect.stringMatching(/^[0-9a-f]{64}$/),
        },
      });
      expect(await verify(e, path)).toMatchObject({ ok: true, checkpoint: { seq: 3, status: "matches" } });

      // Same head at the same time: nothing newer to write. An older time: never backwards.
      expect((await writeTo(e, path)).outcome).toBe("current");
      expect((await writeTo(e, path, new Date(clock.now().getTime() - 60_000))).outcome).toBe("current");
      clock.advance(60_000);
      expect(await writeTo(e, path)).toMatchObject({
        outcome: "written",
        checkpoint: { seq: 3, at: clock.now().toISOString() },
      });
      await record(e, "profile_update");
      const later = await writeTo(e, path);
      expect(later).toMatchObject({ outcome: "written", checkpoint: { seq: 4 } });

      // An edited checkpoint does not verify, and the writer leaves it in place.
      const forged = { ...(later.checkpoint as Checkpoint), seq: 3 };
      writeFileSync(path, JSON.stringify(forged));
      expect(await verify(e, path)).toMatchObject({
        ok: false,
        checkpoint: { seq: 3, status: "bad signature" },
      });
      expect(await writeTo(e, path)).toMatchObject({
        outcome: "refused",
        reason: `${path} does not verify with the chain's keys`,
      });
      expect(JSON.parse(readFileSync(path, "utf8"))).toEqual(forged);

      expect(readCheckpointFile(join(dir, "absent.json"))).toEqual({ state: "none" });
      writeFileSync(join(dir, "junk.json"), "not json");
      expect(readCheckpointFile(join(dir, "junk.json"))).toEqual({ state: "unreadable", reason: "not JSON" });
    });
  });

  it("a legacy plain chain is verified the old way up to a marker row that pins it; rewriting it after that fails", async () => {
    await withEnv(async (e) => {
      // Rows as the previous release wrote them: plain SHA-256, no chain key.
      let prev = GENESIS_HASH;
      for (let seq = 1; seq <= 3; seq++) {
        const row = {
          seq,
          occurredAt: new Date(clock.now().getTime() + seq),
          actorUserId: null,
          eventType: "identity",
          eventStatus: "success",
          severity: "info",
          resourceType: "user",
          resourceId: "u-0",
          action: `legacy_${seq}`,
          oldValues: null,
          newValues: { n: seq },
          ipAddress: null,
          userAgent: null,
          requestId: null,
        };
        const hash = plainRowHash(prev, row);
        await e.database.db.insert(auditLogs).values({ ...row, prevHash: prev, hash });
        prev = hash;
      }
      expect(await verify(e)).toEqual({ ok: true, rows: 3, first: 1, last: 3 });

      await record(e, "sign_in");
      const { rows } = await e.database.query<{ seq: string; action: string; new_values: unknown }>(
        "select seq::text, action, new_values from audit.audit_logs where seq > 3 order by seq",
      );
      expect(rows).toEqual([
        {
          seq: "4",
          action: "audit.chain_key",
          new_values: { keyId: 1, reason: "first keyed row", keyedFromSeq: 4 },
        },
        { seq: "5", action: "sign_in", new_values: { step: "sign_in" } },
      ]);
      expect(await verify(e)).toEqual({ ok: true, rows: 5, first: 1, last: 5, keyedFrom: 4 });

      // The old rows can still be recomputed with plain SHA-256, but the keyed marker holds their head.
      await asDba(e, `update audit.audit_logs set new_values = '{"n": 99}' where seq = 2`);
      await rechainPlain(e, 2, 3);
      expect(await verify(e)).toMatchObject({
        ok: false,
        firstBad: { seq: 4, reason: "link to previous row broken" },
      });
      await rechainPlain(e, 4); // and the marker cannot be recomputed without the key
      expect(await verify(e)).toMatchObject({
        ok: false,
        firstBad: { seq: 4, reason: "content does not match its keyed hash" },
      });
    });
  });

  it("a changed master key starts a new chain key; rows under the old one still verify once it is gone", async () => {
    await withEnv(async (e) => {
      const oldKeyring = e.platform.keyring;
      await record(e, "before");
      // What `bullpen secrets rotate` does: new master key current, old one previous, envelopes re-wrapped.
      const rotated = new Keyring(Buffer.alloc(32, 7), [oldKeyring.current.key]);
      const keys = await e.database.query<{ id: number; key: string }>(
        "select id, key from audit.chain_keys",
      );
      for (const r of keys.rows)
        await e.database.query("update audit.chain_keys set key = $1 where id = $2", [
          rotated.rewrap(r.key, `audit.chain_keys.key:${r.id}`),
          r.id,
        ]);
      await record(e, "after", rotated);
      const newOnly = new Keyring(Buffer.alloc(32, 7));
      expect(await verify(e, undefined, newOnly)).toEqual({
        ok: true,
        rows: 4,
        first: 1,
        last: 4,
        keyedFrom: 1,
      });
      const markers = await e.database.query<{ seq: string; new_values: { reason: string } }>(
        "select seq::text, new_values from audit.audit_logs where action = 'audit.chain_key' order by seq",
      );
      expect(markers.rows.map((m) => [m.seq, m.new_values.reason])).toEqual([
        ["1", "first keyed row"],
        ["3", "master key changed"],
      ]);

      // A process with a wrong master key goes on writing under a chain key of its own; verification
      // with the right key names the row where that started.
      await record(e, "stray", new Keyring(Buffer.alloc(32, 9)));
      expect(await verify(e, undefined, newOnly)).toMatchObject({
        ok: false,
        firstBad: {
          seq: 5,
          reason: expect.stringMatching(/^chain key 3 cannot be opened with this master key/),
        },
      });
    });
  });

  it("checkpoint writers sharing a database take turns: one waits for the other's head instead of reading a stale one", async () => {
    await withEnv(async (e) => {
      const path = join(dir, "cp-concurrent.json");
      await record(e, "sign_up");
      // A second process: its own pool (PostgreSQL) and its own keyring object with the same master key.
      let other: Database | undefined;
      if (usingPostgres) {
        const { rows } = await e.database.query<{ name: string }>("select current_database() as name");
        const url = new URL(process.env.TEST_DATABASE_URL as string);
        url.pathname = `/${rows[0].name}`;
        other = await openDatabase({ url: url.toString(), dataDir: MEMORY, poolSize: 3 });
      }
      try {
        const second = { db: (other ?? e.database).db, keyring: new Keyring(e.platform.keyring.current.key) };
        expect(await writeCheckpoint({ ...second, now: clock.now(), path })).toMatchObject({
          outcome: "written",
          checkpoint: { seq: 2 },
        });
        // The first process appends two rows and checkpoints them in one transaction; before it
        // commits, the second starts a checkpoint of its own.
        let secondDone = false;
        let secondWrite: Promise<unknown> = Promise.resolve();
        clock.advance(1000);
        await e.database.db.transaction(async (tx) => {
          const ctx = { ...ctxOf(e), db: tx };
          for (const a of ["sign_in", "password_reset"])
            await recordAudit(ctx, { eventType: "identity", action: a });
          await writeCheckpoint({ db: tx, keyring: e.platform.keyring, now: clock.now(), path });
          secondWrite = writeCheckpoint({ ...second, now: clock.now(), path }).then((r) => {
            secondDone = true;
            return r;
          });
          await new Promise((r) => setTimeout(r, 300));
          // Without the lock the second would have read the uncommitted head (seq 2) and the file (seq 4),
          // and refused the file as a cut tail.
          expect(secondDone).toBe(false);
        });
        expect(await secondWrite).toMatchObject({ outcome: "current", checkpoint: { seq: 4 } });
        expect(await verify(e, path)).toMatchObject({ ok: true, checkpoint: { seq: 4, status: "matches" } });

        // Many writers and appends at once: the file only moves forward and ends at the head.
        let seen = 0;
        for (let round = 0; round < 6; round++) {
          clock.advance(1000);
          const now = clock.now();
          const results = await Promise.all([
            record(e, `r${round}a`),
            writeTo(e, path, now),
            writeCheckpoint({ ...second, now, path }),
            record(e, `r${round}b`),
            writeCheckpoint({ ...second, now, path }),
          ]);
          for (const r of results) if (r) expect(r.outcome).not.toBe("refused");
          const seq = fileCheckpoint(path)?.seq ?? 0;
          expect(seq).toBeGreaterThanOrEqual(seen);
          seen = seq;
        }
        await writeCheckpoint({ ...second, now: clock.now(), path });
        expect(await verify(e, path)).toMatchObject({
          ok: true,
          rows: 16,
          checkpoint: { seq: 16, status: "matches" },
        });
      } finally {
        await other?.close();
      }
    });
  });

  it("the server writes a checkpoint at start, on the checkpoint job and when it stops", async () => {
    const path = join(dir, "server", "audit-checkpoint.json");
    const e = await createTestPlatform({ clock, env: { AUDIT_CHECKPOINT_FILE: path } });
    try {
      const { auditRuntime, AUDIT_CHECKPOINT_JOB } = await import("../module.ts");
      const log = pino({ level: "silent" });
      // An empty chain: the start keys it (the marker row, seq 1) and anchors it.
      await auditRuntime.start?.(e.platform, { log, stopping: () => false });
      expect(fileCheckpoint(path)).toMatchObject({ seq: 1, at: clock.now().toISOString() });

      await record(e, "sign_in");
      clock.advance(300_000);
      auditRuntime.jobs?.(e.platform);
      await e.platform.jobs.start();
      await e.platform.jobs.send(AUDIT_CHECKPOINT_JOB, {});
      const deadline = Date.now() + 15_000;
      while ((fileCheckpoint(path)?.seq ?? 0) < 2 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
      expect(fileCheckpoint(path)).toMatchObject({ seq: 2, at: clock.now().toISOString() });

      await record(e, "sign_out");
      await auditRuntime.stop?.(e.platform);
      expect(fileCheckpoint(path)).toMatchObject({ seq: 3 });
      expect(await verify(e, path)).toMatchObject({ ok: true, checkpoint: { seq: 3, status: "matches" } });
    } finally {
      await e.close();
    }
  }, 30_000);
});
