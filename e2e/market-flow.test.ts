// Browser test of the market pages against the real server with the demo data (PGlite in a fresh data
// directory): the first admin signs in → searches instruments (English and Korean names) → creates a
// watchlist, adds and reorders instruments → opens a chart: the canvas draws, the adjusted toggle and
// the interval switch request other data, indicator overlays and panes (RSI, MACD) draw, the quote
// and corporate actions show → a KR instrument's chart shows its Korean name and intraday bars → the
// admin imports a CSV and sees row errors.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page, Response } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  field,
  hasChromium,
  inCI,
  launchChromium,
  reportFailure,
  SHOTS,
  setUpFirstAdmin,
  sleep,
  startServer,
  type TestServer,
} from "./harness.ts";

/** Follows a link of the navigation and waits for its address (the next step waits for the page). */
async function follow(page: Page, name: string, path: RegExp): Promise<void> {
  await page.getByRole("navigation").getByRole("link", { name, exact: true }).click();
  await page.waitForURL(path);
}

/** Resolves with the next GET of an instrument's bars whose query has every given parameter. */
function barsRequest(page: Page, params: Record<string, string>): Promise<Response> {
  return page.waitForResponse((res) => {
    const u = new URL(res.url());
    if (!/^\/api\/instruments\/[^/]+\/bars$/.test(u.pathname) || res.request().method() !== "GET")
      return false;
    return Object.entries(params).every(([k, v]) => u.searchParams.get(k) === v);
  });
}

/** Distinct colours in a sample of the first canvas of one chart pane (0 = price pane; 0 if no such pane). */
async function paneColours(page: Page, pane: number): Promise<number> {
  return page.evaluate(`(() => {
    const rows = [...document.querySelectorAll('[data-testid="price-chart"] tr')].filter(
      (tr) => tr.querySelector("td:nth-child(2) canvas"),
    );
    const canvas = rows[${pane}]?.querySelector("td:nth-child(2) canvas");
    if (!canvas || canvas.width === 0 || canvas.height === 0) return 0;
    const { data } = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
    const seen = new Set();
    for (let i = 0; i < data.length; i += 4 * 13) seen.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
    return seen.size;
  })()`);
}

/** Distinct colours in a sample of the chart's largest canvas (a blank canvas has one). */
async function canvasColours(page: Page): Promise<number> {
  // A string runs in the page (the e2e project has no DOM types).
  return page.evaluate(`(() => {
    const canvases = [...document.querySelectorAll('[data-testid="price-chart"] canvas')];
    const main = canvases.sort((a, b) => b.width * b.height - a.width * a.height)[0];
    if (!main || main.width === 0 || main.height === 0) return 0;
    const { data } = main.getContext("2d").getImageData(0, 0, main.width, main.height);
    const seen = new Set();
    for (let i = 0; i < data.length; i += 4 * 97) seen.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
    return seen.size;
  })()`);
}

