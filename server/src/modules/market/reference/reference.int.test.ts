// Fundamentals point in time, macro series, the Treasury load and regime computation, through the
// real HTTP app and database (PGlite, or PostgreSQL with TEST_DATABASE_URL).
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, operatorCtx, type SignedIn, signIn } from "../../../../test/factories.ts";
import { createTestApp, type TestEnv, testClock } from "../../../../test/harness.ts";
import { newId } from "../../../platform/ids.ts";
import { storeBars } from "../providers/service.ts";
import { instruments } from "../schema.ts";
import { recomputeRegimes, saveMacroSeries } from "./service.ts";
import { loadTreasuryCmt } from "./treasury.ts";

let env: TestEnv & { app: FastifyInstance };
let app: FastifyInstance;
let admin: SignedIn;
let user: SignedIn;
const clock = testClock(new Date("2024-06-03T12:00:00Z"));

async function addInstrument(symbol: string, mic: string, country: string | null, assetClass = "equity") {
  const id = newId();
  await env.platform.database.db
    .insert(instruments)
    .values({ id, symbol, mic, country, name: `${symbol} test`, assetClass });
  return id;
}

beforeAll(async () => {
  env = await createTestApp({ clock });
  app = env.app;
  const a = await createUser(env.platform, { role: "admin" });
  const u = await createUser(env.platform);
  admin = await signIn(app, a.username, a.password);
  user = await signIn(app, u.username, u.password);
});
afterAll(() => env?.close());

describe("openapi", () => {
  it("documents the reference and provider endpoints with their response schemas", async () => {
    const r = await app.inject({ method: "GET", url: "/openapi.json" });
    expect(r.statusCode).toBe(200);
    const paths = r.json().paths as Record<string, Record<string, { responses: Record<string, unknown> }>>;
    for (const [path, method] of [
      ["/api/instruments/{id}/fundamentals", "get"],
      ["/api/instruments/{id}/fundamentals", "post"],
      ["/api/macro/series", "get"],
      ["/api/macro/series/{id}/observations", "get"],
      ["/api/regimes", "get"],
      ["/api/admin/market/fetch", "post"],
      ["/api/admin/market/sources", "get"],
    ] as const) {
      const op = paths[path]?.[method];
      expect(op, `${method} ${path}`).toBeDefined();
      expect(Object.keys(op?.responses ?? {})).toEqual(expect.arrayContaining(["400", "401", "403"]));
    }
  });
});

