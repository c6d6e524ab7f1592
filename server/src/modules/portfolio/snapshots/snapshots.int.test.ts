// Screenshot import through HTTP on a real database: screens drawn by the fixtures and captured in
// headless Chromium, read by the real OCR, mapped to seeded instruments, corrected, confirmed,
// reconciled with the ledger's holdings, and kept to their owner.
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKeyFor, createUser, type SignedIn, signIn } from "../../../../test/factories.ts";
import { createTestApp, type TestEnv } from "../../../../test/harness.ts";
import { Decimal } from "../../../platform/money.ts";
import { holdings } from "../schema.ts";
import type { SnapshotOut } from "./contracts.ts";
import { ocrRunning, stopOcr } from "./ocr.ts";
import { chromiumAvailable, renderPng } from "./test-fixtures/render.ts";
import { makeScreen, type Screen } from "./test-fixtures/screens.ts";
import { seedScreenInstruments, upload } from "./test-fixtures/upload.ts";

const chromium = chromiumAvailable();
if (!chromium)
  console.warn("snapshots.int.test: Chromium not found at /usr/bin/chromium — the screenshot tests skip");

let env: TestEnv & { app: FastifyInstance };
let app: FastifyInstance;
let a: SignedIn;
let b: SignedIn;
const shots = new Map<number, { screen: Screen; png: Buffer }>();

async function shot(seed: number) {
  let s = shots.get(seed);
  if (!s) {
    const screen = makeScreen(seed);
    s = { screen, png: await renderPng(screen.html, screen.width, screen.height) };
    shots.set(seed, s);
  }
  return s;
}

beforeAll(async () => {
  env = await createTestApp();
  app = env.app;
  await seedScreenInstruments(env.platform);
  const ua = await createUser(env.platform);
  const ub = await createUser(env.platform);
  a = await signIn(app, ua.username, ua.password);
  b = await signIn(app, ub.username, ub.password);
}, 60_000);

afterAll(async () => {
  await stopOcr();
  await env?.close();
});

describe("screenshot upload: bad input", () => {
  it("answers a file that is not a PNG or JPEG, an empty form and bad fields with a 400 naming the field", async () => {
    const text = await upload(app, a.bearer, Buffer.from("date,open\n2024-01-02,1\n"));
    expect(text.statusCode).toBe(400);
    expect(text.json().message).toMatch(/image: must be a PNG or JPEG/);
    const none = await upload(app, a.bearer, null, { reader: "ocr" });
    expect(none.statusCode).toBe(400);
    expect(none.json().message).toMatch(/image/);
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    const badField = await upload(app, a.bearer, png, { takenAt: "yesterday" });
    expect(badField.statusCode).toBe(400);
    expect(badField.json().message).toMatch(/takenAt/);
    const llm = await upload(app, a.bearer, png, { reader: "llm" });
    expect(llm.statusCode).toBe(400);
    expect(llm.json().message).toMatch(/reader: no LLM vision provider/);
    const json = await app.inject({
      method: "POST",
      url: "/api/portfolio/snapshots",
      headers: a.bearer,
      payload: {},
    });
    expect(json.statusCode).toBe(400);
  });

  it("answers an image over 10 MB with a 413", async () => {
    const big = Buffer.alloc(10 * 1024 * 1024 + 10, 1);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(big);
    const res = await upload(app, a.bearer, big);
    expect(res.statusCode).toBe(413);
  });

  it("refuses anonymous callers and read-only API keys", async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect((await upload(app, {}, png)).statusCode).toBe(401);
    const key = await apiKeyFor(env.platform, a.userId, ["read"]);
    expect((await upload(app, key.bearer, png)).statusCode).toBe(403);
    expect(
      (await app.inject({ method: "GET", url: "/api/portfolio/snapshots", headers: key.bearer })).statusCode,
    ).toBe(200);
  });
});

