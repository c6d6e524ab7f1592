// OpenID Connect sign-in against a real provider (npm oidc-provider) on 127.0.0.1: the browser's
// redirects are followed over real HTTP on the provider side and through app.inject() on ours.
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../../../../test/factories.ts";
import { createTestApp, type TestEnv } from "../../../../test/harness.ts";
import { identityRuntime } from "../module.ts";
import { startTestOidcProvider, type TestAccount, type TestOidcProvider } from "./test-provider.ts";

const REDIRECT = "http://localhost:3000/api/auth/oidc/test/callback";

let provider: TestOidcProvider;
let counter = 0;
const account = (over: Partial<TestAccount> = {}): TestAccount => {
  counter++;
  return {
    sub: `sub-${counter}-${Math.random().toString(36).slice(2)}`,
    email: `oidc${counter}@example.test`,
    email_verified: true,
    preferred_username: `oidc_user_${counter}`,
    ...over,
  };
};

function oidcEnv(mode: string): Record<string, string> {
  return {
    REGISTRATION_MODE: mode,
    OIDC_PROVIDERS: JSON.stringify([
      {
        id: "test",
        name: "Test IdP",
        issuer: provider.issuer,
        clientId: provider.clientId,
        clientSecret: provider.clientSecret,
      },
    ]),
  };
}

interface Flow {
  status: number;
  location: string;
  session?: string;
}

/** The whole browser round trip: /start → provider (auto login + consent) → /callback. */
async function signInWith(
  app: FastifyInstance,
  who: TestAccount,
  opts: { tamperCookie?: boolean } = {},
): Promise<Flow> {
  provider.signInAs(who);
  const start = await app.inject({ method: "GET", url: "/api/auth/oidc/test/start" });
  expect(start.statusCode).toBe(302);
  const auth = new URL(start.headers.location as string);
  expect(auth.origin).toBe(provider.issuer);
  expect(auth.searchParams.get("code_challenge_method")).toBe("S256");
  expect(auth.searchParams.get("redirect_uri")).toBe(REDIRECT);
  expect(auth.searchParams.get("nonce")).toBeTruthy();
  const flow = start.cookies.find((c) => c.name === "bullpen_oidc");
  expect(flow?.httpOnly).toBe(true);
  const back = await provider.authorize(auth.href);
  expect(back.href.startsWith(REDIRECT)).toBe(true);
  let cookie = flow?.value ?? "";
  if (opts.tamperCookie) cookie = `${cookie.slice(0, -4)}AAAA`;
  const cb = await app.inject({
    method: "GET",
    url: back.pathname + back.search,
    cookies: { bullpen_oidc: cookie },
  });
  return {
    status: cb.statusCode,
    location: cb.headers.location as string,
    session: cb.cookies.find((c) => c.name === "bullpen_session")?.value,
  };
}

async function me(app: FastifyInstance, token: string) {
  const res = await app.inject({
    method: "GET",
    url: "/api/me",
    headers: { authorization: `Bearer ${token}` },
  });
  expect(res.statusCode).toBe(200);
  return res.json().user as {
    id: string;
    username: string;
    email: string | null;
    status: string;
    emailVerifiedAt: string | null;
  };
}

beforeAll(async () => {
  provider = await startTestOidcProvider([REDIRECT]);
});
afterAll(() => provider.close());

