// The provider pipeline end to end: admin fetch (inline and through the job queue), idempotent
// re-runs, run progress, retry outcomes, backfill, scheduled refresh, FX, the request log endpoint
// and retention — against the replay server and the real database.
import { and, count, eq, notInArray } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, operatorCtx, type SignedIn, signIn } from "../../../../test/factories.ts";
import { createTestApp, type TestEnv, testClock } from "../../../../test/harness.ts";
import type { Ctx } from "../../../platform/context.ts";
import { newId } from "../../../platform/ids.ts";
import * as instrumentsRepo from "../instruments/repository.ts";
import { bars, corporateActions, fxRates, instruments } from "../schema.ts";
import { dataSourceLog, rawDataCache } from "../schema-providers.ts";
import { fetchCli } from "./cli.ts";
import { type Replay, startReplay } from "./replay.test-helper.ts";
import * as repo from "./repository.ts";
import { createRefreshRun, executeRun, purgeProviderData } from "./service.ts";

let replay: Replay;
let env: TestEnv & { app: FastifyInstance };
let app: FastifyInstance;
let admin: SignedIn;
let user: SignedIn;
let ctx: Ctx;
const clock = testClock(new Date("2020-09-02T23:00:00Z"));
const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 1000;

const LISTING: Record<string, { mic: string; country: string | null }> = {
  NASDAQ: { mic: "XNAS", country: "US" },
  NYSE: { mic: "XNYS", country: "US" },
  KOSPI: { mic: "XKRX", country: "KR" },
  FX: { mic: "XXXX", country: null },
};
async function addInstrument(symbol: string, market: keyof typeof LISTING, assetClass = "equity") {
  const id = newId();
  await env.platform.database.db.insert(instruments).values({
    id,
    symbol,
    ...LISTING[market],
    name: `${symbol} test`,
    assetClass,
    currency: market === "KOSPI" ? "KRW" : "USD",
  });
  return id;
}
const barCount = async (id: string) =>
  Number(
    (await env.platform.database.db.select({ n: count() }).from(bars).where(eq(bars.instrumentId, id)))[0]?.n,
  );

const fetch = (payload: object, headers = admin.bearer) =>
  app.inject({ method: "POST", url: "/api/admin/market/fetch", headers, payload });

beforeAll(async () => {
  replay = await startReplay([
    {
      path: "/v8/finance/chart/AAPL",
      params: { period1: String(day("2020-08-26")) },
      fixture: "yahoo-chart-aapl-2020-08.json",
    },
    { path: "/v8/finance/chart/MSFT", fixture: "yahoo-chart-msft-dividend.json" },
    { path: "/v8/finance/chart/ZZZZ", status: 404, fixture: "yahoo-chart-notfound.json" },
    {
      path: "/query",
      params: { function: "TIME_SERIES_DAILY_ADJUSTED", symbol: "IBM" },
      fixture: "alphavantage-daily-ibm.json",
    },
    {
      path: "/query",
      params: { function: "TIME_SERIES_DAILY_ADJUSTED", symbol: "LIMIT" },
      fixture: "alphavantage-note.json",
    },
    {
      path: "/query",
      params: { function: "TIME_SERIES_DAILY_ADJUSTED", symbol: "NOPE" },
      fixture: "alphavantage-error.json",
    },
    { path: "/v1/2024-01-02..2024-01-05", params: { base: "USD" }, fixture: "frankfurter-usd-2024-01.json" },
    {
      method: "POST",
      path: "/comm/bldAttendant/getJsonData.cmd",
      params: { bld: "dbms/comm/finder/finder_stkisu", searchText: "005930" },
      fixture: "krx-finder-005930.json",
    },
    {
      method: "POST",
      path: "/comm/bldAttendant/getJsonData.cmd",
      params: { bld: "dbms/MDC/STAT/standard/MDCSTAT01701", strtDd: "20190903" },
      fixture: "krx-daily-empty.json",
    },
  ]);
  env = await createTestApp({
    clock,
    env: {
      MARKET_PROVIDERS: "yahoo,alphavantage,krx,frankfurter",
      MARKET_YAHOO_URL: replay.url,
      MARKET_ALPHAVANTAGE_URL: replay.url,
      MARKET_ALPHAVANTAGE_KEY: "k",
      MARKET_FRANKFURTER_URL: replay.url,
      MARKET_KRX_URL: replay.url,
      MARKET_HTTP_RETRIES: "0",
    },
  });
  app = env.app;
  ctx = operatorCtx(env.platform);
  const a = await createUser(env.platform, { role: "admin" });
  const u = await createUser(env.platform);
  admin = await signIn(app, a.username, a.password);
  user = await signIn(app, u.username, u.password);
});
afterAll(async () => {
  await env?.close();
  await replay?.close();
});

