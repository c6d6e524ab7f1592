// Each adapter's real HTTP client against a local server replaying recorded responses, with request
// logs and raw payloads written to the real database (PGlite, or PostgreSQL with TEST_DATABASE_URL).
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operatorCtx } from "../../../../test/factories.ts";
import { createTestPlatform, type TestEnv } from "../../../../test/harness.ts";
import type { Ctx } from "../../../platform/context.ts";
import { dataSourceLog, rawDataCache } from "../schema-providers.ts";
import type { AlphaVantageProvider } from "./alphavantage.ts";
import type { CsvProvider } from "./csv.ts";
import type { KrxProvider } from "./krx.ts";
import { createProviders, type Providers } from "./registry.ts";
import { type Replay, startReplay } from "./replay.test-helper.ts";
import { DbSink } from "./service.ts";
import type { StooqProvider } from "./stooq.ts";
import { ProviderError, ProviderNotFoundError } from "./types.ts";
import type { YahooProvider } from "./yahoo.ts";

let replay: Replay;
let env: TestEnv;
let ctx: Ctx;
let providers: Providers;
let dataDir: string;

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

async function logsFor(source: string) {
  return env.platform.database.db
    .select()
    .from(dataSourceLog)
    .where(eq(dataSourceLog.sourceName, source))
    .orderBy(dataSourceLog.id);
}

async function caught(p: Promise<unknown>): Promise<ProviderError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(ProviderError);
    return err as ProviderError;
  }
  throw new Error("expected a ProviderError");
}

