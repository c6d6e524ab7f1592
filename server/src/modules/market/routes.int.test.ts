import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, operatorCtx, signIn } from "../../../test/factories.ts";
import { createTestApp, type TestEnv } from "../../../test/harness.ts";
import { loadDemoData } from "./demo.ts";

let env: TestEnv & { app: FastifyInstance };
let admin: { authorization: string };
let alice: { authorization: string };
let bob: { authorization: string };
let ids: Record<string, string>;

beforeAll(async () => {
  env = await createTestApp();
  const a = await createUser(env.platform, { role: "admin" });
  const u1 = await createUser(env.platform);
  const u2 = await createUser(env.platform);
  admin = (await signIn(env.app, a.username, a.password)).bearer;
  alice = (await signIn(env.app, u1.username, u1.password)).bearer;
  bob = (await signIn(env.app, u2.username, u2.password)).bearer;
  const demo = await loadDemoData(operatorCtx(env.platform));
  expect(demo.bars).toBeGreaterThan(9000);
  const res = await env.app.inject({ url: "/api/instruments?limit=500", headers: alice });
  ids = Object.fromEntries(
    (res.json().instruments as { symbol: string; id: string }[]).map((i) => [i.symbol, i.id]),
  );
});
afterAll(async () => env?.close());

const get = (url: string, headers = alice) => env.app.inject({ method: "GET", url, headers });

