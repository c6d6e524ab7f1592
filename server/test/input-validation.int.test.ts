// Issue 15's reproductions of 500s from input, each a 400 now that names the field: NUL bytes in
// text (finding 5), impossible calendar dates (11), a date twice in one batch (12), years below 100
// and dates JavaScript cannot even print (5, 13). The fuzz suites cover the classes; these pin the
// reported cases and what stays accepted at the edges.
import { afterAll, describe, expect, it } from "vitest";
import { createUser, signIn } from "./factories.ts";
import { createTestApp } from "./harness.ts";

const env = await createTestApp();
afterAll(() => env.close());
const { app } = env;
const adminUser = await createUser(env.platform, { role: "admin" });
const admin = (await signIn(app, adminUser.username, adminUser.password)).bearer;
const aliceUser = await createUser(env.platform);
const alice = (await signIn(app, aliceUser.username, aliceUser.password)).bearer;

async function call(method: string, url: string, payload?: object, headers = admin) {
  const res = await app.inject({ method: method as "GET", url, headers, ...(payload ? { payload } : {}) });
  return { status: res.statusCode, body: res.json() as Record<string, unknown> & { message: string } };
}
async function created(url: string, payload: object, headers = admin) {
  const r = await call("POST", url, payload, headers);
  expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
  return r.body;
}

const instrumentId = (
  await created("/api/instruments", { symbol: "VAL", mic: "XNAS", name: "Valid", currency: "USD" })
).id as string;
const watchlistId = (await created("/api/watchlists", { name: "mine" }, alice)).id as string;
const universeId = (await created("/api/universes", { name: "Valid universe" })).id as string;

/** A 400 `validation` whose message names `field`. */
function expect400(r: { status: number; body: { code?: unknown; message: string } }, field: string) {
  expect(r.status, JSON.stringify(r.body)).toBe(400);
  expect(r.body.code).toBe("validation");
  expect(r.body.message).toContain(field);
}

describe("NUL and unpaired surrogates in text (finding 5)", () => {
  it("refuses them in every reported place with a 400 naming the field", async () => {
    expect400(
      await call("POST", "/api/watchlists", { name: "a\u0000b" }, alice),
      "body.name: must not contain NUL",
    );
    expect400(
      await call("PATCH", `/api/watchlists/${watchlistId}`, { name: "a\u0000b" }, alice),
      "body.name",
    );
    expect400(await call("GET", "/api/instruments?q=ab%00cd", undefined, alice), "querystring.q");
    expect400(await call("GET", "/api/instruments?market=U%00S", undefined, alice), "querystring.market");
    expect400(
      await call("GET", "/api/instruments?assetClass=eq%00uity", undefined, alice),
      "querystring.assetClass",
    );
    expect400(await call("GET", "/api/macro/series/%00/observations", undefined, alice), "params.id");
    expect400(await call("POST", "/api/universes", { name: "U\u0000" }), "body.name");
    expect400(
      await call("POST", "/api/instruments", { symbol: "A\u0000B", mic: "XNAS", name: "x", currency: "USD" }),
      "body.symbol",
    );
    expect400(
      await call("POST", "/api/watchlists", { name: "a\ud800b" }, alice),
      "body.name: must not contain an unpaired",
    );
    expect400(
      await call("POST", "/api/watchlists", { name: "ok", "x\u0000": 1 }, alice),
      "key must not contain NUL",
    );
  });

  it("still takes every other text, stored as sent", async () => {
    const name = "탭\tand 👩‍👩‍👧‍👦 and %00 and \\u0000";
    const r = await call("PATCH", `/api/watchlists/${watchlistId}`, { name }, alice);
    expect(r.status).toBe(200);
    expect(r.body.name).toBe(name);
  });
});