beforeAll(async () => {
  replay = await startReplay([
    // yahoo
    {
      path: "/v8/finance/chart/AAPL",
      params: { interval: "1d", period1: String(day("2020-08-26") / 1000) },
      fixture: "yahoo-chart-aapl-2020-08.json",
    },
    {
      path: "/v8/finance/chart/MSFT",
      params: { interval: "1d", events: "div,splits" },
      fixture: "yahoo-chart-msft-dividend.json",
    },
    { path: "/v8/finance/chart/AAPL", params: { interval: "5m" }, fixture: "yahoo-chart-aapl-5m.json" },
    { path: "/v8/finance/chart/AAPL", params: { range: "1d" }, fixture: "yahoo-quote-aapl.json" },
    { path: "/v8/finance/chart/ZZZZ", status: 404, fixture: "yahoo-chart-notfound.json" },
    { path: "/v8/finance/chart/BAD", fixture: "yahoo-chart-malformed.json" },
    {
      path: "/v8/finance/chart/HTML",
      status: 200,
      contentType: "text/html",
      body: "<html><body>Will be right back…</body></html>",
    },
    {
      path: "/v8/finance/chart/FLAKY",
      status: 503,
      body: "Service Unavailable",
      contentType: "text/plain",
      times: 1,
    },
    { path: "/v8/finance/chart/FLAKY", fixture: "yahoo-chart-msft-dividend.json" },
    { path: "/v8/finance/chart/SLOW", fixture: "yahoo-chart-msft-dividend.json", delayMs: 400 },
    { path: "/v8/finance/chart/005930.KS", fixture: "yahoo-chart-msft-dividend.json" },
    { path: "/v1/finance/search", params: { q: "apple" }, fixture: "yahoo-search-apple.json" },
    // stooq
    { path: "/q/d/l/", params: { s: "aapl.us", i: "d" }, fixture: "stooq-aapl-us-d.csv" },
    { path: "/q/d/l/", params: { s: "^spx" }, fixture: "stooq-spx-d.csv" },
    { path: "/q/d/l/", params: { s: "zzzz.us" }, fixture: "stooq-nodata.csv" },
    { path: "/q/d/l/", params: { s: "bad.us" }, fixture: "stooq-malformed.csv" },
    { path: "/q/l/", params: { s: "aapl.us" }, fixture: "stooq-quote-aapl.csv" },
    { path: "/q/l/", params: { s: "zzzz.us" }, fixture: "stooq-quote-nd.csv" },
    // alpha vantage
    {
      path: "/query",
      params: { function: "TIME_SERIES_DAILY_ADJUSTED", symbol: "IBM" },
      fixture: "alphavantage-daily-ibm.json",
    },
    {
      path: "/query",
      params: { function: "TIME_SERIES_DAILY_ADJUSTED", symbol: "NVDA" },
      fixture: "alphavantage-daily-split.json",
    },
    {
      path: "/query",
      params: { function: "TIME_SERIES_DAILY_ADJUSTED", symbol: "LIMIT" },
      fixture: "alphavantage-note.json",
    },
    {
      path: "/query",
      params: { function: "TIME_SERIES_DAILY_ADJUSTED", symbol: "INFO" },
      fixture: "alphavantage-information.json",
    },
    {
      path: "/query",
      params: { function: "TIME_SERIES_DAILY_ADJUSTED", symbol: "NOPE" },
      fixture: "alphavantage-error.json",
    },
    {
      path: "/query",
      params: { function: "TIME_SERIES_DAILY_ADJUSTED", symbol: "BAD" },
      fixture: "alphavantage-malformed.json",
    },
    {
      path: "/query",
      params: { function: "GLOBAL_QUOTE", symbol: "IBM" },
      fixture: "alphavantage-quote-ibm.json",
    },
    {
      path: "/query",
      params: { function: "GLOBAL_QUOTE", symbol: "ZZZZ" },
      fixture: "alphavantage-quote-empty.json",
    },
    {
      path: "/query",
      params: { function: "SYMBOL_SEARCH", keywords: "tesco" },
      fixture: "alphavantage-search-tesco.json",
    },
    // frankfurter
    { path: "/v1/2024-01-02..2024-01-05", params: { base: "USD" }, fixture: "frankfurter-usd-2024-01.json" },
    { path: "/v1/2024-01-06", params: { base: "USD" }, fixture: "frankfurter-usd-2024-01-06.json" },
    {
      path: "/v1/2024-01-02..2024-01-05",
      params: { base: "XXX" },
      status: 404,
      fixture: "frankfurter-notfound.json",
    },
    { path: "/v1/2023-01-02..2023-01-05", params: { base: "USD" }, fixture: "frankfurter-malformed.json" },
    // krx
    {
      method: "POST",
      path: "/comm/bldAttendant/getJsonData.cmd",
      params: { bld: "dbms/comm/finder/finder_stkisu", searchText: "005930" },
      fixture: "krx-finder-005930.json",
    },
    {
      method: "POST",
      path: "/comm/bldAttendant/getJsonData.cmd",
      params: { bld: "dbms/comm/finder/finder_stkisu", searchText: "삼성" },
      fixture: "krx-finder-005930.json",
    },
    {
      method: "POST",
      path: "/comm/bldAttendant/getJsonData.cmd",
      params: { bld: "dbms/comm/finder/finder_stkisu", searchText: "999999" },
      fixture: "krx-finder-empty.json",
    },
    {
      method: "POST",
      path: "/comm/bldAttendant/getJsonData.cmd",
      params: { bld: "dbms/MDC/STAT/standard/MDCSTAT01701", strtDd: "20240102" },
      fixture: "krx-daily-005930-2024-01.json",
    },
    {
      method: "POST",
      path: "/comm/bldAttendant/getJsonData.cmd",
      params: { bld: "dbms/MDC/STAT/standard/MDCSTAT01701", strtDd: "20240106" },
      fixture: "krx-daily-empty.json",
    },
    {
      method: "POST",
      path: "/comm/bldAttendant/getJsonData.cmd",
      params: { bld: "dbms/MDC/STAT/standard/MDCSTAT01701", strtDd: "20240105" },
      fixture: "krx-daily-malformed.json",
    },
    {
      method: "POST",
      path: "/comm/bldAttendant/getJsonData.cmd",
      params: { bld: "dbms/MDC/STAT/standard/MDCSTAT01701", strtDd: "20230102" },
      status: 400,
      contentType: "text/html",
      body: "LOGOUT",
    },
    // csv over http
    {
      path: "/files/aapl.csv",
      contentType: "text/csv",
      body: "date,open,high,low,close,adj_close,volume\n2024-05-09,182.56,184.66,182.11,184.57,184.57,48982972\n2024-05-10,184.9,185.09,182.13,183.05,183.05,50759496\n",
    },
  ]);
  dataDir = mkdtempSync(join(tmpdir(), "bullpen-providers-"));
  env = await createTestPlatform({
    env: {
      BULLPEN_DATA_DIR: dataDir,
      MARKET_PROVIDERS: "yahoo,stooq,alphavantage,krx,frankfurter",
      MARKET_YAHOO_URL: replay.url,
      MARKET_STOOQ_URL: replay.url,
      MARKET_ALPHAVANTAGE_URL: replay.url,
      MARKET_ALPHAVANTAGE_KEY: "SECRETKEY123",
      MARKET_FRANKFURTER_URL: replay.url,
      MARKET_KRX_URL: replay.url,
      MARKET_HTTP_RETRIES: "0",
    },
  });
  ctx = operatorCtx(env.platform);
  providers = createProviders(ctx.config, new DbSink(ctx), { retryBaseMs: 5 });
});

