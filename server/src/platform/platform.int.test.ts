import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestEnv } from "../../test/harness.ts";
import { loadConfig } from "../config.ts";
import {
  acquireDirectoryLock,
  DatabaseLockedError,
  inTransaction,
  MEMORY,
  openDatabase,
} from "./db/index.ts";
import { Keyring, loadKeyring, rotateKeyFile, SecretKeyError } from "./secrets.ts";

describe("config", () => {
  it("names the bad variable", () => {
    expect(() => loadConfig({ PORT: "http" })).toThrow(/PORT/);
    expect(() => loadConfig({ REGISTRATION_MODE: "sometimes" })).toThrow(/REGISTRATION_MODE/);
    expect(() => loadConfig({ DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ OIDC_PROVIDERS: "[{}]" })).toThrow(/OIDC_PROVIDERS/);
  });
  it("has working defaults", () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(3000);
    expect(c.REGISTRATION_MODE).toBe("approval");
    expect(c.publicUrl).toBe("http://localhost:3000");
  });
});

describe("embedded database directory lock", () => {
  it("refuses a second opener while the first holds it, and takes over a stale lock", () => {
    const dir = mkdtempSync(join(tmpdir(), "bp-lock-"));
    const release = acquireDirectoryLock(dir);
    expect(() => acquireDirectoryLock(dir)).toThrow(DatabaseLockedError);
    release();
    // A lock file naming a dead pid is stale.
    const again = acquireDirectoryLock(dir);
    again();
  });
});

describe("secrets at rest", () => {
  it("round-trips, binds to its AAD and rejects tampering", () => {
    const k = new Keyring(Buffer.alloc(32, 7));
    const env = k.encrypt("JBSWY3DPEHPK3PXP", "identity.users.mfa_secret:u1");
    expect(env).not.toContain("JBSWY3DPEHPK3PXP");
    expect(k.decrypt(env, "identity.users.mfa_secret:u1")).toBe("JBSWY3DPEHPK3PXP");
    expect(() => k.decrypt(env, "identity.users.mfa_secret:u2")).toThrow();
    const parts = env.split(".");
    parts[3] = parts[3].slice(0, -2) + (parts[3].endsWith("AA") ? "BB" : "AA");
    expect(() => k.decrypt(parts.join("."), "identity.users.mfa_secret:u1")).toThrow();
  });
  it("re-wraps under a new master key; the old key is then not needed", () => {
    const oldKey = Buffer.alloc(32, 1);
    const newKey = Buffer.alloc(32, 2);
    const sealed = new Keyring(oldKey).encrypt("token", "a");
    const rotating = new Keyring(newKey, [oldKey]);
    const rewrapped = rotating.rewrap(sealed, "a");
    expect(rotating.isCurrent(rewrapped)).toBe(true);
    expect(new Keyring(newKey).decrypt(rewrapped, "a")).toBe("token");
    expect(() => new Keyring(newKey).decrypt(sealed, "a")).toThrow(SecretKeyError);
  });
  it("generates the embedded key file once with mode 0600, and rotates it", () => {
    const dir = mkdtempSync(join(tmpdir(), "bp-key-"));
    const first = loadKeyring({ dataDir: dir, embedded: true });
    expect(first.generated).toBe(true);
    expect(statSync(join(dir, "secret.key")).mode & 0o777).toBe(0o600);
    const second = loadKeyring({ dataDir: dir, embedded: true });
    expect(second.generated).toBe(false);
    expect(second.keyring.current.id).toBe(first.keyring.current.id);
    const sealed = first.keyring.encrypt("x", "aad");
    rotateKeyFile(dir);
    const third = loadKeyring({ dataDir: dir, embedded: true });
    expect(third.keyring.current.id).not.toBe(first.keyring.current.id);
    expect(third.keyring.decrypt(sealed, "aad")).toBe("x");
    expect(readFileSync(join(dir, "secret.key.previous"), "utf8").trim()).toHaveLength(64);
    expect(() => loadKeyring({ dataDir: dir, embedded: false })).toThrow(/BULLPEN_SECRET_KEY/);
  });
});

