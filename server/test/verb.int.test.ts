// defineVerb on a real database: who may call, input parsing, the transaction and its audit row,
// joining an outer transaction, and unique violations as 409.
import { sql } from "drizzle-orm";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import "../src/modules/audit/index.ts"; // installs the audit writer, as the module list does
import { type Actor, type Ctx, makeCtx } from "../src/platform/context.ts";
import { inTransaction } from "../src/platform/db/index.ts";
import { rowsOf } from "../src/platform/db/rows.ts";
import { AppError } from "../src/platform/errors.ts";
import { defineVerb } from "../src/platform/verb.ts";
import { createTestPlatform, type TestEnv } from "./harness.ts";

let env: TestEnv;
const log = pino({ level: "silent" });
const request = (actor: Actor | null): Ctx =>
  makeCtx(env.platform, {
    origin: "request",
    actor,
    log,
    requestId: "req-1",
    ip: "127.0.0.1",
    userAgent: "t",
  });
const operator = (): Ctx => makeCtx(env.platform, { origin: "operator", log, userAgent: "cli" });

const user: Actor = { userId: "00000000-0000-7000-8000-000000000001", role: "user", sessionId: "s" };
const admin: Actor = { ...user, role: "admin" };
const readKey: Actor = { userId: user.userId, role: "user", apiKeyId: "k", scopes: ["read"] };
const tradeKey: Actor = { ...readKey, scopes: ["read", "trade"] };

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "ok";
  } catch (err) {
    if (err instanceof AppError) return `${err.status} ${err.message}`;
    throw err;
  }
}

const names = async () =>
  rowsOf<{ name: string }>(
    await env.database.db.execute(sql`select name from public.verb_t order by name`),
  ).map((r) => r.name);
const auditActions = async () =>
  rowsOf<{ action: string }>(
    await env.database.db.execute(
      sql`select action from audit.audit_logs where action like 'verbtest.%' order by seq`,
    ),
  ).map((r) => r.action);

const addName = defineVerb({
  name: "test.addName",
  access: "user",
  input: z.object({ name: z.string().min(2), fail: z.boolean().default(false) }),
  write: true,
  conflict: "That name is taken",
  run: async ({ ctx, input }) => {
    await ctx.db.execute(sql`insert into public.verb_t (name) values (${input.name})`);
    if (input.fail) throw new Error("after the insert");
    return { name: input.name };
  },
  audit: ({ result }) => ({ eventType: "data", action: `verbtest.add.${result.name}` }),
});

const readNames = defineVerb({ name: "test.readNames", access: "user", run: async () => names() });
const adminOnly = defineVerb({ name: "test.adminOnly", access: "admin", run: async ({ actor }) => actor });
const sessionOnly = defineVerb({ name: "test.sessionOnly", access: "session", run: async () => "yes" });
const localOnly = defineVerb({ name: "test.localOnly", access: "local", run: async () => "yes" });

beforeAll(async () => {
  env = await createTestPlatform();
  await env.database.exec("create table public.verb_t (name text primary key)");
});
afterAll(() => env.close());

describe("defineVerb", () => {
  it("checks access and API-key scope before anything else", async () => {
    expect(await codeOf(readNames({ ctx: request(null), input: undefined }))).toMatch(/^401/);
    expect(await codeOf(readNames({ ctx: request(readKey), input: undefined }))).toBe("ok");
    expect(await codeOf(addName({ ctx: request(readKey), input: { name: "rk" } }))).toBe(
      '403 This API key lacks the "trade" scope',
    );
    expect(await codeOf(addName({ ctx: request(tradeKey), input: { name: "tk" } }))).toBe("ok");
    expect(await codeOf(adminOnly({ ctx: request(user), input: undefined }))).toBe("403 Administrators only");
    expect(await codeOf(adminOnly({ ctx: request(admin), input: undefined }))).toBe("ok");
    expect(await adminOnly({ ctx: operator(), input: undefined })).toBeNull();
    expect(await codeOf(sessionOnly({ ctx: request(tradeKey), input: undefined }))).toMatch(/^403 .*session/);
    expect(await codeOf(localOnly({ ctx: request(admin), input: undefined }))).toMatch(/^403/);
    expect(await localOnly({ ctx: operator(), input: undefined })).toBe("yes");
  });

  it("answers bad input with a 400 naming the field", async () => {
    expect(await codeOf(addName({ ctx: request(user), input: { name: "x" } }))).toMatch(/^400 input\.name: /);
    expect(await codeOf(addName({ ctx: request(user), input: {} as never }))).toMatch(/^400 input\.name: /);
  });

  it("commits the change with its audit row, or neither", async () => {
    await addName({ ctx: request(user), input: { name: "kept" } });
    expect(await names()).toContain("kept");
    expect(await auditActions()).toContain("verbtest.add.kept");

    await expect(addName({ ctx: request(user), input: { name: "lost", fail: true } })).rejects.toThrow(
      "after the insert",
    );
    expect(await names()).not.toContain("lost");
    expect(await auditActions()).not.toContain("verbtest.add.lost");
  });

  it("joins the caller's transaction: an outer rollback takes the verb's change and audit row", async () => {
    await expect(
      inTransaction(env.database.db, async (tx) => {
        await addName({ ctx: { ...request(user), db: tx }, input: { name: "inner" } });
        throw new Error("outer fails");
      }),
    ).rejects.toThrow("outer fails");
    expect(await names()).not.toContain("inner");
    expect(await auditActions()).not.toContain("verbtest.add.inner");
  });

  it("turns a unique violation into 409 with the verb's message", async () => {
    await addName({ ctx: request(user), input: { name: "dup" } });
    expect(await codeOf(addName({ ctx: request(user), input: { name: "dup" } }))).toBe(
      "409 That name is taken",
    );
  });
});
