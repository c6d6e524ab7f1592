// Instrument identity (decision 0004): MIC and country from a MIC, an exchange name or an old market
// code; one listing per (symbol, MIC), one per symbol in the US and Korea, one per ISIN; Korean
// listings in KRW; resolution by ISIN, symbol + MIC, symbol + country. Verbs and HTTP, on PGlite or
// PostgreSQL (TEST_DATABASE_URL).
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, operatorCtx, signIn } from "../../../../test/factories.ts";
import { createTestApp, type TestEnv } from "../../../../test/harness.ts";
import { ConflictError, ValidationError } from "../../../platform/errors.ts";
import {
  createInstrument,
  resolveInstrument,
  searchInstruments,
  seedInstruments,
  updateInstrument,
} from "./service.ts";

let env: TestEnv & { app: FastifyInstance };
let user: { authorization: string };
const ctx = () => operatorCtx(env.platform);
const create = (input: Parameters<typeof createInstrument>[0]["input"]) =>
  createInstrument({ ctx: ctx(), input });
const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error("expected a failure");
    },
    (e: unknown) => e as Error,
  );

beforeAll(async () => {
  env = await createTestApp();
  const u = await createUser(env.platform);
  user = (await signIn(env.app, u.username, u.password)).bearer;
});
afterAll(async () => env?.close());

describe("where an instrument is listed", () => {
  it("takes a MIC (any case), an exchange name or an old market code, and answers mic, country and market", async () => {
    const aapl = await create({ symbol: "AAPL", mic: "xnas", name: "Apple", isin: "US0378331005" });
    expect(aapl).toMatchObject({
      mic: "XNAS",
      country: "US",
      exchange: "NASDAQ",
      market: "US",
      currency: "USD",
    });
    const spy = await create({
      symbol: "SPY",
      exchange: "NYSE Arca",
      name: "SPDR S&P 500",
      assetClass: "etf",
    });
    expect(spy).toMatchObject({ mic: "ARCX", country: "US", exchange: "NYSE Arca" });
    const kosdaq = await create({ symbol: "035720", market: "KOSDAQ", name: "Kakao" });
    // Korean listings default to KRW.
    expect(kosdaq).toMatchObject({
      mic: "XKOS",
      country: "KR",
      exchange: "KOSDAQ",
      currency: "KRW",
      market: "KR",
    });
    const region = await create({ symbol: "NVDA", market: "US", name: "NVIDIA" });
    expect(region).toMatchObject({ mic: "XXXX", country: "US", exchange: null, market: "US" });
    const fx = await create({
      symbol: "eurkrw",
      market: "FX",
      assetClass: "fx",
      name: "EUR/KRW",
      currency: "KRW",
      baseCurrency: "EUR",
      quoteCurrency: "KRW",
    });
    expect(fx).toMatchObject({ symbol: "EURKRW", mic: "XXXX", country: null, market: "FX" });
    const lse = await create({ symbol: "VOD", mic: "XLON", name: "Vodafone", currency: "GBP" });
    expect(lse).toMatchObject({ country: "GB", exchange: "London Stock Exchange", market: "GB" });
    const other = await create({
      symbol: "ABC",
      mic: "XWAR",
      country: "PL",
      name: "Some Warsaw listing",
      currency: "PLN",
    });
    expect(other).toMatchObject({ mic: "XWAR", country: "PL", exchange: null });
  });

  it("refuses contradictions and unknowns by field name", async () => {
    const cases: [Parameters<typeof create>[0], RegExp][] = [
      [{ symbol: "X1", name: "x" }, /^input\.mic: say where it is listed/],
      [{ symbol: "X2", mic: "QQQQ", name: "x" }, /^input\.country: MIC QQQQ is not one Bullpen knows/],
      [{ symbol: "000001", mic: "XKRX", country: "US", name: "x" }, /^input\.country: XKRX is in KR, not US/],
      [
        { symbol: "000002", market: "KOSDAQ", mic: "XKRX", name: "x" },
        /^input\.market: market KOSDAQ is not MIC XKRX/,
      ],
      [{ symbol: "X3", market: "US", mic: "XKRX", name: "x" }, /^input\.market: market US is not MIC XKRX/],
      [
        { symbol: "X4", mic: "XNAS", exchange: "KOSPI", name: "x" },
        /^input\.exchange: exchange KOSPI is not MIC XNAS/,
      ],
      [{ symbol: "X5", mic: "XNAS", country: "usa", name: "x" }, /^input\.country: /],
      [{ symbol: "X6", mic: "NAS", name: "x" }, /^input\.mic: /],
    ];
    for (const [input, message] of cases) {
      const e = await failure(create(input));
      expect(e, JSON.stringify(input)).toBeInstanceOf(ValidationError);
      expect(e.message, JSON.stringify(input)).toMatch(message);
    }
  });

  it("keeps Korean listings in KRW (400 naming input.currency, and a check constraint)", async () => {
    const e = await failure(
      create({ symbol: "005380", mic: "XKRX", name: "Hyundai Motor", currency: "USD" }),
    );
    expect(e).toBeInstanceOf(ValidationError);
    expect(e.message).toMatch(/input\.currency: a Korean listing trades in KRW, not USD/);
    const kia = await create({ symbol: "000270", mic: "XKRX", name: "Kia" });
    const patch = await failure(
      updateInstrument({ ctx: ctx(), input: { id: kia.id, patch: { currency: "USD" } } }),
    );
    expect(patch.message).toMatch(/input\.currency/);
    await expect(
      env.database.query("update market.instruments set currency = 'USD' where id = $1", [kia.id]),
    ).rejects.toThrow(/instruments_kr_currency_check/);
    const http = await env.app.inject({
      method: "POST",
      url: "/api/instruments",
      headers: { authorization: (await adminBearer()).authorization },
      payload: { symbol: "005490", mic: "XKRX", name: "POSCO", currency: "USD" },
    });
    expect(http.statusCode).toBe(400);
    expect(http.json().message).toMatch(/^input\.currency: /);
  });
});

