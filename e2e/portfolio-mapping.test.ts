// Browser test of two portfolio steps a user takes by hand, on a fresh server: a bank's CSV that no
// broker preset knows goes to the column-mapping step (its columns with their first values), is
// mapped, saved under a name, previewed and imported; the next upload of that shape finds the saved
// mapping by itself. Then a sale that picks its lot instead of FIFO: the form lists the open lots and
// the one picked is the one that leaves. Screenshots of both steps in English and Korean, light and
// dark, desktop and 390 px, where nothing overflows sideways.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
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

const BANK = [
  "Depot export — all movements",
  "Booked;Kind;Code;Units;Unit price;Ccy",
  "02.05.2024;Buy;ZZBK;3;170,50;USD",
  "03.05.2024;Buy;ZZBK;2;171,00;USD",
  "",
].join("\n");

describe.skipIf(!hasChromium && !inCI)("browser: the import's column mapping and picked lots", () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let file: string;
  const ADMIN = { username: "mapadmin", email: "map@example.com", password: "correct horse battery staple" };

  let api: ReturnType<typeof apiCaller>;
  /** Picks `option` in the Mantine select named `name` (inside `scope`). */
  async function choose(name: string, option: string | RegExp, scope = page.locator("body")) {
    const label = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}( \\*)?$`);
    const box = scope.getByRole("combobox", { name: label });
    await box.click();
    // The options of this select's own list (another one may still be closing).
    const list = page.locator(`[id="${await box.getAttribute("aria-controls")}"]`);
    await list.getByRole("option", { name: option }).first().click();
    await expect.poll(() => box.inputValue()).toMatch(option);
    await list.waitFor({ state: "hidden" });
  }

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), "bullpen-e2e-mapping-"));
    file = join(dir, "bank-export.csv");
    writeFileSync(file, BANK);
    server = await startServer({ env: {}, dataDirPrefix: "bullpen-e2e-mapping-", timeoutMs: 180_000 });
    ({ browser, context, page } = await openPage(server));
    api = apiCaller(context, page);
  }, 300_000);

  afterEach((ctx) => reportFailure(ctx.task, "mapping", page, server));

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("maps a bank's columns, saves the mapping, imports, and finds it again for the next file", async () => {
    await setUpFirstAdmin(page, server.setupToken, ADMIN);
    await api("POST", "/api/portfolio/accounts", { name: "Bank depot", baseCurrency: "USD" });

    await page.goto("/portfolio/import");
    await page.locator('input[type="file"]').setInputFiles(file);
    await page.getByRole("button", { name: "Preview" }).click();
    // No preset knows the file: the mapping step, with the header found under the title line.
    await page.getByRole("heading", { name: "Map the file's columns" }).waitFor();
    await page.getByText("No broker preset recognised this file").waitFor();
    await page.getByText("Columns from line 2 of bank-export.csv").waitFor();
    await page.screenshot({ path: join(SHOTS, "portfolio-mapping-en-light-1280.png"), fullPage: true });
    const step = page.getByRole("region", { name: "Map the file's columns" });
    await choose("Date", /^Booked — 02\.05\.2024/, step);
    await choose("Type", /^Kind — Buy/, step);
    await choose("Symbol", /^Code/, step);
    await choose("Quantity", /^Units/, step);
    await choose("Price", /^Unit price — 170,50/, step);
    await choose("Currency", /^Ccy/, step);
    await choose("Date order", "31/03/2024", step);
    await step.getByLabel("Save this mapping as").fill("Bank export");
    await step.getByRole("button", { name: "Save mapping" }).click();
    await page.getByText("Mapping “Bank export” saved").waitFor();
    await step.getByRole("button", { name: "Preview with this mapping" }).click();

    await page
      .getByTestId("import-broker")
      .filter({ hasText: "Other (CSV with a column mapping)" })
      .waitFor();
    expect(await page.getByTestId("import-counts").textContent()).toMatch(/^2 rows: 2 ready, 0 with errors/);
    await page.getByLabel("Create instruments for symbols left unmapped").check();
    await page.getByRole("button", { name: "Import 2 rows" }).click();
    await page.getByText(/Imported 2 rows \(0 already there, 0 skipped\)/).waitFor();

    // The same shape again: read through the saved mapping without a step; it can still be changed.
    await page.getByRole("button", { name: "Import another file" }).click();
    await page.locator('input[type="file"]').setInputFiles(file);
    await page.getByRole("button", { name: "Preview" }).click();
    await page
      .getByTestId("import-broker")
      .filter({ hasText: "Other (CSV with a column mapping)" })
      .waitFor();
    expect(await page.getByTestId("import-counts").textContent()).toMatch(/^2 rows: 2 ready/);
    await page.getByRole("button", { name: "Change the column mapping" }).click();
    await page.getByTestId("mapping-saved-fits").waitFor();
    expect(await page.getByRole("combobox", { name: "Saved mapping" }).inputValue()).toBe("Bank export");
    expect(await page.getByRole("combobox", { name: "Date", exact: true }).inputValue()).toMatch(/^Booked/);
    await page.getByRole("button", { name: "Back" }).click();
    // The history lists the import, with its counts.
    await page.getByTestId("import-history-row").filter({ hasText: "bank-export.csv" }).first().waitFor();
  }, 240_000);

  it("sells the lot picked, not the oldest", async () => {
    await page.goto("/portfolio/transactions");
    await page.getByTestId("tx-row").first().waitFor();
    // The ledger names each row's instrument from the row itself.
    expect(await page.getByTestId("tx-row").first().textContent()).toMatch(/ZZBK/);
    await page.getByRole("button", { name: "Add transaction" }).click();
    const dialog = page.getByRole("dialog", { name: "New transaction" });
    await choose("Type", "Sell", dialog);
    await dialog.getByLabel(/^Date( \*)?$/).fill("2024-05-10");
    await dialog.getByRole("combobox", { name: /^Instrument/ }).fill("ZZBK");
    await page.getByRole("option", { name: /ZZBK/ }).first().click();
    await dialog.getByLabel(/^Quantity( \*)?$/).fill("2");
    await dialog.getByLabel(/^Price( \*)?$/).fill("180");
    await dialog.getByText("Pick lots", { exact: true }).click();
    const lots = dialog.getByTestId("lot-row");
    await expect.poll(() => lots.count()).toBe(2);
    await dialog.getByLabel(/^Units to take from the lot acquired .*2024.*\(2 open\)$/).fill("2");
    await dialog.getByTestId("lots-picked").filter({ hasText: "Picked 2 of 2" }).waitFor();
    await page.screenshot({ path: join(SHOTS, "portfolio-lots-en-light-1280.png"), fullPage: true });
    await dialog.getByRole("button", { name: "Add transaction" }).click();
    await dialog.waitFor({ state: "detached" });
    const h = (await api("GET", "/api/portfolio/holdings")) as {
      holdings: { symbol: string; lots: { acquiredDate: string; quantity: string }[] }[];
    };
    const zz = h.holdings.find((x) => x.symbol === "ZZBK");
    // FIFO would have left 1 of the first lot and all of the second.
    expect(zz?.lots.map((l) => [l.acquiredDate, l.quantity])).toEqual([["2024-05-02", "3"]]);
  }, 120_000);

  it("screenshots of both steps in both languages and themes, desktop and phone, nothing wider than the screen", async () => {
    for (const language of ["en", "ko"] as const)
      for (const theme of ["light", "dark"] as const) {
        await api("PATCH", "/api/me/settings", { language, theme });
        for (const width of [1280, 390]) {
          await page.setViewportSize({ width, height: width > 800 ? 900 : 844 });
          const tag = `${language}-${theme}-${width}`;
          await page.goto("/portfolio/import");
          await page.locator('input[type="file"]').setInputFiles(file);
          // Read as the generic CSV: the saved mapping fits, the step shows it.
          const broker = page.getByRole("combobox", {
            name: language === "ko" ? "증권사" : "Broker",
            exact: true,
          });
          await broker.fill("column mapping");
          await page.getByRole("option", { name: "Other (CSV with a column mapping)" }).click();
          await page
            .getByRole("button", { name: language === "ko" ? "미리 보기" : "Preview", exact: true })
            .click();
          await page.getByTestId("mapping-saved-fits").waitFor();
          await page.waitForLoadState("networkidle");
          const overflow = await page.evaluate("document.documentElement.scrollWidth - window.innerWidth");
          expect(overflow, `mapping ${tag} overflows by ${overflow}px`).toBeLessThanOrEqual(0);
          await page.screenshot({ path: join(SHOTS, `portfolio-mapping-${tag}.png`), fullPage: true });

          await page.goto("/portfolio/transactions");
          await page.getByTestId("tx-row").first().waitFor();
          await page.screenshot({ path: join(SHOTS, `portfolio-transactions-${tag}.png`), fullPage: true });
          const sale = page.getByTestId("tx-row").filter({ hasText: /Sell|매도/ });
          await sale.getByRole("button", { name: language === "ko" ? "수정" : "Edit" }).click();
          await page.getByTestId("lot-row").first().waitFor();
          const dialogOverflow = await page.evaluate(
            "document.documentElement.scrollWidth - window.innerWidth",
          );
          expect(dialogOverflow, `lots ${tag} overflows`).toBeLessThanOrEqual(0);
          await page.screenshot({ path: join(SHOTS, `portfolio-lots-${tag}.png`), fullPage: true });
          await page.keyboard.press("Escape");
        }
      }
    await api("PATCH", "/api/me/settings", { language: "en", theme: "light" });
  }, 600_000);
});
