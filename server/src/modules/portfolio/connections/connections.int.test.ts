// Broker connections over HTTP against a local server replaying the brokers' formats: credentials
// encrypted at rest and never answered, a sync that books activities once (a re-sync adds nothing),
// positions checked against the ledger, a failed sync that changes nothing, and one user never
// reaching another's connection.
import { readFileSync } from "node:fs";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, signIn } from "../../../../test/factories.ts";
import { createTestApp, type TestEnv } from "../../../../test/harness.ts";
import { type ReplayServer, startReplayServer } from "../../../../test/replay-server.ts";
import { caller, instrumentWithCloses } from "../valuation/test-market.ts";

const recorded = (name: string) =>
  JSON.parse(readFileSync(new URL(`./adapters/fixtures/alpaca/${name}`, import.meta.url), "utf8")) as unknown;
const alpacaRoutes = () => [
  { method: "GET", path: "/v2/account", status: 200, body: recorded("account.json") },
  { method: "GET", path: "/v2/positions", status: 200, body: recorded("positions.json") },
  { method: "GET", path: "/v2/account/activities", status: 200, body: recorded("activities.json") },
];

let broker: ReplayServer;
let env: TestEnv & { app: FastifyInstance };
let a: ReturnType<typeof caller>;
let b: ReturnType<typeof caller>;

beforeAll(async () => {
  broker = await startReplayServer(alpacaRoutes());
  env = await createTestApp({ env: { PORTFOLIO_ALPACA_URL: broker.url } });
  const ua = await createUser(env.platform);
  const ub = await createUser(env.platform);
  a = caller(env.app, (await signIn(env.app, ua.username, ua.password)).bearer);
  b = caller(env.app, (await signIn(env.app, ub.username, ub.password)).bearer);
  // TSLA is not known yet: the sync creates it.
  for (const symbol of ["AAPL", "GOOG"])
    await instrumentWithCloses(env.platform, { symbol, currency: "USD" }, [["2024-01-02", 100]]);
});
afterAll(async () => {
  await env?.close();
  await broker?.close();
});

const connect = async (call = a) => {
  const r = await call("POST", "/api/portfolio/connections", {
    broker: "alpaca",
    credentials: { keyId: "PKABCDEFGH1234", secretKey: "very-secret-value", environment: "paper" },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: string; credentialHint: string };
};

describe("broker connections", () => {
  it("keep credentials encrypted at rest and never answer them", async () => {
    const c = await connect();
    expect(c.credentialHint).toBe("…1234");
    expect(JSON.stringify(c)).not.toContain("very-secret-value");
    const { rows } = await env.database.query<{ credentials: string }>(
      "select credentials from portfolio.broker_connections where id = $1",
      [c.id],
    );
    expect(rows[0]?.credentials).not.toContain("very-secret-value");
    expect(rows[0]?.credentials).not.toContain("PKABCDEFGH1234");
    const list = await a("GET", "/api/portfolio/connections");
    expect(JSON.stringify(list.body)).not.toContain("very-secret");
  });

  it("sync books every activity once, into an account it makes, and a re-sync adds nothing", async () => {
    const c = await connect();
    broker.requests.length = 0;
    const first = await a("POST", `/api/portfolio/connections/${c.id}/sync`);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const o = first.body.outcome;
    expect(o).toMatchObject({ ok: true, error: null, fetched: 12, added: 12, duplicates: 0 });
    expect(o.errors).toEqual([]);
    expect(o.ignored.map((i: { code: string }) => i.code)).toEqual(["unsupported_activity", "canceled"]);
    // The ledger now holds what the broker says it holds.
    expect(o.positionDifferences).toEqual([]);
    expect(first.body.connection).toMatchObject({
      status: "ok",
      brokerAccountId: "PA3UDV5RZ1KA",
      lastError: null,
    });
    // The key went in Alpaca's headers to the paper host override.
    expect(broker.requests[0]?.headers["apca-api-key-id"]).toBe("PKABCDEFGH1234");

    const accountId = first.body.connection.accountId as string;
    const acct = await a("GET", `/api/portfolio/accounts/${accountId}`);
    expect(acct.body).toMatchObject({ baseCurrency: "USD", connected: true, transactionCount: 12 });
    const txs = await a("GET", `/api/portfolio/transactions?accountId=${accountId}&limit=100`);
    const list = txs.body.transactions as { origin: { kind: string; connectionId?: string } }[];
    expect(list.length).toBe(12);
    expect(list.every((t) => t.origin.kind === "sync" && t.origin.connectionId === c.id)).toBe(true);
    const types = (txs.body.transactions as { type: string }[]).map((t) => t.type);
    expect(types).toEqual(expect.arrayContaining(["short", "cover"]));

    const again = await a("POST", `/api/portfolio/connections/${c.id}/sync`);
    expect(again.body.outcome).toMatchObject({ ok: true, added: 0, duplicates: 12 });
    // The second sync asked only for the week before the first one onwards.
    const asked = broker.requests.filter((r) => r.path === "/v2/account/activities").at(-1);
    expect(asked?.query.get("after")).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00Z$/);
  });

  it("a failed sync changes nothing but the connection's status, and says why", async () => {
    const c = await connect();
    const ok = await a("POST", `/api/portfolio/connections/${c.id}/sync`);
    const accountId = ok.body.connection.accountId as string;
    const before = (await a("GET", `/api/portfolio/accounts/${accountId}`)).body.transactionCount;
    broker.setRoutes([
      {
        method: "GET",
        path: "/v2/account",
        status: 401,
        body: { code: 40110000, message: "request is not authorized" },
      },
    ]);
    try {
      const failed = await a("POST", `/api/portfolio/connections/${c.id}/sync`);
      expect(failed.status).toBe(200);
      expect(failed.body.outcome).toMatchObject({ ok: false, added: 0 });
      expect(failed.body.outcome.error).toMatchObject({
        code: "sync.unauthorized",
        params: { broker: "Alpaca" },
      });
      expect(failed.body.connection).toMatchObject({ status: "error" });
      // Kept on the connection as its code and values, answered again on every read.
      expect((await a("GET", `/api/portfolio/connections/${c.id}`)).body.lastError).toEqual(
        failed.body.outcome.error,
      );
      expect((await a("GET", `/api/portfolio/accounts/${accountId}`)).body.transactionCount).toBe(before);
    } finally {
      broker.setRoutes(alpacaRoutes());
    }
  });

  it("answers 404 to another user and 400 naming the field for bad input", async () => {
    const c = await connect();
    expect((await b("GET", `/api/portfolio/connections/${c.id}`)).status).toBe(404);
    expect((await b("POST", `/api/portfolio/connections/${c.id}/sync`)).status).toBe(404);
    expect((await b("DELETE", `/api/portfolio/connections/${c.id}`)).status).toBe(404);
    expect((await b("GET", "/api/portfolio/connections")).body.connections).toEqual([]);
    const bad = await a("POST", "/api/portfolio/connections", {
      broker: "ibkr-flex",
      credentials: { token: "t", queryId: "not-a-number" },
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain("queryId");
    const unknown = await a("POST", "/api/portfolio/connections", { broker: "robinhood", credentials: {} });
    expect(unknown.status).toBe(400);
    expect((await a("DELETE", `/api/portfolio/connections/${c.id}`)).status).toBe(204);
    expect((await a("GET", `/api/portfolio/connections/${c.id}`)).status).toBe(404);
  });
});