let admin: { authorization: string } | undefined;
async function adminBearer() {
  if (!admin) {
    const a = await createUser(env.platform, { role: "admin" });
    admin = (await signIn(env.app, a.username, a.password)).bearer;
  }
  return admin;
}

describe("one instrument per listing", () => {
  it("refuses a second row for the same symbol and MIC, the same US or Korean symbol on another venue, and a known ISIN", async () => {
    await create({ symbol: "MSFT", market: "NASDAQ", name: "Microsoft", isin: "US5949181045" });
    for (const input of [
      { symbol: "MSFT", mic: "XNAS", name: "again" },
      // AAPL/US and AAPL/NASDAQ were two rows before; now the country names the same security.
      { symbol: "MSFT", market: "US" as const, name: "region" },
      { symbol: "MSFT", mic: "XNYS", name: "other venue" },
      { symbol: "MSFT2", mic: "XNYS", name: "same ISIN", isin: "US5949181045" },
    ]) {
      const e = await failure(create(input));
      expect(e, input.name).toBeInstanceOf(ConflictError);
      expect(e.message, input.name).toMatch(/MSFT|US5949181045/);
    }
    // Outside the US and Korea one symbol may be listed on several venues.
    await create({ symbol: "SAP", mic: "XETR", name: "SAP (Xetra)", currency: "EUR" });
    await create({ symbol: "SAP", mic: "XFRA", name: "SAP (Frankfurt)", currency: "EUR" });
    const dup = await env.app.inject({
      method: "POST",
      url: "/api/instruments",
      headers: await adminBearer(),
      payload: { symbol: "SAP", mic: "XETR", name: "again", currency: "EUR" },
    });
    expect(dup.statusCode).toBe(409);
  });

  it("moves a listing to its venue once known (XXXX → XNAS), keeping its id", async () => {
    const amd = await create({ symbol: "AMD", market: "US", name: "AMD" });
    expect(amd.mic).toBe("XXXX");
    const moved = await updateInstrument({ ctx: ctx(), input: { id: amd.id, patch: { mic: "XNAS" } } });
    expect(moved).toMatchObject({ id: amd.id, mic: "XNAS", country: "US", exchange: "NASDAQ" });
  });
});

