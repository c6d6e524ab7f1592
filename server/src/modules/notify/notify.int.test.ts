import { createServer } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, operatorCtx, signIn } from "../../../test/factories.ts";
import { createTestApp, createTestPlatform, type TestEnv } from "../../../test/harness.ts";
import { fixture, type ReplayServer, startReplayServer } from "../../../test/replay-server.ts";
import type { Ctx } from "../../platform/context.ts";
import { inTransaction } from "../../platform/db/index.ts";
import { listOutbox, notifyAdmins, notifyUser, sendEmail, sendSms } from "./index.ts";
import { registerNotifyJobs } from "./jobs.ts";
import * as repo from "./repository.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until<T>(probe: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out; last value ${JSON.stringify(v)}`);
    await sleep(100);
  }
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

interface Received {
  from: string;
  to: string[];
  raw: string;
}

/** A real SMTP server in this process, collecting what it receives. */
async function startSmtp(port: number): Promise<{ received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
        });
        callback();
      });
    },
  });
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
  return { received, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe("notify: outbox over SMTP and SMS over HTTP, notifications API", () => {
  let env: TestEnv & { app: Awaited<ReturnType<typeof createTestApp>>["app"] };
  let ctx: Ctx;
  let smtpPort: number;
  let replay: ReplayServer;

  beforeAll(async () => {
    smtpPort = await freePort();
    replay = await startReplayServer([
      {
        method: "POST",
        path: "/2010-04-01/Accounts/AC_test_sid/Messages.json",
        status: 400,
        body: { file: "twilio/error-invalid-to.json" },
        times: 0,
      },
    ]);
    env = await createTestApp({
      env: {
        SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
        MAIL_FROM: "Bullpen <noreply@bullpen.test>",
        EMAIL_RETRY_DELAY_SECONDS: "1",
        EMAIL_MAX_ATTEMPTS: "6",
        SMS_PROVIDER: "http",
        SMS_API_URL: replay.url,
        SMS_ACCOUNT_SID: "AC_test_sid",
        SMS_API_KEY: "test-auth-token",
        SMS_FROM: "+15557122661",
      },
    });
    await env.platform.jobs.start();
    ctx = { ...operatorCtx(env.platform), jobs: env.platform.jobs };
  }, 60_000);
  afterAll(async () => {
    await env.close();
    await replay.close();
  }, 30_000);

  it("sends an email through the outbox, retrying after the SMTP server was down", async () => {
    // Nothing listens on the port yet: the first attempts fail and the row stays pending.
    const { id } = await sendEmail({
      ctx: ctx,
      input: { to: "ada@example.test", subject: "Welcome", text: "Hello Ada" },
    });
    const failed = await until(
      () => repo.getOutbox(env.database.db, id),
      (r) => (r?.attempts ?? 0) >= 1 && r?.status === "pending",
    );
    expect(failed?.lastError).toMatch(/ECONNREFUSED|connect/i);
    const smtp = await startSmtp(smtpPort);
    try {
      const sent = await until(
        () => repo.getOutbox(env.database.db, id),
        (r) => r?.status === "sent",
        30_000,
      );
      expect(sent?.attempts).toBeGreaterThanOrEqual(2);
      expect(sent?.sentAt).toBeInstanceOf(Date);
      expect(smtp.received).toHaveLength(1);
      const [m] = smtp.received;
      expect(m.to).toEqual(["ada@example.test"]);
      expect(m.from).toBe("noreply@bullpen.test");
      expect(m.raw).toMatch(/^Subject: Welcome$/m);
      expect(m.raw).toContain("Hello Ada");
      expect(m.raw).toContain(`Message-ID: <${id}@bullpen>`);
      const [entry] = await listOutbox(env.database.db, { to: "ada@example.test" });
      expect(entry).toMatchObject({
        to: "ada@example.test",
        subject: "Welcome",
        text: "Hello Ada",
        status: "sent",
      });
      expect(entry.createdAt).toBeInstanceOf(Date);

      // An email queued in a transaction that rolls back never exists, and is never sent.
      await expect(
        inTransaction(env.database.db, async (tx) => {
          await sendEmail({
            ctx: { ...ctx, db: tx },
            input: { to: "ghost@example.test", subject: "No", text: "never" },
          });
          throw new Error("rollback");
        }),
      ).rejects.toThrow("rollback");
      expect(await listOutbox(env.database.db, { to: "ghost@example.test" })).toEqual([]);

      // One committed in a transaction is delivered once, even though it was enqueued inside it.
      await inTransaction(env.database.db, (tx) =>
        sendEmail({
          ctx: { ...ctx, db: tx },
          input: { to: "bob@example.test", subject: "Hi", text: "Hi Bob" },
        }),
      );
      await until(
        () => listOutbox(env.database.db, { to: "bob@example.test" }),
        (r) => r[0]?.status === "sent",
      );
      await sleep(500);
      expect(smtp.received.filter((x) => x.to.includes("bob@example.test"))).toHaveLength(1);
    } finally {
      await smtp.close();
    }
  }, 60_000);

  it("sends SMS through Twilio's Messages API (replayed) and fails for good on a 4xx", async () => {
    replay.setRoutes([
      {
        method: "POST",
        path: "/2010-04-01/Accounts/AC_test_sid/Messages.json",
        status: 201,
        body: { file: "twilio/message-created.json" },
      },
    ]);
    const { id } = await sendSms({
      ctx: ctx,
      input: { to: "+15558675310", text: "Your Bullpen code is 123456" },
    });
    const sent = await until(
      () => repo.getOutbox(env.database.db, id),
      (r) => r?.status === "sent",
    );
    expect(sent?.providerId).toBe((fixture("twilio/message-created.json") as { sid: string }).sid);
    const req = replay.requests.at(-1);
    expect(req?.method).toBe("POST");
    expect(req?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(req?.headers.authorization).toBe(
      `Basic ${Buffer.from("AC_test_sid:test-auth-token").toString("base64")}`,
    );
    const form = new URLSearchParams(req?.body);
    expect(Object.fromEntries(form)).toEqual({
      To: "+15558675310",
      From: "+15557122661",
      Body: "Your Bullpen code is 123456",
    });

    replay.setRoutes([
      {
        method: "POST",
        path: "/2010-04-01/Accounts/AC_test_sid/Messages.json",
        status: 400,
        body: { file: "twilio/error-invalid-to.json" },
      },
    ]);
    const bad = await sendSms({ ctx: ctx, input: { to: "+1555", text: "x" } });
    const failed = await until(
      () => repo.getOutbox(env.database.db, bad.id),
      (r) => r?.status === "failed",
    );
    expect(failed?.attempts).toBe(1); // a 400 will not get better: no retries
    expect(failed?.lastError).toContain("21211");
  }, 40_000);

  it("lists, counts and marks notifications; another user's id answers 404", async () => {
    const alice = await createUser(env.platform);
    const bob = await createUser(env.platform);
    const a = await signIn(env.app, alice.username, alice.password);
    const b = await signIn(env.app, bob.username, bob.password);
    const n1 = await notifyUser({
      ctx: ctx,
      input: {
        userId: alice.id,
        type: "test.one",
        title: "One",
        message: "first",
        data: { k: 1 },
      },
    });
    await sleep(5);
    const n2 = await notifyUser({
      ctx: ctx,
      input: { userId: alice.id, type: "test.two", title: "Two", message: "second" },
    });

    let res = await env.app.inject({ method: "GET", url: "/api/notifications", headers: a.bearer });
    expect(res.statusCode).toBe(200);
    let body = res.json();
    expect(body.unreadCount).toBe(2);
    expect(body.notifications.map((n: { id: string }) => n.id)).toEqual([n2.id, n1.id]);
    expect(body.notifications[1]).toMatchObject({
      type: "test.one",
      title: "One",
      message: "first",
      data: { k: 1 },
      readAt: null,
    });

    // Bob sees none of Alice's, and cannot mark hers read.
    res = await env.app.inject({ method: "GET", url: "/api/notifications", headers: b.bearer });
    expect(res.json()).toEqual({ notifications: [], unreadCount: 0 });
    res = await env.app.inject({
      method: "POST",
      url: `/api/notifications/${n1.id}/read`,
      headers: b.bearer,
    });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: "not_found" });

    res = await env.app.inject({
      method: "POST",
      url: `/api/notifications/${n1.id}/read`,
      headers: a.bearer,
    });
    expect(res.statusCode).toBe(204);
    res = await env.app.inject({ method: "GET", url: "/api/notifications?unread=true", headers: a.bearer });
    body = res.json();
    expect(body.unreadCount).toBe(1);
    expect(body.notifications.map((n: { id: string }) => n.id)).toEqual([n2.id]);

    res = await env.app.inject({ method: "POST", url: "/api/notifications/read-all", headers: a.bearer });
    expect(res.statusCode).toBe(204);
    res = await env.app.inject({ method: "GET", url: "/api/notifications", headers: a.bearer });
    expect(res.json().unreadCount).toBe(0);
    expect(res.json().notifications.every((n: { readAt: string | null }) => n.readAt !== null)).toBe(true);

    res = await env.app.inject({
      method: "POST",
      url: "/api/notifications/not-a-uuid/read",
      headers: a.bearer,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain("id");
    res = await env.app.inject({ method: "GET", url: "/api/notifications" });
    expect(res.statusCode).toBe(401);
  }, 30_000);

  it("notifies every active admin, honours channel preferences and records deliveries", async () => {
    const admin1 = await createUser(env.platform, { role: "admin" });
    const admin2 = await createUser(env.platform, { role: "admin" });
    const suspended = await createUser(env.platform, { role: "admin", status: "suspended" });
    const s1 = await signIn(env.app, admin1.username, admin1.password);
    // admin1 wants approvals by email as well, and no in-app copy of them.
    let res = await env.app.inject({
      method: "PUT",
      url: "/api/notifications/preferences",
      headers: s1.bearer,
      payload: {
        preferences: [
          { type: "user.pending_approval", channel: "email", enabled: true },
          { type: "*", channel: "in_app", enabled: false },
        ],
      },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().preferences).toEqual([
      { type: "*", channel: "in_app", enabled: false },
      { type: "user.pending_approval", channel: "email", enabled: true },
    ]);
    res = await env.app.inject({
      method: "PUT",
      url: "/api/notifications/preferences",
      headers: s1.bearer,
      payload: { preferences: [{ type: "*", channel: "fax", enabled: true }] },
    });
    expect(res.statusCode).toBe(400);

    const { ids } = await notifyAdmins({
      ctx: ctx,
      input: {
        type: "user.pending_approval",
        title: "New account",
        message: "carol waits",
      },
    });
    const owners = await env.database.query<{ user_id: string; id: string }>(
      "select user_id, id from notify.notifications where type = 'user.pending_approval'",
    );
    const ownerIds = owners.rows.map((r) => r.user_id);
    expect(ownerIds).toContain(admin1.id);
    expect(ownerIds).toContain(admin2.id);
    expect(ownerIds).not.toContain(suspended.id);
    expect(ids).toHaveLength(owners.rows.length);

    const n1 = owners.rows.find((r) => r.user_id === admin1.id)?.id as string;
    const n2 = owners.rows.find((r) => r.user_id === admin2.id)?.id as string;
    expect(await repo.listDeliveries(env.database.db, n1)).toMatchObject([
      { channel: "email", status: "queued" },
      { channel: "in_app", status: "skipped" },
    ]);
    expect(await repo.listDeliveries(env.database.db, n2)).toEqual([
      { channel: "in_app", status: "delivered", outboxId: null },
    ]);
    const mail = await listOutbox(env.database.db, { to: admin1.email as string });
    expect(mail[0]).toMatchObject({ subject: "New account", text: "carol waits" });
    // In-app switched off: admin1's copy is not unread.
    res = await env.app.inject({ method: "GET", url: "/api/notifications?unread=true", headers: s1.bearer });
    expect(res.json().notifications.map((n: { id: string }) => n.id)).not.toContain(n1);
  }, 30_000);
});

describe("notify without SMTP_URL and with the log SMS adapter", () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestPlatform({ env: { EMAIL_RETRY_DELAY_SECONDS: "1" } });
    registerNotifyJobs(env.platform);
    await env.platform.jobs.start();
  }, 60_000);
  afterAll(() => env.close(), 30_000);

  it("keeps emails pending in the outbox and logs SMS without sending", async () => {
    const ctx = { ...operatorCtx(env.platform), jobs: env.platform.jobs };
    const { id } = await sendEmail({
      ctx: ctx,
      input: { to: "nobody@example.test", subject: "S", text: "T" },
    });
    const sms = await sendSms({ ctx: ctx, input: { to: "+15550000001", text: "code 1" } });
    await sleep(2500); // the delivery job has run by now
    const row = await repo.getOutbox(env.database.db, id);
    expect(row).toMatchObject({ status: "pending", attempts: 0 });
    expect(await repo.getOutbox(env.database.db, sms.id)).toMatchObject({ status: "logged", channel: "sms" });
    const boss = await env.platform.jobs.boss();
    const jobs = await boss.findJobs("notify.deliver", {});
    expect(jobs.length).toBe(1);
    expect(jobs[0].state).toBe("completed");
  }, 30_000);
});