afterAll(async () => {
  await env?.close();
  await replay?.close();
});

describe("yahoo", () => {
  it("reads daily bars at their trading dates, skips null rows, and reports the split", async () => {
    const y = providers.bars("yahoo") as YahooProvider;
    const r = await y.history({
      symbol: "AAPL",
      mic: "XNAS",
      country: "US",
      from: "2020-08-26",
      to: "2020-09-02",
      interval: "1d",
    });
    expect(r.bars.map((b) => new Date(b.ts).toISOString().slice(0, 10))).toEqual([
      "2020-08-26",
      "2020-08-27",
      "2020-08-28",
      "2020-08-31",
      "2020-09-01",
      "2020-09-02",
    ]);
    expect(r.bars[0]).toEqual({
      ts: day("2020-08-26"),
      open: 126.18,
      high: 126.99,
      low: 125.08,
      close: 126.52,
      adjClose: 124.97,
      volume: 163022400,
    });
    expect(r.actions).toEqual([{ type: "split", exDate: "2020-08-31", splitTo: 4, splitFrom: 1 }]);
    expect(r.currency).toBe("USD");
    const req = replay.requests.find((q) => q.url.startsWith("/v8/finance/chart/AAPL?period1"));
    expect(req?.headers["user-agent"]).toMatch(/^Bullpen/);
    expect(req?.url).toContain(`period2=${day("2020-09-03") / 1000}`);
    const cached = await env.platform.database.db
      .select()
      .from(rawDataCache)
      .where(eq(rawDataCache.sourceName, "yahoo"));
    expect(cached.some((c) => (c.payload as { chart?: unknown })?.chart !== undefined)).toBe(true);
  });

  it("reports dividends and intraday bars at their instants", async () => {
    const y = providers.bars("yahoo") as YahooProvider;
    const d = await y.history({ symbol: "MSFT", from: "2024-05-14", to: "2024-05-16", interval: "1d" });
    expect(d.actions).toEqual([{ type: "dividend", exDate: "2024-05-15", amount: 0.75 }]);
    const i = await y.history({ symbol: "AAPL", from: "2024-05-10", to: "2024-05-10", interval: "5m" });
    expect(i.bars.map((b) => new Date(b.ts).toISOString())).toEqual([
      "2024-05-10T13:30:00.000Z",
      "2024-05-10T13:35:00.000Z",
      "2024-05-10T13:40:00.000Z",
    ]);
    expect(i.bars[2]?.adjClose).toBeNull();
  });

  it("maps KOSPI codes to .KS, answers quotes and search", async () => {
    const y = providers.bars("yahoo") as YahooProvider;
    await y.history({
      symbol: "005930",
      mic: "XKRX",
      country: "KR",
      from: "2024-05-14",
      to: "2024-05-16",
      interval: "1d",
    });
    expect(replay.requests.some((q) => q.url.startsWith("/v8/finance/chart/005930.KS?"))).toBe(true);
    const q = await y.quote({ symbol: "AAPL", mic: "XNAS", country: "US" });
    expect(q).toEqual({
      symbol: "AAPL",
      price: 183.05,
      currency: "USD",
      asOf: "2024-05-10T20:00:00.000Z",
      previousClose: 184.57,
      volume: 50759496,
    });
    const s = await y.search("apple");
    expect(s[0]).toEqual({
      symbol: "AAPL",
      name: "Apple Inc.",
      exchange: "NMS",
      type: "EQUITY",
      currency: null,
    });
    expect(s).toHaveLength(2);
  });

  it("turns the not-found error into a 404-class error and logs it", async () => {
    const y = providers.bars("yahoo") as YahooProvider;
    const e = await caught(
      y.history({ symbol: "ZZZZ", from: "2024-01-01", to: "2024-01-31", interval: "1d" }),
    );
    expect(e).toBeInstanceOf(ProviderNotFoundError);
    expect(e.status).toBe(404);
    expect(e.message).toBe("yahoo: ZZZZ: No data found, symbol may be delisted");
    const logs = await logsFor("yahoo");
    const last = logs.at(-1);
    expect(last?.statusCode).toBe(404);
    expect(last?.errorMessage).toBe(e.message);
    expect(last?.endpoint).toContain("/v8/finance/chart/ZZZZ?");
  });

  it("names the field of a malformed payload and of a non-JSON body", async () => {
    const y = providers.bars("yahoo") as YahooProvider;
    const e = await caught(
      y.history({ symbol: "BAD", from: "2024-05-14", to: "2024-05-16", interval: "1d" }),
    );
    expect(e.message).toMatch(
      /^yahoo: malformed payload: field chart\.result\.0\.indicators\.quote\.0\.close: /,
    );
    const h = await caught(
      y.history({ symbol: "HTML", from: "2024-05-14", to: "2024-05-16", interval: "1d" }),
    );
    expect(h.message).toMatch(/^yahoo: expected JSON \(HTTP 200\) but got: <html>/);
  });

  it("retries a 503 with backoff and logs both attempts", async () => {
    const p = createProviders(ctx.config, new DbSink(ctx), { retries: 2, retryBaseMs: 5 }).bars(
      "yahoo",
    ) as YahooProvider;
    const before = (await logsFor("yahoo")).length;
    const r = await p.history({ symbol: "FLAKY", from: "2024-05-14", to: "2024-05-16", interval: "1d" });
    expect(r.bars).toHaveLength(3);
    const logs = (await logsFor("yahoo")).slice(before);
    expect(logs.map((l) => [l.statusCode, l.recordsFetched, l.errorMessage])).toEqual([
      [503, null, "HTTP 503 (retrying)"],
      [200, 3, null],
    ]);
  });

  it("times out a slow answer with a clear message", async () => {
    const p = createProviders(ctx.config, new DbSink(ctx), { timeoutMs: 100, retries: 0 }).bars(
      "yahoo",
    ) as YahooProvider;
    const e = await caught(
      p.history({ symbol: "SLOW", from: "2024-05-14", to: "2024-05-16", interval: "1d" }),
    );
    expect(e.message).toBe("yahoo: request timed out after 100 ms");
    expect(e.retryable).toBe(true);
  });
});