describe("fundamentals", () => {
  it("answers what was known at a date, including restatements", async () => {
    const id = await addInstrument("FUNDX", "XNAS", "US");
    const post = await app.inject({
      method: "POST",
      url: `/api/instruments/${id}/fundamentals`,
      headers: admin.bearer,
      payload: {
        items: [
          {
            reportDate: "2023-09-30",
            fiscalPeriod: "2023Q3",
            knownAt: "2023-11-02",
            peRatio: "28.1",
            roe: "0.261",
            marketCap: "2700000000000",
          },
          {
            reportDate: "2023-12-31",
            fiscalPeriod: "2023Q4",
            knownAt: "2024-02-01T21:30:00Z",
            peRatio: "25.3",
            roe: "0.281",
            evEbitda: "21.4",
            debtEquity: "1.45",
            cashFlowRatio: "1.07",
            psRatio: "7.4",
            pbRatio: "45.1",
            dividendYield: "0.0051",
            week52High: "199.62",
            week52Low: "133.77",
          },
          // A restatement of Q4 published in March.
          {
            reportDate: "2023-12-31",
            fiscalPeriod: "2023Q4",
            knownAt: "2024-03-15",
            peRatio: "25.9",
            roe: "0.279",
          },
        ],
      },
    });
    expect(post.statusCode).toBe(201);
    expect(post.json().items).toHaveLength(3);

    const at = async (asOf?: string) => {
      const r = await app.inject({
        method: "GET",
        url: `/api/instruments/${id}/fundamentals${asOf ? `?asOf=${asOf}` : ""}`,
        headers: user.bearer,
      });
      expect(r.statusCode).toBe(200);
      return r.json();
    };
    // Before the Q4 filing: only Q3 is known.
    const jan = await at("2024-01-31");
    expect(jan.latest).toMatchObject({ reportDate: "2023-09-30", peRatio: "28.1" });
    expect(jan.items).toHaveLength(1);
    // The day of the filing, before 21:30 UTC it was not yet known; by the end of the day it was.
    expect((await at("2024-02-01T20:00:00Z")).latest.reportDate).toBe("2023-09-30");
    const feb = await at("2024-02-01");
    expect(feb.latest).toMatchObject({
      reportDate: "2023-12-31",
      peRatio: "25.3",
      evEbitda: "21.4",
      week52Low: "133.77",
      knownAt: "2024-02-01T21:30:00.000Z",
    });
    expect(feb.items.map((i: { reportDate: string }) => i.reportDate)).toEqual(["2023-12-31", "2023-09-30"]);
    // After the restatement: one row per report date, the restated one.
    const now = await at();
    expect(now.latest).toMatchObject({ reportDate: "2023-12-31", peRatio: "25.9" });
    expect(now.items).toHaveLength(2);
    expect((await at("2023-01-01")).latest).toBeNull();
    // Idempotent: posting the same rows again replaces them, adding none.
    await app.inject({
      method: "POST",
      url: `/api/instruments/${id}/fundamentals`,
      headers: admin.bearer,
      payload: { items: [{ reportDate: "2023-09-30", knownAt: "2023-11-02", peRatio: "28.2" }] },
    });
    expect((await at("2024-01-31")).latest.peRatio).toBe("28.2");
  });

  it("refuses non-admin writes, bad input and unknown instruments", async () => {
    const id = await addInstrument("FUNDY", "XNAS", "US");
    const body = { items: [{ reportDate: "2023-12-31", knownAt: "2024-02-01", peRatio: "25" }] };
    expect(
      (
        await app.inject({
          method: "POST",
          url: `/api/instruments/${id}/fundamentals`,
          headers: user.bearer,
          payload: body,
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (await app.inject({ method: "POST", url: `/api/instruments/${id}/fundamentals`, payload: body }))
        .statusCode,
    ).toBe(401);
    const early = await app.inject({
      method: "POST",
      url: `/api/instruments/${id}/fundamentals`,
      headers: admin.bearer,
      payload: { items: [{ reportDate: "2023-12-31", knownAt: "2023-12-01", peRatio: "25" }] },
    });
    expect(early.statusCode).toBe(400);
    expect(early.json().message).toMatch(/^items\.0\.knownAt: known 2023-12-01 before the period/);
    const bad = await app.inject({
      method: "POST",
      url: `/api/instruments/${id}/fundamentals`,
      headers: admin.bearer,
      payload: { items: [{ reportDate: "2023-12-31", knownAt: "2024-02-01", peRatio: 25 }] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe("validation");
    const missing = await app.inject({
      method: "GET",
      url: `/api/instruments/${newId()}/fundamentals`,
      headers: user.bearer,
    });
    expect(missing.statusCode).toBe(404);
    expect(
      (
        await app.inject({
          method: "GET",
          url: `/api/instruments/${id}/fundamentals?asOf=yesterday`,
          headers: user.bearer,
        })
      ).statusCode,
    ).toBe(400);
  });
});

describe("macro series", () => {
  it("loads the Treasury yields undated and idempotently, and pages them", async () => {
    const ctx = operatorCtx(env.platform);
    expect(await loadTreasuryCmt({ ctx, input: {} })).toBe(9574 * 4);
    // A rerun knows nothing new: no row is written.
    expect(await loadTreasuryCmt({ ctx, input: {} })).toBe(0);
    const list = await app.inject({ method: "GET", url: "/api/macro/series", headers: user.bearer });
    expect(list.statusCode).toBe(200);
    const ten = list.json().items.find((s: { code: string }) => s.code === "UST10Y_CMT_1962");
    expect(ten).toMatchObject({
      observations: 9574,
      dated: false,
      firstDate: null,
      firstSeq: 1,
      lastSeq: 9574,
      unit: "percent",
    });
    const obs = await app.inject({
      method: "GET",
      url: "/api/macro/series/UST10Y_CMT_1962/observations?limit=3",
      headers: user.bearer,
    });
    expect(obs.statusCode).toBe(200);
    expect(obs.json()).toMatchObject({
      total: 9574,
      items: [
        { seq: 1, date: null, value: 4.06 },
        { seq: 2, date: null, value: 4.03 },
        { seq: 3, date: null, value: 3.99 },
      ],
    });
    const byDate = await app.inject({
      method: "GET",
      url: "/api/macro/series/UST10Y_CMT_1962/observations?from=1962-01-01",
      headers: user.bearer,
    });
    expect(byDate.statusCode).toBe(400);
    expect(byDate.json().message).toMatch(/has no calendar dates/);
  });

  it("saves a dated series (admin) and reads it by date range", async () => {
    const save = await app.inject({
      method: "POST",
      url: "/api/admin/macro/series",
      headers: admin.bearer,
      payload: {
        code: "TESTRATE",
        name: "Test rate",
        frequency: "daily",
        unit: "percent",
        observations: [
          { date: "2024-01-03", value: 4.1 },
          { date: "2024-01-02", value: 4.0 },
          { date: "2024-01-04", value: null },
        ],
      },
    });
    expect(save.statusCode).toBe(200);
    expect(save.json().written).toBe(3);
    const r = await app.inject({
      method: "GET",
      url: "/api/macro/series/TESTRATE/observations?from=2024-01-02&to=2024-01-03",
      headers: user.bearer,
    });
    expect(r.json().items.map((o: { date: string; value: number }) => [o.date, o.value])).toEqual([
      ["2024-01-02", 4.0],
      ["2024-01-03", 4.1],
    ]);
    expect(
      (
        await app.inject({
          method: "POST",
          url: "/api/admin/macro/series",
          headers: user.bearer,
          payload: { code: "X", name: "x", frequency: "daily", observations: [] },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (await app.inject({ method: "GET", url: "/api/macro/series/NOPE/observations", headers: user.bearer }))
        .statusCode,
    ).toBe(404);
    expect((await app.inject({ method: "GET", url: "/api/macro/series" })).statusCode).toBe(401);
  });
});

describe("regimes", () => {
  it("computes drawdown, bear, slope, spread and cycle from stored bars and series, idempotently", async () => {
    const spx = await addInstrument("SPX", "XXXX", "US", "index");
    const vix = await addInstrument("VIX", "XXXX", "US", "index");
    const ctx = operatorCtx(env.platform);
    const day = (d: string) => Date.parse(`${d}T00:00:00Z`);
    const bar = (d: string, c: number) => ({
      ts: day(d),
      open: c,
      high: c,
      low: c,
      close: c,
      adjClose: c,
      volume: 0,
    });
    const closes: [string, number][] = [
      ["2024-01-02", 100],
      ["2024-01-03", 110],
      ["2024-01-04", 99],
      ["2024-01-05", 87],
      ["2024-01-08", 85],
      ["2024-01-09", 95],
      ["2024-01-10", 111],
      ["2024-01-11", 105],
    ];
    expect(
      await storeBars({
        ctx,
        input: { instrumentId: spx, interval: "1d", source: "test", bars: closes.map(([d, c]) => bar(d, c)) },
      }),
    ).toBe(8);
    await storeBars({
      ctx,
      input: {
        instrumentId: vix,
        interval: "1d",
        source: "test",
        bars: [bar("2024-01-02", 13.2), bar("2024-01-08", 29.5)],
      },
    });
    await saveMacroSeries({
      ctx,
      input: {
        code: "UST10Y",
        name: "10y",
        frequency: "daily",
        observations: [
          { date: "2024-01-02", value: 4.0 },
          { date: "2024-01-10", value: 4.1 },
        ],
      },
    });
    await saveMacroSeries({
      ctx,
      input: {
        code: "UST3M",
        name: "3m",
        frequency: "daily",
        observations: [
          { date: "2024-01-02", value: 3.5 },
          { date: "2024-01-11", value: 4.3 },
        ],
      },
    });
    await saveMacroSeries({
      ctx,
      input: {
        code: "BAA",
        name: "Baa",
        frequency: "daily",
        observations: [{ date: "2024-01-02", value: 5.25 }],
      },
    });

    const rc = await app.inject({
      method: "POST",
      url: "/api/admin/regimes/recompute",
      headers: admin.bearer,
      payload: {},
    });
    expect(rc.statusCode).toBe(200);
    expect(rc.json()).toMatchObject({
      written: 8,
      dataSource: "index=SPX/US vix=VIX slope=UST10Y-UST3M credit=BAA-UST10Y",
    });
    const get = async () =>
      (
        await app.inject({
          method: "GET",
          url: "/api/regimes?from=2024-01-01&to=2024-01-31",
          headers: user.bearer,
        })
      ).json().items;
    const first = await get();
    expect(first.map((r: { macroCycle: string }) => r.macroCycle)).toEqual([
      "expansion",
      "expansion",
      "expansion",
      "contraction",
      "contraction",
      "recovery",
      "expansion",
      "late_cycle",
    ]);
    expect(first[3].drawdown).toBeCloseTo(87 / 110 - 1, 12);
    expect(first[3].bear).toBe(true);
    expect(first[4].vix).toBe(29.5);
    expect(first[7].yieldCurveSlope).toBeCloseTo(-0.2, 12);
    expect(first[0].creditSpread).toBeCloseTo(1.25, 12);
    // Recomputing gives the same rows; a narrower window leaves the rest alone.
    expect((await recomputeRegimes({ ctx, input: { from: "2024-01-08", to: "2024-01-09" } })).written).toBe(
      0,
    );
    const again = await get();
    expect(again.map((r: Record<string, unknown>) => ({ ...r, computedAt: 0 }))).toEqual(
      first.map((r: Record<string, unknown>) => ({ ...r, computedAt: 0 })),
    );
    expect(
      (
        await app.inject({
          method: "POST",
          url: "/api/admin/regimes/recompute",
          headers: user.bearer,
          payload: {},
        })
      ).statusCode,
    ).toBe(403);
  });

  it("keeps what was known: a revised input is not visible before it was published", async () => {
    const ctx = operatorCtx(env.platform);
    // UST3M for 2024-01-11 (4.3, known the next day) is revised to 3.9, published on 2024-03-01.
    const saved = await saveMacroSeries({
      ctx,
      input: {
        code: "UST3M",
        name: "3m",
        frequency: "daily",
        observations: [{ date: "2024-01-11", value: 3.9, knownAt: "2024-03-01" }],
      },
    });
    expect(saved.written).toBe(1);
    const rc = await recomputeRegimes({ ctx, input: {} });
    expect(rc.written).toBe(1);
    const on = async (asOf?: string) =>
      (
        await app.inject({
          method: "GET",
          url: `/api/regimes?from=2024-01-11&to=2024-01-11${asOf ? `&asOf=${asOf}` : ""}`,
          headers: user.bearer,
        })
      ).json().items as { yieldCurveSlope: number; macroCycle: string; knownAt: string }[];
    const before = await on("2024-02-01");
    expect(before).toHaveLength(1);
    expect(before[0]?.yieldCurveSlope).toBeCloseTo(-0.2, 12);
    expect(before[0]).toMatchObject({ macroCycle: "late_cycle", knownAt: "2024-01-12T00:00:00.000Z" });
    const after = await on();
    expect(after[0]?.yieldCurveSlope).toBeCloseTo(0.2, 12);
    expect(after[0]).toMatchObject({ macroCycle: "expansion", knownAt: "2024-03-01T00:00:00.000Z" });
    expect((await on("2024-02-29T23:59:59Z"))[0]?.macroCycle).toBe("late_cycle");
    // Before the day's close nothing was known about that day.
    expect(await on("2024-01-11T20:00:00Z")).toEqual([]);
    // Recomputing again learns nothing new.
    expect((await recomputeRegimes({ ctx, input: {} })).written).toBe(0);
  });
});

describe("macro observations point in time", () => {
  it("answers each observation's value as published by asOf; a revision is a new version", async () => {
    const save = (observations: { date: string; value: number | null; knownAt?: string }[]) =>
      app.inject({
        method: "POST",
        url: "/api/admin/macro/series",
        headers: admin.bearer,
        payload: {
          code: "GDPTEST",
          name: "GDP growth",
          frequency: "quarterly",
          unit: "percent",
          observations,
        },
      });
    const first = await save([
      { date: "2023-10-01", value: 3.4, knownAt: "2024-01-25T13:30:00Z" },
      { date: "2024-01-01", value: 1.6, knownAt: "2024-04-25T12:30:00Z" },
    ]);
    expect(first.statusCode).toBe(200);
    expect(first.json().written).toBe(2);
    // The second estimate of Q1 revises 1.6 to 1.3 on 2024-05-30.
    expect(
      (await save([{ date: "2024-01-01", value: 1.3, knownAt: "2024-05-30T12:30:00Z" }])).json().written,
    ).toBe(1);
    const at = async (asOf?: string) =>
      (
        await app.inject({
          method: "GET",
          url: `/api/macro/series/GDPTEST/observations${asOf ? `?asOf=${asOf}` : ""}`,
          headers: user.bearer,
        })
      ).json() as { total: number; items: { date: string; value: number; knownAt: string }[] };
    expect((await at("2024-01-24")).items).toEqual([]);
    expect((await at("2024-02-01")).items.map((o) => [o.date, o.value])).toEqual([["2023-10-01", 3.4]]);
    expect((await at("2024-05-30T12:29:59Z")).items.map((o) => [o.date, o.value])).toEqual([
      ["2023-10-01", 3.4],
      ["2024-01-01", 1.6],
    ]);
    const now = await at();
    expect(now.total).toBe(2);
    expect(now.items[1]).toEqual({
      seq: expect.any(Number),
      date: "2024-01-01",
      value: 1.3,
      knownAt: "2024-05-30T12:30:00.000Z",
    });
    // The same value again writes nothing; a changed value without knownAt is a revision known now.
    expect((await save([{ date: "2024-01-01", value: 1.3 }])).json().written).toBe(0);
    expect((await save([{ date: "2024-01-01", value: 1.4 }])).json().written).toBe(1);
    expect((await at()).items[1]).toMatchObject({ value: 1.4, knownAt: clock.now().toISOString() });
    expect((await at("2024-06-01")).items[1]).toMatchObject({ value: 1.3 });
    // A first value without knownAt is known its series' release lag after its date (quarterly: 120 days).
    await save([{ date: "2023-07-01", value: 4.9 }]);
    expect((await at()).items[0]).toMatchObject({ date: "2023-07-01", knownAt: "2023-10-29T00:00:00.000Z" });
    const list = await app.inject({ method: "GET", url: "/api/macro/series", headers: user.bearer });
    expect(list.json().items.find((s: { code: string }) => s.code === "GDPTEST")).toMatchObject({
      observations: 3,
      releaseLagDays: 120,
    });
    // Two values for one date in one request are refused.
    const twice = await save([
      { date: "2024-04-01", value: 1 },
      { date: "2024-04-01", value: 2 },
    ]);
    expect(twice.statusCode).toBe(400);
    expect(twice.json().message).toMatch(/observations\.1\.date: 2024-04-01 is listed twice/);
  });
});
