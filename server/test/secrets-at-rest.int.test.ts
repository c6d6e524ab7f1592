// One-time secrets at rest and in logs (issue 15, finding 2): after a password reset, an email
// verification and an SMS code, neither the database (every row of every table; on PGlite also the
// raw bytes of every file in the data directory) nor the log holds a token or a code — and each of
// them still works, the emailed ones through the message an SMTP server actually received.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import type { FastifyInstance } from "fastify";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../src/app.ts";
import { listOutbox, revealOutboxMessage, SWEEP_JOB } from "../src/modules/notify/index.ts";
import { makeCtx } from "../src/platform/context.ts";
import { createJobs } from "../src/platform/jobs.ts";
import { operatorCtx, signIn } from "./factories.ts";
import { createTestPlatform, type TestEnv, testClock, usingPostgres } from "./harness.ts";
import { freePort, mailText, startSmtp } from "./smtp.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until<T>(
  what: string,
  probe: () => Promise<T>,
  ok: (v: T) => boolean,
  ms = 30_000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** Every log line of the app and the job worker, as written. */
function captureLogs(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).split("\n").filter(Boolean));
      done();
    },
  });
  return { lines, stream };
}

/** An app on the platform whose every log line (requests, verbs and the job worker) lands in `stream`. */
async function appWithLogs(env: TestEnv, stream: Writable): Promise<FastifyInstance> {
  const { platform } = env;
  // The job queue of this platform, logging to the same stream (the harness's logs nowhere).
  platform.jobs = createJobs(
    {
      config: platform.config,
      database: platform.database,
      clock: platform.clock,
      ctx: (log) => makeCtx(platform, { origin: "system", log, userAgent: "bullpen-worker" }),
    },
    { log: pino({ level: "info" }, stream) },
  );
  const app = await buildApp(platform, { logger: { level: "info", stream }, serveWeb: false });
  await app.ready();
  await platform.jobs.start();
  return app;
}

/** Rows of every table of every schema (the job queue's included) whose text holds `needle`. */
async function rowsHolding(env: TestEnv, needle: string): Promise<string[]> {
  const { rows: tables } = await env.database.query<{ s: string; t: string }>(
    `select table_schema as s, table_name as t from information_schema.tables
      where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')`,
  );
  expect(tables.length).toBeGreaterThan(20);
  const found: string[] = [];
  for (const { s, t } of tables) {
    const { rows } = await env.database.query<{ n: string }>(
      `select count(*)::text as n from "${s}"."${t}" x where strpos(x::text, $1) > 0`,
      [needle],
    );
    if (rows[0].n !== "0") found.push(`${s}.${t} (${rows[0].n})`);
  }
  return found;
}

/** Files under `dir` whose raw bytes hold `needle`. */
function filesHolding(dir: string, needle: string): string[] {
  const bytes = Buffer.from(needle, "utf8");
  const found: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && readFileSync(p).includes(bytes)) found.push(p.slice(dir.length + 1));
    }
  };
  walk(dir);
  return found;
}

