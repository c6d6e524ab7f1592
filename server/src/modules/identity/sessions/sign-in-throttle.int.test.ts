// Failed sign-ins are throttled per address and name, and a name is locked after LOCK_AFTER
// failures from anywhere, without letting a stranger lock the owner out (issue 15, finding 6), and
// every name answers alike, whether or not it has an account.
import { randomBytes } from "node:crypto";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { generate } from "otplib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, signIn, type TestUser } from "../../../../test/factories.ts";
import { createTestApp, type TestEnv, testClock } from "../../../../test/harness.ts";
import { loadConfig } from "../../../config.ts";
import { Keyring } from "../../../platform/secrets.ts";
import { THROTTLE_AFTER } from "../limits.ts";
import { DEVICE_COOKIE, deviceCookieAfterSignIn, knownDevice, readDevices } from "./device.ts";
import { normalizeLogin, sourceOf } from "./throttle.ts";

const clock = testClock(new Date("2026-08-03T09:00:00Z"));
/** SIGN_IN_LOCK_AFTER for these tests (the default, 100, only takes longer: see "pieces"). */
const LOCK_AFTER = 20;
// REDIS_URL=redis://… runs the per-address limit on Redis (the failure counts are in the database).
const testEnv = {
  SIGN_IN_LOCK_AFTER: String(LOCK_AFTER),
  ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
};
let env: TestEnv & { app: FastifyInstance };
let app: FastifyInstance;
beforeAll(async () => {
  env = await createTestApp({ clock, env: testEnv });
  app = env.app;
});
afterAll(() => env.close());

// A random start, so that counts a shared Redis kept from an earlier run do not meet these addresses.
let seq = randomBytes(3).readUIntBE(0, 3);
/** A new client address each call (well under the per-address limit). */
const fresh = () => `10.${(seq >> 16) & 255}.${(seq >> 8) & 255}.${seq++ & 255}`;

const login = (
  body: { login: string; password: string; totp?: string },
  from = fresh(),
  device?: string,
): Promise<LightMyRequestResponse> =>
  app.inject({
    method: "POST",
    url: "/api/auth/login",
    payload: body,
    remoteAddress: from,
    headers: device ? { cookie: `${DEVICE_COOKIE}=${device}` } : {},
  });

const deviceOf = (r: LightMyRequestResponse) => r.cookies.find((c) => c.name === DEVICE_COOKIE);
const wrong = "not the password 1";

/** What a client can tell apart: status, body without the request id, Retry-After. */
const seen = (r: LightMyRequestResponse) => {
  const { requestId: _, ...body } = r.json() as Record<string, unknown>;
  return { status: r.statusCode, body, retryAfter: r.headers["retry-after"] ?? null };
};

/** `n` wrong passwords for `name`, each from a new address; every answer must be a plain 401. */
async function spread(name: string, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const r = await login({ login: name, password: wrong });
    expect(r.statusCode, `failure ${i + 1} of ${name}`).toBe(401);
  }
}

describe("failed sign-ins from many addresses", () => {
  it("do not lock the owner out: five failures from five addresses, then the owner from a sixth → 200", async () => {
    const u = await createUser(env.platform);
    await spread(u.username, 5);
    const owner = await login({ login: u.username, password: u.password });
    expect(owner.statusCode).toBe(200);
    // Nor when it goes on after the old throttle's 15 minutes.
    clock.advance(15 * 60_000);
    await spread(u.username, 5);
    expect((await login({ login: u.username, password: u.password })).statusCode).toBe(200);
  });
});

