// Browser test of the portfolio on a fresh server with the demo market data: the empty portfolio
// says how to start → the demo portfolio loads and the overview shows its total, today's change,
// TWR and MWR, the chart, allocations, holdings with their lots and the return decomposition → a new
// account gets a small Trading 212 file: preview names the bad row (filter to errors), commit,
// the imported rows in the ledger, undo, history → a transaction added by hand → screenshots of
// every portfolio page in English and Korean, light and dark, desktop and 390 px phone width, where
// nothing overflows sideways.
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  apiCaller,
  hasChromium,
  inCI,
  openPage,
  ROOT,
  reportFailure,
  SHOTS,
  setUpFirstAdmin,
  startServer,
  type TestServer,
} from "./harness.ts";

const FIXTURE = join(ROOT, "e2e", "fixtures", "trading212-small.csv");

describe.skipIf(!hasChromium && !inCI)("browser: the portfolio", () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const ADMIN = { username: "pfadmin", email: "pf@example.com", password: "correct horse battery staple" };

  let api: ReturnType<typeof apiCaller>;
  /** Goes to a portfolio page through its own navigation, as a user would. */
  async function open(name: string, path: string) {
    await page.getByRole("navigation", { name: "Portfolio pages" }).getByRole("link", { name }).click();
    await page.waitForURL((u) => u.pathname === path);
  }

  beforeAll(async () => {
    server = await startServer({
      env: { BULLPEN_DEMO_DATA: "true", MARKET_PROVIDERS: "" },
      dataDirPrefix: "bullpen-e2e-portfolio-",
      timeoutMs: 300_000,
      ready: (log) => /demo data loaded/.test(log),
      failure: /demo data failed/,
    });
    ({ browser, context, page } = await openPage(server));
    api = apiCaller(context, page);
  }, 420_000);

  afterEach((ctx) => reportFailure(ctx.task, "portfolio", page, server));

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("an empty portfolio says how to start; the demo portfolio fills the overview", async () => {
    await setUpFirstAdmin(page, server.setupToken, ADMIN);
    // The home card says how to start and leads to the portfolio.
    await page.getByRole("heading", { name: "Portfolio", exact: true }).waitFor();
    await page.getByRole("link", { name: "Start your portfolio" }).click();
    await page.waitForURL((u) => u.pathname === "/portfolio");
    await page.getByRole("heading", { level: 2, name: "Start your portfolio" }).waitFor();
    await page.screenshot({ path: join(SHOTS, "portfolio-empty-en-light-1280.png"), fullPage: true });

    await page.getByRole("button", { name: "Load a demo portfolio" }).click();
    const rows = page.getByTestId("holding-row");
    await rows.first().waitFor({ timeout: 60_000 });
    const symbols = await page.getByTestId("holding-row").getByRole("link").allTextContents();
    expect(symbols).toEqual(expect.arrayContaining(["AAPL", "005930"]));
    // Total, today, TWR and MWR are figures, not placeholders.
    for (const id of ["figure-total", "figure-today", "figure-twr", "figure-mwr"]) {
      const text = (await page.getByTestId(id).textContent()) ?? "";
      expect(text, id).toMatch(/\d/);
    }
    // The chart (loaded on demand) and the allocation pictures.
    await page.getByRole("img", { name: /Cumulative time-weighted return of the portfolio/ }).waitFor();
    await page.getByRole("img", { name: /^By currency: .*USD/ }).waitFor();
    await page.getByRole("img", { name: /^By asset class: / }).waitFor();
    // A holding's lots on expand.
    await page.getByRole("button", { name: "Show the lots of AAPL" }).click();
    await page.getByRole("table", { name: /Open lots of AAPL/ }).waitFor();
    // Where the return came from: the whole and a holding's sub-periods.
    await page.getByTestId("decomposition-total").waitFor();
    await page.getByRole("button", { name: "Show sub-periods of AAPL" }).click();
    await page.getByRole("table", { name: "Sub-periods of AAPL" }).waitFor();
    // Another period: 1Y, then back to YTD.
    await page.getByRole("button", { name: "1Y", exact: true }).click();
    await page.waitForURL((u) => u.searchParams.get("period") === "1Y");
    await page.getByTestId("figure-twr").waitFor();
    // The home card now shows the total.
    await page.goto("/");
    await expect
      .poll(async () => (await page.getByTestId("portfolio-card-total").textContent()) ?? "")
      .toMatch(/\d/);
  }, 180_000);

  it("imports a small broker file into a new account: preview with the bad row, commit, undo", async () => {
    await page.goto("/portfolio");
    await open("Accounts", "/portfolio/accounts");
    const form = page.getByRole("region", { name: "New account" });
    await form.getByLabel(/^Account name( \*)?$/).fill("E2E Trading 212");
    await form.getByRole("combobox", { name: "Base currency" }).click();
    await page.getByRole("option", { name: "USD", exact: true }).click();
    await form.getByRole("button", { name: "Create account" }).click();
    await page
      .getByRole("table", { name: "Your accounts" })
      .getByRole("row", { name: /E2E Trading 212/ })
      .waitFor();

    await open("Import", "/portfolio/import");
    await page.getByRole("combobox", { name: "Into account" }).click();
    await page.getByRole("option", { name: /E2E Trading 212/ }).click();
    await page.locator('input[type="file"]').setInputFiles(FIXTURE);
    await page.getByRole("button", { name: "Preview" }).click();
    await page
      .getByTestId("import-broker")
      .filter({ hasText: /Read as Trading 212/i })
      .waitFor();
    const counts = (await page.getByTestId("import-counts").textContent()) ?? "";
    expect(counts).toMatch(/3 rows: 2 ready, 1 with errors/);
    // The preview opens on the errors: the bad row, named with its column.
    const errorRow = page.getByTestId("import-row");
    await expect.poll(() => errorRow.count()).toBe(1);
    // Row 4 of the file (the header is row 1), its column and the reason.
    expect(await errorRow.textContent()).toMatch(/^4error No\. of shares: "two" is not a number/);
    await page.screenshot({
      path: join(SHOTS, "portfolio-import-preview-en-light-1280.png"),
      fullPage: true,
    });
    await page.getByText("All rows", { exact: true }).click();
    await expect.poll(() => page.getByTestId("import-row").count()).toBe(3);
    // Unknown symbols (if MSFT's ISIN is not in the demo data): let the import create them.
    const create = page.getByLabel("Create instruments for symbols left unmapped");
    if (await create.count()) await create.check();
    await page.getByRole("button", { name: "Import 2 rows" }).click();
    await page.getByText(/Imported 2 rows \(0 already there, 1 skipped\)/).waitFor();

    await page.getByRole("link", { name: "See the imported transactions" }).click();
    await page.waitForURL((u) => u.pathname === "/portfolio/transactions" && u.searchParams.has("import"));
    await expect.poll(() => page.getByTestId("tx-row").count()).toBe(2);
    const ledger = page.getByRole("table", { name: /The ledger/ });
    await ledger.getByRole("row", { name: /Deposit.*\$1,000\.00/ }).waitFor();
    await ledger.getByRole("row", { name: /Buy.*MSFT.*\$370\.00/ }).waitFor();

    await open("Import", "/portfolio/import");
    const history = page.getByTestId("import-history-row").filter({ hasText: "trading212-small.csv" });
    await history.filter({ hasText: "committed" }).waitFor();
    await history.getByRole("button", { name: "Undo this import" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Undo this import" }).click();
    await history.filter({ hasText: "undone" }).waitFor();
    await page.goto("/portfolio/transactions?account=");
    const res = await page.request.get("/api/portfolio/transactions?limit=1000");
    const { transactions } = (await res.json()) as {
      transactions: { origin: { importId: string | null } }[];
    };
    expect(transactions.filter((t) => t.origin.importId !== null)).toHaveLength(0);
  }, 180_000);

  it("adds, edits and deletes a transaction by hand", async () => {
    await page.goto("/portfolio/transactions");
    await page.getByRole("button", { name: "Add transaction" }).click();
    const dialog = page.getByRole("dialog", { name: "New transaction" });
    await dialog.getByRole("combobox", { name: "Account" }).click();
    await page.getByRole("option", { name: /E2E Trading 212/ }).click();
    await dialog.getByRole("combobox", { name: "Type" }).click();
    await page.getByRole("option", { name: "Deposit", exact: true }).click();
    await dialog.getByLabel(/^Date( \*)?$/).fill("2024-02-01");
    await dialog.getByLabel(/^Amount( \*)?$/).fill("1,250.50");
    await dialog.getByRole("button", { name: "Add transaction" }).click();
    await dialog.waitFor({ state: "detached" });
    const row = page.getByTestId("tx-row").filter({ hasText: "$1,250.50" });
    await row.waitFor();
    await row.getByRole("button", { name: "Edit" }).click();
    const edit = page.getByRole("dialog", { name: "Edit transaction" });
    await edit.getByLabel(/^Amount( \*)?$/).fill("1300");
    await edit.getByRole("button", { name: "Save" }).click();
    const edited = page.getByTestId("tx-row").filter({ hasText: "$1,300.00" });
    await edited.waitFor();
    await edited.getByRole("button", { name: "Delete" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Delete" }).click();
    await edited.waitFor({ state: "detached" });
  }, 120_000);

  it("planning: a goal with its progress and projection, the X-ray's checks", async () => {
    await page.goto("/portfolio");
    await open("Planning", "/portfolio/planning");
    await page.getByTestId("xray-check").first().waitFor();
    const goals = page.getByRole("region", { name: "Goals" });
    await goals.getByLabel(/^Goal( \*)?$/).fill("House");
    await goals.getByLabel(/^Target amount( \*)?$/).fill("100,000");
    await goals.getByLabel(/^Target date( \*)?$/).fill("2030-12-31");
    await goals.getByRole("button", { name: "Add goal" }).click();
    const goal = page.getByTestId("goal").filter({ hasText: "House" });
    await goal.waitFor();
    expect(await goal.textContent()).toMatch(/of \$100,000\.00/);
    expect(await goal.textContent()).toMatch(/Projected by 31 Dec 2030/);
  }, 120_000);

  it("screenshot import: a holdings screen read, a line corrected, the snapshot confirmed", async () => {
    // A Korean brokerage app's holdings screen, drawn here and captured as a phone would (scale 2).
    const shot = await browser.newPage({ viewport: { width: 390, height: 520 }, deviceScaleFactor: 2 });
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

    await page.goto("/portfolio/screenshot");
    await page
      .locator('input[type="file"]')
      .setInputFiles({ name: "holdings.png", mimeType: "image/png", buffer: image });
    await page.getByRole("button", { name: "Read the screenshot" }).click();
    await page.waitForURL((u) => u.searchParams.has("id"), { timeout: 120_000 });
    const lines = page.getByTestId("snapshot-line");
    await lines.first().waitFor({ timeout: 60_000 });
    expect(await lines.count()).toBeGreaterThanOrEqual(1);
    await page.screenshot({
      path: join(SHOTS, "portfolio-screenshot-read-en-light-1280.png"),
      fullPage: true,
    });
    // Correct what OCR may have misread, as a user would: the quantity and the values of both lines.
    await page.getByLabel("Quantity 1", { exact: true }).fill("61");
    await page.getByLabel("Value (KRW) 1", { exact: true }).fill("3,318,000");
    await page.getByLabel("Value (KRW) 2", { exact: true }).fill("2160000");
    await page.getByRole("button", { name: "Save corrections" }).click();
    await expect.poll(async () => page.getByLabel("Quantity 1", { exact: true }).inputValue()).toBe("61");
    await page.getByRole("button", { name: "Confirm snapshot" }).click();
    await page.getByText("confirmed", { exact: true }).first().waitFor();
    const res = await page.request.get(
      `/api/portfolio/snapshots/${new URL(page.url()).searchParams.get("id")}`,
    );
    const snap = (await res.json()) as { status: string; lines: { line: number; quantity: string | null }[] };
    expect(snap.status).toBe("confirmed");
    expect(snap.lines.find((l) => l.line === 1)?.quantity).toBe("61");
    const values = snap.lines.map((l) => Number((l as { currentValueKrw?: string }).currentValueKrw));
    expect(values).toEqual([3318000, 2160000]);
  }, 240_000);

  it("the journal lists the ledger's buys and sells as round trips", async () => {
    await page.getByRole("navigation").getByRole("link", { name: "Journal", exact: true }).click();
    await page.waitForURL(/\/journal$/);
    // The page shows the newest 100 trades, as the API lists them.
    const res = await page.request.get("/api/journal/trades?limit=100");
    expect(res.status()).toBe(200);
    const list = ((await res.json()) as { trades: { symbol: string }[] }).trades;
    expect(list.length).toBeGreaterThan(0);
    const rows = page.locator("tbody tr");
    await rows.first().waitFor();
    expect(await rows.count()).toBe(list.length);
    await expect(rows.first().textContent()).resolves.toContain(list[0]?.symbol as string);
  }, 120_000);

  it("screenshots of every portfolio page in both languages and themes, desktop and phone, nothing wider than the screen", async () => {
    const pages = [
      { path: "/portfolio", name: "overview", ready: () => page.getByTestId("holding-row").first() },
      {
        path: "/portfolio/transactions",
        name: "transactions",
        ready: () => page.getByTestId("tx-row").first(),
      },
      {
        path: "/portfolio/import",
        name: "import",
        ready: () => page.locator("#import-history"),
      },
      { path: "/portfolio/screenshot", name: "screenshot", ready: () => page.locator("#snap-history") },
      { path: "/portfolio/accounts", name: "accounts", ready: () => page.getByRole("table").first() },
      { path: "/portfolio/planning", name: "planning", ready: () => page.getByTestId("goal").first() },
      { path: "/journal", name: "journal", ready: () => page.locator("tbody tr").first() },
    ];
    for (const language of ["en", "ko"] as const)
      for (const theme of ["light", "dark"] as const) {
        await api("PATCH", "/api/me/settings", { language, theme });
        for (const width of [1280, 390]) {
          await page.setViewportSize({ width, height: width > 800 ? 900 : 844 });
          for (const p of pages) {
            await page.goto(p.path);
            await p.ready().waitFor({ timeout: 30_000 });
            if (p.name === "overview")
              // The chart, and the asset classes once the holdings' instruments are known.
              await page
                .getByRole("img", {
                  name: language === "ko" ? /^자산군별: .*주식/ : /^By asset class: .*Equity/,
                })
                .waitFor();
            await page.waitForLoadState("networkidle");
            const overflow = await page.evaluate("document.documentElement.scrollWidth - window.innerWidth");
            expect(
              overflow,
              `${p.name} ${language} ${theme} ${width}px overflows by ${overflow}px`,
            ).toBeLessThanOrEqual(0);
            await page.screenshot({
              path: join(SHOTS, `portfolio-${p.name}-${language}-${theme}-${width}.png`),
              fullPage: true,
            });
          }
        }
      }
    await api("PATCH", "/api/me/settings", { language: "en", theme: "light" });
    await page.setViewportSize({ width: 1280, height: 900 });
  }, 600_000);
});