describe("admin fetch", () => {
  it("fetches inline, stores bars and the split once, and logs the request with its run", async () => {
    const id = await addInstrument("AAPL", "NASDAQ");
    // The older `market` code still names the listing.
    const body = {
      provider: "yahoo",
      symbol: "AAPL",
      market: "NASDAQ",
      from: "2020-08-26",
      to: "2020-09-02",
      mode: "run",
    };
    const r = await fetch(body);
    expect(r.statusCode).toBe(200);
    const run = r.json();
    expect(run).toMatchObject({
      kind: "fetch",
      provider: "yahoo",
      status: "done",
      done: 1,
      total: 1,
      recordsWritten: 6,
      attempts: 1,
      error: null,
    });
    expect(await barCount(id)).toBe(6);
    const actions = await env.platform.database.db
      .select()
      .from(corporateActions)
      .where(eq(corporateActions.instrumentId, id));
    expect(actions.map((a) => [a.actionType, a.exDate, Number(a.splitTo), Number(a.splitFrom)])).toEqual([
      ["split", "2020-08-31", 4, 1],
    ]);
    // Safe to run twice: nothing new.
    const again = (await fetch(body)).json();
    expect(again).toMatchObject({ status: "done", recordsWritten: 0 });
    expect(await barCount(id)).toBe(6);
    const logs = await env.platform.database.db
      .select()
      .from(dataSourceLog)
      .where(eq(dataSourceLog.runId, run.id));
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({
      sourceName: "yahoo",
      statusCode: 200,
      recordsFetched: 6,
      errorMessage: null,
    });
    const cache = await env.platform.database.db
      .select()
      .from(rawDataCache)
      .where(eq(rawDataCache.instrumentId, id));
    expect(cache).toHaveLength(1); // the same request replaces its cached payload
    expect(cache[0]?.expiresAt.getTime()).toBe(cache[0]!.fetchedAt.getTime() + 30 * 86_400_000);
  });

  it("reports a provider failure in the run, and refuses bad requests and non-admins", async () => {
    await addInstrument("ZZZZ", "NYSE");
    const r = await fetch({
      provider: "yahoo",
      symbol: "ZZZZ",
      mic: "XNYS",
      from: "2020-08-26",
      to: "2020-09-02",
      mode: "run",
    });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({
      status: "failed",
      done: 1,
      recordsWritten: 0,
      error: "yahoo: ZZZZ: No data found, symbol may be delisted",
    });
    const disabled = await fetch({
      provider: "stooq",
      symbol: "ZZZZ",
      mic: "XNYS",
      from: "2020-08-26",
      to: "2020-09-02",
    });
    expect(disabled.statusCode).toBe(400);
    expect(disabled.json()).toMatchObject({
      code: "provider_disabled",
      message: expect.stringMatching(/^stooq: provider is not enabled/),
    });
    const unknownInst = await fetch({
      provider: "yahoo",
      symbol: "QQQQ",
      mic: "XNYS",
      from: "2020-08-26",
      to: "2020-09-02",
    });
    expect(unknownInst.statusCode).toBe(404);
    const backwards = await fetch({
      provider: "yahoo",
      symbol: "ZZZZ",
      mic: "XNYS",
      from: "2020-09-26",
      to: "2020-09-02",
    });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().message).toBe("from: from 2020-09-26 is after to 2020-09-02");
    expect(
      (
        await fetch(
          { provider: "yahoo", symbol: "ZZZZ", mic: "XNYS", from: "2020-08-26", to: "2020-09-02" },
          user.bearer,
        )
      ).statusCode,
    ).toBe(403);
    const anon = await app.inject({
      method: "POST",
      url: "/api/admin/market/fetch",
      payload: { provider: "yahoo", symbol: "ZZZZ", mic: "XNYS", from: "2020-08-26", to: "2020-09-02" },
    });
    expect(anon.statusCode).toBe(401);
  });

  it("queues a job that a worker runs to completion", async () => {
    const id = await addInstrument("MSFT", "NASDAQ");
    const r = await fetch({ provider: "yahoo", instrumentId: id, from: "2024-05-14", to: "2024-05-16" });
    expect(r.statusCode).toBe(202);
    expect(r.json()).toMatchObject({ status: "queued", done: 0, total: 1 });
    await env.platform.jobs.start();
    const deadline = Date.now() + 30_000;
    let run = r.json();
    while (run.status !== "done" && run.status !== "failed" && Date.now() < deadline) {
      await new Promise((res) => setTimeout(res, 250));
      run = (
        await app.inject({ method: "GET", url: `/api/admin/market/runs/${run.id}`, headers: admin.bearer })
      ).json();
    }
    expect(run).toMatchObject({ status: "done", done: 1, total: 1, recordsWritten: 3 });
    const div = await env.platform.database.db
      .select()
      .from(corporateActions)
      .where(and(eq(corporateActions.instrumentId, id), eq(corporateActions.actionType, "dividend")));
    expect(div.map((d) => [d.exDate, d.amount, d.currency])).toEqual([["2024-05-15", "0.75", "USD"]]);
  });
});