describe("one address guessing one name", () => {
  it("backs off after five failures (30 s, doubling), whatever the password; other addresses are not held up", async () => {
    const u = await createUser(env.platform);
    const attacker = fresh();
    for (let i = 0; i < THROTTLE_AFTER; i++)
      expect((await login({ login: u.username, password: wrong }, attacker)).statusCode).toBe(401);
    const held = await login({ login: u.username, password: u.password }, attacker);
    expect(held.statusCode).toBe(429);
    expect(held.json().code).toBe("rate_limited");
    expect(held.headers["retry-after"]).toBe("30");
    // The owner elsewhere signs in; that does not free the guessing address.
    expect((await login({ login: u.username, password: u.password })).statusCode).toBe(200);
    expect((await login({ login: u.username, password: wrong }, attacker)).headers["retry-after"]).toBe("30");

    clock.advance(31_000);
    expect((await login({ login: u.username, password: wrong }, attacker)).statusCode).toBe(401);
    expect((await login({ login: u.username, password: wrong }, attacker)).headers["retry-after"]).toBe("60");
    clock.advance(61_000);
    expect((await login({ login: u.username, password: wrong }, attacker)).statusCode).toBe(401);
    expect((await login({ login: u.username, password: wrong }, attacker)).headers["retry-after"]).toBe(
      "120",
    );

    // The count lapses an hour after the last failure, not only on success.
    clock.advance(61 * 60_000);
    for (let i = 0; i < THROTTLE_AFTER - 1; i++)
      expect((await login({ login: u.username, password: wrong }, attacker)).statusCode).toBe(401);
    expect((await login({ login: u.username, password: u.password }, attacker)).statusCode).toBe(200);

    const events = await env.database.query<{ event_code: string }>(
      "select event_code from audit.security_events where user_id = $1",
      [u.id],
    );
    expect(events.rows.map((r) => r.event_code)).toContain("account_throttled");
  });

  it("is held up the same way for a name without an account", async () => {
    const u = await createUser(env.platform);
    const ghost = `ghost_${randomBytes(4).toString("hex")}`;
    const real: ReturnType<typeof seen>[] = [];
    const none: ReturnType<typeof seen>[] = [];
    const [a, b] = [fresh(), fresh()];
    for (let i = 0; i < THROTTLE_AFTER + 1; i++) {
      real.push(seen(await login({ login: u.username, password: wrong }, a)));
      none.push(seen(await login({ login: ghost, password: wrong }, b)));
    }
    expect(none).toEqual(real);
    expect(real.at(-1)?.status).toBe(429);
  });
});

describe("an account's username and email", () => {
  it("are counted apart, and a throttled account's email answers exactly as an unknown email does", async () => {
    const u = await createUser(env.platform);
    const email = u.email as string;
    const unknown = `nobody_${randomBytes(4).toString("hex")}@example.test`;
    const from = fresh();
    // The username throttled from this address, from five addresses as in the issue too.
    await spread(u.username, 5);
    for (let i = 0; i < THROTTLE_AFTER; i++) await login({ login: u.username, password: wrong }, from);
    expect((await login({ login: u.username, password: wrong }, from)).statusCode).toBe(429);

    // Before: the email shared the account's throttle (429) where other emails got 401.
    const viaEmail = seen(await login({ login: email, password: wrong }, from));
    const viaUnknown = seen(await login({ login: unknown, password: wrong }, from));
    expect(viaEmail).toEqual(viaUnknown);
    expect(viaEmail.status).toBe(401);

    // Throttled in turn, both answer the same 429 with the same Retry-After.
    for (let i = 0; i < THROTTLE_AFTER - 1; i++) {
      await login({ login: email.toUpperCase(), password: wrong }, from);
      await login({ login: unknown.toUpperCase(), password: wrong }, from);
    }
    const e = seen(await login({ login: email, password: u.password }, from));
    const n = seen(await login({ login: unknown, password: wrong }, from));
    expect(e).toEqual(n);
    expect(e).toMatchObject({ status: 429, retryAfter: "30", body: { code: "rate_limited" } });
  });
});