describe.skipIf(!chromium)("a Korean app's holdings table, read offline", () => {
  let snap: SnapshotOut;

  it("reads the screen into a draft: lines mapped to instruments, totals in KRW", async () => {
    const { screen, png } = await shot(5); // table · ko · dark, with two US holdings valued in won
    const res = await upload(app, a.bearer, png, { takenAt: "2026-12-04T06:30:00Z" });
    expect(res.statusCode, res.body).toBe(201);
    snap = res.json() as SnapshotOut;
    expect(snap).toMatchObject({
      status: "draft",
      source: "ocr",
      provider: "tesseract.js",
      model: "kor+eng",
    });
    expect(snap.takenAt).toBe("2026-12-04T06:30:00.000Z");
    expect(snap.promptTokens).toBeNull();
    expect(snap.rawText).toContain("종목명");
    expect(snap.lines).toHaveLength(screen.lines.length);
    // Names map to the instruments the screen showed, garbled ones included ("5하이닉스" → SK하이닉스);
    // a name the OCR lost (two syllables read as other two) stays unmapped, never mapped wrong.
    const mapped = snap.lines.filter((l) => l.symbol !== null);
    expect(mapped.length / snap.lines.length).toBeGreaterThanOrEqual(0.8);
    for (const [k, l] of snap.lines.entries()) if (l.symbol) expect(l.symbol).toBe(screen.lines[k]?.symbol);
    expect(snap.lines.find((l) => l.symbol === "000660")?.name).not.toBe("SK하이닉스");
    expect(snap.lines.map((l) => l.market)).toEqual(screen.lines.map((l) => l.market));
    // Exact lines: quantity, prices, value, P&L and % as the screen shows them.
    for (const [k, t] of screen.lines.entries()) {
      const l = snap.lines[k];
      expect(l, `line ${k + 1}`).toMatchObject({
        quantity: t.quantity,
        currentValueKrw: t.value,
        pnlKrw: t.pnl,
      });
      expect(new Decimal(l?.averagePrice ?? "NaN").eq(t.averagePrice), `line ${k + 1} average`).toBe(true);
      expect(new Decimal(l?.pnlPct ?? "NaN").eq(t.pnlPct), `line ${k + 1} %`).toBe(true);
      expect(l?.purchaseValueKrw).toBe(new Decimal(t.value).minus(t.pnl).toString());
    }
    expect(snap.totalValueKrw).toBe(screen.totals.totalValue);
    expect(snap.purchaseValueKrw).toBe(screen.totals.purchaseValue);
    expect(snap.cashKrw).toBe(screen.totals.cashKrw);
    expect(snap.cashUsd).toBe(screen.totals.cashUsd);
    expect(snap.checks.map((c) => [c.code, c.params])).toEqual(
      snap.lines
        .filter((l) => !l.instrumentId)
        .map((l) => ["snapshot.lineNoInstrument", { line: l.line, name: l.name }]),
    );
  }, 180_000);

  it("answers the same screenshot twice with a 409", async () => {
    const { png } = await shot(5);
    const again = await upload(app, a.bearer, png);
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toContain(snap.id);
  });

  it("keeps a snapshot to its owner: another user's id answers 404", async () => {
    const own = await app.inject({
      method: "GET",
      url: `/api/portfolio/snapshots/${snap.id}`,
      headers: a.bearer,
    });
    expect(own.statusCode).toBe(200);
    for (const [method, url, payload] of [
      ["GET", `/api/portfolio/snapshots/${snap.id}`, undefined],
      ["PATCH", `/api/portfolio/snapshots/${snap.id}`, { cashKrw: "1" }],
      ["POST", `/api/portfolio/snapshots/${snap.id}/confirm`, undefined],
      ["DELETE", `/api/portfolio/snapshots/${snap.id}`, undefined],
    ] as const) {
      const r = await app.inject({ method, url, headers: b.bearer, ...(payload ? { payload } : {}) });
      expect(r.statusCode, `${method} ${url}`).toBe(404);
    }
    const list = await app.inject({ method: "GET", url: "/api/portfolio/snapshots", headers: b.bearer });
    expect(list.json().snapshots).toEqual([]);
    const mine = await app.inject({ method: "GET", url: "/api/portfolio/snapshots", headers: a.bearer });
    expect(
      mine.json().snapshots.map((s: { id: string; lineCount: number }) => [s.id, s.lineCount]),
    ).toContainEqual([snap.id, snap.lines.length]);
    expect(
      (await app.inject({ method: "GET", url: "/api/portfolio/snapshots/nope", headers: a.bearer }))
        .statusCode,
    ).toBe(404);
  });

  it("takes the user's corrections, refusing bad ones with the field named", async () => {
    const url = `/api/portfolio/snapshots/${snap.id}`;
    const bad = await app.inject({
      method: "PATCH",
      url,
      headers: a.bearer,
      payload: { lines: [{ line: 1, quantity: "-3" }] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/lines\.0\.quantity/);
    const unknown = await app.inject({
      method: "PATCH",
      url,
      headers: a.bearer,
      payload: { lines: [{ line: 1, instrumentId: "0190c5d5-0000-7000-8000-000000000000" }] },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().message).toMatch(/lines\.0\.instrumentId/);
    const nameless = await app.inject({
      method: "PATCH",
      url,
      headers: a.bearer,
      payload: { lines: [{ line: 40, quantity: "1" }] },
    });
    expect(nameless.statusCode).toBe(400);
    expect(nameless.json().message).toMatch(/lines\.0\.name/);

    const first = snap.lines[0] as SnapshotOut["lines"][number];
    const res = await app.inject({
      method: "PATCH",
      url,
      headers: a.bearer,
      payload: {
        cashKrw: "1000000",
        lines: [
          { line: first.line, name: "기아", quantity: "18", currentValueKrw: "1944900" },
          {
            line: 30,
            name: "현금성 ETF",
            market: "KR",
            currency: "KRW",
            quantity: "10",
            currentPrice: "10000",
          },
        ],
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    const out = res.json() as SnapshotOut;
    expect(out.cashKrw).toBe("1000000");
    expect(out.lines.find((l) => l.line === first.line)).toMatchObject({
      name: "기아",
      quantity: "18",
      currentValueKrw: "1944900",
    });
    expect(out.lines.find((l) => l.line === 30)).toMatchObject({ instrumentId: null, currentValueKrw: null });
    expect(out.checks).toContainEqual(
      expect.objectContaining({
        code: "snapshot.lineNoValue",
        params: expect.objectContaining({ line: 30 }),
      }),
    );
    const removed = await app.inject({
      method: "PATCH",
      url,
      headers: a.bearer,
      payload: { lines: [{ line: 30, remove: true }] },
    });
    expect(removed.json().lines.some((l: { line: number }) => l.line === 30)).toBe(false);
    snap = removed.json();
  });

  it("confirms: totals are the lines' sums, split KR/US; a confirmed snapshot no longer changes", async () => {
    const url = `/api/portfolio/snapshots/${snap.id}`;
    const res = await app.inject({ method: "POST", url: `${url}/confirm`, headers: a.bearer });
    expect(res.statusCode, res.body).toBe(200);
    const out = res.json() as SnapshotOut;
    const sum = (m: string) =>
      out.lines
        .filter((l) => l.market === m)
        .reduce((s, l) => s.plus(l.currentValueKrw ?? "0"), new Decimal(0));
    expect(out.status).toBe("confirmed");
    expect(out.krValueKrw).toBe(sum("KR").toString());
    expect(out.usValueKrw).toBe(sum("US").toString());
    expect(out.totalValueKrw).toBe(sum("KR").plus(sum("US")).toString());
    expect(new Decimal(out.usValueKrw ?? "0").gt(0)).toBe(true);
    expect(
      (await app.inject({ method: "PATCH", url, headers: a.bearer, payload: { cashKrw: "1" } })).statusCode,
    ).toBe(409);
    expect((await app.inject({ method: "POST", url: `${url}/confirm`, headers: a.bearer })).statusCode).toBe(
      409,
    );
  });

  it("reconciles with the ledger's holdings of an account, instrument by instrument", async () => {
    const acct = await app.inject({
      method: "POST",
      url: "/api/portfolio/accounts",
      headers: a.bearer,
      payload: { name: "Screens", baseCurrency: "KRW" },
    });
    expect(acct.statusCode, acct.body).toBe(201);
    const accountId = acct.json().id as string;
    const [l1, l2] = snap.lines.filter((l) => l.instrumentId);
    const samsung = (
      await app.inject({ method: "GET", url: "/api/instruments?q=005930", headers: a.bearer })
    ).json();
    const other = samsung.instruments.find((i: { symbol: string }) => i.symbol === "005930");
    const rows = [
      { instrumentId: l1?.instrumentId as string, quantity: l1?.quantity as string },
      {
        instrumentId: l2?.instrumentId as string,
        quantity: new Decimal(l2?.quantity ?? "0").plus(2).toString(),
      },
      ...(snap.lines.some((l) => l.instrumentId === other.id)
        ? []
        : [{ instrumentId: other.id as string, quantity: "5" }]),
    ];
    await env.database.db.insert(holdings).values(
      rows.map((r) => ({
        ...r,
        accountId,
        side: "long" as const,
        averageCost: "1",
        costBasis: "1",
        currency: "KRW",
        asOf: "2026-12-04",
      })),
    );
    const r = await app.inject({
      method: "GET",
      url: `/api/portfolio/snapshots/${snap.id}/reconcile?accountId=${accountId}`,
      headers: a.bearer,
    });
    expect(r.statusCode, r.body).toBe(200);
    const out = r.json();
    expect(out.asOf).toBe("2026-12-04");
    const by = new Map(out.lines.map((l: { instrumentId: string }) => [l.instrumentId, l]));
    expect(by.get(l1?.instrumentId)).toMatchObject({ status: "match", difference: "0" });
    expect(by.get(l2?.instrumentId)).toMatchObject({ status: "mismatch", difference: "-2" });
    if (!snap.lines.some((l) => l.instrumentId === other.id))
      expect(by.get(other.id)).toMatchObject({ status: "onlyLedger", ledgerQuantity: "5" });
    const count = (st: string) => out.lines.filter((l: { status: string }) => l.status === st).length;
    expect(count("onlySnapshot")).toBe(snap.lines.filter((l) => l.instrumentId).length - 2);
    expect(count("unmapped")).toBe(snap.lines.filter((l) => !l.instrumentId).length);
    // Another user's account, or none, answers 404; a bad id 400.
    const foreign = await app.inject({
      method: "GET",
      url: `/api/portfolio/snapshots/${snap.id}/reconcile?accountId=${accountId}`,
      headers: b.bearer,
    });
    expect(foreign.statusCode).toBe(404);
    const badId = await app.inject({
      method: "GET",
      url: `/api/portfolio/snapshots/${snap.id}/reconcile?accountId=x`,
      headers: a.bearer,
    });
    expect(badId.statusCode).toBe(400);
  });

  it("deletes a snapshot with its lines", async () => {
    const url = `/api/portfolio/snapshots/${snap.id}`;
    expect((await app.inject({ method: "DELETE", url, headers: a.bearer })).statusCode).toBe(204);
    expect((await app.inject({ method: "GET", url, headers: a.bearer })).statusCode).toBe(404);
  });
});

describe.skipIf(!chromium)("a JPEG screenshot", () => {
  it("is read like a PNG", async () => {
    const screen = makeScreen(7); // table · en · dark
    const jpeg = await renderPng(screen.html, screen.width, screen.height, 2, "jpeg");
    expect(jpeg.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    const res = await upload(app, b.bearer, jpeg);
    expect(res.statusCode, res.body).toBe(201);
    const snap = res.json() as SnapshotOut;
    expect(snap.lines.map((l) => l.symbol)).toEqual(screen.lines.map((l) => l.symbol));
    expect(snap.lines.map((l) => l.quantity)).toEqual(screen.lines.map((l) => l.quantity));
  }, 180_000);
});

describe.skipIf(!chromium)("a US-dollar holdings table", () => {
  it("needs the USD/KRW rate to confirm, then values each line at quantity × price × rate", async () => {
    const { screen, png } = await shot(3); // table · en · light: dollars only, no rate on screen
    const res = await upload(app, a.bearer, png);
    expect(res.statusCode, res.body).toBe(201);
    const snap = res.json() as SnapshotOut;
    expect(snap.lines.map((l) => l.symbol)).toEqual(screen.lines.map((l) => l.symbol));
    expect(
      snap.lines.every((l) => l.currency === "USD" && l.market === "US" && l.currentValueKrw === null),
    ).toBe(true);
    expect(snap.usdKrwRate).toBeNull();
    const url = `/api/portfolio/snapshots/${snap.id}`;
    const refused = await app.inject({ method: "POST", url: `${url}/confirm`, headers: a.bearer });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().message).toMatch(/usdKrwRate/);
    await app.inject({ method: "PATCH", url, headers: a.bearer, payload: { usdKrwRate: "1400" } });
    const ok = await app.inject({ method: "POST", url: `${url}/confirm`, headers: a.bearer });
    expect(ok.statusCode, ok.body).toBe(200);
    const out = ok.json() as SnapshotOut;
    let total = new Decimal(0);
    for (const t of screen.lines) {
      const v = new Decimal(t.quantity)
        .times(t.currentPrice ?? "0")
        .times(1400)
        .toDecimalPlaces(0);
      total = total.plus(v);
      expect(out.lines.find((l) => l.symbol === t.symbol)?.currentValueKrw).toBe(v.toString());
    }
    expect(out.totalValueKrw).toBe(total.toString());
    expect(out.usValueKrw).toBe(total.toString());
    expect(out.krValueKrw).toBe("0");
  }, 180_000);
});

describe.skipIf(!chromium)("the OCR worker's life", () => {
  it("starts on the first upload and ends when the portfolio module stops with the app", async () => {
    await stopOcr();
    const other = await createTestApp();
    try {
      const u = await createUser(other.platform);
      const s = await signIn(other.app, u.username, u.password);
      expect(ocrRunning()).toBe(false);
      const res = await upload(other.app, s.bearer, (await shot(3)).png);
      expect(res.statusCode, res.body).toBe(201);
      expect(ocrRunning()).toBe(true);
    } finally {
      await other.close();
    }
    expect(ocrRunning()).toBe(false);
  }, 180_000);
});
