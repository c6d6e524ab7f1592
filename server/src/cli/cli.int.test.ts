// The `bullpen` command as a real child process (the launcher in bin/, on this Node) against a
// temporary data directory, or a fresh database on the PostgreSQL server when TEST_DATABASE_URL is set.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { usingPostgres } from "../../test/harness.ts";
import { type Database, openDatabase } from "../platform/db.ts";
import { newId } from "../platform/ids.ts";
import { type Keyring, loadKeyring } from "../platform/secrets.ts";
import { buildProgram } from "./main.ts";

const bin = fileURLToPath(new URL("../../../bin/bullpen.js", import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

let dataDir: string;
let env: Record<string, string>;
let dropDatabase: (() => Promise<void>) | undefined;

/** Runs `bullpen <args>` to completion, feeding `input` on stdin. */
function cli(args: string[], opts: { input?: string; env?: Record<string, string> } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      env: { ...env, ...opts.env },
      stdio: ["pipe", "pipe", "pipe"],
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
    child.stdin.end(opts.input ?? "");
  });
}

/** Opens the instance's database from the test (PGlite: only while no CLI process holds it). */
async function openInstance(): Promise<Database> {
  return openDatabase({ url: env.DATABASE_URL, dataDir: join(dataDir, ""), poolSize: 2 });
}

/** The master keyring the CLI uses for this instance right now. */
function currentKeyring(): Keyring {
  return loadKeyring({
    envKey: env.BULLPEN_SECRET_KEY,
    envPreviousKey: env.BULLPEN_SECRET_KEY_PREVIOUS,
    dataDir,
    embedded: !usingPostgres,
  }).keyring;
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "bullpen-cli-"));
  env = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? dataDir,
    BULLPEN_DATA_DIR: dataDir,
    LOG_LEVEL: "warn",
    BCRYPT_COST: "10",
    BULLPEN_DEMO_DATA: "false",
    BULLPEN_WORKER: "false",
  };
  if (usingPostgres) {
    const admin = new URL(process.env.TEST_DATABASE_URL as string);
    const name = `bullpen_cli_${randomBytes(5).toString("hex")}`;
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
});

afterAll(async () => {
  await dropDatabase?.();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("bullpen command", () => {
  it("offers --help on every command", async () => {
    const run = await cli(["--help"]);
    expect(run.code).toBe(0);
    for (const c of ["serve", "migrate", "users", "audit", "db", "secrets"]) expect(run.stdout).toContain(c);
    // every leaf command has a description and its own help text
    const leaves: string[] = [];
    const walk = (cmd: ReturnType<typeof buildProgram>, path: string[]) => {
      for (const sub of cmd.commands) {
        const p = [...path, sub.name()];
        if (sub.commands.length) walk(sub, p);
        else {
          expect(sub.description(), p.join(" ")).not.toBe("");
          expect(sub.helpInformation()).toContain(`Usage: bullpen ${p.join(" ")}`);
          leaves.push(p.join(" "));
        }
      }
    };
    walk(buildProgram(), []);
    expect(leaves).toEqual(
      expect.arrayContaining([
        "serve",
        "migrate",
        "users create",
        "users list",
        "users approve",
        "users suspend",
        "users reset-mfa",
        "audit verify",
        "db info",
        "secrets rotate",
      ]),
    );
    const sub = await cli(["users", "create", "--help"]);
    expect(sub.code).toBe(0);
    expect(sub.stdout).toContain("--username <username>");
    expect(sub.stdout).toContain("standard input");
  });

  it("rejects unknown commands and bad configuration with a message", async () => {
    const unknown = await cli(["frobnicate"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/unknown command 'frobnicate'/);
    const bad = await cli(["db", "info"], { env: { REGISTRATION_MODE: "sometimes" } });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/REGISTRATION_MODE/);
    expect(bad.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  });

  it("migrates, then reports the database", async () => {
    const first = await cli(["migrate"]);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/applied \d+ migration\(s\)/);
    const again = await cli(["migrate"]);
    expect(again.stdout.trim()).toBe("database is up to date");

    const info = await cli(["db", "info", "--json"]);
    expect(info.code).toBe(0);
    const parsed = JSON.parse(info.stdout);
    expect(parsed.kind).toBe(usingPostgres ? "postgres" : "pglite");
    expect(parsed.migrations.pending).toBe(0);
    expect(parsed.migrations.applied).toBeGreaterThan(3);
    expect(parsed.databaseBytes).toBeGreaterThan(0);
    expect(parsed.schemas.map((s: { schema: string }) => s.schema)).toEqual(
      expect.arrayContaining(["audit", "identity"]),
    );
    if (!usingPostgres) expect(parsed.directoryBytes).toBeGreaterThan(parsed.databaseBytes / 2);
    const text = await cli(["db", "info"]);
    expect(text.stdout).toMatch(/migrations: +\d+ applied, 0 pending/);
  });

  it("verifies the audit chain and names a hand-edited row", async () => {
    const db = await openInstance();
    try {
      const { recordAudit } = await import("../modules/audit/index.ts");
      const ctx = {
        db: db.db,
        actor: null,
        clock: { now: () => new Date() },
        config: {} as never,
        log: console as never,
        requestId: null,
        ip: null,
        userAgent: "test",
      };
      for (let i = 0; i < 5; i++) await recordAudit(ctx, { eventType: "test", action: `a${i}` });
    } finally {
      await db.close();
    }
    const ok = await cli(["audit", "verify"]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/audit chain ok: \d+ rows verified/);
    const rows = Number(/ok: (\d+) rows/.exec(ok.stdout)?.[1]);
    expect(rows).toBeGreaterThanOrEqual(5);

    const db2 = await openInstance();
    try {
      await db2.exec(`
        alter table audit.audit_logs disable trigger audit_logs_no_update_delete;
        update audit.audit_logs set action = 'forged' where seq = ${rows - 2};
        alter table audit.audit_logs enable trigger audit_logs_no_update_delete;`);
    } finally {
      await db2.close();
    }
    const bad = await cli(["audit", "verify"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(
      `audit chain BROKEN at row seq=${rows - 2}: content does not match its hash`,
    );
  });
});