describe("a name failed LOCK_AFTER times from anywhere", () => {
  const code = async (secret: string) =>
    generate({ secret, epoch: Math.floor(clock.now().getTime() / 1000) });

  let owner: TestUser;
  let device: string;
  let mfa: TestUser;
  let secret: string;
  const ghost = `ghost_${randomBytes(4).toString("hex")}`;

  beforeAll(async () => {
    owner = await createUser(env.platform);
    const first = await login({ login: owner.username, password: owner.password });
    expect(first.statusCode).toBe(200);
    const cookie = deviceOf(first);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/api/auth/login" });
    expect(cookie?.secure).toBeFalsy(); // plain HTTP here; PUBLIC_URL https:// makes it Secure
    device = cookie?.value as string;

    mfa = await createUser(env.platform);
    const s = await signIn(app, mfa.username, mfa.password);
    const e = await app.inject({
      method: "POST",
      url: "/api/me/mfa/enroll",
      payload: { password: mfa.password },
      headers: s.bearer,
    });
    secret = e.json().secret;
    const v = await app.inject({
      method: "POST",
      url: "/api/me/mfa/verify",
      payload: { code: await code(secret) },
      headers: s.bearer,
    });
    expect(v.statusCode).toBe(200);
    clock.advance(30_000); // the next TOTP step

    for (const name of [owner.username, mfa.username, ghost]) await spread(name, LOCK_AFTER);
  }, 120_000);

  it("refuses everyone else alike, existing name or not, right password or not", async () => {
    const right = seen(await login({ login: owner.username, password: owner.password }));
    const noAccount = seen(await login({ login: ghost, password: wrong }));
    expect(right.status).toBe(429);
    expect(right.body).toMatchObject({ code: "sign_in_locked" });
    expect(Number(right.retryAfter)).toBeGreaterThan(23 * 3600);
    expect(noAccount).toEqual(right);
    // With a code typed in as well (the password is checked then), still the same answer.
    const withCode = seen(await login({ login: owner.username, password: owner.password, totp: "123456" }));
    expect(withCode).toEqual(right);
    const { rows } = await env.database.query<{ event_code: string }>(
      "select event_code from audit.security_events where user_id = $1",
      [owner.id],
    );
    expect(rows.map((r) => r.event_code)).toContain("sign_in_locked");
  });

  it("lets the owner in on a known device, from any address", async () => {
    const r = await login({ login: owner.username, password: owner.password }, fresh(), device);
    expect(r.statusCode).toBe(200);
    // The device stays known (a refreshed cookie, same device); a wrong password there is a 401.
    device = deviceOf(r)?.value as string;
    expect((await login({ login: owner.username, password: wrong }, fresh(), device)).statusCode).toBe(401);
  });

  it("lets the owner in with the password and a valid second factor", async () => {
    const noCode = await login({ login: mfa.username, password: mfa.password });
    expect(noCode.statusCode).toBe(429);
    const badCode = await login({ login: mfa.username, password: mfa.password, totp: "000000" });
    expect(seen(badCode)).toEqual(seen(noCode));
    const ok = await login({ login: mfa.username, password: mfa.password, totp: await code(secret) });
    expect(ok.statusCode).toBe(200);
  });

  it("does not accept another account's device or a forged one", async () => {
    const other = await createUser(env.platform);
    const r = await login({ login: other.username, password: other.password });
    const otherDevice = deviceOf(r)?.value as string;
    await spread(other.username, LOCK_AFTER);
    // The owner's cookie names the owner, not `other`.
    expect(
      (await login({ login: other.username, password: other.password }, fresh(), device)).statusCode,
    ).toBe(429);
    const at = otherDevice.length - 10;
    const forged = `${otherDevice.slice(0, at)}${otherDevice[at] === "A" ? "B" : "A"}${otherDevice.slice(at + 1)}`;
    expect(
      (await login({ login: other.username, password: other.password }, fresh(), forged)).statusCode,
    ).toBe(429);
    expect(
      (await login({ login: other.username, password: other.password }, fresh(), otherDevice)).statusCode,
    ).toBe(200);
  }, 60_000);

  it("lapses a day after the last failure", async () => {
    clock.advance(24 * 3600_000 + 1000);
    expect((await login({ login: ghost, password: wrong })).statusCode).toBe(401);
  });
});

describe("an attacker who keeps guessing at the pace the back-off allows", () => {
  // The per-address bucket counts in real time, which the test clock does not move: without it
  // here, the back-off alone paces the one guessing address.
  let env: TestEnv & { app: FastifyInstance };
  beforeAll(async () => {
    env = await createTestApp({ clock, env: { ...testEnv, RATE_LIMIT_ENABLED: "false" } });
  });
  afterAll(() => env.close());
  const login = (body: { login: string; password: string }, from = fresh(), device?: string) =>
    env.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: body,
      remoteAddress: from,
      headers: device ? { cookie: `${DEVICE_COOKIE}=${device}` } : {},
    });

  it("never keeps the owner on a known device out, and the owner's sign-ins end the run of failures", async () => {
    const u = await createUser(env.platform);
    const device = deviceOf(await login({ login: u.username, password: u.password }))?.value as string;
    const attacker = fresh();
    let guesses = 0;
    // Three times the lock's threshold, one guess whenever the back-off allows, from one address.
    while (guesses < 3 * LOCK_AFTER) {
      const r = await login({ login: u.username, password: wrong }, attacker);
      if (r.statusCode === 429) clock.advance(Number(r.headers["retry-after"]) * 1000);
      else {
        expect(r.statusCode).toBe(401);
        guesses++;
      }
      if (guesses % 5 === 0 && r.statusCode === 401) {
        const owner = await login({ login: u.username, password: u.password }, fresh(), device);
        expect(owner.statusCode, `owner after ${guesses} guesses`).toBe(200);
      }
    }
  }, 120_000);

  it("locks a name from new devices once LOCK_AFTER failures run on without the owner signing in", async () => {
    const u = await createUser(env.platform);
    const device = deviceOf(await login({ login: u.username, password: u.password }))?.value as string;
    const attacker = fresh();
    let guesses = 0;
    while (guesses < LOCK_AFTER) {
      const r = await login({ login: u.username, password: wrong }, attacker);
      if (r.statusCode === 429) clock.advance(Number(r.headers["retry-after"]) * 1000);
      else guesses++;
    }
    expect((await login({ login: u.username, password: u.password })).json().code).toBe("sign_in_locked");
    expect((await login({ login: u.username, password: u.password }, fresh(), device)).statusCode).toBe(200);
    // The owner's sign-in ended the run: a new device gets in again.
    expect((await login({ login: u.username, password: u.password })).statusCode).toBe(200);
  }, 120_000);
});

