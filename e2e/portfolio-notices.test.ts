// Browser test of the portfolio's coded explanations in Korean, on a fresh server with the demo market
// data: the demo portfolio with asset-class targets (so there are rebalancing trades and a drift), a
// goal, a screenshot snapshot with a line that lacks its instrument, quantity and value, and an Alpaca
// connection whose broker cannot be reached. The planning page (X-ray, rebalancing), the snapshot's
// review and the connections page then say it all in Korean, from the API's codes and values — no
// server English — in light and dark, desktop and 390 px, with nothing wider than the screen.
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  apiCaller,
  hasChromium,
  inCI,
  openPage,
  reportFailure,
  SHOTS,
  setUpFirstAdmin,
  startServer,
  type TestServer,
} from "./harness.ts";

const HANGUL = /[가-힣]/;

describe.skipIf(!hasChromium && !inCI)("browser: the portfolio's explanations in Korean", () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let snapshotId = "";
  const ADMIN = { username: "ntadmin", email: "nt@example.com", password: "correct horse battery staple" };

  let api: ReturnType<typeof apiCaller>;

  beforeAll(async () => {
    server = await startServer({
      // Alpaca at a port where nothing listens: the sync fails at once, as an unreachable broker.
      env: { BULLPEN_DEMO_DATA: "true", MARKET_PROVIDERS: "", PORTFOLIO_ALPACA_URL: "http://127.0.0.1:9" },
      dataDirPrefix: "bullpen-e2e-notices-",
      timeoutMs: 300_000,
      ready: (log) => /demo data loaded/.test(log),
      failure: /demo data failed/,
    });
    ({ browser, context, page } = await openPage(server));
    api = apiCaller(context, page);
  }, 420_000);

  afterEach((ctx) => reportFailure(ctx.task, "notices", page, server));

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("sets up a portfolio with targets, a goal, a snapshot to check and a failing connection", async () => {
    await setUpFirstAdmin(page, server.setupToken, ADMIN);
    await api("POST", "/api/portfolio/demo", {});
    // All equity: the demo's cash is over its 0 % target, so the spare cash buys equity.
    await api("PUT", "/api/portfolio/allocations", {
      targets: { assetClass: [{ key: "equity", pct: 100 }] },
    });
    await api("POST", "/api/portfolio/goals", {
      name: "집",
      targetAmount: "500000000",
      currency: "KRW",
      targetDate: "2035-12-31",
    });

    // A Korean holdings screen, drawn and captured as a phone would, read into a draft.
    const shot = await browser.newPage({ viewport: { width: 390, height: 420 }, deviceScaleFactor: 2 });
    await shot.setContent(`<!doctype html><html><head><meta charset="utf-8"><style>
      body{margin:0;padding:20px;font-family:'Noto Sans CJK KR',sans-serif;color:#191f28;background:#fff;width:390px}
      .big{font-size:28px;font-weight:700;margin:4px 0 16px}.row{display:flex;justify-content:space-between;font-size:17px}
      .sub{font-size:14px;color:#6b7684;margin-bottom:18px}.up{color:#f04452}.down{color:#3182f6}
    </style></head><body>
      <div style="font-size:20px;font-weight:700">내 투자</div>
      <div class="sub" style="margin:8px 0 0">총 평가금액</div><div class="big">5,478,000원</div>
      <div class="row"><span>삼성전자</span><span>3,318,000원</span></div>
      <div class="row sub"><span>60주 · 평균 55,800원</span><span class="down">-30,000원 (-0.90%)</span></div>
      <div class="row"><span>SK하이닉스</span><span>2,160,000원</span></div>
      <div class="row sub"><span>15주 · 평균 130,000원</span><span class="up">+210,000원 (+10.77%)</span></div>
    </body></html>`);
    const image = await shot.screenshot({ type: "png" });
    await shot.close();
    const csrf = (await context.cookies()).find((c) => c.name === "bullpen_csrf")?.value ?? "";
    const up = await page.request.post("/api/portfolio/snapshots", {
      multipart: { image: { name: "holdings.png", mimeType: "image/png", buffer: image }, reader: "ocr" },
      headers: { "x-csrf-token": csrf },
      timeout: 120_000,
    });
    expect(up.status(), await up.text()).toBe(201);
    snapshotId = ((await up.json()) as { id: string }).id;
    // A line the user added by name only: no instrument, quantity or value yet.
    const patched = (await api("PATCH", `/api/portfolio/snapshots/${snapshotId}`, {
      lines: [{ line: 9, name: "알 수 없는 종목" }],
    })) as { checks: { code: string; params: Record<string, unknown> }[] };
    expect(patched.checks).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          code: "snapshot.lineNoInstrument",
          params: { line: 9, name: "알 수 없는 종목" },
        }),
      ]),
    );

    const c = (await api("POST", "/api/portfolio/connections", {
      broker: "alpaca",
      credentials: { keyId: "PKTEST00000000ABCD", secretKey: "not-a-real-secret-0000", environment: "paper" },
    })) as { id: string };
    const synced = (await api("POST", `/api/portfolio/connections/${c.id}/sync`, {})) as {
      outcome: { ok: boolean; error: { code: string; params: Record<string, unknown> } | null };
    };
    expect(synced.outcome.ok).toBe(false);
    expect(synced.outcome.error?.code).toMatch(/^sync\.(unreachable|timedOut)$/);
    expect(synced.outcome.error?.params).toMatchObject({ broker: "Alpaca", host: "127.0.0.1:9" });
  }, 300_000);

  it("says it in Korean on the planning, snapshot and connections pages, light and dark, desktop and phone", async () => {
    const pages = [
      {
        name: "planning",
        path: "/portfolio/planning",
        check: async () => {
          const explanations = page.getByTestId("xray-explanation");
          await explanations.first().waitFor({ timeout: 60_000 });
          const xray = await explanations.allTextContents();
          expect(xray).toHaveLength(6);
          for (const text of xray) expect(text).toMatch(HANGUL);
          // The drift names the slice in Korean (equity → 주식), and the splits are listed under the checks.
          expect(xray.at(-1)).toMatch(/^가장 크게 벗어난 항목은 주식\(자산군\)로 목표와 -\d/);
          expect(await page.getByTestId("xray-items").count()).toBeGreaterThanOrEqual(3);
          const rebalance = page.getByTestId("rebalance-explanation");
          await rebalance.waitFor();
          expect(await rebalance.textContent()).toMatch(
            /^거래 \d+건으로 허용 범위 ±5%p를 벗어난 자산군 항목을/,
          );
        },
      },
      {
        name: "snapshot",
        path: () => `/portfolio/screenshot?id=${snapshotId}`,
        check: async () => {
          const checks = page.getByTestId("snapshot-check");
          await checks.first().waitFor({ timeout: 60_000 });
          expect(await checks.allTextContents()).toEqual(
            expect.arrayContaining([
              "9번 줄(알 수 없는 종목): 종목이 지정되지 않았습니다.",
              "9번 줄(알 수 없는 종목): 수량이 없습니다.",
              "9번 줄(알 수 없는 종목): 원화 평가 금액이 없습니다.",
            ]),
          );
        },
      },
      {
        name: "connections",
        path: "/portfolio/connections",
        check: async () => {
          const error = page.getByTestId("connection-error");
          await error.waitFor({ timeout: 30_000 });
          expect(await error.textContent()).toMatch(
            /^Alpaca(에 연결할 수 없습니다| 응답 시간이 초과되었습니다)\(127\.0\.0\.1:9\)\.$/,
          );
        },
      },
    ];
    for (const theme of ["light", "dark"] as const) {
      await api("PATCH", "/api/me/settings", { language: "ko", theme });
      for (const width of [1280, 390]) {
        await page.setViewportSize({ width, height: width > 800 ? 900 : 844 });
        for (const p of pages) {
          await page.goto(typeof p.path === "function" ? p.path() : p.path);
          await p.check();
          // No sentence of the server's English reaches the Korean pages.
          const body = (await page.locator("main").textContent()) ?? "";
          expect(body).not.toMatch(
            /of the invested value|against a target of|could not be reached|no instrument/,
          );
          await page.waitForLoadState("networkidle");
          const overflow = await page.evaluate("document.documentElement.scrollWidth - window.innerWidth");
          expect(overflow, `${p.name} ${theme} ${width}px overflows by ${overflow}px`).toBeLessThanOrEqual(0);
          await page.screenshot({
            path: join(SHOTS, `notices-${p.name}-ko-${theme}-${width}.png`),
            fullPage: true,
          });
        }
      }
    }
    await api("PATCH", "/api/me/settings", { language: "en", theme: "light" });
  }, 600_000);
});