describe("runs", () => {
  it("hands transient failures back for retry and fails on the last attempt", async () => {
    const id = await addInstrument("LIMIT", "NYSE");
    const run = await repo.createRun(ctx.db, {
      kind: "fetch",
      provider: "alphavantage",
      params: { instrumentIds: [id], from: "2024-05-08", to: "2024-05-10", interval: "1d" },
      total: 1,
      requestedBy: null,
      now: clock.now(),
    });
    expect(await executeRun({ ctx, input: { runId: run.id, finalAttempt: false } })).toBe("retry");
    expect(await repo.getRun(ctx.db, run.id)).toMatchObject({ status: "queued", attempts: 1, done: 0 });
    expect(await executeRun({ ctx, input: { runId: run.id, finalAttempt: true } })).toBe("failed");
    const after = await repo.getRun(ctx.db, run.id);
    expect(after).toMatchObject({ status: "failed", attempts: 2 });
    expect(after?.error).toMatch(/alphavantage: rate limited: Thank you for using Alpha Vantage/);
    // A finished run is left alone by a duplicate delivery.
    expect(await executeRun({ ctx, input: { runId: run.id, finalAttempt: true } })).toBe("failed");
    expect((await repo.getRun(ctx.db, run.id))?.attempts).toBe(2);
  });

  it("backfills several instruments with progress, skipping one that fails permanently", async () => {
    const ibm = await addInstrument("IBM", "NYSE");
    const nope = await addInstrument("NOPE", "NYSE");
    const r = await fetch({
      provider: "alphavantage",
      kind: "backfill",
      instrumentId: ibm,
      from: "2024-05-08",
      to: "2024-05-10",
      mode: "run",
    });
    expect(r.json()).toMatchObject({ status: "done", done: 1, total: 1, recordsWritten: 3 });
    const run = await repo.createRun(ctx.db, {
      kind: "backfill",
      provider: "alphavantage",
      params: { instrumentIds: [nope, ibm], from: "2024-05-07", to: "2024-05-10", interval: "1d" },
      total: 2,
      requestedBy: null,
      now: clock.now(),
    });
    expect(await executeRun({ ctx, input: { runId: run.id, finalAttempt: false } })).toBe("done");
    const done = await repo.getRun(ctx.db, run.id);
    expect(done).toMatchObject({ status: "done", done: 2, total: 2, recordsWritten: 1 }); // only 05-07 was new
    expect(done?.error).toMatch(new RegExp(`^${nope}: alphavantage: Invalid API call`));
    expect(await barCount(ibm)).toBe(4);
  });

  it("refreshes active instruments from their last bar with the provider of their market", async () => {
    // Only AAPL (up to date) and a KOSPI stock stay active; the rest are soft-deleted.
    await env.platform.database.db
      .update(instruments)
      .set({ active: false })
      .where(notInArray(instruments.symbol, ["AAPL"]));
    const kr = await addInstrument("005930", "KOSPI");
    await addInstrument("EURUSD", "FX", "fx");
    // Offline (no provider enabled): nothing to refresh, no run row.
    expect(
      await createRefreshRun({ ctx: { ...ctx, config: { ...ctx.config, MARKET_PROVIDERS: [] } }, input: {} }),
    ).toBeNull();
    const run = await createRefreshRun({ ctx, input: {} });
    if (!run) throw new Error("expected a refresh run");
    const ids = (run.params as { instrumentIds: string[] }).instrumentIds;
    const aapl = await instrumentsRepo.findListing(ctx.db, "AAPL", "XNAS", "US");
    expect(ids.sort()).toEqual([aapl?.id, kr].sort());
    expect(run.total).toBe(2);
    const fxInst = await instrumentsRepo.findListing(ctx.db, "EURUSD", "XXXX", null);
    expect(ids).not.toContain(fxInst?.id);
    const outcome = await executeRun({ ctx, input: { runId: run.id, finalAttempt: true } });
    expect((await repo.getRun(ctx.db, run.id))?.error ?? null).toBeNull();
    expect(outcome).toBe("done");
    const after = await repo.getRun(ctx.db, run.id);
    expect(after?.done).toBe(run.total);
    // KOSPI went to KRX for a year back from "today" (2020-09-02); AAPL was already up to date.
    const krxReq = replay.requests.find((q) => q.body.includes("MDCSTAT01701"));
    expect(new URLSearchParams(krxReq?.body).get("strtDd")).toBe("20190903");
    expect(
      replay.requests.filter((q) => q.url.includes("/v8/finance/chart/AAPL?period1=1599091200")),
    ).toHaveLength(0);
  });
});