describe("the per-address limit across names (a password spray)", () => {
  it("stops an address after 60 attempts, but not the owner's known device behind it", async () => {
    expect(env.platform.limits.store).toBe(process.env.REDIS_URL ? "redis" : "memory");
    const u = await createUser(env.platform);
    const shared = fresh();
    const device = deviceOf(await login({ login: u.username, password: u.password }, shared))
      ?.value as string;
    const codes: number[] = [];
    for (let i = 0; i < 60; i++)
      codes.push(
        (await login({ login: `spray${i}_${randomBytes(2).toString("hex")}`, password: wrong }, shared))
          .statusCode,
      );
    expect(codes.filter((c) => c === 429)).toHaveLength(1); // the owner's sign-in used one of the 60
    expect((await login({ login: u.username, password: u.password }, shared)).statusCode).toBe(429);
    expect((await login({ login: u.username, password: u.password }, shared, device)).statusCode).toBe(200);
  });
});

describe("pieces", () => {
  it("locks a name after 100 failures by default, the most NIST SP 800-63B allows", () => {
    expect(loadConfig({}).SIGN_IN_LOCK_AFTER).toBe(100);
    expect(() => loadConfig({ SIGN_IN_LOCK_AFTER: "101" })).toThrow();
  });

  it("counts a name case- and width-insensitively, and an IPv6 client by its /64", () => {
    expect(normalizeLogin(" Ａlice@Example.test ")).toBe("alice@example.test");
    expect(sourceOf("2001:db8:1:2:3:4:5:6")).toBe("2001:0db8:0001:0002::/64");
    expect(sourceOf("2001:db8:1:2::9")).toBe(sourceOf("2001:db8:1:2:ffff::1"));
    expect(sourceOf("2001:db8::1")).toBe("2001:0db8:0000:0000::/64");
    expect(sourceOf("::ffff:192.0.2.7")).toBe("192.0.2.7");
    expect(sourceOf("192.0.2.7")).toBe("192.0.2.7");
  });

  it("a device cookie opens under the previous master key during a rotation, not after a password change, and keeps five accounts", () => {
    const old = randomBytes(32);
    const user = { id: "0190a0a0-0000-7000-8000-000000000001", passwordHash: "$2b$10$x" };
    const now = new Date("2026-08-03T09:00:00Z");
    const value = deviceCookieAfterSignIn(new Keyring(old), [], user, now);
    const rotated = new Keyring(randomBytes(32), [old]);
    expect(knownDevice(rotated, readDevices(value, now), user)).toBeDefined();
    expect(knownDevice(new Keyring(randomBytes(32)), readDevices(value, now), user)).toBeUndefined();
    expect(
      knownDevice(rotated, readDevices(value, now), { ...user, passwordHash: "$2b$10$y" }),
    ).toBeUndefined();
    const later = new Date(now.getTime() + 181 * 86_400_000);
    expect(readDevices(value, later)).toEqual([]);
    let cookie = "";
    for (let i = 1; i <= 7; i++) {
      const u = { ...user, id: `0190a0a0-0000-7000-8000-00000000000${i}` };
      cookie = deviceCookieAfterSignIn(rotated, readDevices(cookie, now), u, now);
    }
    expect(readDevices(cookie, now).map((t) => t.userId.slice(-1))).toEqual(["7", "6", "5", "4", "3"]);
  });
});
