// The first-admin setup token is the instance's, not the process's: stored encrypted under the master
// key so that every process (replicas, a restart) prints the same one until it is used or a day old.
// On PGlite and on PostgreSQL (TEST_DATABASE_URL).
import { createHash, randomBytes } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operatorCtx } from "../../../../test/factories.ts";
import { createTestApp, type TestEnv, testClock } from "../../../../test/harness.ts";
import type { Ctx } from "../../../platform/context.ts";
import { Keyring } from "../../../platform/secrets.ts";
import { ensureSetupToken } from "../index.ts";
import { SETUP_TOKEN_REUSE_MS } from "./service.ts";

const clock = testClock(new Date("2026-05-01T08:00:00Z"));
let env: TestEnv & { app: FastifyInstance };
beforeAll(async () => {
  env = await createTestApp({ clock });
});
afterAll(() => env?.close());

const stored = async () =>
  (
    await env.database.query<{ token_hash: string | null; token_secret: string | null }>(
      "select token_hash, token_secret from identity.setup_state where id = 1",
    )
  ).rows[0];
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
const ensure = (ctx: Ctx = operatorCtx(env.platform)) => ensureSetupToken({ ctx, input: undefined });

describe("the setup token", () => {
  it("is one per instance: the same for every start within a day, encrypted at rest, gone once used", async () => {
    const first = await ensure();
    expect(first).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const row = await stored();
    expect(row?.token_hash).toBe(sha256(first as string));
    expect(row?.token_secret).toMatch(/^v1\./); // an envelope, not the token
    expect(row?.token_secret).not.toContain(first);

    // Another process of the instance (same master key, same database) prints the same token.
    clock.advance(SETUP_TOKEN_REUSE_MS - 60_000);
    expect(await ensure()).toBe(first);

    // A process with another master key cannot read it: it issues a new one (the old one stops working).
    const otherKey = { ...operatorCtx(env.platform), keyring: new Keyring(randomBytes(32)) };
    const other = await ensure(otherKey);
    expect(other).not.toBe(first);
    expect(await ensure()).not.toBe(first);

    // A day after it was issued, a start issues a new one.
    const current = await ensure();
    clock.advance(SETUP_TOKEN_REUSE_MS);
    const renewed = await ensure();
    expect(renewed).not.toBe(current);
    expect(await ensure()).toBe(renewed);

    const old = await env.app.inject({
      method: "POST",
      url: "/api/auth/setup",
      payload: { token: current, username: "boss", password: "correct horse battery staple" },
    });
    expect(old.statusCode).toBe(403);
    const ok = await env.app.inject({
      method: "POST",
      url: "/api/auth/setup",
      payload: { token: renewed, username: "boss", password: "correct horse battery staple" },
    });
    expect(ok.statusCode).toBe(201);
    expect(await stored()).toEqual({ token_hash: null, token_secret: null });
    expect(await ensure()).toBeNull();
  });
});