describe("cli verb", () => {
  it("fetches as the local operator and reports the run in one line", async () => {
    const ok = await fetchCli(operatorCtx(env.platform), {
      provider: "yahoo",
      symbol: "AAPL",
      mic: "XNAS",
      from: "2020-08-26",
      to: "2020-09-02",
    });
    expect(ok.failed).toBe(false);
    expect(ok.text).toMatch(
      /^yahoo AAPL\/XNAS 1d 2020-08-26\.\.2020-09-02: done, 0 rows added, 1\/1 done \(run [0-9a-f-]{36}\)$/,
    );
    const bad = await fetchCli(operatorCtx(env.platform), {
      provider: "yahoo",
      symbol: "ZZZZ",
      mic: "XNYS",
      from: "2020-08-26",
      to: "2020-09-02",
    });
    expect(bad.failed).toBe(true);
    expect(bad.text.split("\n")[1]).toBe("yahoo: ZZZZ: No data found, symbol may be delisted");
  });
});

describe("fx, log endpoint, retention", () => {
  it("stores USD reference rates idempotently", async () => {
    const r = await fetch({
      provider: "frankfurter",
      kind: "fx",
      from: "2024-01-02",
      to: "2024-01-05",
      mode: "run",
    });
    expect(r.json()).toMatchObject({ status: "done", recordsWritten: 20 });
    expect(
      (
        await fetch({
          provider: "frankfurter",
          kind: "fx",
          from: "2024-01-02",
          to: "2024-01-05",
          mode: "run",
        })
      ).json().recordsWritten,
    ).toBe(0);
    const [krw] = await env.platform.database.db
      .select()
      .from(fxRates)
      .where(and(eq(fxRates.quote, "KRW"), eq(fxRates.rateDate, "2024-01-05")));
    expect(krw).toMatchObject({ base: "USD", rate: "1316.39", source: "frankfurter" });
  });

  it("pages the request log for admins only", async () => {
    const all = (
      await app.inject({ method: "GET", url: "/api/admin/market/sources?limit=500", headers: admin.bearer })
    ).json();
    expect(all.total).toBeGreaterThanOrEqual(8);
    const page = await app.inject({
      method: "GET",
      url: "/api/admin/market/sources?limit=2&offset=1",
      headers: admin.bearer,
    });
    expect(page.statusCode).toBe(200);
    expect(page.json().items).toEqual(all.items.slice(1, 3));
    const yahoo = (
      await app.inject({
        method: "GET",
        url: "/api/admin/market/sources?source=yahoo",
        headers: admin.bearer,
      })
    ).json();
    expect(yahoo.items.every((l: { sourceName: string }) => l.sourceName === "yahoo")).toBe(true);
    expect(
      yahoo.items.some(
        (l: { statusCode: number; errorMessage: string }) =>
          l.statusCode === 404 && /No data found/.test(l.errorMessage),
      ),
    ).toBe(true);
    expect(
      (await app.inject({ method: "GET", url: "/api/admin/market/sources", headers: user.bearer }))
        .statusCode,
    ).toBe(403);
  });

  it("purges expired payloads after 30 days and logs after 180", async () => {
    const cache = async () => Number((await ctx.db.select({ n: count() }).from(rawDataCache))[0]?.n);
    const logs = async () => Number((await ctx.db.select({ n: count() }).from(dataSourceLog))[0]?.n);
    const [c0, l0] = [await cache(), await logs()];
    expect(c0).toBeGreaterThan(0);
    expect(await purgeProviderData({ ctx, input: {} })).toEqual({ cache: 0, logs: 0 });
    // The clock of this test is 2020; the rows written by the queue worker use the same test clock.
    clock.advance(31 * 86_400_000);
    const first = await purgeProviderData({ ctx, input: {} });
    expect(first.logs).toBe(0);
    expect(await cache()).toBe(c0 - first.cache);
    clock.advance(200 * 86_400_000);
    const second = await purgeProviderData({ ctx, input: {} });
    expect(await cache()).toBe(0);
    expect(second.logs).toBe(l0);
    expect(await logs()).toBe(0);
  });
});