describe("instruments", () => {
  it("needs a signed-in user", async () => {
    const r = await env.app.inject({ url: "/api/instruments" });
    expect(r.statusCode).toBe(401);
    expect(r.json()).toMatchObject({ code: "unauthenticated" });
  });
  it("searches by symbol, name with a typo, Korean name and ISIN", async () => {
    const sym = (r: { json(): { instruments: { symbol: string }[] } }) =>
      r.json().instruments.map((i) => i.symbol);
    expect(sym(await get("/api/instruments?q=aapl"))[0]).toBe("AAPL");
    expect(sym(await get("/api/instruments?q=microsfot"))).toContain("MSFT");
    expect(sym(await get("/api/instruments?q=samsng"))[0]).toBe("005930");
    expect(sym(await get(`/api/instruments?q=${encodeURIComponent("삼성전자")}`))).toEqual(["005930"]);
    expect(sym(await get("/api/instruments?q=KR7000660001"))).toEqual(["000660"]);
    expect(sym(await get("/api/instruments?q=synthetic"))).toEqual(
      expect.arrayContaining(["SYNTH", "999001"]),
    );
  });
  it("lets only admins create, refuses bad check digits by name and duplicates", async () => {
    const body = { symbol: "NVDA", market: "US", name: "NVIDIA", isin: "US67066G1040", cusip: "67066G104" };
    expect(
      (await env.app.inject({ method: "POST", url: "/api/instruments", headers: alice, payload: body }))
        .statusCode,
    ).toBe(403);
    const ok = await env.app.inject({
      method: "POST",
      url: "/api/instruments",
      headers: admin,
      payload: body,
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ symbol: "NVDA", market: "US", active: true, isin: "US67066G1040" });
    const dup = await env.app.inject({
      method: "POST",
      url: "/api/instruments",
      headers: admin,
      payload: body,
    });
    expect(dup.statusCode).toBe(409);
    const bad = await env.app.inject({
      method: "POST",
      url: "/api/instruments",
      headers: admin,
      payload: { symbol: "BAD", market: "US", name: "Bad", isin: "US0378331006" },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain("ISIN US0378331006");
    const kr = await env.app.inject({
      method: "POST",
      url: "/api/instruments",
      headers: admin,
      payload: { symbol: "SAMSUNG", market: "KR", name: "x" },
    });
    expect(kr.statusCode).toBe(400);
    expect(kr.json().message).toContain("6-digit");
    // soft delete hides it from lists but keeps it readable
    const id = ok.json().id as string;
    expect(
      (
        await env.app.inject({
          method: "PATCH",
          url: `/api/instruments/${id}`,
          headers: admin,
          payload: { active: false },
        })
      ).json().active,
    ).toBe(false);
    expect((await get("/api/instruments?q=nvda")).json().instruments).toEqual([]);
    expect((await get(`/api/instruments/${id}`)).statusCode).toBe(200);
  });
  it("answers 404 for an unknown id", async () => {
    const r = await get("/api/instruments/0190a0a0-0000-7000-8000-000000000000");
    expect(r.statusCode).toBe(404);
    expect(r.json()).toMatchObject({ code: "not_found" });
  });
});

describe("bars over HTTP", () => {
  it("reads real daily bars as JSON and CSV, adjusted by the demo dividends", async () => {
    const r = await get(`/api/instruments/${ids.AAPL}/bars?from=2018-05-09&to=2018-05-12`);
    expect(r.statusCode).toBe(200);
    expect(r.json().bars.map((b: { ts: string; close: number }) => [b.ts.slice(0, 10), b.close])).toEqual([
      ["2018-05-09", 187.360001],
      ["2018-05-10", 190.039993],
      ["2018-05-11", 188.589996],
    ]);
    const adj = await get(`/api/instruments/${ids.AAPL}/bars?from=2018-05-09&to=2018-05-12&adjusted=true`);
    const [b0] = adj.json().bars;
    expect(b0.factor).toBeCloseTo(1 - 0.73 / 190.039993, 12);
    expect(Math.abs(b0.close / b0.adjClose - 1)).toBeLessThan(5e-7); // the vendor is right after 2014-05-08
    const csv = await get(`/api/instruments/${ids.SPX}/bars?from=2020-04-15&format=csv`);
    expect(csv.headers["content-type"]).toContain("text/csv");
    expect(csv.body).toBe(
      "date,open,high,low,close,adj_close,volume\n2020-04-15,2795.639893,2801.879883,2761.540039,2783.360107,2783.360107,5203390000\n2020-04-16,2799.340088,2806.51001,2764.320068,2799.550049,2799.550049,5179990000\n2020-04-17,2842.429932,2879.219971,2830.879883,2874.560059,2874.560059,5792140000\n",
    );
  });
  it("resamples the synthetic 1-minute bars to 1h and checks gaps", async () => {
    const r = await get(`/api/instruments/${ids.SYNTH}/bars?interval=1h&from=2024-12-31`);
    expect(r.json().resampledFrom).toBe("1m");
    expect(r.json().bars.map((b: { count: number }) => b.count)).toEqual([30, 60, 60, 60, 60, 60, 60]);
    const g = await get(`/api/instruments/${ids["999001"]}/gaps?from=2023-01-02&to=2024-12-30`);
    expect(g.json()).toMatchObject({ calendar: "KRX", missing: [], unexpected: [] });
  });
  it("imports a CSV body and a multipart upload (admin only), answering counts and row errors", async () => {
    const csv =
      "date,open,high,low,close,volume\n2025-01-02,10,11,9,10.5,100\n2025-01-03,10.5,12,10,11,200\n";
    const url = `/api/instruments/${ids.MSFT}/bars/import?interval=1d`;
    const denied = await env.app.inject({
      method: "POST",
      url,
      headers: { ...alice, "content-type": "text/csv" },
      payload: csv,
    });
    expect(denied.statusCode).toBe(403);
    const ok = await env.app.inject({
      method: "POST",
      url,
      headers: { ...admin, "content-type": "text/csv" },
      payload: csv,
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({
      rowsRead: 2,
      added: 2,
      skippedDuplicates: 0,
      rejected: 0,
      refused: false,
    });
    const boundary = "----bullpen";
    const multipart = [
      `--${boundary}`,
      'Content-Disposition: form-data; name="file"; filename="bars.csv"',
      "Content-Type: text/csv",
      "",
      `${csv}2025-01-06,11,10,9,10,5\n`,
      `--${boundary}--`,
      "",
    ].join("\r\n");
    const bad = await env.app.inject({
      method: "POST",
      url,
      headers: { ...admin, "content-type": `multipart/form-data; boundary=${boundary}` },
      payload: multipart,
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({
      rowsRead: 3,
      added: 0,
      rejected: 1,
      refused: true,
      errors: [{ row: 4 }],
    });
    expect(bad.json().errors[0].message).toContain("high 10 is below open 11");
  });

  it("answers a malformed multipart body with a 400, not a 500 (found by the fuzz suite)", async () => {
    const url = `/api/instruments/${ids.MSFT}/bars/import?interval=1d`;
    for (const payload of [
      "{<{z\\BD~s?",
      '--x\r\nContent-Disposition: form-data; name="file"\r\n\r\n10,11',
    ]) {
      const r = await env.app.inject({
        method: "POST",
        url,
        headers: { ...admin, "content-type": "multipart/form-data; boundary=x" },
        payload,
      });
      expect(r.statusCode, r.body).toBe(400);
      expect(r.json()).toMatchObject({ code: "validation" });
    }
  });
});

describe("corporate actions", () => {
  it("lists the demo dividends with factors and lets admins add a split", async () => {
    const r = await get(`/api/instruments/${ids.AAPL}/actions`);
    const acts = r.json().actions as {
      exDate: string;
      priceFactor: number;
      cumulativeFactor: number;
      prevClose: number;
    }[];
    expect(acts).toHaveLength(20);
    const last = acts[acts.length - 1];
    expect(last).toMatchObject({ exDate: "2018-05-11", prevClose: 190.039993 });
    expect(last?.priceFactor).toBeCloseTo(1 - 0.73 / 190.039993, 14);
    expect(acts[0]?.cumulativeFactor).toBeCloseTo(0.9085, 3);
    const split = { actionType: "split", exDate: "2020-08-31", splitTo: "4", splitFrom: "1" };
    expect(
      (
        await env.app.inject({
          method: "POST",
          url: `/api/instruments/${ids.AAPL}/actions`,
          headers: alice,
          payload: split,
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await env.app.inject({
          method: "POST",
          url: `/api/instruments/${ids.AAPL}/actions`,
          headers: admin,
          payload: split,
        })
      ).statusCode,
    ).toBe(201);
    expect(
      (
        await env.app.inject({
          method: "POST",
          url: `/api/instruments/${ids.AAPL}/actions`,
          headers: admin,
          payload: split,
        })
      ).statusCode,
    ).toBe(409);
    const badSplit = await env.app.inject({
      method: "POST",
      url: `/api/instruments/${ids.AAPL}/actions`,
      headers: admin,
      payload: { actionType: "split", exDate: "2021-01-04" },
    });
    expect(badSplit.statusCode).toBe(400);
  });
});

describe("FX", () => {
  it("reads USD/KRW as published and crosses EUR/JPY through USD", async () => {
    const r = await get("/api/fx/rates?base=USD&quote=KRW&date=2024-12-23");
    expect(r.statusCode).toBe(200);
    // 2024-12-20: KRW 1449.7016916918453, EUR 0.9624699007683931, JPY 157.850339718716 (the file's row)
    expect(r.json()).toMatchObject({
      base: "USD",
      quote: "KRW",
      rate: "1450.30786808064",
      rateDate: "2024-12-23",
      ageDays: 0,
      stale: false,
      via: "direct",
    });
    const cross = await get("/api/fx/rates?base=EUR&quote=JPY&date=2024-12-22");
    expect(cross.json()).toMatchObject({ via: "USD", rateDate: "2024-12-20", ageDays: 2, stale: false });
    expect(Number(cross.json().rate)).toBeCloseTo(157.850339718716 / 0.9624699007683931, 9);
    // The source has no rows between 2024-12-23 and 2025-01-02: New Year's Eve uses an 8-day-old rate.
    expect((await get("/api/fx/rates?base=USD&quote=KRW&date=2024-12-31")).json()).toMatchObject({
      rateDate: "2024-12-23",
      ageDays: 8,
      stale: true,
    });
    const inv = await get("/api/fx/rates?base=KRW&quote=USD&date=2024-12-23");
    expect(inv.json().via).toBe("inverse");
    expect(Number(inv.json().rate) * Number(r.json().rate)).toBeCloseTo(1, 12);
  });
  it("flags stale rates with their age and converts decimal strings", async () => {
    const r = await get("/api/fx/rates?base=USD&quote=JPY&date=2025-01-03"); // JPY ends 2024-12-23
    expect(r.json()).toMatchObject({ rateDate: "2024-12-23", ageDays: 11, stale: true });
    const c = await get("/api/fx/convert?amount=1000.50&from=USD&to=KRW&date=2024-12-23");
    expect(c.statusCode).toBe(200);
    expect(c.json().amount).toBe("1000.5");
    expect(c.json().converted).toMatch(/^\d+\.\d{6}$/);
    // 1000.50 × 1450.3078680806361 = 1451033.0220146764… → 6 decimals
    expect(c.json().converted).toBe("1451033.022015");
    expect((await get("/api/fx/convert?amount=1e5&from=USD&to=KRW")).statusCode).toBe(400);
    expect((await get("/api/fx/rates?base=USD&quote=XYZ&date=2024-12-31")).statusCode).toBe(404);
  });
});

describe("universes", () => {
  it("answers members as of a date across versions", async () => {
    const u = await env.app.inject({
      method: "POST",
      url: "/api/universes",
      headers: admin,
      payload: { name: "Demo tech" },
    });
    expect(u.statusCode).toBe(201);
    const uid = u.json().id as string;
    const v1 = {
      effectiveStartDate: "2015-01-01",
      members: [
        { symbol: "AAPL", market: "US", weight: "0.6" },
        { symbol: "MSFT", market: "US", weight: "0.4" },
      ],
    };
    const v2 = { effectiveStartDate: "2020-01-01", members: [{ instrumentId: ids.AAPL, weight: "1" }] };
    expect(
      (
        await env.app.inject({
          method: "POST",
          url: `/api/universes/${uid}/versions`,
          headers: admin,
          payload: v1,
        })
      ).statusCode,
    ).toBe(201);
    expect(
      (
        await env.app.inject({
          method: "POST",
          url: `/api/universes/${uid}/versions`,
          headers: admin,
          payload: v2,
        })
      ).statusCode,
    ).toBe(201);
    const at = async (d: string) => (await get(`/api/universes/${uid}/members?asOf=${d}`)).json();
    expect((await at("2014-12-31")).members).toEqual([]);
    expect(await at("2016-06-01")).toMatchObject({ version: 1, effectiveEndDate: "2020-01-01" });
    expect(
      (await at("2019-12-31")).members.map((m: { symbol: string; weight: string }) => [m.symbol, m.weight]),
    ).toEqual([
      ["AAPL", "0.6"],
      ["MSFT", "0.4"],
    ]);
    expect((await at("2020-01-01")).members.map((m: { symbol: string }) => m.symbol)).toEqual(["AAPL"]);
    const overlap = await env.app.inject({
      method: "POST",
      url: `/api/universes/${uid}/versions`,
      headers: admin,
      payload: { effectiveStartDate: "2016-01-01", effectiveEndDate: "2017-01-01", members: [] },
    });
    expect(overlap.statusCode).toBe(409);
    const list = (await get("/api/universes")).json().universes as {
      name: string;
      versions: { version: number; effectiveEndDate: string | null }[];
    }[];
    expect(list.find((x) => x.name === "Demo tech")?.versions).toMatchObject([
      { version: 1, effectiveEndDate: "2020-01-01" },
      { version: 2, effectiveEndDate: null },
    ]);
  });
});

describe("OpenAPI", () => {
  it("documents the market routes", async () => {
    const r = await env.app.inject({ url: "/openapi.json" });
    expect(r.statusCode).toBe(200);
    const paths = Object.keys(r.json().paths);
    for (const p of [
      "/api/instruments",
      "/api/instruments/{id}/bars",
      "/api/instruments/{id}/bars/import",
      "/api/instruments/{id}/actions",
      "/api/fx/rates",
      "/api/fx/convert",
      "/api/universes/{id}/members",
      "/api/watchlists/{id}",
    ])
      expect(paths).toContain(p);
  });
  it("never answers 5xx to malformed market queries", async () => {
    const urls = [
      "/api/instruments?limit=abc",
      `/api/instruments/${ids.AAPL}/bars?interval=2m`,
      `/api/instruments/${ids.AAPL}/bars?from=notadate`,
      `/api/instruments/${ids.AAPL}/bars?cursor=%%%`,
      "/api/instruments/not-a-uuid/bars",
      "/api/fx/rates?base=US&quote=KRW",
      "/api/fx/convert?amount=abc&from=USD&to=KRW",
      "/api/universes/not-a-uuid/members?asOf=2020-13-45",
    ];
    for (const u of urls) {
      const r = await get(u);
      expect(r.statusCode, u).toBeGreaterThanOrEqual(400);
      expect(r.statusCode, u).toBeLessThan(500);
      expect(r.json()).toHaveProperty("code");
    }
  });
});

describe("watchlists", () => {
  it("keeps several per user with one default, in order, and hides them from others", async () => {
    const mk = (payload: Record<string, unknown>, h = alice) =>
      env.app.inject({ method: "POST", url: "/api/watchlists", headers: h, payload });
    const w1 = await mk({ name: "Tech", instrumentIds: [ids.MSFT, ids.AAPL] });
    expect(w1.statusCode).toBe(201);
    expect(w1.json()).toMatchObject({ isDefault: true, items: [{ symbol: "MSFT" }, { symbol: "AAPL" }] });
    const w2 = await mk({ name: "Korea", instrumentIds: [ids["005930"]], isDefault: true });
    expect(w2.json().items[0]).toMatchObject({ nameLocal: "삼성전자" });
    const list = (await get("/api/watchlists")).json().watchlists as { name: string; isDefault: boolean }[];
    expect(list.map((w) => [w.name, w.isDefault])).toEqual([
      ["Korea", true],
      ["Tech", false],
    ]);
    expect((await mk({ name: "Tech" })).statusCode).toBe(409);
    expect(
      (await mk({ name: "Bad", instrumentIds: ["0190a0a0-0000-7000-8000-000000000000"] })).statusCode,
    ).toBe(400);
    const id1 = w1.json().id as string;
    const re = await env.app.inject({
      method: "PATCH",
      url: `/api/watchlists/${id1}`,
      headers: alice,
      payload: { instrumentIds: [ids.AAPL, ids.MSFT, ids.SPX] },
    });
    expect(re.json().items.map((i: { symbol: string }) => i.symbol)).toEqual(["AAPL", "MSFT", "SPX"]);
    // Bob sees none of them and gets 404 for Alice's ids
    expect((await get("/api/watchlists", bob)).json().watchlists).toEqual([]);
    expect(
      (
        await env.app.inject({
          method: "PATCH",
          url: `/api/watchlists/${id1}`,
          headers: bob,
          payload: { name: "x" },
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (await env.app.inject({ method: "DELETE", url: `/api/watchlists/${id1}`, headers: bob })).statusCode,
    ).toBe(404);
    // deleting the default promotes the other one
    expect(
      (await env.app.inject({ method: "DELETE", url: `/api/watchlists/${w2.json().id}`, headers: alice }))
        .statusCode,
    ).toBe(204);
    expect((await get("/api/watchlists")).json().watchlists).toMatchObject([
      { name: "Tech", isDefault: true },
    ]);
    // every change is in the audit trail, with what it changed; the refused ones are not
    const { rows } = await env.database.query<{ action: string; resource_id: string; old_values: unknown }>(
      "select action, resource_id, old_values from audit.audit_logs where event_type = 'market.watchlist' order by seq",
    );
    expect(rows.map((r) => [r.action, r.resource_id])).toEqual([
      ["create", id1],
      ["create", w2.json().id],
      ["update", id1],
      ["delete", w2.json().id],
    ]);
    expect(rows[2].old_values).toEqual({ instrumentIds: [ids.MSFT, ids.AAPL] });
  });
});