describe("dates: real calendar days from 1800-01-01 to 2200-12-31 (findings 5, 11, 13)", () => {
  it("refuses impossible calendar dates on every route that took them", async () => {
    const field = "expected a calendar date YYYY-MM-DD from 1800-01-01 to 2200-12-31";
    expect400(
      await call("POST", `/api/universes/${universeId}/versions`, {
        effectiveStartDate: "2024-13-45",
        members: [],
      }),
      `body.effectiveStartDate: ${field}`,
    );
    expect400(
      await call("POST", "/api/instruments", {
        symbol: "BADD",
        mic: "XNAS",
        name: "x",
        currency: "USD",
        inceptionDate: "2024-02-30",
      }),
      "body.inceptionDate",
    );
    expect400(
      await call("PATCH", `/api/instruments/${instrumentId}`, { inceptionDate: "2024-13-45" }),
      "body.inceptionDate",
    );
    expect400(
      await call("POST", `/api/instruments/${instrumentId}/actions`, {
        actionType: "split",
        exDate: "2024-13-45",
        splitTo: "2",
        splitFrom: "1",
      }),
      "body.exDate",
    );
    expect400(
      await call("GET", "/api/fx/rates?base=USD&quote=KRW&date=2024-13-45", undefined, alice),
      "querystring.date",
    );
    expect400(
      await call("GET", "/api/fx/convert?amount=1&from=USD&to=KRW&date=2023-02-29", undefined, alice),
      "querystring.date",
    );
    expect400(
      await call("GET", `/api/universes/${universeId}/members?asOf=2024-04-31`, undefined, alice),
      "querystring.asOf",
    );
    expect400(
      await call("GET", `/api/instruments/${instrumentId}/gaps?from=2024-02-30`, undefined, alice),
      "querystring.from",
    );
  });

  it("refuses years before 1800 and after 2200, and JavaScript's own extremes", async () => {
    expect400(
      await call("POST", `/api/instruments/${instrumentId}/fundamentals`, {
        items: [{ reportDate: "0020-02-29", knownAt: "2024-01-01" }],
      }),
      "body.items.0.reportDate",
    );
    for (const from of [
      "-271821-04-20",
      "+275760-09-13T00:00:00.000Z",
      "0099-12-31",
      "1799-12-31",
      "2201-01-01",
    ])
      expect400(
        await call(
          "GET",
          `/api/instruments/${instrumentId}/bars?from=${encodeURIComponent(from)}`,
          undefined,
          alice,
        ),
        "querystring.from",
      );
    expect400(
      await call("GET", `/api/instruments/${instrumentId}/fundamentals?asOf=0020-02-29`, undefined, alice),
      "querystring.asOf",
    );
    expect400(await call("GET", "/api/regimes?asOf=-271821-04-20", undefined, alice), "querystring.asOf");
    expect400(await call("POST", "/api/admin/regimes/recompute", { from: "0020-02-29" }), "body.from");
    // The cursor is opaque, but it carries a time: one past JavaScript's range is refused too.
    const cursor = Buffer.from("9999999999999999").toString("base64url");
    expect400(
      await call("GET", `/api/instruments/${instrumentId}/bars?cursor=${cursor}`, undefined, alice),
      "cursor",
    );
  });

  it("takes the edges of the range, leap days and instants with offsets", async () => {
    const ok = async (url: string) =>
      expect((await call("GET", url, undefined, alice)).status, url).toBe(200);
    await ok(`/api/instruments/${instrumentId}/bars?from=1800-01-01&to=2200-12-31`);
    await ok(
      `/api/instruments/${instrumentId}/bars?from=${encodeURIComponent("2000-02-29T09:30:00.000-05:00")}`,
    );
    await ok(`/api/universes/${universeId}/members?asOf=2024-02-29`);
    await ok(
      `/api/instruments/${instrumentId}/fundamentals?asOf=${encodeURIComponent("2200-12-31T23:59:59Z")}`,
    );
    expect(
      (
        await call("POST", `/api/instruments/${instrumentId}/fundamentals`, {
          items: [{ reportDate: "1800-01-01", knownAt: "1800-03-01T00:00:00+09:00" }],
        })
      ).status,
    ).toBe(201);
  });
});

describe("the same key twice in one batch (finding 12)", () => {
  it("macro series: two observations on one date is a 400 naming both", async () => {
    const r = await call("POST", "/api/admin/macro/series", {
      code: "DUP",
      name: "Duplicate dates",
      frequency: "daily",
      observations: [
        { date: "2020-01-01", value: 1 },
        { date: "2020-01-02", value: 2 },
        { date: "2020-01-01", value: 3 },
      ],
    });
    expect400(r, "body.observations.2.date: 2020-01-01 is listed twice (items 0 and 2)");
  });

  it("fundamentals: one report and known time twice, however the instant is written, is a 400", async () => {
    const r = await call("POST", `/api/instruments/${instrumentId}/fundamentals`, {
      items: [
        { reportDate: "2024-03-31", knownAt: "2024-05-01", peRatio: "10" },
        { reportDate: "2024-03-31", knownAt: "2024-05-01T09:00:00+09:00", peRatio: "11" },
      ],
    });
    expect400(r, "body.items.1: report 2024-03-31 known at 2024-05-01T00:00:00.000Z is listed twice");
    // Another known time is a revision, not a duplicate.
    const revision = await call("POST", `/api/instruments/${instrumentId}/fundamentals`, {
      items: [
        { reportDate: "2024-03-31", knownAt: "2024-05-01", peRatio: "10" },
        { reportDate: "2024-03-31", knownAt: "2024-06-01", peRatio: "11" },
      ],
    });
    expect(revision.status).toBe(201);
  });

  it("universe members and watchlist instruments listed twice are 400s", async () => {
    const m = await call("POST", `/api/universes/${universeId}/versions`, {
      effectiveStartDate: "2024-01-02",
      members: [{ instrumentId }, { symbol: "VAL", mic: "XNAS" }],
    });
    expect400(m, "listed twice");
    expect400(
      await call(
        "POST",
        "/api/watchlists",
        { name: "dup", instrumentIds: [instrumentId, instrumentId] },
        alice,
      ),
      "listed twice",
    );
  });
});
