// Browser test of the broker connections page on a fresh server: an account is made, Alpaca is
// connected through the page's form (paper keys, into that account) and synced at once — the server
// cannot reach Alpaca here, which is a real path: the page says the sync failed, nothing changed, and
// why, and the row shows the error — then screenshots of the page with that outcome in English and
// Korean, light and dark, desktop and 390 px phone width, where nothing overflows sideways.
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  apiCaller,
  field,
  hasChromium,
  inCI,
  openPage,
  reportFailure,
  SHOTS,
  setUpFirstAdmin,
  startServer,
  type TestServer,
} from "./harness.ts";

describe.skipIf(!hasChromium && !inCI)("browser: broker connections", () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const ADMIN = {
    username: "connadmin",
    email: "conn@example.com",
    password: "correct horse battery staple",
  };

  let api: ReturnType<typeof apiCaller>;

  beforeAll(async () => {
    server = await startServer({
      env: { MARKET_PROVIDERS: "" },
      dataDirPrefix: "bullpen-e2e-connections-",
      timeoutMs: 300_000,
    });
    ({ browser, context, page } = await openPage(server));
    api = apiCaller(context, page);
  }, 420_000);

  afterEach((ctx) => reportFailure(ctx.task, "connections", page, server));

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("connects Alpaca through the page; the failed first sync is shown with its reason, nothing booked", async () => {
    await setUpFirstAdmin(page, server.setupToken, ADMIN);
    await api("POST", "/api/portfolio/accounts", { name: "Alpaca paper", baseCurrency: "USD" });

    await page.goto("/portfolio/accounts");
    await page
      .getByRole("navigation", { name: "Portfolio pages" })
      .getByRole("link", { name: "Connections" })
      .click();
    await page.waitForURL((u) => u.pathname === "/portfolio/connections");
    await page.getByRole("heading", { level: 1, name: "Broker connections" }).waitFor();
    await page.getByText("No broker connected yet.").waitFor();

    const form = page.getByRole("region", { name: "Connect a broker" });
    await form.getByText(/Alpaca dashboard, open API keys/).waitFor();
    await form.getByText("Paper", { exact: true }).click();
    expect(await form.getByRole("radio", { name: "Paper" }).isChecked()).toBe(true);
    await field(page, "API key id").fill("PKTEST00000000ABCD");
    await field(page, "API secret key").fill("not-a-real-secret-0000000000000000");
    await form.getByRole("combobox", { name: "Sync into" }).click();
    await page.getByRole("option", { name: "Alpaca paper (USD)" }).click();
    await form.getByRole("button", { name: "Connect and sync" }).click();

    // The server cannot reach Alpaca: the outcome says so, and that nothing changed.
    const outcome = page.getByTestId("sync-outcome");
    await outcome.waitFor({ timeout: 60_000 });
    const alert = outcome.getByRole("alert");
    await expect
      .poll(async () => (await alert.textContent()) ?? "")
      .toMatch(/The sync failed; nothing was changed/);
    expect(await alert.textContent()).toMatch(/Alpaca/);

    // The row: the account it syncs into (a link to the accounts page), the key's last four, the error.
    const row = page.getByRole("table", { name: "Your broker connections" }).getByTestId("connection-row");
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.getByRole("link", { name: "Alpaca paper" }).getAttribute("href")).toBe(
      "/portfolio/accounts",
    );
    expect(await row.textContent()).toContain("…ABCD");
    await row.getByText("Error", { exact: true }).waitFor();
    await row.getByTestId("connection-error").waitFor();
    // The secret never comes back, and nothing was booked.
    const list = await (await page.request.get("/api/portfolio/connections")).text();
    expect(list).not.toContain("not-a-real-secret");
    const tx = (await (await page.request.get("/api/portfolio/transactions?limit=10")).json()) as {
      transactions: unknown[];
    };
    expect(tx.transactions).toHaveLength(0);

    // Sync now again: the same clean failure.
    await outcome.getByRole("button", { name: "Dismiss" }).click();
    await outcome.waitFor({ state: "detached" });
    await row.getByRole("button", { name: "Sync Alpaca …ABCD now" }).click();
    await page.getByTestId("sync-outcome").getByRole("alert").waitFor({ timeout: 60_000 });
  }, 180_000);

  it("screenshots in both languages and themes, desktop and phone, nothing wider than the screen", async () => {
    for (const language of ["en", "ko"] as const)
      for (const theme of ["light", "dark"] as const) {
        await api("PATCH", "/api/me/settings", { language, theme });
        for (const width of [1280, 390]) {
          await page.setViewportSize({ width, height: width > 800 ? 900 : 844 });
          await page.goto("/portfolio/connections");
          const row = page.getByTestId("connection-row").first();
          await row.waitFor({ timeout: 30_000 });
          // Show the outcome of a sync as a user would see it after pressing Sync now.
          await row.getByRole("button", { name: language === "ko" ? /지금 동기화/ : /now$/ }).click();
          await page.getByTestId("sync-outcome").getByRole("alert").waitFor({ timeout: 60_000 });
          await page.waitForLoadState("networkidle");
          const overflow = await page.evaluate("document.documentElement.scrollWidth - window.innerWidth");
          expect(
            overflow,
            `connections ${language} ${theme} ${width}px overflows by ${overflow}px`,
          ).toBeLessThanOrEqual(0);
          await page.screenshot({
            path: join(SHOTS, `portfolio-connections-${language}-${theme}-${width}.png`),
            fullPage: true,
          });
        }
      }
    await api("PATCH", "/api/me/settings", { language: "en", theme: "light" });
    await page.setViewportSize({ width: 1280, height: 900 });
  }, 300_000);
});