describe.skipIf(!hasChromium && !inCI)("browser: instruments, watchlists and charts", () => {
  let server: TestServer;
  let dataDir = "";
  let baseUrl = "";
  let setupToken = "";
  let browser: Browser;
  let page: Page;
  const ADMIN = { username: "marketadmin", email: "m@example.com", password: "correct horse battery staple" };
  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `market-${name}.png`), fullPage: true });

  beforeAll(async () => {
    // Healthy, with the setup token printed and the demo data loaded.
    server = await startServer({
      env: { BULLPEN_DEMO_DATA: "true", MARKET_PROVIDERS: "" },
      dataDirPrefix: "bullpen-e2e-market-",
      timeoutMs: 300_000,
      ready: (log) => /demo data loaded/.test(log),
      failure: /demo data failed/,
    });
    ({ baseUrl, setupToken, dataDir } = server);
    browser = await launchChromium();
    const ctx = await browser.newContext({
      baseURL: baseUrl,
      locale: "en-US",
      viewport: { width: 1280, height: 900 },
    });
    page = await ctx.newPage();
  }, 320_000);

  afterEach((ctx) => reportFailure(ctx.task, "market", page, server));

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("signs in as the first administrator", async () => {
    await setUpFirstAdmin(page, setupToken, ADMIN);
  });

  it("searches instruments by symbol, with a typo, and by Korean name", async () => {
    await follow(page, "Instruments", /\/instruments$/);
    const box = field(page, "Search instruments");
    // The unfiltered first page lists AAPL, MSFT and Samsung too: each search must also drop the others.
    await box.fill("aapl");
    await page.getByTestId("instrument-AAPL").waitFor();
    await page.getByTestId("instrument-MSFT").waitFor({ state: "detached" });
    await box.fill("microsfot");
    await page.getByTestId("instrument-MSFT").waitFor();
    await page.getByTestId("instrument-AAPL").waitFor({ state: "detached" });
    await box.fill("삼성");
    const samsung = page.getByTestId("instrument-005930");
    await samsung.waitFor();
    await page.getByTestId("instrument-MSFT").waitFor({ state: "detached" });
    expect(new URL(page.url()).searchParams.get("q")).toBe("삼성");
    await expect(samsung.textContent()).resolves.toContain("삼성전자");
    await shot("01-search-korean");
  });

  it("creates a watchlist, adds two instruments from search and reorders them", async () => {
    // Typing a search and leaving at once stays left, even while the next page's code is slow to
    // come: the search page once wrote its URL a moment later and so navigated back to itself.
    const slowChunk = "**/assets/WatchlistsPage-*.js";
    await page.route(slowChunk, async (route) => {
      await sleep(1_000);
      await route.continue();
    });
    await field(page, "Search instruments").fill("tech");
    await follow(page, "Watchlists", /\/watchlists$/);
    await page.getByText("You have no watchlist yet.").waitFor();
    expect(new URL(page.url()).pathname).toBe("/watchlists");
    await page.unroute(slowChunk);
    await field(page, "New watchlist").fill("Tech");
    await page.getByRole("button", { name: "Create", exact: true }).click();
    await page.getByText("This list is empty.").waitFor();
    const add = field(page, "Add an instrument");
    await add.fill("AAPL");
    await page.getByRole("button", { name: "Add to Tech AAPL" }).click();
    await page.getByTestId("watch-AAPL").waitFor();
    await add.fill("999001");
    await page.getByRole("button", { name: "Add to Tech 999001" }).click();
    await page.getByTestId("watch-999001").waitFor();
    const order = () =>
      page
        .locator('tr[data-testid^="watch-"]')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-testid")));
    await expect(order()).resolves.toEqual(["watch-AAPL", "watch-999001"]);
    // The latest price comes from the quote endpoint (AAPL's last demo close).
    await expect.poll(async () => page.getByTestId("watch-AAPL").textContent()).toMatch(/\d+\.\d+/);
    await page.getByRole("button", { name: "Move 999001 up" }).click();
    await expect.poll(order).toEqual(["watch-999001", "watch-AAPL"]);
    // The order is stored: it survives a reload.
    await page.reload();
    await page.getByTestId("watch-AAPL").waitFor();
    await expect(order()).resolves.toEqual(["watch-999001", "watch-AAPL"]);
    await shot("02-watchlist");
  });

  it("opens AAPL's chart; the adjusted toggle and the interval switch request other data", async () => {
    const first = barsRequest(page, { interval: "1d", adjusted: "true" });
    await page.getByTestId("watch-AAPL").getByRole("link", { name: "AAPL" }).click();
    await page.waitForURL(/\/instruments\/[0-9a-f-]{36}$/);
    const firstResponse = await first;
    const adjusted = (await firstResponse.json()) as { bars: { ts: string; close: number }[] };
    // The chart asks for the window a screen shows (three years of daily bars, not AAPL's five), with
    // the data version, so the answer may be cached for good.
    expect(adjusted.bars.length).toBeGreaterThan(700);
    expect(adjusted.bars.length).toBeLessThan(800);
    expect(new URL(firstResponse.url()).searchParams.get("v")).toMatch(/^[0-9a-f]{16}$/);
    expect(firstResponse.headers()["cache-control"]).toBe("private, max-age=31536000, immutable");
    await page.getByTestId("price-chart").locator("canvas").first().waitFor();
    await expect.poll(() => canvasColours(page), { timeout: 10_000 }).toBeGreaterThan(3);
    await expect(page.getByTestId("price-chart").getAttribute("data-bars")).resolves.toBe(
      String(adjusted.bars.length),
    );
    // Quote and corporate actions (AAPL's demo dividends).
    await expect(page.getByTestId("quote").textContent()).resolves.toMatch(/Previous close/);
    await page.getByRole("table", { name: "Corporate actions" }).getByText("Dividend").first().waitFor();
    await page.getByTestId("chart-legend-price").getByText("SMA 20").waitFor();
    expect(await page.getByTestId("price-chart").getAttribute("data-panes")).toBe("");

    // Indicators from @bullpen/quant: RSI and MACD open panes of their own under the price pane,
    // each with its legend and lines drawn; Bollinger bands join the price pane's legend.
    await page.locator("label").filter({ hasText: /^RSI$/ }).click();
    await expect.poll(() => page.getByTestId("price-chart").getAttribute("data-panes")).toBe("rsi");
    await page.getByTestId("chart-legend-rsi").getByText("RSI 14").waitFor();
    await expect.poll(() => paneColours(page, 1), { timeout: 10_000 }).toBeGreaterThan(3);
    await page
      .locator("label")
      .filter({ hasText: /^MACD$/ })
      .click();
    await page
      .locator("label")
      .filter({ hasText: /^Bollinger$/ })
      .click();
    await expect.poll(() => page.getByTestId("price-chart").getAttribute("data-panes")).toBe("rsi macd");
    await page.getByTestId("chart-legend-macd").getByText("MACD 12, 26, 9").waitFor();
    await page.getByTestId("chart-legend-price").getByText("BB 20, 2").waitFor();
    await expect.poll(() => paneColours(page, 2), { timeout: 10_000 }).toBeGreaterThan(3);
    // The SMA period input changes the overlay's legend.
    const period = page.getByRole("textbox", { name: "SMA period" });
    await period.fill("50");
    await page.getByTestId("chart-legend-price").getByText("SMA 50").waitFor();
    await expect(page.getByTestId("interval-legend").textContent()).resolves.toContain(
      "* computed from finer stored bars",
    );
    await shot("03-chart-aapl");
    // Back to the SMA alone (the choice is kept in this browser for the next charts).
    await page.locator("label").filter({ hasText: /^RSI$/ }).click();
    await page
      .locator("label")
      .filter({ hasText: /^MACD$/ })
      .click();
    await page
      .locator("label")
      .filter({ hasText: /^Bollinger$/ })
      .click();
    await expect.poll(() => page.getByTestId("price-chart").getAttribute("data-panes")).toBe("");

    const raw = barsRequest(page, { interval: "1d", adjusted: "false" });
    // Mantine lays the switch's input over its label: click the switch itself.
    const toggle = page.getByRole("switch", { name: "Adjusted for splits and dividends" });
    await toggle.click();
    await expect(toggle.isChecked()).resolves.toBe(false);
    const unadjusted = (await (await raw).json()) as { adjusted: boolean; bars: { close: number }[] };
    expect(unadjusted.adjusted).toBe(false);
    expect(unadjusted.bars.length).toBe(adjusted.bars.length);
    // Dividends make early adjusted closes lower than the traded ones.
    expect(unadjusted.bars[0]?.close).toBeGreaterThan(adjusted.bars[0]?.close as number);

    const weekly = barsRequest(page, { interval: "1w", adjusted: "false" });
    await page
      .locator("label")
      .filter({ hasText: /^1w\*?$/ })
      .click();
    const w = (await (await weekly).json()) as { bars: unknown[]; resampledFrom: string | null };
    expect(w.resampledFrom).toBe("1d");
    await expect
      .poll(() => page.getByTestId("price-chart").getAttribute("data-bars"))
      .toBe(String(w.bars.length));
    // Weekly bars over fifteen years: AAPL's whole history, about 260 weeks.
    expect(w.bars.length).toBeGreaterThan(250);
    expect(w.bars.length).toBeLessThan(270);
  });

  it("shows a KR instrument's Korean name and its intraday bars", async () => {
    await follow(page, "Watchlists", /\/watchlists$/);
    await page.getByTestId("watch-999001").getByRole("link", { name: "999001" }).click();
    await page.getByTestId("instrument-name-local").getByText("불펜 가상반도체 (가상)").waitFor();
    // Generated bars say so: a badge on the page and the source in words on the quote.
    await page.getByTestId("synthetic-badge").waitFor();
    await expect(page.getByTestId("quote-source").textContent()).resolves.toBe("Source: synthetic data");
    await page.getByTestId("price-chart").locator("canvas").first().waitFor();
    const minute = barsRequest(page, { interval: "1m" });
    await page
      .locator("label")
      .filter({ hasText: /^1m\*?$/ })
      .click();
    const m = (await (await minute).json()) as { bars: { ts: string }[] };
    expect(m.bars.length).toBe(5 * 390);
    await expect
      .poll(() => page.getByTestId("price-chart").getAttribute("data-bars"))
      .toBe(String(m.bars.length));
    await shot("04-chart-kr-1m");
  });

  it("lets the admin import a CSV: row-numbered errors for a bad file, counts for a good one", async () => {
    const bad = join(dataDir, "bad.csv");
    const good = join(dataDir, "good.csv");
    writeFileSync(
      bad,
      "date,open,high,low,close,volume\n2025-01-02,10,9,8,9,100\n2025-01-03,10,11,9,10,-5\n",
    );
    writeFileSync(
      good,
      "date,open,high,low,close,volume\n2025-01-02,10,11,9,10.5,100\n2025-01-03,10.5,12,10,11,200\n",
    );
    await page.getByRole("heading", { name: "Import bars from CSV" }).waitFor();
    await page.locator('input[type="file"]').setInputFiles(bad);
    await page.getByRole("button", { name: "Import", exact: true }).click();
    const result = page.getByTestId("import-result");
    await result.getByText("Nothing was stored").waitFor();
    await expect(result.textContent()).resolves.toContain("0 added");
    const errors = page.getByRole("table", { name: "Problem" });
    await errors.getByRole("cell", { name: "2", exact: true }).waitFor();
    await errors.getByRole("cell", { name: "3", exact: true }).waitFor();
    await shot("05-import-errors");
    await page.locator('input[type="file"]').setInputFiles(good);
    await page.getByRole("button", { name: "Import", exact: true }).click();
    await result.getByText("2 added, 0 already stored, 0 rejected (2 rows read)").waitFor();
    // The quote now reflects the imported last bar: 11 against the previous close of 10.5, in whole
    // won (a KRW listing's precision) and the percentage to two decimals.
    await expect
      .poll(async () => page.getByTestId("quote").textContent())
      .toMatch(/^11\s*KRW\+1 \(\+4\.76%\)/);
  });
});