describe("OIDC sign-in, open registration", () => {
  let env: TestEnv & { app: FastifyInstance };
  beforeAll(async () => {
    env = await createTestApp({ env: oidcEnv("open") });
  });
  afterAll(() => env.close());

  const links = async (userId: string) =>
    (
      await env.database.query<{ provider: string; subject: string; tokens: string; id: string }>(
        "select id, provider, subject, tokens from identity.oauth_accounts where user_id = $1",
        [userId],
      )
    ).rows;

  it("lists the provider in /api/auth/config and answers 404 for an unknown one", async () => {
    const config = await env.app.inject({ method: "GET", url: "/api/auth/config" });
    expect(config.json().oidcProviders).toEqual([{ id: "test", name: "Test IdP" }]);
    const unknown = await env.app.inject({ method: "GET", url: "/api/auth/oidc/nope/start" });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: "not_found", requestId: expect.any(String) });
    const bad = await env.app.inject({ method: "GET", url: "/api/auth/oidc/NOT_VALID!/start" });
    expect(bad.statusCode).toBe(400);
  });

  it("creates an account on first sign-in, signs in, and reuses the link afterwards", async () => {
    const who = account();
    const first = await signInWith(env.app, who);
    expect(first.status).toBe(302);
    expect(first.location).toBe("/");
    expect(first.session).toBeTruthy();
    const user = await me(env.app, first.session as string);
    expect(user.username).toBe(who.preferred_username);
    expect(user.email).toBe(who.email);
    expect(user.emailVerifiedAt).not.toBeNull();
    expect(user.status).toBe("active");

    const rows = await links(user.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ provider: "test", subject: who.sub });
    // tokens are sealed with the platform key, bound to the row
    expect(rows[0].tokens).toMatch(/^v1\./);
    const doc = JSON.parse(
      env.platform.keyring.decrypt(rows[0].tokens, `identity.oauth_accounts.tokens:${rows[0].id}`),
    );
    expect(doc.access_token).toEqual(expect.any(String));
    expect(rows[0].tokens).not.toContain(doc.access_token);
    expect(
      identityRuntime.encryptedColumns?.some(
        (c) => c.table === "identity.oauth_accounts" && c.column === "tokens",
      ),
    ).toBe(true);

    const second = await signInWith(env.app, who);
    expect(second.location).toBe("/");
    expect(second.session).not.toBe(first.session);
    expect((await me(env.app, second.session as string)).id).toBe(user.id);
    expect(await links(user.id)).toHaveLength(1);
  });

  it("links to an existing account only when both sides verified the email", async () => {
    const local = await createUser(env.platform, {});
    await env.database.query("update identity.users set email_verified_at = now() where id = $1", [local.id]);
    const linked = await signInWith(env.app, account({ email: local.email as string, email_verified: true }));
    expect(linked.location).toBe("/");
    expect((await me(env.app, linked.session as string)).id).toBe(local.id);
    expect(await links(local.id)).toHaveLength(1);

    // provider does not vouch for the email: no takeover of the verified local account
    const other = await createUser(env.platform, {});
    await env.database.query("update identity.users set email_verified_at = now() where id = $1", [other.id]);
    const unverified = await signInWith(
      env.app,
      account({ email: other.email as string, email_verified: false }),
    );
    expect(unverified.location).toBe("/login?oidc_error=email_in_use");
    expect(unverified.session).toBeUndefined();
    expect(await links(other.id)).toHaveLength(0);

    // local email never verified: not linked either, even though the provider verified it
    const unconfirmed = await createUser(env.platform, {});
    const refused = await signInWith(
      env.app,
      account({ email: unconfirmed.email as string, email_verified: true }),
    );
    expect(refused.location).toBe("/login?oidc_error=email_in_use");
    expect(await links(unconfirmed.id)).toHaveLength(0);
  });

  it("creates an account without the email when the provider did not verify it", async () => {
    const who = account({ email_verified: false });
    const flow = await signInWith(env.app, who);
    expect(flow.location).toBe("/");
    const user = await me(env.app, flow.session as string);
    expect(user.email).toBeNull();
  });

  it("gives a new account a suffixed username when the provider's one is taken", async () => {
    const holder = await createUser(env.platform);
    const flow = await signInWith(env.app, account({ preferred_username: holder.username }));
    expect(flow.location).toBe("/");
    const user = await me(env.app, flow.session as string);
    expect(user.username).toMatch(new RegExp(`^${holder.username}-[0-9a-z]{4}$`));
    expect(await links(user.id)).toHaveLength(1);
  });

  it("refuses a tampered or missing state cookie, and a replayed code", async () => {
    const tampered = await signInWith(env.app, account(), { tamperCookie: true });
    expect(tampered.location).toBe("/login?oidc_error=invalid_state");
    expect(tampered.session).toBeUndefined();

    provider.signInAs(account());
    const start = await env.app.inject({ method: "GET", url: "/api/auth/oidc/test/start" });
    const back = await provider.authorize(start.headers.location as string);
    const noCookie = await env.app.inject({ method: "GET", url: back.pathname + back.search });
    expect(noCookie.headers.location).toBe("/login?oidc_error=invalid_state");

    const cookie = start.cookies.find((c) => c.name === "bullpen_oidc")?.value as string;
    const ok = await env.app.inject({
      method: "GET",
      url: back.pathname + back.search,
      cookies: { bullpen_oidc: cookie },
    });
    expect(ok.headers.location).toBe("/");
    const replay = await env.app.inject({
      method: "GET",
      url: back.pathname + back.search,
      cookies: { bullpen_oidc: cookie },
    });
    expect(replay.headers.location).toBe("/login?oidc_error=failed");

    // state from another flow: the cookie and the response do not belong together
    provider.signInAs(account());
    const s1 = await env.app.inject({ method: "GET", url: "/api/auth/oidc/test/start" });
    const s2 = await env.app.inject({ method: "GET", url: "/api/auth/oidc/test/start" });
    const back1 = await provider.authorize(s1.headers.location as string);
    const mixed = await env.app.inject({
      method: "GET",
      url: back1.pathname + back1.search,
      cookies: { bullpen_oidc: s2.cookies.find((c) => c.name === "bullpen_oidc")?.value as string },
    });
    expect(mixed.headers.location).toBe("/login?oidc_error=failed");
  });

  it("reports a provider error and refuses suspended accounts and accounts with TOTP", async () => {
    const start = await env.app.inject({ method: "GET", url: "/api/auth/oidc/test/start" });
    const state = new URL(start.headers.location as string).searchParams.get("state");
    const denied = await env.app.inject({
      method: "GET",
      url: `/api/auth/oidc/test/callback?error=access_denied&state=${state}`,
      cookies: { bullpen_oidc: start.cookies.find((c) => c.name === "bullpen_oidc")?.value as string },
    });
    expect(denied.headers.location).toBe("/login?oidc_error=denied");

    const who = account();
    const first = await signInWith(env.app, who);
    const user = await me(env.app, first.session as string);
    await env.database.query("update identity.users set status = 'suspended' where id = $1", [user.id]);
    const suspended = await signInWith(env.app, who);
    expect(suspended.location).toBe("/login?oidc_error=account_suspended");
    expect(suspended.session).toBeUndefined();

    await env.database.query(
      "update identity.users set status = 'active', mfa_enabled = true where id = $1",
      [user.id],
    );
    const mfa = await signInWith(env.app, who);
    expect(mfa.location).toBe("/login?oidc_error=mfa_required");
  });
});

