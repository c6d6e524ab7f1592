// The embedded data directory is its owner's only: `bullpen serve` and a `bullpen` command on a fresh
// directory, and on one whose modes were loosened, leave directories 0700 and files 0600 and say how
// many entries they fixed. Real processes on real files (PGlite, whatever TEST_DATABASE_URL says).
import { type ChildProcess, spawn } from "node:child_process";
import { chmodSync, lstatSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const bin = fileURLToPath(new URL("../../../../bin/bullpen.js", import.meta.url));
const root = mkdtempSync(join(tmpdir(), "bullpen-modes-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const env = (dataDir: string) => ({
  PATH: process.env.PATH ?? "",
  HOME: process.env.HOME ?? root,
  BULLPEN_DATA_DIR: dataDir,
  BULLPEN_DEMO_DATA: "false",
  LOG_LEVEL: "warn",
  PORT: "0",
});

/** Every entry under `dir` (itself included) with its permission bits. */
function modes(dir: string): { path: string; dir: boolean; mode: number }[] {
  const st = lstatSync(dir);
  const out = [{ path: dir, dir: st.isDirectory(), mode: st.mode & 0o777 }];
  if (st.isDirectory()) for (const name of readdirSync(dir)) out.push(...modes(join(dir, name)));
  return out;
}

function expectOwnerOnly(dir: string) {
  const entries = modes(dir);
  expect(entries.length).toBeGreaterThan(500); // PGlite's catalog files are there
  const loose = entries.filter((e) => e.mode !== (e.dir ? 0o700 : 0o600));
  expect(loose.map((e) => `${e.path} ${e.mode.toString(8)}`)).toEqual([]);
}

/** Loosens every directory to 0755 and every file to 0666, as PGlite writes them; answers the count. */
function loosen(dir: string): number {
  let n = 0;
  for (const e of modes(dir)) {
    chmodSync(e.path, e.dir ? 0o755 : 0o666);
    n++;
  }
  return n;
}

/** Runs `bullpen serve` until it says it is running, then stops it with SIGTERM. */
async function serveOnce(
  dataDir: string,
): Promise<{ stdout: string; code: number | null; whileRunning: number }> {
  const child: ChildProcess = spawn(process.execPath, [bin, "serve"], {
    env: env(dataDir),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let whileRunning = -1;
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on("data", (d) => {
      stdout += d;
      if (stdout.includes("Bullpen is running")) resolve();
    });
    child.stderr?.on("data", (d) => {
      stdout += d;
    });
    child.on("exit", () => reject(new Error(`serve exited before it was running:\n${stdout}`)));
  });
  whileRunning = lstatSync(dataDir).mode & 0o777;
  child.kill("SIGTERM");
  return { stdout, code: await exited, whileRunning };
}

function cli(
  args: string[],
  dataDir: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      env: env(dataDir),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("data directory permissions", () => {
  const dataDir = join(root, "nested", "data");

  it("a first start creates the directory 0700 with every file 0600", async () => {
    const run = await serveOnce(dataDir);
    expect(run.code, run.stdout).toBe(0);
    expect(run.whileRunning).toBe(0o700);
    expectOwnerOnly(dataDir);
    expect(run.stdout).not.toContain("data directory permissions");
  }, 60_000);

  it("a command fixes a loosened directory and says how many entries it fixed", async () => {
    const loosened = loosen(dataDir);
    const run = await cli(["db", "info"], dataDir);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(
      `bullpen: data directory permissions: tightened ${loosened} entries in ${dataDir} (directories 0700, files 0600)`,
    );
    expectOwnerOnly(dataDir);
    // Nothing loose the next time.
    const again = await cli(["db", "info"], dataDir);
    expect(again.stderr).not.toContain("data directory permissions");
  }, 60_000);

  it("the server fixes a loosened directory at start and logs one line with the count", async () => {
    const loosened = loosen(dataDir);
    const run = await serveOnce(dataDir);
    expect(run.code, run.stdout).toBe(0);
    const lines = run.stdout
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as { msg: string; entries?: number });
    const fixed = lines.filter((l) => l.msg.startsWith("data directory permissions"));
    expect(fixed).toHaveLength(1);
    expect(fixed[0]?.entries).toBe(loosened);
    expectOwnerOnly(dataDir);
  }, 60_000);
});
