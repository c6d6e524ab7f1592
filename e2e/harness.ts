// What every browser test needs: Chromium (skipping with a message locally when it is missing, a
// failure in CI) and a real Bullpen server on a fresh data directory.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const SHOTS = join(ROOT, "e2e", "test-results");
export const hasChromium = existsSync(CHROMIUM);
export const inCI = Boolean(process.env.CI);

if (!hasChromium && !inCI) {
  console.warn(
    `[e2e] SKIPPED: Chromium not found at ${CHROMIUM}. Install it (apt-get install -y chromium) ` +
      "or set CHROMIUM_PATH to run the browser tests. In CI (CI set) this is a failure.",
  );
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** An input by its exact label; Mantine appends " *" to required fields' labels. */
export function field(page: Page, label: string) {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return page.getByLabel(new RegExp(`^${escaped}( \\*)?$`));
}

/** True when web/dist is missing or older than any web source file (the server serves web/dist). */
export interface TestServer {
  baseUrl: string;
  dataDir: string;
  /** The one-time setup token the server printed. */
  setupToken: string;
  /** Everything the server wrote so far. */
  log(): string;
  /** Stops the server (SIGTERM, then SIGKILL after 5 s) and removes its data directory. */
  stop(): Promise<void>;
}

/**
 * Checks Chromium and starts `server/src/main.ts` on a free port
 * with a fresh data directory; resolves once /health answers, the setup token is printed and
 * `ready(log)` holds.
 */
export async function startServer(opts: {
  env: Record<string, string>;
  dataDirPrefix: string;
  timeoutMs: number;
  ready?: (log: string) => boolean;
  /** A log line that means start-up failed. */
  failure?: RegExp;
}): Promise<TestServer> {
  if (!hasChromium) throw new Error(`Chromium is required in CI but missing at ${CHROMIUM}`);
  mkdirSync(SHOTS, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), opts.dataDirPrefix));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const server: ChildProcess = spawn(process.execPath, [join(ROOT, "server", "src", "main.ts")], {
    cwd: ROOT,
    env: {
      ...process.env,
      BULLPEN_DATA_DIR: dataDir,
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "info",
      ...opts.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  let setupToken = "";
  const onData = (chunk: Buffer) => {
    log += chunk.toString();
    const m = /setup token: ([A-Za-z0-9_\-.~+/=]+)/i.exec(log);
    if (m && !setupToken) setupToken = m[1];
  };
  server.stdout?.on("data", onData);
  server.stderr?.on("data", onData);
  let exited: number | null = null;
  server.once("exit", (code) => {
    exited = code ?? -1;
  });
  const stop = async () => {
    if (server.exitCode === null) {
      const gone = new Promise((r) => server.once("exit", r));
      server.kill("SIGTERM");
      await Promise.race([gone, sleep(5_000)]);
      if (server.exitCode === null) server.kill("SIGKILL");
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + opts.timeoutMs;
  try {
    for (;;) {
      if (exited !== null) throw new Error(`server exited with ${exited} before it was ready:\n${log}`);
      if (Date.now() > deadline)
        throw new Error(`server not ready after ${opts.timeoutMs / 1000} s:\n${log}`);
      if (opts.failure?.test(log)) throw new Error(`server start-up failed:\n${log}`);
      try {
        const res = await fetch(`${baseUrl}/health`);
        if (res.ok && setupToken && (opts.ready?.(log) ?? true)) break;
      } catch {
        // not listening yet
      }
      await sleep(250);
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { baseUrl, dataDir, setupToken, log: () => log, stop };
}

/** Headless Chromium with the flags this machine needs. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** A browser context on the test server (en-US, 1280 × 900) and its first page. */
export async function openPage(
  server: TestServer,
): Promise<{ browser: Browser; context: BrowserContext; page: Page }> {
  const browser = await launchChromium();
  const context = await browser.newContext({
    baseURL: server.baseUrl,
    locale: "en-US",
    viewport: { width: 1280, height: 900 },
  });
  return { browser, context, page: await context.newPage() };
}

/**
 * After a failed test (vitest's afterEach context): a full-page screenshot named `failed-<prefix>-
 * <test name>.png` in SHOTS and the server's last 40 log lines, so CI's log says what was on screen.
 */
export async function reportFailure(
  task: { name: string; result?: { state?: string } },
  prefix: string,
  page: Page | undefined,
  server: TestServer | undefined,
): Promise<void> {
  if (task.result?.state !== "fail") return;
  const tag = task.name.replace(/\W+/g, "-");
  await page
    ?.screenshot({ path: join(SHOTS, `failed-${prefix}-${tag}.png`), fullPage: true })
    .catch(() => {});
  console.error(`[e2e] server log (last 40 lines):\n${server?.log().split("\n").slice(-40).join("\n")}`);
}

/** Creates the first administrator through /setup and waits for Home's welcome. */
export async function setUpFirstAdmin(
  page: Page,
  setupToken: string,
  admin: { username: string; email: string; password: string },
): Promise<void> {
  await page.goto("/setup");
  await field(page, "Setup token").fill(setupToken);
  await field(page, "Username").fill(admin.username);
  await field(page, "Email").fill(admin.email);
  await field(page, "Password").fill(admin.password);
  await field(page, "Repeat password").fill(admin.password);
  await page.getByRole("button", { name: "Create administrator" }).click();
  await page.getByRole("heading", { name: `Welcome, ${admin.username}` }).waitFor();
}

/**
 * A JSON call through the API with the browser's session cookie and its CSRF header; an answer of
 * 300 or more fails the test with the answer's body.
 */
export function apiCaller(context: BrowserContext, page: Page) {
  return async (method: "GET" | "POST" | "PATCH" | "PUT", url: string, data?: object) => {
    const csrf = (await context.cookies()).find((c) => c.name === "bullpen_csrf")?.value ?? "";
    const res = await page.request.fetch(url, {
      method,
      ...(data === undefined ? {} : { data }),
      headers: { "x-csrf-token": csrf },
    });
    if (res.status() >= 300) throw new Error(`${method} ${url}: ${res.status()} ${await res.text()}`);
    return res.json();
  };
}