describe("OIDC sign-in under approval and closed registration", () => {
  it("leaves a new account waiting for approval, without a session", async () => {
    const env = await createTestApp({ env: oidcEnv("approval") });
    try {
      const admin = await createUser(env.platform, { role: "admin" });
      const who = account();
      const flow = await signInWith(env.app, who);
      expect(flow.location).toBe("/login?oidc=pending_approval");
      expect(flow.session).toBeUndefined();
      // the administrators are told someone is waiting
      const { rows: told } = await env.database.query<{ type: string }>(
        "select type from notify.notifications where user_id = $1",
        [admin.id],
      );
      expect(told.map((r) => r.type)).toContain("user_pending_approval");
      const { rows } = await env.database.query<{ status: string }>(
        "select u.status from identity.users u join identity.oauth_accounts o on o.user_id = u.id where o.subject = $1",
        [who.sub],
      );
      expect(rows).toEqual([{ status: "pending_approval" }]);
      // still waiting on the next attempt; no second account
      const again = await signInWith(env.app, who);
      expect(again.location).toBe("/login?oidc=pending_approval");
      const { rows: count } = await env.database.query<{ n: number }>(
        "select count(*)::int as n from identity.oauth_accounts where subject = $1",
        [who.sub],
      );
      expect(count[0].n).toBe(1);
    } finally {
      await env.close();
    }
  });

  it("creates no account when registration is closed", async () => {
    const env = await createTestApp({ env: oidcEnv("closed") });
    try {
      const flow = await signInWith(env.app, account());
      expect(flow.location).toBe("/login?oidc_error=registration_closed");
      const { rows } = await env.database.query<{ n: number }>(
        "select count(*)::int as n from identity.users",
      );
      expect(rows[0].n).toBe(0);
    } finally {
      await env.close();
    }
  });
});
