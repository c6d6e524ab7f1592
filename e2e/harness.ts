// What every browser test needs: Chromium (skipping with a message locally when it is missing, a
// failure in CI) and a real Bullpen server on a fresh data directory.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";

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