describe("the configured list", () => {
  it("gives a listing entered without its venue the configured one, instead of failing on the duplicate", async () => {
    const intc = await create({ symbol: "INTC", market: "US", name: "Intel" });
    const seeded = await seedInstruments({
      ctx: ctx(),
      input: [
        { symbol: "INTC", mic: "XNAS", name: "Intel Corporation", isin: "US4581401001" },
        { symbol: "QCOM", mic: "XNAS", name: "Qualcomm" },
      ],
    });
    expect(seeded).toEqual({ configured: 2, inserted: 1 });
    const row = await resolveInstrument({ ctx: ctx(), input: { symbol: "INTC", country: "US" } });
    expect(row).toMatchObject({ id: intc.id, mic: "XNAS", name: "Intel Corporation", isin: "US4581401001" });
    // Applying it again changes nothing.
    expect(
      await seedInstruments({
        ctx: ctx(),
        input: [{ symbol: "INTC", mic: "XNAS", name: "Intel Corporation" }],
      }),
    ).toEqual({
      configured: 1,
      inserted: 0,
    });
  });
});

describe("resolveInstrument", () => {
  it("finds by ISIN, by symbol and MIC, by symbol and country, by a unique symbol; null when none; 409 when several", async () => {
    const r = (input: Parameters<typeof resolveInstrument>[0]["input"]) =>
      resolveInstrument({ ctx: ctx(), input });
    expect((await r({ isin: "us0378331005" }))?.symbol).toBe("AAPL");
    // A broker row's ISIN wins over its symbol.
    expect((await r({ isin: "US0378331005", symbol: "WRONG" }))?.symbol).toBe("AAPL");
    expect((await r({ symbol: "AAPL", mic: "XNAS" }))?.mic).toBe("XNAS");
    expect((await r({ symbol: "aapl", country: "US" }))?.symbol).toBe("AAPL");
    expect((await r({ symbol: "AAPL", market: "NASDAQ" }))?.symbol).toBe("AAPL");
    expect((await r({ symbol: "035720", market: "KOSDAQ" }))?.mic).toBe("XKOS");
    expect((await r({ symbol: "035720", exchange: "KOSDAQ" }))?.mic).toBe("XKOS");
    expect((await r({ symbol: "EURKRW", market: "FX" }))?.assetClass).toBe("fx");
    expect(await r({ symbol: "AAPL", mic: "XNYS" })).toBeNull();
    expect(await r({ symbol: "AAPL", country: "KR" })).toBeNull();
    expect((await r({ symbol: "VOD" }))?.mic).toBe("XLON");
    const e = await failure(r({ symbol: "SAP" }));
    expect(e).toBeInstanceOf(ConflictError);
    expect(e.message).toMatch(/SAP on XETR, SAP on XFRA; give the MIC/);
    expect((await r({ symbol: "SAP", mic: "XFRA" }))?.name).toBe("SAP (Frankfurt)");
    expect((await failure(r({ mic: "XNAS" }))).message).toMatch(/^input\.symbol: give an isin or a symbol/);
  });

  it("answers over HTTP: 200, 404, 409, and 400 for bad input", async () => {
    const get = (q: string) => env.app.inject({ url: `/api/instruments/resolve?${q}`, headers: user });
    const ok = await get("symbol=AAPL&mic=XNAS");
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ symbol: "AAPL", mic: "XNAS", country: "US" });
    expect((await get("isin=US0378331005")).json().symbol).toBe("AAPL");
    expect((await get("symbol=NOPE&country=US")).statusCode).toBe(404);
    expect((await get("symbol=SAP")).statusCode).toBe(409);
    expect((await get("symbol=AAPL&mic=XNASDAQ")).statusCode).toBe(400);
    expect((await get("")).statusCode).toBe(400);
    expect((await env.app.inject({ url: "/api/instruments/resolve?symbol=AAPL" })).statusCode).toBe(401);
  });

  it("lists by MIC and by country", async () => {
    const list = async (input: Parameters<typeof searchInstruments>[0]["input"]) =>
      (await searchInstruments({ ctx: ctx(), input })).map((i) => i.symbol).sort();
    expect(await list({ mic: "XETR" })).toEqual(["SAP"]);
    expect(await list({ country: "KR" })).toEqual(["000270", "035720"]);
    expect(await list({ market: "KOSDAQ" })).toEqual(["035720"]);
    expect(await list({ q: "sap", country: "DE" })).toEqual(["SAP", "SAP"]);
    const http = await env.app.inject({ url: "/api/instruments?mic=xnas", headers: user });
    expect(
      http
        .json()
        .instruments.map((i: { symbol: string }) => i.symbol)
        .sort(),
    ).toEqual(["AAPL", "AMD", "INTC", "MSFT", "QCOM"]);
  });
});
