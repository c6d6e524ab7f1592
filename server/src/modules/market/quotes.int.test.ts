// The quote snapshot (market.quotes) and GET /api/instruments/{id}/quote: computed from imported
// daily and intraday bars, restated for splits in the 52-week range, overlaid by provider quotes
// (the refresh job's, through the replay server), refreshed by fundamentals and the scheduled job.
import { eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, operatorCtx, signIn } from "../../../test/factories.ts";
import { createTestApp, type TestEnv } from "../../../test/harness.ts";
import { createAction } from "./actions/service.ts";
import { importBars, textChunks } from "./bars/import.ts";
import * as repo from "./instruments/repository.ts";
import { createInstrument } from "./instruments/service.ts";
import { type Replay, startReplay } from "./providers/replay.test-helper.ts";
import { refreshProviderQuote } from "./providers/service.ts";
import { applyProviderQuote, refreshAllQuotes } from "./quotes/service.ts";
import { addFundamentals } from "./reference/service.ts";
import { quotes } from "./schema-quotes.ts";

let env: TestEnv & { app: FastifyInstance };
let replay: Replay;
let alice: { authorization: string };
let id: string;

const ctx = () => operatorCtx(env.platform);
/** The quote answer, its body unwrapped ({ quote } → the quote or null). */
const quote = async (instrumentId = id) => {
  const r = await env.app.inject({ url: `/api/instruments/${instrumentId}/quote`, headers: alice });
  return { statusCode: r.statusCode, json: () => (r.statusCode === 200 ? r.json().quote : r.json()) };
};
const load = (instrumentId: string, interval: "1d" | "1m", csv: string) =>
  importBars({ ctx: ctx(), input: { instrumentId, interval, source: "test", body: textChunks(csv) } });

beforeAll(async () => {
  replay = await startReplay([
    { path: "/v8/finance/chart/AAPL", params: { range: "1d" }, fixture: "yahoo-quote-aapl.json" },
    { path: "/v8/finance/chart/NOPE", status: 404, fixture: "yahoo-chart-notfound.json" },
  ]);
  env = await createTestApp({
    env: { MARKET_PROVIDERS: "yahoo", MARKET_YAHOO_URL: replay.url, MARKET_HTTP_RETRIES: "0" },
  });
  const u = await createUser(env.platform);
  alice = (await signIn(env.app, u.username, u.password)).bearer;
  id = (await createInstrument({ ctx: ctx(), input: { symbol: "TQ", market: "US", name: "Quote test" } })).id;
});
afterAll(async () => {
  await env?.close();
  await replay?.close();
});

describe("quote from bars", () => {
  it("answers quote: null before any bar, 404 for unknown or malformed ids; needs sign-in", async () => {
    const none = await quote();
    expect(none.statusCode).toBe(200);
    expect(none.json()).toBeNull();
    expect((await quote("00000000-0000-4000-8000-000000000000")).statusCode).toBe(404);
    expect((await quote("not-an-id")).statusCode).toBe(404);
    expect((await env.app.inject({ url: `/api/instruments/${id}/quote` })).statusCode).toBe(401);
  });

  it("takes price, previous close, change, session and 52-week range from daily bars", async () => {
    const r = await load(
      id,
      "1d",
      [
        "date,open,high,low,close,volume",
        "2023-06-15,300,500,1,300,10", // older than 52 weeks before 2024-06-14: outside the range
        "2023-07-03,200,210,190,205,10",
        "2023-12-29,210,220,200,210,10",
        "2024-01-02,105,108,104,106,10",
        "2024-06-13,120,121,118,120,900",
        "2024-06-14,120.5,123.25,119,122.4,1000",
      ].join("\n"),
    );
    expect(r).toMatchObject({ refused: false, added: 6 });
    const res = await quote();
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      instrumentId: id,
      symbol: "TQ",
      currency: "USD",
      price: "122.4",
      priceSource: "bars",
      priceAt: "2024-06-14T00:00:00.000Z",
      previousClose: "120",
      previousCloseDate: "2024-06-13",
      change: "2.4",
      changePct: "2",
      sessionDate: "2024-06-14",
      open: "120.5",
      high: "123.25",
      low: "119",
      volume: "1000",
      barInterval: "1d",
      week52From: "2023-06-16",
      // Unadjusted: no split recorded yet.
      week52High: "220",
      week52Low: "104",
      marketCap: null,
      providerQuote: null,
    });
  });

  it("restates the 52-week range for a split inside it", async () => {
    await createAction({
      ctx: ctx(),
      input: { id, action: { actionType: "split", exDate: "2024-01-02", splitTo: "2", splitFrom: "1" } },
    });
    const q = (await quote()).json();
    // 2023 highs/lows halved: 210 → 105, 220 → 110, 190 → 95, 200 → 100.
    expect(q).toMatchObject({ week52High: "123.25", week52Low: "95", price: "122.4" });
  });

  it("a refused import leaves the quote as it was", async () => {
    const r = await load(id, "1d", "date,open,high,low,close,volume\n2024-06-17,130,129,128,130,1\n");
    expect(r.refused).toBe(true);
    expect((await quote()).json()).toMatchObject({ price: "122.4", sessionDate: "2024-06-14" });
  });

  it("prices from later intraday bars: session aggregated, previous close from the daily bar", async () => {
    const r = await load(
      id,
      "1m",
      [
        "date,open,high,low,close,volume",
        "2024-06-17T09:30:00-04:00,123,124,122.5,123.5,100",
        "2024-06-17T09:31:00-04:00,123.5,125,123,124.75,200",
        "2024-06-17T09:32:00-04:00,124.75,124.8,124,124.1,300",
      ].join("\n"),
    );
    expect(r).toMatchObject({ refused: false, added: 3 });
    expect((await quote()).json()).toMatchObject({
      price: "124.1",
      priceAt: "2024-06-17T13:32:00.000Z",
      barInterval: "1m",
      sessionDate: "2024-06-17",
      open: "123",
      high: "125",
      low: "122.5",
      volume: "600",
      previousClose: "122.4",
      previousCloseDate: "2024-06-14",
      change: "1.7",
      changePct: "1.3889",
      week52High: "125",
      week52Low: "95",
    });
  });

  it("lists stored intervals and those a chart can resample", async () => {
    const r = await env.app.inject({ url: `/api/instruments/${id}/intervals`, headers: alice });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({
      instrumentId: id,
      stored: [
        { interval: "1m", first: "2024-06-17T13:30:00.000Z", last: "2024-06-17T13:32:00.000Z" },
        { interval: "1d", first: "2023-06-15T00:00:00.000Z", last: "2024-06-14T00:00:00.000Z" },
      ],
      available: ["1m", "5m", "15m", "1h", "1d", "1w"],
      version: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    expect((await env.app.inject({ url: "/api/instruments/x/intervals", headers: alice })).statusCode).toBe(
      404,
    );
  });
});

