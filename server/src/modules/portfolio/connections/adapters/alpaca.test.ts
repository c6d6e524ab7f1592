// The Alpaca adapter over real HTTP against a local server replaying Alpaca's response formats.
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { type ReplayServer, startReplayServer } from "../../../../../test/replay-server.ts";
import { fetchAlpaca } from "./alpaca.ts";
import { BrokerSyncError } from "./types.ts";

const recorded = (name: string) =>
  JSON.parse(readFileSync(new URL(`./fixtures/alpaca/${name}`, import.meta.url), "utf8")) as unknown;

let server: ReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const creds = (url: string) => ({
  keyId: "PKTEST",
  secretKey: "s3cret",
  environment: "paper" as const,
  baseUrl: url,
});

describe("Alpaca adapter", () => {
  it("reads the account, positions and every activity, with fills' directions from the positions", async () => {
    server = await startReplayServer([
      { method: "GET", path: "/v2/account", status: 200, body: recorded("account.json") },
      { method: "GET", path: "/v2/positions", status: 200, body: recorded("positions.json") },
      { method: "GET", path: "/v2/account/activities", status: 200, body: recorded("activities.json") },
    ]);
    const batch = await fetchAlpaca(creds(server.url));
    expect(batch.accountRef).toBe("PA3UDV5RZ1KA");
    expect(batch.baseCurrency).toBe("USD");
    expect(batch.cash).toEqual([{ currency: "USD", amount: "91022.17" }]);
    expect(batch.positions.map((p) => [p.symbol, p.quantity])).toEqual([
      ["AAPL", "30.38962051"],
      ["GOOG", "25"],
      ["TSLA", "-10"],
    ]);
    expect(batch.activities.map((a) => [a.type, a.date, a.symbol ?? null, a.quantity ?? a.amount])).toEqual([
      ["deposit", "2024-01-02", null, "100000"],
      ["buy", "2024-01-03", "AAPL", "20"],
      ["buy", "2024-01-03", "AAPL", "10"],
      // 01:02 UTC on the 4th is the evening of the 3rd in New York.
      ["buy", "2024-01-03", "AAPL", "0.38962051"],
      ["buy", "2024-01-05", "GOOG", "40"],
      ["sell", "2024-01-10", "GOOG", "15"],
      ["short", "2024-01-11", "TSLA", "25"],
      ["cover", "2024-01-12", "TSLA", "15"],
      ["dividend", "2024-02-15", "AAPL", "30.38962051"],
      ["tax", "2024-02-15", "AAPL", "1.08"],
      ["interest", "2024-03-01", null, "-4.17"],
      ["fee", "2024-03-05", "GOOG", "0.02"],
    ]);
    const div = batch.activities.find((a) => a.type === "dividend");
    expect(div).toMatchObject({ amount: "7.2", currency: "USD", externalId: expect.stringContaining("::") });
    expect(batch.ignored.map((i) => i.code)).toEqual(["unsupported_activity", "canceled"]);
    expect(batch.errors).toEqual([]);
    // Credentials travel in Alpaca's headers, never in the URL.
    const req = server.requests[0];
    expect(req?.headers["apca-api-key-id"]).toBe("PKTEST");
    expect(req?.headers["apca-api-secret-key"]).toBe("s3cret");
    expect(server.requests.every((r) => !r.query.toString().includes("s3cret"))).toBe(true);
  });

  it("pages through activities with page_token and asks only for those after the given date", async () => {
    const template = (recorded("activities.json") as Record<string, unknown>[])[0] as Record<string, unknown>;
    const page = (from: number, n: number) =>
      Array.from({ length: n }, (_, i) => ({
        ...template,
        id: `2024010200000${String(from + i).padStart(4, "0")}::x`,
      }));
    server = await startReplayServer([
      { method: "GET", path: "/v2/account", status: 200, body: recorded("account.json") },
      { method: "GET", path: "/v2/positions", status: 200, body: [] },
      { method: "GET", path: "/v2/account/activities", status: 200, body: page(0, 100), times: 1 },
      { method: "GET", path: "/v2/account/activities", status: 200, body: page(100, 7), times: 1 },
    ]);
    const batch = await fetchAlpaca(creds(server.url), { since: "2024-01-01" });
    expect(batch.activities).toHaveLength(107);
    const calls = server.requests.filter((r) => r.path === "/v2/account/activities");
    expect(calls.map((c) => c.query.get("page_token"))).toEqual([null, "20240102000000099::x"]);
    expect(calls.every((c) => c.query.get("after") === "2024-01-01T00:00:00Z")).toBe(true);
    expect(calls.every((c) => c.query.get("direction") === "asc")).toBe(true);
  });

  it("turns a refused key into an error the user can act on", async () => {
    server = await startReplayServer([
      { method: "GET", path: "/v2/account", status: 403, body: { code: 40310000, message: "forbidden." } },
    ]);
    const err = await fetchAlpaca(creds(server.url)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BrokerSyncError);
    expect((err as BrokerSyncError).code).toBe("unauthorized");
    expect((err as Error).message).not.toContain("s3cret");
  });

  it("reports an unreadable fill by row and column and keeps the rest", async () => {
    const acts = recorded("activities.json") as Record<string, unknown>[];
    const broken = acts.map((a, i) => (i === 1 ? { ...a, qty: "twenty" } : a));
    server = await startReplayServer([
      { method: "GET", path: "/v2/account", status: 200, body: recorded("account.json") },
      { method: "GET", path: "/v2/positions", status: 200, body: recorded("positions.json") },
      { method: "GET", path: "/v2/account/activities", status: 200, body: broken },
    ]);
    const batch = await fetchAlpaca(creds(server.url));
    expect(batch.errors).toEqual([expect.objectContaining({ row: 2, column: "qty" })]);
    expect(batch.activities).toHaveLength(11);
  });
});
