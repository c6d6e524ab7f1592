// Replicas started together (issue 15, finding 16): several `bullpen serve` processes on one new
// PostgreSQL database, as an orchestrator starts them. Each must come up (migrations and the job
// queue's installation take turns under advisory locks) and all must print the same first-admin
// setup token, which then works on any of them; and the same boots racing inside one process with
// separate pools. Needs TEST_DATABASE_URL (PGlite allows one process per data directory).
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import pino from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { assemblePlatform, closePlatform } from "../src/boot.ts";
import { loadConfig } from "../src/config.ts";
import { ensureSetupToken } from "../src/modules/identity/index.ts";
import { makeCtx } from "../src/platform/context.ts";
import { openDatabase } from "../src/platform/db/index.ts";
import { runMigrations } from "../src/platform/migrate.ts";
import type { Platform } from "../src/platform/platform.ts";
import { Keyring } from "../src/platform/secrets.ts";
import { usingPostgres } from "./harness.ts";

const bin = fileURLToPath(new URL("../../bin/bullpen.js", import.meta.url));
const REPLICAS = 4;

interface Replica {
  child: ChildProcess;
  output: string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  exited: boolean;
}

describe.skipIf(!usingPostgres)("replicas started together on a new PostgreSQL database", () => {
  const admin = new URL(process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test");
  const name = `bullpen_race_${randomBytes(5).toString("hex")}`;
  const root = mkdtempSync(join(tmpdir(), "bullpen-replicas-"));
  const replicas: Replica[] = [];

  const sql = async (text: string) => {
    const c = new pg.Client({ connectionString: admin.toString() });
    await c.connect();
    try {
      await c.query(text);
    } finally {
      await c.end();
    }
  };

  afterAll(async () => {
    for (const r of replicas) if (!r.exited) r.child.kill("SIGKILL");
    await Promise.all(replicas.map((r) => r.exit));
    await sql(`drop database if exists ${name} with (force)`);
    rmSync(root, { recursive: true, force: true });
  });

  it("boots with separate pools at the same instant: migrations, job queue and token agree", async () => {
    // The tightest race: every boot in this process starts its steps together.
    const tight = `${name}_tight`;
    await sql(`create database ${tight}`);
    const url = new URL(admin.toString());
    url.pathname = `/${tight}`;
    const key = new Keyring(randomBytes(32));
    const config = loadConfig({ NODE_ENV: "test", LOG_LEVEL: "silent", DATABASE_URL: url.toString() });
    const platforms: Platform[] = [];
    try {
      const outcomes = await Promise.allSettled(
        Array.from({ length: 6 }, async () => {
          const database = await openDatabase({ url: url.toString(), dataDir: root, poolSize: 3 });
          const platform = assemblePlatform({ config, database, keyring: key });
          platforms.push(platform);
          const { applied } = await runMigrations(database);
          platform.jobs.register("replica.noop", async () => {});
          await platform.jobs.ready();
          const log = pino({ level: "silent" });
          const token = await ensureSetupToken({
            ctx: makeCtx(platform, { origin: "system", log, userAgent: "test" }),
            input: undefined,
          });
          return { applied, token };
        }),
      );
      const failures = outcomes.filter((o) => o.status === "rejected").map((o) => String(o.reason));
      expect(failures).toEqual([]);
      const done = outcomes.map((o) => (o.status === "fulfilled" ? o.value : null));
      // One boot applied the migrations; the others waited and found them applied.
      expect(done.filter((d) => (d?.applied ?? 0) > 0)).toHaveLength(1);
      expect(new Set(done.map((d) => d?.token)).size).toBe(1);
      expect(done[0]?.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    } finally {
      for (const p of platforms) await closePlatform(p, 1000).catch(() => {});
      await sql(`drop database if exists ${tight} with (force)`);
    }
  }, 60_000);

  it("all come up, and all print one setup token that works on any of them", async () => {
    await sql(`create database ${name}`);
    const url = new URL(admin.toString());
    url.pathname = `/${name}`;
    const key = randomBytes(32).toString("hex");
    for (let i = 0; i < REPLICAS; i++) {
      const child = spawn(process.execPath, [bin, "serve"], {
        env: {
          PATH: process.env.PATH ?? "",
          HOME: process.env.HOME ?? root,
          DATABASE_URL: url.toString(),
          BULLPEN_SECRET_KEY: key,
          BULLPEN_DATA_DIR: join(root, `replica-${i}`),
          BULLPEN_DEMO_DATA: "false",
          LOG_LEVEL: "warn",
          BCRYPT_COST: "10",
          PORT: "0",
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      const r: Replica = {
        child,
        output: "",
        exited: false,
        exit: new Promise((resolve) =>
          child.on("exit", (code, signal) => {
            r.exited = true;
            resolve({ code, signal });
          }),
        ),
      };
      child.stdout?.on("data", (d) => {
        r.output += d;
      });
      child.stderr?.on("data", (d) => {
        r.output += d;
      });
      replicas.push(r);
    }

    // Each either says it is running (and, with no admin yet, prints the token) or exits.
    const settled = (r: Replica) =>
      r.exited || (r.output.includes("Bullpen is running") && /^ {8}\S+$/m.test(r.output));
    const deadline = Date.now() + 60_000;
    while (!replicas.every(settled) && Date.now() < deadline)
      await new Promise((res) => setTimeout(res, 100));
    for (const r of replicas) expect(r.exited, r.output).toBe(false);
    for (const r of replicas) expect(r.output, r.output).not.toMatch(/duplicate key|Error/);

    const tokens = replicas.map((r) => r.output.match(/setup token: (\S+)"/)?.[1]);
    const hinted = replicas.map((r) => r.output.match(/^ {8}(\S+)$/m)?.[1]);
    expect(tokens.every((t) => typeof t === "string" && t.length >= 32)).toBe(true);
    expect(new Set(tokens).size).toBe(1);
    expect(hinted).toEqual(tokens);

    // The token one replica printed sets the first admin up through another.
    const urls = replicas.map((r) => r.output.match(/Bullpen is running: (\S+)/)?.[1]);
    const setup = await fetch(`${urls[REPLICAS - 1]}/api/auth/setup`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ token: tokens[0], username: "boss", password: "correct horse battery staple" }),
    });
    expect(setup.status, await setup.clone().text()).toBe(201);
    const again = await fetch(`${urls[0]}/api/auth/setup`);
    expect(await again.json()).toEqual({ needed: false });

    for (const r of replicas) r.child.kill("SIGTERM");
    for (const r of replicas) expect((await r.exit).code, r.output).toBe(0);
  }, 120_000);
});