describe("provider quotes", () => {
  it("a newer provider price wins, an older one is ignored, a newer bar wins again", async () => {
    const inst = (await repo.findInstrument(env.platform.database.db, id)) as repo.InstrumentRow;
    const now = new Date();
    await applyProviderQuote(
      env.platform.database.db,
      inst,
      "yahoo",
      { price: 126, asOf: "2024-06-17T19:59:00Z", previousClose: null, volume: 5000 },
      now,
    );
    expect((await quote()).json()).toMatchObject({
      price: "126",
      priceSource: "yahoo",
      priceAt: "2024-06-17T19:59:00.000Z",
      previousClose: "122.4",
      change: "3.6",
      volume: "5000",
      providerQuote: { provider: "yahoo", price: "126", asOf: "2024-06-17T19:59:00.000Z" },
    });
    await applyProviderQuote(
      env.platform.database.db,
      inst,
      "yahoo",
      { price: 1, asOf: "2024-06-17T15:00:00Z", previousClose: null, volume: null },
      now,
    );
    expect((await quote()).json()).toMatchObject({ price: "126", priceSource: "yahoo" });
    await load(
      id,
      "1m",
      "date,open,high,low,close,volume\n2024-06-18T09:30:00-04:00,126,127.5,125.5,127,50\n",
    );
    expect((await quote()).json()).toMatchObject({
      price: "127",
      priceSource: "bars",
      sessionDate: "2024-06-18",
      // The previous session is the intraday one of 2024-06-17 (no daily bar for it).
      previousClose: "124.1",
      previousCloseDate: "2024-06-17",
      providerQuote: { price: "126" },
    });
  });

  it("the refresh takes the covering provider's live quote (Yahoo through the replay server)", async () => {
    const aapl = (
      await createInstrument({ ctx: ctx(), input: { symbol: "AAPL", market: "US", name: "Apple" } })
    ).id;
    await load(
      aapl,
      "1d",
      "date,open,high,low,close,volume\n2024-05-08,182,183,181,182.74,1\n2024-05-09,182.5,184.7,182.4,184.57,1\n",
    );
    expect(await refreshProviderQuote({ ctx: ctx(), input: { instrumentId: aapl } })).toBe(true);
    expect(replay.requests.some((r) => r.url.startsWith("/v8/finance/chart/AAPL?"))).toBe(true);
    expect((await quote(aapl)).json()).toMatchObject({
      price: "183.05",
      priceSource: "yahoo",
      priceAt: "2024-05-10T20:00:00.000Z",
      previousClose: "184.57",
      change: "-1.52",
      changePct: "-0.8235",
      volume: "50759496",
      sessionDate: "2024-05-09",
    });
    // A provider without the symbol: no quote taken, nothing thrown.
    const nope = (
      await createInstrument({ ctx: ctx(), input: { symbol: "NOPE", market: "US", name: "None" } })
    ).id;
    expect(await refreshProviderQuote({ ctx: ctx(), input: { instrumentId: nope } })).toBe(false);
    expect((await quote(nope)).json()).toBeNull();
  });
});

describe("market cap and the scheduled refresh", () => {
  it("new fundamentals with a market cap update the quote", async () => {
    await addFundamentals({
      ctx: ctx(),
      input: {
        instrumentId: id,
        items: [
          { reportDate: "2023-12-31", knownAt: "2024-02-01", marketCap: "900000000" },
          { reportDate: "2024-03-31", knownAt: "2024-05-01", marketCap: "1000000000.5" },
        ],
      },
    });
    expect((await quote()).json()).toMatchObject({ marketCap: "1000000000.5", marketCapDate: "2024-03-31" });
  });

  it("refreshAllQuotes rebuilds missing and stale rows", async () => {
    const db = env.platform.database.db;
    await db.delete(quotes).where(eq(quotes.instrumentId, id));
    const r = await refreshAllQuotes({ ctx: ctx(), input: {} });
    expect(r.quoted).toBeGreaterThanOrEqual(2);
    const [row] = await db.select().from(quotes).where(eq(quotes.instrumentId, id));
    expect(row).toMatchObject({ price: "127", priceSource: "bars", marketCap: "1000000000.5" });
  });
});
