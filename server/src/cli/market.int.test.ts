// `bullpen instruments|import bars|resample` as a real child process against a temporary data
// directory (PGlite; the same commands run against DATABASE_URL, covered by the service tests).
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const bin = fileURLToPath(new URL("../../../bin/bullpen.js", import.meta.url));
const aapl = fileURLToPath(new URL("../modules/market/data/AAPL.csv", import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), "bullpen-cli-market-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function cli(
  args: string[],
  input?: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? dataDir,
      BULLPEN_DATA_DIR: dataDir,
      BULLPEN_DEMO_DATA: "false",
      LOG_LEVEL: "warn",
    };
    const child = spawn(process.execPath, [bin, ...args], { env, stdio: ["pipe", "pipe", "pipe"] });
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
    child.stdin.end(input ?? "");
  });
}

describe("bullpen market commands", () => {
  it("imports a file (then nothing on a re-run), refuses bad stdin rows with exit 1, searches and resamples", async () => {
    const first = await cli([
      "import",
      "bars",
      aapl,
      "--symbol",
      "AAPL",
      "--market",
      "US",
      "--interval",
      "1d",
    ]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain("1260 rows read, added 1260, skipped 0 (already stored), rejected 0");
    const again = await cli(["import", "bars", aapl, "--symbol", "AAPL", "--market", "US"]);
    expect(again.stdout).toContain("added 0, skipped 1260");

    const bad = await cli(
      ["import", "bars", "-", "--symbol", "MSFT", "--market", "US"],
      "date,open,high,low,close,volume\n2024-01-02,10,9,8,9,1\n2024-01-03,1,2,0.5,1,5\n",
    );
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain("row 2: high 9 is below open 10");
    expect(bad.stderr).toContain("import refused: nothing was stored");

    const search = await cli(["instruments", "search", "samsng"]);
    expect(search.stdout.split("\n")[0]).toMatch(
      /^005930\s+XKRX\s+KR\s+equity\s+Samsung Electronics\s+\(삼성전자\)/,
    );
    const missing = await cli(["import", "bars", aapl, "--symbol", "NOPE", "--market", "US"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("no instrument NOPE on US");

    const rs = await cli([
      "resample",
      "--symbol",
      "AAPL",
      "--mic",
      "xnas",
      "--source",
      "1d",
      "--target",
      "1w",
    ]);
    expect(rs.code, rs.stderr).toBe(0);
    expect(rs.stdout).toMatch(/stored 26\d 1w bars from 1d/);
  }, 120_000);
});
