// Browser test of the home dashboard on a fresh server with the demo data: the first administrator
// lands on Home → the cards the server's modules declare (markets at a glance with the demo indices and
// FX pairs, the watchlist, the account), nothing "coming soon" → the first-run guide ticks its steps
// as a watchlist is made and filled → the guide closes and stays closed after a reload → the user
// guide opens from Help → screenshots in English and Korean, light and dark, desktop and 390 px phone
// width, where nothing overflows sideways.
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

describe.skipIf(!hasChromium && !inCI)("browser: the home dashboard", () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const ADMIN = { username: "homeadmin", email: "h@example.com", password: "correct horse battery staple" };

  let api: ReturnType<typeof apiCaller>;
  const idOf = async (q: string, symbol: string) => {
    const res = await page.request.get(`/api/instruments?q=${encodeURIComponent(q)}&limit=20`);
    const { instruments } = (await res.json()) as { instruments: { id: string; symbol: string }[] };
    const hit = instruments.find((i) => i.symbol === symbol);
    if (!hit) throw new Error(`no instrument ${symbol}`);
    return hit.id;
  };
  const guideSection = () =>
    page.locator("section", { has: page.getByRole("heading", { name: "Get started" }) });

  beforeAll(async () => {
    server = await startServer({
      env: { BULLPEN_DEMO_DATA: "true", MARKET_PROVIDERS: "" },
      dataDirPrefix: "bullpen-e2e-home-",
      timeoutMs: 300_000,
      ready: (log) => /demo data loaded/.test(log),
      failure: /demo data failed/,
    });
    ({ browser, context, page } = await openPage(server));
    api = apiCaller(context, page);
  }, 420_000);

  afterEach((ctx) => reportFailure(ctx.task, "home", page, server));

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("the first administrator lands on Home: the modules' cards and the first-run guide, nothing coming soon", async () => {
    await setUpFirstAdmin(page, server.setupToken, ADMIN);
    for (const name of [
      "Get started",
      "Administration",
      "Portfolio",
      "Markets at a glance",
      "Watchlist",
      "Your account",
      "Help",
    ])
      await page.getByRole("heading", { name, exact: true }).waitFor();
    await guideSection().getByText("0 of 4 done").waitFor();
    // The demo's S&P 500 with its last close and a sparkline; FX pairs listed.
    const indices = page.getByRole("table", { name: "Indices" });
    const spx = indices.getByRole("row", { name: /SPX/ });
    await spx.waitFor();
    await spx.getByRole("img", { name: /SPX: trend of the last 30 daily closes/ }).waitFor();
    await page
      .getByRole("table", { name: "Currencies" })
      .getByRole("row", { name: /USDKRW/ })
      .waitFor();
    const text = (await page.locator("main").textContent()) ?? "";
    expect(text).not.toMatch(/coming soon|does not exist yet/i);
    await page.getByText("You have no watchlist yet.", { exact: false }).waitFor();
  });

  it("ticks the guide's steps as a watchlist is made and filled; the cards follow", async () => {
    const list = await api("POST", "/api/watchlists", { name: "Demo" });
    await page.reload();
    await guideSection().getByText("1 of 4 done").waitFor();
    const ids = await Promise.all([
      idOf("AAPL", "AAPL"),
      idOf("005930", "005930"),
      idOf("SYNTH", "SYNTH"),
      idOf("999001", "999001"),
      idOf("EURUSD", "EURUSD"),
      idOf("MSFT", "MSFT"),
    ]);
    await api("PATCH", `/api/watchlists/${list.id}`, { instrumentIds: ids });
    await page.reload();
    await guideSection().getByText("2 of 4 done").waitFor();
    await page.getByRole("heading", { name: "Watchlist: Demo" }).waitFor();
    await page.getByRole("table", { name: "Demo" }).getByRole("row", { name: /AAPL/ }).waitFor();
    await page.getByRole("table", { name: "Movers in your watchlists" }).waitFor();
  });

  it("screenshots in both languages and themes, desktop and phone, with nothing wider than the screen", async () => {
    for (const language of ["en", "ko"] as const)
      for (const theme of ["light", "dark"] as const) {
        await api("PATCH", "/api/me/settings", { language, theme });
        for (const width of [1280, 390]) {
          await page.setViewportSize({ width, height: width > 800 ? 900 : 844 });
          await page.goto("/");
          await page
            .getByRole("heading", { name: language === "ko" ? "시장 한눈에 보기" : "Markets at a glance" })
            .waitFor();
          await page.getByRole("table", { name: language === "ko" ? "지수" : "Indices" }).waitFor();
          await page.waitForLoadState("networkidle");
          const overflow = await page.evaluate("document.documentElement.scrollWidth - window.innerWidth");
          expect(overflow, `${language} ${theme} ${width}px overflows by ${overflow}px`).toBeLessThanOrEqual(
            0,
          );
          await page.screenshot({
            path: join(SHOTS, `home-${language}-${theme}-${width}.png`),
            fullPage: true,
          });
        }
      }
    await api("PATCH", "/api/me/settings", { language: "en", theme: "light" });
    await page.setViewportSize({ width: 1280, height: 900 });
  }, 300_000);

  it("the guide closes for good; Help opens the user guide in the app and the API reference", async () => {
    await page.goto("/");
    await page.getByRole("button", { name: "Close the guide" }).click();
    await page.getByRole("heading", { name: "Get started" }).waitFor({ state: "detached" });
    await page.reload();
    await page.getByRole("heading", { name: "Markets at a glance" }).waitFor();
    expect(await page.getByRole("heading", { name: "Get started" }).count()).toBe(0);
    await page.getByRole("button", { name: "Show the getting-started guide" }).waitFor();
    expect(await page.getByRole("link", { name: "API reference" }).getAttribute("href")).toBe("/docs");
    await page.getByRole("link", { name: "User guide" }).click();
    await page.getByRole("heading", { level: 1, name: "User guide" }).waitFor();
    await page.getByRole("heading", { level: 2, name: "Home" }).waitFor();
    await page.screenshot({ path: join(SHOTS, "home-user-guide.png") });
  });
});
