// A fuzz target: the app with rate limits off and every outside service unreachable, an admin and
// a user with live sessions, and data the generated requests point at (an instrument with bars, a
// watchlist each, a universe, a macro series, a notification each, a third user for admin routes).
import type { FastifyInstance } from "fastify";
import { expect } from "vitest";
import { notifyUser } from "../../src/modules/notify/index.ts";
import { createUser, operatorCtx, type SignedIn, signIn, type TestUser } from "../factories.ts";
import { createTestApp } from "../harness.ts";
import type { Param, Route } from "./openapi.ts";
import { baseValue, type Fixtures, SEED } from "./values.ts";

export type FuzzActor = "admin" | "user";

const DEAD = "http://127.0.0.1:9/";

export async function fuzzTarget() {
  const env = await createTestApp({
    env: {
      RATE_LIMIT_ENABLED: "false",
      REGISTRATION_MODE: "open",
      // Nothing outside the process answers: the provider and OIDC routes must degrade, not 5xx.
      OIDC_PROVIDERS: JSON.stringify([
        { id: "dead", name: "Dead", issuer: DEAD, clientId: "x", clientSecret: "y" },
      ]),
      MARKET_YAHOO_URL: DEAD,
      MARKET_STOOQ_URL: DEAD,
      MARKET_ALPHAVANTAGE_URL: DEAD,
      MARKET_FRANKFURTER_URL: DEAD,
      MARKET_KRX_URL: DEAD,
    },
  });
  const { app, platform } = env;
  const users: Record<FuzzActor, TestUser> = {
    admin: await createUser(platform, { role: "admin" }),
    user: await createUser(platform),
  };
  const carol = await createUser(platform);
  const sessions = new Map<FuzzActor, SignedIn>();
  /** The actor's session, signed in again when a request (logout, revoke) ended it. */
  async function session(actor: FuzzActor): Promise<SignedIn> {
    const s = sessions.get(actor);
    if (s && (await app.inject({ url: "/api/me", headers: s.bearer })).statusCode === 200) return s;
    const fresh = await signIn(app, users[actor].username, users[actor].password);
    sessions.set(actor, fresh);
    return fresh;
  }
  const admin = (await session("admin")).bearer;
  const post = async (url: string, payload: object, headers = admin) => {
    const r = await app.inject({ method: "POST", url, headers, payload });
    expect(r.statusCode, `${url}: ${r.body}`).toBeLessThan(300);
    return r.json() as Record<string, unknown>;
  };

  const instrument = await post("/api/instruments", {
    symbol: "FUZZ",
    mic: "XNAS",
    name: "Fuzz Corp",
    currency: "USD",
  });
  const instrumentId = instrument.id as string;
  const csv = "date,open,high,low,close,volume\n2024-01-02,10,11,9,10.5,100\n2024-01-03,10.5,12,10,11,200\n";
  const imported = await app.inject({
    method: "POST",
    url: `/api/instruments/${instrumentId}/bars/import?interval=1d`,
    headers: { ...admin, "content-type": "text/csv" },
    payload: csv,
  });
  expect(imported.json()).toMatchObject({ added: 2 });
  const watchlists: Record<FuzzActor, string> = {
    admin: (await post("/api/watchlists", { name: "fuzz", instrumentIds: [instrumentId] })).id as string,
    user: (
      await post(
        "/api/watchlists",
        { name: "fuzz", instrumentIds: [instrumentId] },
        (
          await session("user")
        ).bearer,
      )
    ).id as string,
  };
  const universeId = (await post("/api/universes", { name: "Fuzz" })).id as string;
  await post(`/api/universes/${universeId}/versions`, {
    effectiveStartDate: "2024-01-02",
    members: [{ instrumentId, weight: "1" }],
  });
  await post("/api/admin/macro/series", {
    code: "FUZZSERIES",
    name: "Fuzz series",
    frequency: "daily",
    observations: [{ date: "2024-01-02", value: 1 }],
  });
  const notes = {} as Record<FuzzActor, string>;
  for (const actor of ["admin", "user"] as const) {
    const n = await notifyUser({
      ctx: operatorCtx(platform),
      input: { userId: users[actor].id, type: "fuzz", title: "Fuzz", message: "for the fuzz suite" },
    });
    notes[actor] = n.id;
  }
  const fixtures: Fixtures = { instrumentId };

  /** The stored object a path parameter names, so that a request reaches past its lookup. */
  function pathValue(route: Route, p: Param, actor: FuzzActor): string {
    const on = (prefix: string) => route.path.startsWith(prefix) && p.name === "id";
    if (on("/api/instruments/")) return instrumentId;
    if (on("/api/watchlists/")) return watchlists[actor];
    if (on("/api/universes/")) return universeId;
    if (on("/api/macro/series/")) return "FUZZSERIES";
    if (on("/api/notifications/")) return notes[actor];
    if (on("/api/admin/users/")) return carol.id;
    if (p.name === "provider") return "dead";
    return String(baseValue(p.schema, p.name, fixtures, SEED));
  }

  return { env, app: app as FastifyInstance, session, fixtures, pathValue, close: () => env.close() };
}
