// `bullpen portfolio import` as a real child process against a temporary instance: preview, commit,
// the same file again adding nothing, and one-line failures for an unknown user or account.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { usingPostgres } from "../../../test/harness.ts";
import { operatorCtxOn } from "../../boot.ts";
import { loadConfig } from "../../config.ts";
import { connectionOf } from "../../platform/db/connection.ts";
import { openDatabase } from "../../platform/db/index.ts";
import { newId } from "../../platform/ids.ts";
import { createInstrument } from "../market/index.ts";

const bin = fileURLToPath(new URL("../../../../bin/bullpen.js", import.meta.url));
let dataDir: string;
let env: Record<string, string>;
let dropDatabase: (() => Promise<void>) | undefined;

function cli(args: string[], input = ""): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
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
    child.stdin.end(input);
  });
}

const FILE = `Action,Time,ISIN,Ticker,Name,No. of shares,Price / share,Currency (Price / share),Exchange rate,Total,Currency (Total),Notes,ID
Deposit,2024-01-02 10:00:00,,,,,,,,5000.00,"USD",,D1
Market buy,2024-01-03 15:00:00,US0378331005,AAPL,"Apple",10,185.00,USD,1.00,1850.00,"USD",,B1
Market buy,2024-01-04 15:00:00,US0378331005,AAPL,"Apple",x,185.00,USD,1.00,1850.00,"USD",,B2
`;

describe("bullpen portfolio import", () => {
  let file: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "bullpen-pcli-"));
    env = {
      PATH: process.env.PATH ?? "",
      HOME: dataDir,
      BULLPEN_DATA_DIR: dataDir,
      LOG_LEVEL: "warn",
      BCRYPT_COST: "10",
      BULLPEN_DEMO_DATA: "false",
      BULLPEN_WORKER: "false",
    };
    if (usingPostgres) {
      const admin = new URL(process.env.TEST_DATABASE_URL as string);
      const name = `bullpen_pcli_${randomBytes(5).toString("hex")}`;
      const c = new pg.Client({ connectionString: admin.toString() });
      await c.connect();
      await c.query(`create database ${name}`);
      await c.end();
      const url = new URL(admin.toString());
      url.pathname = `/${name}`;
      env.DATABASE_URL = url.toString();
      env.BULLPEN_SECRET_KEY = randomBytes(32).toString("hex");
      dropDatabase = async () => {
        const d = new pg.Client({ connectionString: admin.toString() });
        await d.connect();
        await d.query(`drop database if exists ${name} with (force)`);
        await d.end();
      };
    }
    const created = await cli(["users", "create", "--username", "trader"], "Pw-correct-horse-9!\n");
    expect(created.code, created.stderr).toBe(0);
    // The account and the instrument, written while no CLI process holds the instance.
    const db = await openDatabase({ url: env.DATABASE_URL, dataDir, poolSize: 2 });
    try {
      const ctx = operatorCtxOn(db, loadConfig({ NODE_ENV: "test", BULLPEN_DEMO_DATA: "false" }), "test");
      await createInstrument({
        ctx,
        input: { symbol: "AAPL", mic: "XNAS", name: "Apple Inc.", currency: "USD", isin: "US0378331005" },
      });
      const conn = connectionOf(db.db);
      const { rows } = await conn.query<{ id: string }>(
        "select id from identity.users where username = 'trader'",
      );
      await conn.query(
        "insert into portfolio.accounts (id, user_id, name, base_currency) values ($1, $2, 'Main', 'USD')",
        [newId(), rows[0]?.id],
      );
    } finally {
      await db.close();
    }
    file = join(dataDir, "history.csv");
    writeFileSync(file, FILE);
  }, 120_000);

  afterAll(async () => {
    await dropDatabase?.();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("previews, commits, and adds nothing the second time", async () => {
    const preview = await cli(["portfolio", "import", file, "--user", "trader", "--account", "Main"]);
    expect(preview.code, preview.stderr).toBe(0);
    expect(preview.stdout).toMatch(/read as trading212; 3 rows, 2 to import, 1 with errors/);
    expect(preview.stdout).toMatch(/error {3}row 4 \(No\. of shares\)/);
    expect(preview.stdout).toMatch(/not committed/);

    const commit = await cli([
      "portfolio",
      "import",
      file,
      "--user",
      "trader",
      "--account",
      "Main",
      "--commit",
    ]);
    expect(commit.code, commit.stderr).toBe(0);
    expect(commit.stdout).toMatch(/committed: 2 added, 0 already there, 1 skipped with errors/);
    const again = await cli([
      "portfolio",
      "import",
      file,
      "--user",
      "trader",
      "--account",
      "Main",
      "--commit",
    ]);
    expect(again.stdout).toMatch(/committed: 0 added, 2 already there/);
  }, 120_000);

  it("fails in one line for an unknown user or account", async () => {
    const noUser = await cli(["portfolio", "import", file, "--user", "nobody", "--account", "Main"]);
    expect(noUser.code).toBe(1);
    expect(noUser.stderr).toMatch(/no user nobody/);
    const noAccount = await cli(["portfolio", "import", file, "--user", "trader", "--account", "Other"]);
    expect(noAccount.code).toBe(1);
    expect(noAccount.stderr).toMatch(/trader has no account Other \(Main\)/);
  }, 120_000);
});
