import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, signIn } from "../../../../test/factories.ts";
import { createTestApp, type TestEnv, testClock } from "../../../../test/harness.ts";
import { listOutbox } from "../../notify/index.ts";
import { settleBackground } from "./service.ts";

type AppEnv = TestEnv & { app: FastifyInstance };
let ipSeq = 0;
// Each call from its own address, so the per-IP limits stay out of these tests' way.
const post = (app: FastifyInstance, url: string, payload: object, headers: Record<string, string> = {}) =>
  app.inject({
    method: "POST",
    url,
    payload,
    headers,
    remoteAddress: `10.1.${(ipSeq >> 8) & 255}.${ipSeq++ & 255}`,
  });

async function tokenFrom(env: AppEnv, to: string, label: string): Promise<string> {
  await settleBackground();
  // The outbox stores the token redacted; the platform's key opens the message as it was sent.
  const [mail] = await listOutbox(env.database.db, { to, keyring: env.platform.keyring });
  expect(mail, `an email to ${to}`).toBeDefined();
  const m = new RegExp(`${label}: (\\S+)`).exec(mail.text);
  expect(m, `"${label}" in the email`).not.toBeNull();
  return (m as RegExpExecArray)[1];
}

const clock = testClock(new Date("2026-04-01T10:00:00Z"));
let env: AppEnv;
beforeAll(async () => {
  env = await createTestApp({ clock });
});
afterAll(() => env.close());

describe("password reset", () => {
  it("resets a password by emailed token: 202 always, single use, signs out everywhere", async () => {
    const { app, platform } = env;
    const u = await createUser(platform, { email: "forgetful@example.test" });
    const s = await signIn(app, u.username, u.password);
    const before = (await listOutbox(env.database.db, {})).length;
    const unknown = await post(app, "/api/auth/password-reset/request", { email: "nobody@example.test" });
    expect(unknown.statusCode).toBe(202);
    await settleBackground();
    expect((await listOutbox(env.database.db, {})).length).toBe(before); // nothing sent, same answer
    const known = await post(app, "/api/auth/password-reset/request", { email: "FORGETFUL@example.test" });
    expect(known.statusCode).toBe(202);
    const token = await tokenFrom(env, "forgetful@example.test", "Reset token");

    const weak = await post(app, "/api/auth/password-reset/confirm", { token, password: "qwertyuiop" });
    expect(weak.statusCode).toBe(400);
    const ok = await post(app, "/api/auth/password-reset/confirm", {
      token,
      password: "brand new secret 42",
    });
    expect(ok.statusCode).toBe(204);
    expect((await app.inject({ method: "GET", url: "/api/me", headers: s.bearer })).statusCode).toBe(401);
    expect(
      (await post(app, "/api/auth/password-reset/confirm", { token, password: "another secret 43" }))
        .statusCode,
    ).toBe(400);
    expect((await post(app, "/api/auth/login", { login: u.username, password: u.password })).statusCode).toBe(
      401,
    );
    await signIn(app, u.username, "brand new secret 42");
  });
});
