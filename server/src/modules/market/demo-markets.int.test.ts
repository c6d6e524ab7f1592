// Issue 16: after the demo load every configured instrument has bars and a quote (KRX listings and
// gold synthetic and labelled so, FX pairs derived from the reference rates); the instruments list
// filters and pages without a search; an instrument without bars answers quote: null, not 404; and
// bars carry cache validators.
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, operatorCtx, signIn } from "../../../test/factories.ts";
import { createTestApp, type TestEnv } from "../../../test/harness.ts";
import { configuredInstruments, loadDemoData } from "./demo.ts";
import { krxTickSize, priceDecimals } from "./ticks.ts";

let env: TestEnv & { app: FastifyInstance };
let alice: { authorization: string };
let admin: { authorization: string };
type Inst = { id: string; symbol: string; currency: string; assetClass: string; priceDecimals: number };
let bySymbol: Record<string, Inst>;

beforeAll(async () => {
  env = await createTestApp();
  const u = await createUser(env.platform);
  const a = await createUser(env.platform, { role: "admin" });
  alice = (await signIn(env.app, u.username, u.password)).bearer;
  admin = (await signIn(env.app, a.username, a.password)).bearer;
  await loadDemoData(operatorCtx(env.platform));
  const res = await get("/api/instruments?limit=500");
  bySymbol = Object.fromEntries((res.json().instruments as Inst[]).map((i) => [i.symbol, i]));
}, 180_000);
afterAll(async () => env?.close());

const get = (url: string, headers: Record<string, string> = alice) =>
  env.app.inject({ method: "GET", url, headers });
const inst = (symbol: string) => {
  const i = bySymbol[symbol];
  if (!i) throw new Error(`${symbol} is not listed`);
  return i;
};

describe("demo data for every market", () => {
  it("gives every configured instrument bars and a quote priced from its last bar", async () => {
    const configured = configuredInstruments();
    expect(configured.length).toBeGreaterThan(10);
    for (const c of configured) {
      const i = inst(c.symbol);
      const bars = await get(`/api/instruments/${i.id}/bars?interval=1d&limit=100000`);
      expect(bars.statusCode, c.symbol).toBe(200);
      const list = bars.json().bars as { ts: string; close: number }[];
      expect(list.length, `${c.symbol} has daily bars`).toBeGreaterThan(50);
      const q = await get(`/api/instruments/${i.id}/quote`);
      expect(q.statusCode).toBe(200);
      const quote = q.json().quote;
      expect(quote, `${c.symbol} has a quote`).not.toBeNull();
      // The quote is the last bar of the finest interval; for daily-only instruments the last daily close.
      const intervals = (await get(`/api/instruments/${i.id}/intervals`)).json();
      if (intervals.stored.length === 1)
        expect(Number(quote.price), c.symbol).toBeCloseTo(list.at(-1)?.close as number, 8);
      expect(quote.priceDecimals).toBe(i.priceDecimals);
    }
  });

  it("generates KRX listings on KRX trading days, on KRX ticks, at realistic levels, labelled synthetic", async () => {
    for (const [symbol, lo, hi] of [
      ["005930", 20_000, 200_000],
      ["000660", 20_000, 800_000],
      ["035420", 40_000, 800_000],
    ] as const) {
      const i = inst(symbol);
      expect(i.priceDecimals).toBe(0);
      const bars = (await get(`/api/instruments/${i.id}/bars?interval=1d&limit=100000`)).json().bars as {
        ts: string;
        open: number;
        high: number;
        low: number;
        close: number;
        volume: number;
      }[];
      const days = bars.map((b) => b.ts.slice(0, 10));
      // KRX holidays and weekends have no bar: Seollal 2024 (Feb 9–12), Chuseok 2023 (Sep 28–29),
      // the Christmas and year-end closures.
      for (const closed of [
        "2024-02-09",
        "2024-02-12",
        "2023-09-28",
        "2023-09-29",
        "2024-12-25",
        "2024-12-31",
      ])
        expect(days, `${symbol} ${closed}`).not.toContain(closed);
      expect(days.every((d) => ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay()))).toBe(true);
      for (const b of bars) {
        for (const p of [b.open, b.high, b.low, b.close]) {
          expect(p % krxTickSize(p), `${symbol} ${b.ts} ${p} on its tick`).toBe(0);
          expect(p).toBeGreaterThan(lo);
          expect(p).toBeLessThan(hi);
        }
        expect(b.low).toBeLessThanOrEqual(Math.min(b.open, b.close));
        expect(b.high).toBeGreaterThanOrEqual(Math.max(b.open, b.close));
        expect(b.volume).toBeGreaterThan(0);
      }
      const quote = (await get(`/api/instruments/${i.id}/quote`)).json().quote;
      expect(quote.barSource).toBe("synthetic");
      expect(quote.currency).toBe("KRW");
    }
  });

  it("derives FX pairs' bars from the stored reference rates, labelled fx-rates", async () => {
    const usdkrw = inst("USDKRW");
    const eurusd = inst("EURUSD");
    expect(usdkrw.priceDecimals).toBe(2);
    expect(eurusd.priceDecimals).toBe(4);
    const day = "2024-06-03";
    const krw = (await get(`/api/fx/rates?base=USD&quote=KRW&date=${day}`)).json();
    const eur = (await get(`/api/fx/rates?base=EUR&quote=USD&date=${day}`)).json();
    const bar = async (id: string) =>
      (await get(`/api/instruments/${id}/bars?interval=1d&from=${day}&to=2024-06-04`)).json().bars[0];
    expect((await bar(usdkrw.id)).close).toBeCloseTo(Number(krw.rate), 2);
    expect((await bar(eurusd.id)).close).toBeCloseTo(Number(eur.rate), 4);
    // Each bar opens at the previous fixing.
    const two = (
      await get(`/api/instruments/${usdkrw.id}/bars?interval=1d&from=2024-06-03&to=2024-06-05`)
    ).json().bars as { open: number; close: number }[];
    expect(two).toHaveLength(2);
    expect(two[1]?.open).toBe(two[0]?.close);
    const q = (await get(`/api/instruments/${usdkrw.id}/quote`)).json().quote;
    expect(q.barSource).toBe("fx-rates");
  });

  it("gives gold a labelled synthetic series in dollars to the cent", async () => {
    const gold = inst("XAUUSD");
    const q = (await get(`/api/instruments/${gold.id}/quote`)).json().quote;
    expect(q.barSource).toBe("synthetic");
    expect(Number(q.price)).toBeGreaterThan(1000);
    expect(q.price).toMatch(/^\d+(\.\d{1,2})?$/);
  });
});