describe("stooq", () => {
  it("reads the CSV download, with and without volume", async () => {
    const s = providers.bars("stooq") as StooqProvider;
    const r = await s.history({
      symbol: "AAPL",
      mic: "XNAS",
      country: "US",
      from: "2024-05-06",
      to: "2024-05-10",
      interval: "1d",
    });
    expect(r.bars).toHaveLength(5);
    expect(r.bars[0]).toEqual({
      ts: day("2024-05-06"),
      open: 182.354,
      high: 184.2,
      low: 180.42,
      close: 181.71,
      adjClose: null,
      volume: 78569667,
    });
    expect(replay.requests.some((q) => q.url === "/q/d/l/?s=aapl.us&i=d&d1=20240506&d2=20240510")).toBe(true);
    const spx = await s.history({ symbol: "^SPX", from: "2024-05-09", to: "2024-05-10", interval: "1d" });
    expect(spx.bars[1]).toMatchObject({ close: 5222.68, volume: null });
  });

  it("answers no data as not found, and names the row and field of a bad row", async () => {
    const s = providers.bars("stooq") as StooqProvider;
    const e = await caught(
      s.history({ symbol: "ZZZZ", from: "2024-05-06", to: "2024-05-10", interval: "1d" }),
    );
    expect(e).toBeInstanceOf(ProviderNotFoundError);
    expect(e.message).toBe("stooq: zzzz.us: no data");
    const m = await caught(
      s.history({ symbol: "BAD", from: "2024-05-06", to: "2024-05-10", interval: "1d" }),
    );
    expect(m.message).toBe('stooq: malformed payload: row 3 field close: "" is not a number');
    const k = await caught(
      s.history({
        symbol: "005930",
        mic: "XKRX",
        country: "KR",
        from: "2024-05-06",
        to: "2024-05-10",
        interval: "1d",
      }),
    );
    expect(k.message).toMatch(/^stooq: Korean symbols/);
  });

  it("reads the quote CSV and its N/D answer", async () => {
    const s = providers.bars("stooq") as StooqProvider;
    expect(await s.quote({ symbol: "AAPL", mic: "XNAS", country: "US" })).toMatchObject({
      price: 183.05,
      volume: 50759496,
      asOf: "2024-05-10T20:00:09.000Z",
    });
    const e = await caught(s.quote({ symbol: "ZZZZ", country: "US" }));
    expect(e).toBeInstanceOf(ProviderNotFoundError);
  });
});

