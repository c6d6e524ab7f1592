// `npm run bench -- web`: how fast and how accessible the web app is on a phone and a desktop
// (issue 16). Starts a real server on a fresh data directory with the demo data (as the browser tests
// do), creates the first administrator and a watchlist, then on /login, home, /instruments, the AAPL
// chart, /watchlists and /security:
//   - Lighthouse 12 (Debian Chromium, headless) with its mobile preset (simulated slow 4G, 4× CPU
//     slowdown, a Moto G Power screen) and its desktop preset, the median of WEB_BENCH_RUNS runs
//     (default 3): performance, accessibility and best-practices scores, FCP, LCP, TBT, CLS and the
//     JavaScript transferred;
//   - axe-core 4 (WCAG 2.0/2.1 A and AA, best practices, and label-content-name-mismatch) in English
//     and Korean, light and dark, at 1280 px and at 390 px, with a check for horizontal overflow at
//     390 px.
// Goals: mobile performance ≥ 90, desktop ≥ 95, CLS < 0.1, accessibility 100, best practices 100,
// 0 axe violations. Results: bench/results/web.md. WEB_BENCH_SHOTS=<dir> saves a screenshot of every
// page in every variant; WEB_BENCH_SKIP_LIGHTHOUSE=1 runs only the axe pass.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launch } from "chrome-launcher";
import lighthouse, { desktopConfig } from "lighthouse";
import { computeMedianRun } from "lighthouse/core/lib/median-run.js";
import { CHROMIUM, launchChromium, ROOT, startServer } from "../e2e/harness.ts";

const RUNS = Number(process.env.WEB_BENCH_RUNS ?? 3);
const SHOTS = process.env.WEB_BENCH_SHOTS;
const CHROME_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const ADMIN = {
  username: "benchadmin",
  email: "bench@example.com",
  password: "correct horse battery staple",
};
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const axeVersion = (require("axe-core/package.json") as { version: string }).version;
const lhVersion = (require("lighthouse/package.json") as { version: string }).version;

/**
 * Replaces the cookies of the Chromium that Lighthouse drives (through the DevTools protocol's browser
 * target): the signed-in user's for a signed-in page, none for /login.
 */
async function browserCookies(port: number, url: string, cookies: [string, string][]): Promise<void> {
  const { webSocketDebuggerUrl } = (await (await fetch(`http://127.0.0.1:${port}/json/version`)).json()) as {
    webSocketDebuggerUrl: string;
  };
  const ws = new WebSocket(webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = reject;
  });
  let id = 0;
  const send = (method: string, params: unknown) =>
    new Promise<void>((resolve, reject) => {
      const mine = ++id;
      ws.onmessage = (e) => {
        const msg = JSON.parse(String(e.data)) as { id?: number; error?: { message: string } };
        if (msg.id !== mine) return;
        if (msg.error) reject(new Error(`${method}: ${msg.error.message}`));
        else resolve();
      };
      ws.send(JSON.stringify({ id: mine, method, params }));
    });
  try {
    await send("Storage.clearCookies", {});
    if (cookies.length > 0) {
      await send("Storage.setCookies", {
        cookies: cookies.map(([name, value]) => ({ name, value, url, path: "/" })),
      });
    }
  } finally {
    ws.close();
  }
}

// ---- the server and a signed-in user ---------------------------------------------------------------

