// `bullpen notify outbox|show` and `bullpen secrets rotate` over the outbox's sealed bodies, as real
// child processes against a temporary data directory (or a fresh PostgreSQL database).
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { usingPostgres } from "../../../test/harness.ts";
import { assemblePlatform } from "../../boot.ts";
import { loadConfig } from "../../config.ts";
import { makeCtx } from "../../platform/context.ts";
import { openDatabase } from "../../platform/db/index.ts";
import { loadKeyring } from "../../platform/secrets.ts";
import { sendEmail } from "./index.ts";

const bin = fileURLToPath(new URL("../../../bin/bullpen.js", import.meta.url));

let dataDir: string;
let env: Record<string, string>;
let dropDatabase: (() => Promise<void>) | undefined;

function cli(args: string[], extra: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { env: { ...env, ...extra }, stdio: "pipe" });
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
    child.stdin.end();
  });
}

/** Runs `fn` on the instance's database with its master key (PGlite: while no command holds it). */
async function onInstance<T>(fn: (p: ReturnType<typeof assemblePlatform>) => Promise<T>): Promise<T> {
  const config = loadConfig(env);
  const database = await openDatabase({ url: env.DATABASE_URL, dataDir, poolSize: 2 });
  const { keyring } = loadKeyring({
    envKey: env.BULLPEN_SECRET_KEY,
    envPreviousKey: env.BULLPEN_SECRET_KEY_PREVIOUS,
    dataDir,
    embedded: !usingPostgres,
  });
  const platform = assemblePlatform({ config, database, keyring });
  try {
    return await fn(platform);
  } finally {
    await database.close();
  }
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "bullpen-notify-cli-"));
  env = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? dataDir,
    BULLPEN_DATA_DIR: dataDir,
    LOG_LEVEL: "warn",
    BULLPEN_DEMO_DATA: "false",
    BULLPEN_WORKER: "false",
  };
  if (usingPostgres) {
    const admin = new URL(process.env.TEST_DATABASE_URL as string);
    const name = `bullpen_ncli_${randomBytes(5).toString("hex")}`;
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
}, 60_000);

afterAll(async () => {
  await dropDatabase?.();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("bullpen notify", () => {
  it("lists messages redacted, shows one whole (audited), and keeps it readable across a key rotation", async () => {
    const migrated = await cli(["migrate"]);
    expect(migrated.stderr).toBe("");
    expect(migrated.code).toBe(0);
    const token = randomBytes(32).toString("base64url");
    const id = await onInstance(async (p) => {
      const ctx = makeCtx(p, { origin: "system", log: pino({ level: "silent" }), userAgent: "test" });
      const text = `Open https://bullpen.test/reset-password?token=${token}\n\nReset token: ${token}`;
      return (
        await sendEmail({ ctx, input: { to: "ada@example.test", subject: "Reset", text, secrets: [token] } })
      ).id;
    });

    const list = await cli(["notify", "outbox"]);
    expect(list.stderr).toBe("");
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(id);
    expect(list.stdout).toContain("ada@example.test");
    expect(list.stdout).not.toContain(token);
    const json = JSON.parse((await cli(["notify", "outbox", "--json", "--to", "ada@example.test"])).stdout);
    expect(json).toMatchObject([{ id, status: "pending", secret: "redacted" }]);
    expect(json[0].text).toBe(
      "Open https://bullpen.test/reset-password?token=[redacted]\n\nReset token: [redacted]",
    );

    const show = await cli(["notify", "show", id]);
    expect(show.stderr).toBe("");
    expect(show.code).toBe(0);
    expect(show.stdout).toContain(`Reset token: ${token}`);
    expect(show.stdout).toContain("one-time secret shown (audited)");
    const missing = await cli(["notify", "show", "00000000-0000-4000-8000-000000000000"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("No outbox message with that id");

    // `secrets rotate` re-wraps the sealed body with the other encrypted columns.
    const rotateEnv: Record<string, string> = usingPostgres
      ? {
          BULLPEN_SECRET_KEY: randomBytes(32).toString("hex"),
          BULLPEN_SECRET_KEY_PREVIOUS: env.BULLPEN_SECRET_KEY,
        }
      : {};
    const rotated = await cli(["secrets", "rotate"], rotateEnv);
    expect(rotated.stderr).toBe("");
    expect(rotated.code).toBe(0);
    expect(rotated.stdout).toMatch(/notify\.outbox\.secret_body: 1 of 1/);
    Object.assign(env, rotateEnv);
    if (usingPostgres) delete env.BULLPEN_SECRET_KEY_PREVIOUS;
    const again = await cli(["notify", "show", id]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`Reset token: ${token}`);

    const reveals = await onInstance(async (p) => {
      const { rows } = await p.database.query<{ n: string }>(
        "select count(*)::text as n from audit.audit_logs where action = 'notify.outbox.reveal' and resource_id = $1",
        [id],
      );
      return rows[0].n;
    });
    expect(reveals).toBe("2");
  }, 120_000);
});