describe("instruments listing", () => {
  type Page = { instruments: Inst[]; total: number; limit: number; offset: number };
  it("lists without a search, filters by market, asset class and currency, and counts the total", async () => {
    const all = (await get("/api/instruments?limit=500")).json() as Page;
    expect(all.total).toBe(all.instruments.length);
    const kr = (await get("/api/instruments?country=KR")).json() as Page;
    expect(kr.instruments.map((i) => i.symbol).sort()).toEqual(["000660", "005930", "035420", "999001"]);
    expect(kr.total).toBe(4);
    const fx = (await get("/api/instruments?assetClass=fx")).json() as Page;
    expect(fx.instruments.every((i) => i.assetClass === "fx")).toBe(true);
    expect(fx.total).toBe(6);
    const usd = (await get("/api/instruments?currency=USD&assetClass=fx")).json() as Page;
    expect(usd.instruments.map((i) => i.symbol).sort()).toEqual(["EURUSD", "GBPUSD", "XAUUSD"]);
    const krx = (await get("/api/instruments?mic=XKRX")).json() as Page;
    expect(krx.total).toBe(3);
  });

  it("pages: limit and offset walk every instrument once, with the same total", async () => {
    const all = (await get("/api/instruments?limit=500")).json() as Page;
    const seen: string[] = [];
    for (let offset = 0; offset < all.total; offset += 4) {
      const page = (await get(`/api/instruments?limit=4&offset=${offset}`)).json() as Page;
      expect(page.total).toBe(all.total);
      expect(page.offset).toBe(offset);
      seen.push(...page.instruments.map((i) => i.id));
    }
    expect(seen).toEqual(all.instruments.map((i) => i.id));
    const past = (await get(`/api/instruments?limit=4&offset=${all.total + 10}`)).json() as Page;
    expect(past.instruments).toEqual([]);
    expect(past.total).toBe(all.total);
  });

  it("pages searches too, with the number of matches", async () => {
    const first = (await get("/api/instruments?q=synthetic&limit=1")).json() as Page;
    expect(first.total).toBeGreaterThanOrEqual(2);
    const second = (await get("/api/instruments?q=synthetic&limit=1&offset=1")).json() as Page;
    expect(second.instruments[0]?.id).not.toBe(first.instruments[0]?.id);
    const past = (await get("/api/instruments?q=synthetic&limit=1&offset=50")).json() as Page;
    expect(past.total).toBe(first.total);
  });

  it("refuses a bad currency or offset naming the field", async () => {
    const r = await get("/api/instruments?currency=won");
    expect(r.statusCode).toBe(400);
    expect(r.json().message).toContain("currency");
    const o = await get("/api/instruments?offset=-1");
    expect(o.statusCode).toBe(400);
    expect(o.json().message).toContain("offset");
  });
});