describe("alphavantage", () => {
  it("reads the daily adjusted series with dividend and split events, hiding the key in logs", async () => {
    const a = providers.bars("alphavantage") as AlphaVantageProvider;
    const r = await a.history({ symbol: "IBM", from: "2024-05-08", to: "2024-05-10", interval: "1d" });
    expect(r.bars.map((b) => b.ts)).toEqual([day("2024-05-08"), day("2024-05-09"), day("2024-05-10")]);
    expect(r.bars[0]).toEqual({
      ts: day("2024-05-08"),
      open: 168.95,
      high: 170.08,
      low: 167.22,
      close: 169.9,
      adjClose: 168.2244,
      volume: 3270430,
    });
    expect(r.actions).toEqual([{ type: "dividend", exDate: "2024-05-09", amount: 1.67 }]);
    const n = await a.history({ symbol: "NVDA", from: "2024-06-01", to: "2024-06-11", interval: "1d" });
    expect(n.actions).toEqual([{ type: "split", exDate: "2024-06-10", splitTo: 10, splitFrom: 1 }]);
    const logs = await logsFor("alphavantage");
    expect(logs.every((l) => !l.endpoint.includes("SECRETKEY123") && l.endpoint.includes("apikey=***"))).toBe(
      true,
    );
    const cached = await env.platform.database.db
      .select()
      .from(rawDataCache)
      .where(eq(rawDataCache.sourceName, "alphavantage"));
    expect(cached.every((c) => !c.cacheKey.includes("SECRETKEY123"))).toBe(true);
  });

  it("treats Note and Information as retryable rate-limit errors and Error Message as permanent", async () => {
    const a = providers.bars("alphavantage") as AlphaVantageProvider;
    const note = await caught(
      a.history({ symbol: "LIMIT", from: "2024-05-08", to: "2024-05-10", interval: "1d" }),
    );
    expect(note.code).toBe("provider_rate_limited");
    expect(note.retryable).toBe(true);
    expect(note.message).toMatch(/^alphavantage: rate limited: Thank you for using Alpha Vantage/);
    const info = await caught(
      a.history({ symbol: "INFO", from: "2024-05-08", to: "2024-05-10", interval: "1d" }),
    );
    expect(info.message).toMatch(/^alphavantage: rate limited: We have detected your API key/);
    const err = await caught(
      a.history({ symbol: "NOPE", from: "2024-05-08", to: "2024-05-10", interval: "1d" }),
    );
    expect(err.retryable).toBe(false);
    expect(err.message).toMatch(/^alphavantage: Invalid API call/);
    const bad = await caught(
      a.history({ symbol: "BAD", from: "2024-05-08", to: "2024-05-10", interval: "1d" }),
    );
    expect(bad.message).toBe(
      "alphavantage: malformed payload: field Time Series (Daily).2024-05-10.4. close: expected a decimal number string",
    );
    const logs = await logsFor("alphavantage");
    expect(logs.filter((l) => l.errorMessage?.includes("rate limited"))).toHaveLength(2);
  });

  it("answers GLOBAL_QUOTE and SYMBOL_SEARCH", async () => {
    const a = providers.bars("alphavantage") as AlphaVantageProvider;
    expect(await a.quote({ symbol: "IBM", mic: "XNYS", country: "US" })).toEqual({
      symbol: "IBM",
      price: 167.15,
      currency: null,
      asOf: "2024-05-10T00:00:00.000Z",
      previousClose: 166.27,
      volume: 2255288,
    });
    expect(await caught(a.quote({ symbol: "ZZZZ", country: "US" }))).toBeInstanceOf(ProviderNotFoundError);
    const s = await a.search("tesco");
    expect(s[0]).toEqual({
      symbol: "TSCO.LON",
      name: "Tesco PLC",
      exchange: "United Kingdom",
      type: "Equity",
      currency: "GBX",
    });
  });
});

