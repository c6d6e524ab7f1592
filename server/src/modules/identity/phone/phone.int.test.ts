import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, signIn } from "../../../../test/factories.ts";
import { createTestApp, type TestEnv, testClock } from "../../../../test/harness.ts";
import { listOutbox } from "../../notify/index.ts";

describe("the account's phone number", () => {
  const clock = testClock(new Date("2026-06-01T12:00:00Z"));
  let env: TestEnv & { app: FastifyInstance };
  let app: FastifyInstance;
  beforeAll(async () => {
    env = await createTestApp({ clock });
    app = env.app;
  });
  afterAll(() => env.close());

  const req = (
    method: "GET" | "POST" | "PATCH" | "DELETE",
    url: string,
    headers: Record<string, string>,
    payload?: object,
  ) => app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

  it("verifies a phone number with a texted 6-digit code: 5 attempts, 10 minutes", async () => {
    const u = await createUser(env.platform);
    const s = await signIn(app, u.username, u.password);
    expect(
      (await req("POST", "/api/me/phone/request", s.bearer, { phoneNumber: "010-1234" })).statusCode,
    ).toBe(400);
    expect(
      (await req("POST", "/api/me/phone/request", s.bearer, { phoneNumber: "+821012345678" })).statusCode,
    ).toBe(202);
    // Stored with the code redacted; the platform's key opens the text as it was sent.
    const stored = (await listOutbox(env.database.db, { to: "+821012345678" }))[0];
    expect(stored.text).toBe("Your Bullpen verification code is [redacted]. It expires in 10 minutes.");
    const sms = (
      await listOutbox(env.database.db, { to: "+821012345678", keyring: env.platform.keyring })
    )[0];
    const code = /(\d{6})/.exec(sms.text)?.[1] as string;
    expect(code).toMatch(/^\d{6}$/);
    const { rows } = await env.database.query<{ code_hash: string }>(
      "select code_hash from identity.verification_codes where user_id = $1",
      [u.id],
    );
    expect(rows[0].code_hash).not.toContain(code);
    const wrongCode = code === "000000" ? "111111" : "000000";
    for (let i = 0; i < 4; i++)
      expect((await req("POST", "/api/me/phone/verify", s.bearer, { code: wrongCode })).statusCode).toBe(400);
    const ok = await req("POST", "/api/me/phone/verify", s.bearer, { code });
    expect(ok.statusCode).toBe(204);
    const me = (await req("GET", "/api/me", s.bearer)).json().user;
    expect(me).toMatchObject({ phoneNumber: "+821012345678", phoneVerifiedAt: clock.now().toISOString() });

    // Five wrong attempts burn the code; an expired code is refused.
    const v = await createUser(env.platform);
    const sv = await signIn(app, v.username, v.password);
    await req("POST", "/api/me/phone/request", sv.bearer, { phoneNumber: "+14155550123" });
    const c2 = /(\d{6})/.exec(
      (await listOutbox(env.database.db, { to: "+14155550123", keyring: env.platform.keyring }))[0].text,
    )?.[1] as string;
    const w2 = c2 === "000000" ? "111111" : "000000";
    for (let i = 0; i < 5; i++)
      expect((await req("POST", "/api/me/phone/verify", sv.bearer, { code: w2 })).statusCode).toBe(400);
    expect((await req("POST", "/api/me/phone/verify", sv.bearer, { code: c2 })).statusCode).toBe(400);

    const x = await createUser(env.platform);
    const sx = await signIn(app, x.username, x.password);
    await req("POST", "/api/me/phone/request", sx.bearer, { phoneNumber: "+447700900123" });
    const c3 = /(\d{6})/.exec(
      (await listOutbox(env.database.db, { to: "+447700900123", keyring: env.platform.keyring }))[0].text,
    )?.[1] as string;
    clock.advance(10 * 60_000 + 1000);
    expect((await req("POST", "/api/me/phone/verify", sx.bearer, { code: c3 })).statusCode).toBe(400);

    // A number verified by someone else cannot be taken.
    await req("POST", "/api/me/phone/request", sx.bearer, { phoneNumber: "+821012345678" });
    const c4 = /(\d{6})/.exec(
      (await listOutbox(env.database.db, { to: "+821012345678", keyring: env.platform.keyring }))[0].text,
    )?.[1] as string;
    expect((await req("POST", "/api/me/phone/verify", sx.bearer, { code: c4 })).statusCode).toBe(409);
  });
});