describe("one-time secrets: encrypted at rest, erased once delivered, never logged", () => {
  const clock = testClock(new Date());
  const dataDir = mkdtempSync(join(tmpdir(), "bullpen-secrets-"));
  const logs = captureLogs();
  let env: TestEnv;
  let app: FastifyInstance;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let closed = false;

  beforeAll(async () => {
    const port = await freePort();
    smtp = await startSmtp(port);
    env = await createTestPlatform({
      clock,
      // On PGlite, a data directory on disk whose files the test reads afterwards.
      pgliteDir: dataDir,
      env: {
        SMTP_URL: `smtp://127.0.0.1:${port}`,
        MAIL_FROM: "Bullpen <noreply@bullpen.test>",
        PUBLIC_URL: "https://bullpen.test",
        REGISTRATION_MODE: "open",
        SMS_PROVIDER: "log",
        EMAIL_RETRY_DELAY_SECONDS: "1",
      },
    });
    app = await appWithLogs(env, logs.stream);
  }, 60_000);
  afterAll(async () => {
    if (!closed) {
      await app?.close();
      await env?.close();
    }
    await smtp?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("reset and verification tokens and an SMS code work, and no copy of the data or log holds them", async () => {
    const username = `secret_keeper_${Date.now().toString(36)}`;
    const email = `${username}@example.test`;
    const password = "first password 2026";
    // Sign-up emails a verification link; a reset request emails a reset link.
    const reg = await app.inject({
      method: "POST",
      url: "/api/auth/register",
      payload: { username, password, email },
    });
    expect(reg.statusCode).toBe(201);
    // The address becomes the account's (and can reset its password) once its link is opened.
    const [verifyMail] = await until(
      "the verification email",
      async () => smtp.received.filter((m) => m.to.includes(email)),
      (m) => m.length === 1,
    );
    const sentVerifyToken = /verify-email\?token=([A-Za-z0-9_%-]+)/.exec(mailText(verifyMail.raw))?.[1];
    const verified = await app.inject({
      method: "POST",
      url: "/api/auth/verify-email",
      payload: { token: decodeURIComponent(sentVerifyToken ?? "") },
    });
    expect(verified.statusCode).toBe(204);
    const reset = await app.inject({
      method: "POST",
      url: "/api/auth/password-reset/request",
      payload: { email },
    });
    expect(reset.statusCode).toBe(202);

    // What the SMTP server received: the links as the user sees them.
    const mails = await until(
      "two emails",
      async () => smtp.received.filter((m) => m.to.includes(email)),
      (m) => m.length === 2,
    );
    const texts = mails.map((m) => mailText(m.raw));
    const linkOf = (path: string) => {
      const found = texts
        .map((t) => new RegExp(`https://bullpen\\.test/${path}\\?token=[A-Za-z0-9_%-]+`).exec(t)?.[0])
        .find(Boolean);
      expect(found, `an email with a ${path} link`).toBeDefined();
      return new URL(found as string);
    };
    const verifyLink = linkOf("verify-email");
    const resetLink = linkOf("reset-password");
    const verifyToken = verifyLink.searchParams.get("token") as string;
    const resetToken = resetLink.searchParams.get("token") as string;
    expect(verifyToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(resetToken).toMatch(/^[A-Za-z0-9_-]{43}$/);

    // Delivered: the outbox keeps the redacted copy and no envelope.
    const stored = await until(
      "both emails marked sent",
      () => listOutbox(env.database.db, { to: email }),
      (rows) => rows.length === 2 && rows.every((r) => r.status === "sent"),
    );
    for (const row of stored) {
      expect(row.carriedSecret).toBe(true);
      expect(row.secretBody).toBeNull();
      expect(row.text).toContain("?token=[redacted]");
      expect(row.text).toMatch(/(Reset|Verification) token: \[redacted\]/);
    }

    // The SMS code (SMS_PROVIDER=log): logged redacted; the operator reads it whole, audited.
    const s = await signIn(app, username, password);
    const phone = "+821055501234";
    const sent = await app.inject({
      method: "POST",
      url: "/api/me/phone/request",
      headers: s.bearer,
      payload: { phoneNumber: phone },
    });
    expect(sent.statusCode).toBe(202);
    const [sms] = await listOutbox(env.database.db, { to: phone });
    expect(sms).toMatchObject({ status: "logged", carriedSecret: true });
    expect(sms.text).toBe("Your Bullpen verification code is [redacted]. It expires in 10 minutes.");
    expect(sms.secretBody).toMatch(/^v1\./);
    const smsLine = logs.lines.find((l) => l.includes(sms.id) && l.includes("SMS not sent"));
    expect(smsLine).toContain("code is [redacted]");
    expect(smsLine).toContain(`bullpen notify show ${sms.id}`);
    const shown = await revealOutboxMessage({ ctx: operatorCtx(env.platform), input: { id: sms.id } });
    expect(shown.secret).toBe("shown");
    const code = /code is (\d{6})\./.exec(shown.text)?.[1] as string;
    expect(code).toMatch(/^\d{6}$/);
    const { rows: reveals } = await env.database.query<{ n: string }>(
      "select count(*)::text as n from audit.audit_logs where action = 'notify.outbox.reveal' and resource_id = $1",
      [sms.id],
    );
    expect(reveals[0].n).toBe("1");

    // Each secret works (the verification link was opened above): the links as a browser opens
    // them, then the reset form.
    for (const link of [verifyLink, resetLink])
      expect((await app.inject({ method: "GET", url: `${link.pathname}${link.search}` })).statusCode).toBe(
        404,
      );
    expect(verifyToken).toBe(decodeURIComponent(sentVerifyToken ?? ""));
    const confirmed = await app.inject({
      method: "POST",
      url: "/api/auth/password-reset/confirm",
      payload: { token: resetToken, password: "second password 2026" },
    });
    expect(confirmed.statusCode).toBe(204);
    const s2 = await signIn(app, username, "second password 2026");
    const phoneOk = await app.inject({
      method: "POST",
      url: "/api/me/phone/verify",
      headers: s2.bearer,
      payload: { code },
    });
    expect(phoneOk.statusCode).toBe(204);

    // Past the code's ten minutes, the sweeper erases the SMS's sealed text.
    clock.advance(11 * 60_000);
    await env.platform.jobs.send(SWEEP_JOB);
    await until(
      "the SMS secret erased",
      async () => (await listOutbox(env.database.db, { to: phone }))[0],
      (r) => r.secretBody === null,
    );
    const after = await revealOutboxMessage({ ctx: operatorCtx(env.platform), input: { id: sms.id } });
    expect(after.secret).toBe("erased");
    expect(after.text).not.toContain(code);

    // Flush the request log, so audit.api_requests is part of what is searched.
    const { apiRequestLogOf } = await import("../src/modules/audit/index.ts");
    await apiRequestLogOf(app)?.flush();

    const secrets = { resetToken, verifyToken, sms: `code is ${code}` };
    // The search finds what is there: the username is in the rows, in the log lines of requests
    // that carried it, and (PGlite) in the data files.
    expect((await rowsHolding(env, username)).length).toBeGreaterThan(0);
    for (const [name, value] of Object.entries(secrets))
      expect(await rowsHolding(env, value), `${name} in a database row`).toEqual([]);

    const logText = logs.lines.join("\n");
    expect(logText).toContain(`"url":"/reset-password?token=[redacted]"`);
    for (const [name, value] of Object.entries({ ...secrets, code: code }))
      expect(
        logs.lines.filter((l) => new RegExp(`(^|[^0-9A-Za-z_-])${value}($|[^0-9A-Za-z_-])`).test(l)),
        `${name} in the log`,
      ).toEqual([]);

    closed = true;
    await app.close();
    await env.close();
    if (usingPostgres) return; // the server's files are not this process's to read
    expect(filesHolding(dataDir, username).length).toBeGreaterThan(0);
    for (const [name, value] of Object.entries(secrets))
      expect(filesHolding(dataDir, value), `${name} in the data directory's files`).toEqual([]);
  }, 120_000);
});

describe("without SMTP_URL", () => {
  const clock = testClock(new Date());
  const logs = captureLogs();
  let env: TestEnv;
  let app: FastifyInstance;
  beforeAll(async () => {
    env = await createTestPlatform({
      clock,
      env: { PUBLIC_URL: "https://bullpen.test", EMAIL_RETRY_DELAY_SECONDS: "1" },
    });
    app = await appWithLogs(env, logs.stream);
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await env.close();
  });

  it("logs the email redacted; the operator reads it whole until the token expires, then it fails", async () => {
    const { createUser } = await import("./factories.ts");
    const u = await createUser(env.platform);
    const res = await app.inject({
      method: "POST",
      url: "/api/auth/password-reset/request",
      payload: { email: u.email },
    });
    expect(res.statusCode).toBe(202);
    // The reset email is written after the answer.
    const [mail] = await until(
      "the reset email",
      () => listOutbox(env.database.db, { to: u.email as string }),
      (rows) => rows.length === 1,
    );
    const line = await until(
      "the email's log line",
      async () => logs.lines.find((l) => l.includes(mail.id) && l.includes("email not sent (no SMTP_URL)")),
      (l) => l !== undefined,
    );
    const logged = JSON.parse(line as string) as { to: string; subject: string; text: string; msg: string };
    expect(logged).toMatchObject({ to: u.email, subject: "Reset your Bullpen password" });
    expect(logged.text).toContain("https://bullpen.test/reset-password?token=[redacted]");
    expect(logged.msg).toContain(`bullpen notify show ${mail.id}`);
    expect(logs.lines.some((l) => l.includes("SMTP_URL is not set"))).toBe(true);

    // The operator's view (`bullpen notify show`): the token, which works.
    const shown = await revealOutboxMessage({ ctx: operatorCtx(env.platform), input: { id: mail.id } });
    const token = /Reset token: (\S+)/.exec(shown.text)?.[1] as string;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(logs.lines.filter((l) => l.includes(token))).toEqual([]);
    const ok = await app.inject({
      method: "POST",
      url: "/api/auth/password-reset/confirm",
      payload: { token, password: "operator relayed 2026" },
    });
    expect(ok.statusCode).toBe(204);

    // A second request, never read: when its hour is up the sweeper erases it and it fails for good.
    await app.inject({
      method: "POST",
      url: "/api/auth/password-reset/request",
      payload: { email: u.email },
    });
    const [second] = await until(
      "the second reset email",
      () => listOutbox(env.database.db, { to: u.email as string }),
      (rows) => rows.length === 2,
    );
    expect(second.id).not.toBe(mail.id);
    expect(second).toMatchObject({ status: "pending", carriedSecret: true });
    clock.advance(61 * 60_000);
    await env.platform.jobs.send(SWEEP_JOB);
    const failed = await until(
      "the unsent email to fail",
      async () => (await listOutbox(env.database.db, { id: second.id }))[0],
      (r) => r.status === "failed",
    );
    expect(failed).toMatchObject({
      secretBody: null,
      lastError: "not sent before its one-time secret expired",
    });
    expect(
      (await revealOutboxMessage({ ctx: operatorCtx(env.platform), input: { id: second.id } })).secret,
    ).toBe("erased");
  }, 60_000);
});

describe("upgrading a database whose outbox holds secrets in the clear", () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestPlatform();
  }, 60_000);
  afterAll(() => env.close());

  it("migration 0015 redacts the tokens and codes of messages written before it", async () => {
    const migration = readFileSync(
      new URL("../migrations/0015_notify_outbox_secret_body.sql", import.meta.url),
      "utf8",
    );
    const scrub = migration.split("--> statement-breakpoint").find((s) => s.includes("UPDATE")) as string;
    expect(scrub).toBeDefined();
    const old = {
      reset:
        "Hello ada,\n\nSomeone asked to reset the password of your Bullpen account. To choose a new password, open this link (valid for one hour):\n\nhttp://localhost:3000/reset-password?token=Rz0_abc-DEF123\n\nReset token: Rz0_abc-DEF123\n\nIf it was not you, ignore this message; your password stays as it is.",
      verify:
        "Hello ada,\n\nConfirm your email address by opening this link (valid for one hour):\n\nhttp://localhost:3000/verify-email?token=Vq9-xyz_TOKEN\n\nVerification token: Vq9-xyz_TOKEN\n\nIf you did not ask for this, ignore this message.",
      invite:
        "You are invited to create an account on Bullpen: http://localhost:3000/register?invite=K7M2P9Q4R8S3T6V1\n\nInvite code: K7M2P9Q4R8S3T6V1 (valid for 7 days)",
      sms: "Your Bullpen verification code is 402913. It expires in 10 minutes.",
      plain: "Hello ada,\n\nYour account was approved.\n\nhttp://localhost:3000/",
    };
    for (const [name, text] of Object.entries(old))
      await env.database.query(
        `insert into notify.outbox (id, channel, "to", text, html, status)
         values (gen_random_uuid(), $1, $2, $3, $4, 'sent')`,
        [
          name === "sms" ? "sms" : "email",
          `${name}@example.test`,
          text,
          name === "reset"
            ? '<a href="http://localhost:3000/reset-password?token=Rz0_abc-DEF123">reset</a>'
            : null,
        ],
      );
    await env.database.exec(scrub);
    const { rows } = await env.database.query<{ to: string; text: string; html: string | null }>(
      `select "to", text, html from notify.outbox where "to" like '%@example.test'`,
    );
    const by = Object.fromEntries(rows.map((r) => [r.to.split("@")[0], r]));
    expect(by.reset.text).toContain("reset-password?token=[redacted]\n\nReset token: [redacted]\n");
    expect(by.reset.html).toBe('<a href="http://localhost:3000/reset-password?token=[redacted]">reset</a>');
    expect(by.verify.text).toContain("verify-email?token=[redacted]\n\nVerification token: [redacted]\n");
    expect(by.invite.text).toBe(
      "You are invited to create an account on Bullpen: http://localhost:3000/register?invite=[redacted]\n\nInvite code: [redacted] (valid for 7 days)",
    );
    expect(by.sms.text).toBe("Your Bullpen verification code is [redacted]. It expires in 10 minutes.");
    expect(by.plain.text).toBe(old.plain);
    for (const secret of ["Rz0_abc-DEF123", "Vq9-xyz_TOKEN", "K7M2P9Q4R8S3T6V1", "402913"])
      expect(await rowsHolding(env, secret)).toEqual([]);
  });
});