describe("frankfurter", () => {
  it("reads a USD time series and a single date", async () => {
    const f = providers.fx("frankfurter");
    const r = await f.rates({
      base: "USD",
      quotes: ["EUR", "KRW", "JPY", "GBP", "CHF"],
      from: "2024-01-02",
      to: "2024-01-05",
    });
    expect(r).toHaveLength(20);
    expect(r.find((p) => p.date === "2024-01-05" && p.quote === "KRW")).toEqual({
      date: "2024-01-05",
      base: "USD",
      quote: "KRW",
      rate: 1316.39,
    });
    expect(
      replay.requests.some(
        (q) => q.url === "/v1/2024-01-02..2024-01-05?base=USD&symbols=EUR,KRW,JPY,GBP,CHF",
      ),
    ).toBe(true);
    const one = await f.rates({ base: "USD", from: "2024-01-06", to: "2024-01-06" });
    expect(one).toEqual([
      { date: "2024-01-05", base: "USD", quote: "EUR", rate: 0.91458 },
      { date: "2024-01-05", base: "USD", quote: "KRW", rate: 1316.39 },
    ]);
  });

  it("answers not found and names a malformed rate", async () => {
    const f = providers.fx("frankfurter");
    const e = await caught(f.rates({ base: "XXX", from: "2024-01-02", to: "2024-01-05" }));
    expect(e).toBeInstanceOf(ProviderNotFoundError);
    expect(e.message).toBe("frankfurter: not found");
    const m = await caught(f.rates({ base: "USD", from: "2023-01-02", to: "2023-01-05" }));
    expect(m.message).toMatch(/^frankfurter: malformed payload: field rates\.2024-01-02\.EUR: /);
  });
});

describe("krx", () => {
  it("resolves the ISIN, then reads comma-formatted daily prices", async () => {
    const k = providers.bars("krx") as KrxProvider;
    const r = await k.history({
      symbol: "005930",
      mic: "XKRX",
      country: "KR",
      from: "2024-01-02",
      to: "2024-01-05",
      interval: "1d",
    });
    expect(r.currency).toBe("KRW");
    expect(r.bars).toEqual([
      {
        ts: day("2024-01-02"),
        open: 78200,
        high: 79800,
        low: 78200,
        close: 79600,
        adjClose: null,
        volume: 17142847,
      },
      {
        ts: day("2024-01-03"),
        open: 78500,
        high: 78800,
        low: 77000,
        close: 77000,
        adjClose: null,
        volume: 21753644,
      },
      {
        ts: day("2024-01-04"),
        open: 76100,
        high: 77300,
        low: 76100,
        close: 76600,
        adjClose: null,
        volume: 15324439,
      },
      {
        ts: day("2024-01-05"),
        open: 76700,
        high: 77100,
        low: 76400,
        close: 76600,
        adjClose: null,
        volume: 11304316,
      },
    ]);
    const post = replay.requests.find(
      (q) => q.method === "POST" && q.body.includes("MDCSTAT01701") && q.body.includes("20240102"),
    );
    const form = new URLSearchParams(post?.body);
    expect(form.get("isuCd")).toBe("KR7005930003");
    expect(form.get("isuCd2")).toBe("005930");
    expect(form.get("endDd")).toBe("20240105");
    expect(post?.headers["content-type"]).toMatch(/^application\/x-www-form-urlencoded/);
    const s = await k.search("삼성");
    expect(s.map((h) => [h.symbol, h.name])).toEqual([
      ["005930", "삼성전자"],
      ["005935", "삼성전자우"],
    ]);
  });

  it("handles empty output, a malformed price, a refused request and an unknown code", async () => {
    const k = providers.bars("krx") as KrxProvider;
    const empty = await k.history({ symbol: "005930", from: "2024-01-06", to: "2024-01-07", interval: "1d" });
    expect(empty.bars).toEqual([]);
    const bad = await caught(
      k.history({ symbol: "005930", from: "2024-01-05", to: "2024-01-05", interval: "1d" }),
    );
    expect(bad.message).toBe('krx: malformed payload: field output.0.TDD_CLSPRC: "76,6OO" is not a number');
    const refused = await caught(
      k.history({ symbol: "005930", from: "2023-01-02", to: "2023-01-05", interval: "1d" }),
    );
    expect(refused.message).toBe("krx: HTTP 400: LOGOUT");
    const unknown = await caught(
      k.history({ symbol: "999999", from: "2024-01-02", to: "2024-01-05", interval: "1d" }),
    );
    expect(unknown).toBeInstanceOf(ProviderNotFoundError);
    const logs = await logsFor("krx");
    expect(logs.find((l) => l.statusCode === 400)?.errorMessage).toBe("krx: HTTP 400: LOGOUT");
    expect(logs.find((l) => l.recordsFetched === 4)).toBeTruthy();
  });
});