describe("PGlite concurrency", () => {
  it("keeps concurrent transactions isolated on its single connection", async () => {
    const database = await openDatabase({ dataDir: MEMORY });
    try {
      await database.exec("create table t (k int primary key, v int not null)");
      await database.exec("insert into t values (1, 0)");
      // Many read-modify-write transactions at once: without isolation, increments are lost.
      await Promise.all(
        Array.from({ length: 25 }, () =>
          inTransaction(database.db, async (tx) => {
            const r = await tx.execute(sql`select v from t where k = 1`);
            const v = Number((r as unknown as { rows: { v: number }[] }).rows[0].v);
            await new Promise((res) => setTimeout(res, 1));
            await tx.execute(sql`update t set v = ${v + 1} where k = 1`);
          }),
        ),
      );
      const { rows } = await database.query<{ v: number }>("select v from t where k = 1");
      expect(rows[0].v).toBe(25);
      // A failed transaction leaves nothing behind.
      await expect(
        inTransaction(database.db, async (tx) => {
          await tx.execute(sql`update t set v = 999 where k = 1`);
          throw new Error("boom");
        }),
      ).rejects.toThrow("boom");
      expect((await database.query<{ v: number }>("select v from t")).rows[0].v).toBe(25);
    } finally {
      await database.close();
    }
  });
});

describe("HTTP platform", () => {
  let env: TestEnv & { app: import("fastify").FastifyInstance };
  beforeAll(async () => {
    env = await createTestApp();
  });
  afterAll(() => env.close());

  it("reports health with the database kind and migration state", async () => {
    const res = await env.app.inject("/health");
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(["pglite", "postgres"]).toContain(body.database.kind);
    expect(body.database.migrations.pending).toBe(0);
    expect(body.database.migrations.applied).toBeGreaterThan(0);
    expect(res.headers["x-request-id"]).toBeTruthy();
  });
  it("serves OpenAPI 3.1 and the docs", async () => {
    const spec = (await env.app.inject("/openapi.json")).json();
    expect(spec.openapi).toBe("3.1.0");
    expect(spec.paths["/health"]).toBeDefined();
    expect((await env.app.inject("/docs/")).statusCode).toBe(200);
  });
  it("answers unknown routes and malformed JSON with the error shape", async () => {
    const nf = await env.app.inject("/api/nothing-here");
    expect(nf.statusCode).toBe(404);
    expect(nf.json()).toMatchObject({ code: "not_found", requestId: expect.any(String) });
    // /metrics needs METRICS_TOKEN (server/test/http-edges.int.test.ts): without one it is not served
    expect((await env.app.inject("/metrics")).statusCode).toBe(404);
  });
  it("sends security headers", async () => {
    const res = await env.app.inject("/health");
    expect(res.headers["content-security-policy"]).toContain("default-src 'self'");
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["access-control-allow-origin"]).toBeUndefined();
    expect(res.headers["x-frame-options"]).toBe("SAMEORIGIN");
    expect(res.headers["referrer-policy"]).toBe("no-referrer");
    expect(res.headers["strict-transport-security"]).toBeUndefined(); // the TLS proxy's job
    // JSON API responses, errors and unknown routes included: the lean API set, never cached
    const bad = await env.app.inject({
      method: "POST",
      url: "/api/auth/login",
      headers: { "content-type": "application/json" },
      payload: "{not json",
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers["x-request-id"]).toBe(bad.json().requestId);
    expect(bad.headers["cache-control"]).toBe("no-store");
    for (const url of ["/api/me", "/api/nothing-here"]) {
      const api = await env.app.inject(url);
      expect(api.headers["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(api.headers["cache-control"]).toBe("no-store");
      expect(api.headers["x-content-type-options"]).toBe("nosniff");
      expect(api.headers["x-frame-options"]).toBe("DENY");
      expect(api.headers["x-request-id"]).toBe(api.json().requestId);
      expect(api.headers["x-dns-prefetch-control"]).toBeUndefined();
    }
    // the docs UI keeps the policy its own scripts need
    const docs = await env.app.inject("/docs/");
    expect(docs.headers["content-security-policy"]).not.toBe(res.headers["content-security-policy"]);
  });
});
