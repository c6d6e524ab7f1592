import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestPlatform, type TestEnv } from "../../../test/harness.ts";
import { type Ctx, makeCtx } from "../../platform/context.ts";
import { inTransaction } from "../../platform/db/index.ts";
import { recordAudit, verifyAuditChain } from "./index.ts";

describe("audit chain", () => {
  let env: TestEnv;
  let ctx: Ctx;
  beforeAll(async () => {
    env = await createTestPlatform();
    const p = env.platform;
    ctx = makeCtx(p, {
      origin: "request",
      actor: null,
      log: console as never,
      requestId: "r1",
      ip: "127.0.0.1",
      userAgent: "test",
    });
  });
  afterAll(() => env.close());

  it("links rows, survives concurrent writers and refuses UPDATE/DELETE", async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        recordAudit(ctx, {
          eventType: "test",
          action: "create",
          resourceType: "thing",
          resourceId: String(i),
          newValues: { b: 2, a: [1, { z: "é" }] },
        }),
      ),
    );
    // The first row is the marker that starts the chain key; then the 20 rows.
    expect(await verifyAuditChain(env.database.db, env.platform.keyring)).toEqual({
      ok: true,
      rows: 21,
      first: 1,
      last: 21,
      keyedFrom: 1,
    });
    await expect(env.database.exec("update audit.audit_logs set action = 'x' where seq = 3")).rejects.toThrow(
      /append-only/,
    );
    await expect(env.database.exec("delete from audit.audit_logs where seq = 3")).rejects.toThrow(
      /append-only/,
    );
  });

  it("is written inside the verb's transaction: a rolled-back change leaves no audit row", async () => {
    const before = await verifyAuditChain(env.database.db, env.platform.keyring);
    await expect(
      inTransaction(env.database.db, async (tx) => {
        await recordAudit({ ...ctx, db: tx }, { eventType: "test", action: "doomed" });
        throw new Error("rollback");
      }),
    ).rejects.toThrow("rollback");
    expect((await verifyAuditChain(env.database.db, env.platform.keyring)).rows).toBe(before.rows);
  });

  it("names the first hand-edited row", async () => {
    // A DBA bypassing the trigger: the chain still catches it.
    await env.database.exec(`
      alter table audit.audit_logs disable trigger audit_logs_no_update_delete;
      update audit.audit_logs set new_values = '{"a": 1}' where seq = 7;
      alter table audit.audit_logs enable trigger audit_logs_no_update_delete;`);
    const report = await verifyAuditChain(env.database.db, env.platform.keyring);
    expect(report.ok).toBe(false);
    expect(report.firstBad).toEqual({ seq: 7, reason: "content does not match its keyed hash" });
  });
});