describe("csv", () => {
  it("reads a file under imports/ and a URL; refuses bad rows by row number and paths outside", async () => {
    const c = providers.bars("csv") as CsvProvider;
    mkdirSync(join(dataDir, "imports"), { recursive: true });
    writeFileSync(
      join(dataDir, "imports", "x.csv"),
      "date,open,high,low,close,volume\n2024-01-02,10,11,9,10.5,100\n2024-01-03,10.5,12,10,11,200\n",
    );
    const r = await c.history({
      symbol: "X",
      from: "2024-01-01",
      to: "2024-01-31",
      interval: "1d",
      location: "x.csv",
    } as never);
    expect(r.bars).toEqual([
      { ts: day("2024-01-02"), open: 10, high: 11, low: 9, close: 10.5, adjClose: null, volume: 100 },
      { ts: day("2024-01-03"), open: 10.5, high: 12, low: 10, close: 11, adjClose: null, volume: 200 },
    ]);
    writeFileSync(
      join(dataDir, "imports", "bad.csv"),
      "date,open,high,low,close,volume\n2024-01-02,10,11,9,10.5,100\n2024-01-03,10.5,9,10,11,200\n",
    );
    const bad = await caught(
      c.history({
        symbol: "X",
        from: "2024-01-01",
        to: "2024-01-31",
        interval: "1d",
        location: "bad.csv",
      } as never),
    );
    expect(bad.message).toMatch(/^csv: 1 rejected: row 3: high 9 is below open 10.5/);
    const out = await caught(
      c.history({
        symbol: "X",
        from: "2024-01-01",
        to: "2024-01-31",
        interval: "1d",
        location: "../secret.csv",
      } as never),
    );
    expect(out.message).toMatch(/^csv: file \.\.\/secret\.csv is outside the import folder/);
    const u = await c.history({
      symbol: "X",
      from: "2024-05-01",
      to: "2024-05-31",
      interval: "1d",
      location: `${replay.url}/files/aapl.csv`,
    } as never);
    expect(u.bars.map((b) => b.adjClose)).toEqual([184.57, 183.05]);
    const logs = await logsFor("csv");
    expect(logs.map((l) => l.endpoint)).toEqual(
      expect.arrayContaining(["file:x.csv", "file:bad.csv", `${replay.url}/files/aapl.csv`]),
    );
    expect(logs.find((l) => l.endpoint === "file:bad.csv")?.errorMessage).toMatch(/row 3/);
  });
});

describe("registry", () => {
  it("refuses a provider that is not enabled, and works offline with csv only", async () => {
    const offline = createProviders({ ...ctx.config, MARKET_PROVIDERS: [] }, null);
    expect(() => offline.bars("yahoo")).toThrow(/yahoo: provider is not enabled; add it to MARKET_PROVIDERS/);
    expect(offline.bars("csv").id).toBe("csv");
    expect(offline.forListing({ country: "US", assetClass: "equity" })).toBeNull();
    expect(providers.forListing({ country: "KR", assetClass: "equity" })?.id).toBe("krx");
    expect(providers.forListing({ country: "US", assetClass: "equity" })?.id).toBe("yahoo");
    expect(providers.forListing({ country: null, assetClass: "fx" })).toBeNull();
    const rows = await env.platform.database.db
      .select()
      .from(dataSourceLog)
      .where(and(eq(dataSourceLog.sourceName, "yahoo")));
    expect(rows.every((r) => r.durationMs !== null && r.durationMs >= 0)).toBe(true);
  });
});