// A build of its own, so that another build of web/dist (a browser test starting) cannot pull the
// files from under the server while it is measured.
const webDir = mkdtempSync(join(tmpdir(), "bullpen-bench-web-dist-"));
console.log(`building the web app into ${webDir}…`);
execFileSync(
  process.execPath,
  [join(ROOT, "node_modules", "vite", "bin", "vite.js"), "build", "--outDir", webDir, "--emptyOutDir"],
  {
    cwd: join(ROOT, "web"),
    stdio: ["ignore", "inherit", "inherit"],
  },
);
console.log("starting a server with the demo data…");
const server = await startServer({
  env: { BULLPEN_DEMO_DATA: "true", MARKET_PROVIDERS: "", BULLPEN_WEB_DIR: webDir },
  dataDirPrefix: "bullpen-bench-web-",
  timeoutMs: 240_000,
  ready: (log) => /demo data loaded/.test(log),
  failure: /demo data failed/,
});
// Whatever fails below, the server stops and the build goes (else a crashed run leaves them behind).
try {
  const base = server.baseUrl;
  const cookies = new Map<string, string>();
  async function call(method: string, path: string, body?: unknown): Promise<unknown> {
    const headers: Record<string, string> = { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join("; ") };
    if (body !== undefined) headers["content-type"] = "application/json";
    if (cookies.has("bullpen_csrf")) headers["x-csrf-token"] = cookies.get("bullpen_csrf")!;
    const res = await fetch(`${base}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const at = pair.indexOf("=");
      cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : null;
  }
  /** The first object in a JSON answer whose `symbol` is `symbol`. */
  function findSymbol(value: unknown, symbol: string): { id: string } | undefined {
    if (Array.isArray(value)) {
      for (const v of value) {
        const hit = findSymbol(v, symbol);
        if (hit) return hit;
      }
    } else if (value && typeof value === "object") {
      const o = value as Record<string, unknown>;
      if (o.symbol === symbol && typeof o.id === "string") return o as { id: string };
      for (const v of Object.values(o)) {
        const hit = findSymbol(v, symbol);
        if (hit) return hit;
      }
    }
    return undefined;
  }

  await call("POST", "/api/auth/setup", { token: server.setupToken, ...ADMIN });
  const ids: string[] = [];
  for (const symbol of ["AAPL", "MSFT", "005930"]) {
    const hit = findSymbol(await call("GET", `/api/instruments?q=${symbol}`), symbol);
    if (hit) ids.push(hit.id);
  }
  if (!ids[0]) throw new Error("the demo data has no AAPL");
  await call("POST", "/api/watchlists", { name: "Bench", isDefault: true, instrumentIds: ids });
  const setLanguage = (language: "en" | "ko") => call("PATCH", "/api/me/settings", { language });

  const PAGES: { name: string; path: string; signedIn: boolean }[] = [
    { name: "/login", path: "/login", signedIn: false },
    { name: "home", path: "/", signedIn: true },
    { name: "/instruments", path: "/instruments", signedIn: true },
    { name: "AAPL chart", path: `/instruments/${ids[0]}`, signedIn: true },
    { name: "/watchlists", path: "/watchlists", signedIn: true },
    { name: "/security", path: "/security", signedIn: true },
  ];

  // ---- axe-core -------------------------------------------------------------------------------------

  interface AxeResult {
    violations: { id: string; impact: string; nodes: { target: string[] }[] }[];
  }
  const axeRows: string[] = [];
  const axeFailures: string[] = [];
  let overflowFailures = 0;
  const docsErrors: string[] = [];
  {
    if (SHOTS) mkdirSync(SHOTS, { recursive: true });
    const browser = await launchChromium();
    for (const lang of ["en", "ko"] as const) {
      await setLanguage(lang);
      for (const scheme of ["light", "dark"] as const) {
        for (const width of [1280, 390]) {
          const ctx = await browser.newContext({
            baseURL: base,
            locale: lang === "ko" ? "ko-KR" : "en-US",
            colorScheme: scheme,
            viewport: { width, height: width > 500 ? 900 : 844 },
            deviceScaleFactor: width > 500 ? 1 : 2,
          });
          const page = await ctx.newPage();
          for (const p of PAGES) {
            await ctx.clearCookies();
            if (p.signedIn) {
              await ctx.addCookies([...cookies].map(([name, value]) => ({ name, value, url: base })));
            }
            // Signed out, the language comes from the browser's; signed in, from the user's settings.
            await page.goto(p.path, { waitUntil: "load", timeout: 90_000 });
            await page.waitForLoadState("networkidle", { timeout: 20_000 }).catch(() => {});
            await page.waitForTimeout(700);
            // Through the DevTools protocol, which the page's CSP (script-src 'self') does not govern.
            await page.evaluate(axeSource);
            const result = (await page.evaluate(`axe.run(document, {
            runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
            rules: { "label-content-name-mismatch": { enabled: true } },
          })`)) as AxeResult;
            const overflow = (await page.evaluate(
              "document.documentElement.scrollWidth - document.documentElement.clientWidth",
            )) as number;
            if (width < 500 && overflow > 0) overflowFailures++;
            const summary = result.violations
              .map((v) => `${v.id} (${v.impact}, ${v.nodes.length})`)
              .join(", ");
            for (const v of result.violations) {
              axeFailures.push(
                `${p.name} ${lang} ${scheme} ${width}px: ${v.id} (${v.impact}) ${v.nodes
                  .slice(0, 3)
                  .map((n) => n.target.join(" "))
                  .join(" | ")}`,
              );
            }
            axeRows.push(
              `| ${p.name} | ${lang} | ${scheme} | ${width} | ${result.violations.length} | ${
                width < 500 ? (overflow > 0 ? `**${overflow} px**` : "none") : "–"
              } | ${summary || "–"} |`,
            );
            if (SHOTS) {
              const file = `${p.name.replace(/\W+/g, "_").replace(/^_|_$/g, "") || "home"}-${lang}-${scheme}-${width}.png`;
              await page.screenshot({ path: join(SHOTS, file), fullPage: width < 500 });
            }
            process.stdout.write(".");
          }
          await ctx.close();
        }
      }
    }
    // The API documentation page: no console error (issue 16: a CSP error for an inline style).
    {
      const ctx = await browser.newContext({ baseURL: base });
      const page = await ctx.newPage();
      page.on("console", (m) => {
        if (m.type() === "error") docsErrors.push(m.text());
      });
      await page.goto("/docs/", { waitUntil: "load", timeout: 90_000 });
      await page.waitForLoadState("networkidle", { timeout: 20_000 }).catch(() => {});
      await page.waitForTimeout(1500);
      await ctx.close();
    }
    await browser.close();
    await setLanguage("en");
    console.log();
  }

  // ---- Lighthouse -----------------------------------------------------------------------------------

  interface LhRow {
    page: string;
    preset: string;
    performance: number;
    accessibility: number;
    bestPractices: number;
    fcp: number;
    lcp: number;
    tbt: number;
    cls: number;
    scriptKiB: number;
    failing: string[];
  }
  const lhRows: LhRow[] = [];
  const signedOutRuns: string[] = [];
  const failedRuns: string[] = [];
  if (!process.env.WEB_BENCH_SKIP_LIGHTHOUSE) {
    const chrome = await launch({ chromePath: CHROMIUM, chromeFlags: CHROME_FLAGS, logLevel: "silent" });
    try {
      for (const preset of ["mobile", "desktop"] as const) {
        for (const p of PAGES) {
          // The session goes in the browser's cookie jar (Lighthouse keeps cookies between runs). An
          // extra `Cookie` header is not enough: once an answer sets a cookie (GET /api/me re-issues the
          // CSRF cookie), Chromium sends the jar's cookies instead, the next requests answer 401 and
          // the page measured was the sign-in page the app then showed.
          await browserCookies(chrome.port, base, p.signedIn ? [...cookies] : []);
          // A run Lighthouse could not trace (NO_NAVSTART and the like, seen on a loaded machine) has
          // no metrics: it is repeated, up to twice as many attempts as runs.
          const runs = [];
          for (let attempt = 0; runs.length < RUNS && attempt < RUNS * 2; attempt++) {
            const result = await lighthouse(
              `${base}${p.path}`,
              {
                port: chrome.port,
                output: "json",
                logLevel: "error",
                onlyCategories: ["performance", "accessibility", "best-practices"],
              },
              preset === "desktop" ? desktopConfig : undefined,
            );
            const lhr = result?.lhr;
            if (
              !lhr ||
              lhr.runtimeError ||
              lhr.audits["first-contentful-paint"]?.numericValue === undefined
            ) {
              failedRuns.push(`${p.name} ${preset}: ${lhr?.runtimeError?.code ?? "no result"}`);
              process.stdout.write("x");
              continue;
            }
            runs.push(lhr);
            // A signed-in page must not end on the sign-in page (the run would measure that instead).
            const end = lhr.finalDisplayedUrl ?? "";
            if (p.signedIn && new URL(end).pathname.startsWith("/login"))
              signedOutRuns.push(`${p.name} ${preset}: ended on ${end}`);
            process.stdout.write(".");
          }
          if (runs.length === 0) throw new Error(`Lighthouse failed every run of ${p.name} (${preset})`);
          const lhr = computeMedianRun(runs);
          const audit = (id: string) => lhr.audits[id]?.numericValue ?? Number.NaN;
          const score = (id: string) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
          const script = (
            lhr.audits["resource-summary"]?.details as {
              items?: { resourceType: string; transferSize: number }[];
            }
          )?.items?.find((i) => i.resourceType === "script")?.transferSize;
          const failing = ["accessibility", "best-practices"].flatMap((cat) =>
            ((lhr.categories[cat]?.auditRefs ?? []) as { id: string; weight: number }[])
              .filter((ref) => ref.weight > 0 && (lhr.audits[ref.id]?.score ?? 1) < 1)
              .map((ref) => ref.id),
          );
          lhRows.push({
            page: p.name,
            preset,
            performance: score("performance"),
            accessibility: score("accessibility"),
            bestPractices: score("best-practices"),
            fcp: audit("first-contentful-paint"),
            lcp: audit("largest-contentful-paint"),
            tbt: audit("total-blocking-time"),
            cls: audit("cumulative-layout-shift"),
            scriptKiB: (script ?? 0) / 1024,
            failing,
          });
        }
      }
    } finally {
      chrome.kill();
    }
    console.log();
  }

  // ---- report -----------------------------------------------------------------------------------------

  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  console.log(`\nLighthouse ${lhVersion}, median of ${RUNS} run(s) per page and preset`);
  if (failedRuns.length) console.log(`runs repeated (no trace): ${failedRuns.join(", ")}`);
  console.log(
    "| page | preset | perf | a11y | best pr. | FCP | LCP | TBT | CLS | JS (KiB) | failing audits |",
  );
  console.log("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
  for (const r of lhRows) {
    console.log(
      `| ${r.page} | ${r.preset} | ${r.performance} | ${r.accessibility} | ${r.bestPractices} | ${s(r.fcp)} | ${s(r.lcp)} | ${Math.round(r.tbt)} ms | ${r.cls.toFixed(3)} | ${r.scriptKiB.toFixed(0)} | ${r.failing.join(", ") || "–"} |`,
    );
  }
  console.log(`\naxe-core ${axeVersion}`);
  console.log("| page | lang | scheme | width | violations | overflow at 390 px | rules |");
  console.log("|---|---|---|---:|---:|---|---|");
  for (const row of axeRows) console.log(row);
  console.log(`\n/docs console errors: ${docsErrors.length ? docsErrors.join(" | ") : "none"}`);
  if (axeFailures.length) console.log(`\nviolations:\n${axeFailures.map((f) => `- ${f}`).join("\n")}`);
  if (signedOutRuns.length)
    console.log(`\nsigned-in pages measured signed out:\n${signedOutRuns.join("\n")}`);

  const goals = {
    mobile: lhRows.filter((r) => r.preset === "mobile").every((r) => r.performance >= 90),
    desktop: lhRows.filter((r) => r.preset === "desktop").every((r) => r.performance >= 95),
    cls: lhRows.every((r) => r.cls < 0.1),
    accessibility: lhRows.every((r) => r.accessibility === 100),
    bestPractices: lhRows.every((r) => r.bestPractices === 100),
    axe: axeFailures.length === 0,
    overflow: overflowFailures === 0,
    signedIn: signedOutRuns.length === 0,
  };
  console.log(
    "\ngoals:",
    Object.entries(goals)
      .map(([k, ok]) => `${k} ${ok ? "met" : "NOT met"}`)
      .join(", "),
  );
} finally {
  await server.stop();
  rmSync(webDir, { recursive: true, force: true });
}