describe("quote of an instrument without bars", () => {
  it("answers 200 with quote: null, and 404 only for an unknown instrument", async () => {
    const created = await env.app.inject({
      method: "POST",
      url: "/api/instruments",
      headers: admin,
      payload: { symbol: "NOBARS", mic: "XNYS", name: "No Bars Inc." },
    });
    expect(created.statusCode).toBe(201);
    const r = await get(`/api/instruments/${created.json().id}/quote`);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ quote: null });
    const unknown = await get("/api/instruments/00000000-0000-4000-8000-000000000000/quote");
    expect(unknown.statusCode).toBe(404);
  });
});

describe("bars caching", () => {
  it("answers an ETag and 304 on revalidation, and is immutable only under the current version", async () => {
    const aapl = inst("AAPL");
    const { version } = (await get(`/api/instruments/${aapl.id}/intervals`)).json();
    expect(version).toMatch(/^[0-9a-f]{16}$/);
    const url = `/api/instruments/${aapl.id}/bars?interval=1d&from=2016-01-01&to=2017-01-01`;
    const first = await get(url);
    expect(first.headers["cache-control"]).toBe("private, no-cache");
    expect(first.headers["x-data-version"]).toBe(version);
    const etag = first.headers.etag as string;
    expect(etag).toBeTruthy();
    const again = await get(url, { ...alice, "if-none-match": etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe("");
    const other = await get(`${url}&adjusted=true`, { ...alice, "if-none-match": etag });
    expect(other.statusCode).toBe(200);
    const pinned = await get(`${url}&v=${version}`);
    expect(pinned.headers["cache-control"]).toBe("private, max-age=31536000, immutable");
    expect(pinned.json().bars).toEqual(first.json().bars);
    // A new dividend changes the adjusted bars: the version moves, and the old validators no longer match.
    const action = await env.app.inject({
      method: "POST",
      url: `/api/instruments/${aapl.id}/actions`,
      headers: admin,
      payload: { actionType: "dividend", exDate: "2016-06-01", amount: "0.01", currency: "USD" },
    });
    expect(action.statusCode).toBe(201);
    const next = (await get(`/api/instruments/${aapl.id}/intervals`)).json().version;
    expect(next).not.toBe(version);
    const stale = await get(`${url}&v=${version}`, { ...alice, "if-none-match": etag });
    expect(stale.statusCode).toBe(200);
    expect(stale.headers["cache-control"]).toBe("private, no-cache");
  });
});

describe("price decimals", () => {
  it("follow the pip, whole units for KRW and JPY listings, else cents", () => {
    expect(priceDecimals({ currency: "USD", assetClass: "fx", pipValue: "0.0001" })).toBe(4);
    expect(priceDecimals({ currency: "KRW", assetClass: "equity", pipValue: null })).toBe(0);
    expect(priceDecimals({ currency: "USD", assetClass: "equity", pipValue: null })).toBe(2);
    expect(krxTickSize(1_999)).toBe(1);
    expect(krxTickSize(55_000)).toBe(100);
    expect(krxTickSize(199_999)).toBe(100);
    expect(krxTickSize(200_000)).toBe(500);
    expect(krxTickSize(500_000)).toBe(1_000);
  });
});
