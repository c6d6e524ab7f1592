import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestPlatform, type TestEnv, usingPostgres } from "../../test/harness.ts";
import { assemblePlatform } from "../boot.ts";
import { type Database, openDatabase } from "./db/index.ts";
import type { Jobs } from "./jobs.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(cond: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await sleep(50);
  }
}

describe("durable jobs (pg-boss on the platform database)", () => {
  let env: TestEnv;
  let jobs: Jobs;
  const calls: Record<string, { data: unknown; retryCount: number; at: number }[]> = {};
  const record = (name: string) => (data: unknown, ctx: { job: { retryCount: number } }) => {
    calls[name] = [...(calls[name] ?? []), { data, retryCount: ctx.job.retryCount, at: Date.now() }];
  };

  beforeAll(async () => {
    env = await createTestPlatform();
    jobs = env.platform.jobs;
    await env.database.exec("create table public.job_effects (k text primary key, n int not null default 1)");
    jobs.register("t.echo", async (d, ctx) => record("t.echo")(d, ctx), { pollingIntervalSeconds: 0.5 });
    jobs.register(
      "t.flaky",
      async (d, ctx) => {
        record("t.flaky")(d, ctx);
        if (ctx.job.retryCount < 2) throw new Error(`attempt ${ctx.job.retryCount} fails`);
      },
      { retryLimit: 3, retryDelaySeconds: 1, retryBackoff: true, pollingIntervalSeconds: 0.5 },
    );
    jobs.register(
      "t.doomed",
      async (d, ctx) => {
        record("t.doomed")(d, ctx);
        throw new Error("always");
      },
      { retryLimit: 1, retryDelaySeconds: 1, retryBackoff: false, pollingIntervalSeconds: 0.5 },
    );
    // Idempotent effect: re-running the same job id changes nothing.
    jobs.register(
      "t.effect",
      async (d: { k: string }, ctx) => {
        await ctx.db.execute(
          sql`insert into public.job_effects (k) values (${d.k}) on conflict (k) do update set n = job_effects.n + 1`,
        );
      },
      { pollingIntervalSeconds: 0.5, concurrency: 2 },
    );
    jobs.register("t.cron", async (d, ctx) => record("t.cron")(d, ctx), { pollingIntervalSeconds: 0.5 });
    await jobs.schedule("t.cron", "* * * * * *", { tick: true });
    await jobs.start();
  }, 60_000);
  afterAll(() => env.close(), 30_000);

  it("delivers a job to its handler with ctx", async () => {
    const id = await jobs.send("t.echo", { hello: "world" });
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await until(() => (calls["t.echo"]?.length ?? 0) > 0);
    expect(calls["t.echo"]).toMatchObject([{ data: { hello: "world" }, retryCount: 0 }]);
  });

  it("retries a failing handler with growing (exponential) delays until it succeeds", async () => {
    const id = await jobs.send("t.flaky", { n: 1 });
    await until(() => (calls["t.flaky"]?.length ?? 0) >= 3, 20_000);
    const c = calls["t.flaky"];
    expect(c.map((x) => x.retryCount)).toEqual([0, 1, 2]);
    // retryDelay 1 s with backoff: the first retry waits 1–2 s, the second 2–4 s.
    expect(c[1].at - c[0].at).toBeGreaterThanOrEqual(900);
    expect(c[2].at - c[1].at).toBeGreaterThanOrEqual(1900);
    const boss = await jobs.boss();
    await until(async () => (await boss.getJobById("t.flaky", id as string))?.state === "completed");
    await sleep(1500);
    expect(calls["t.flaky"]).toHaveLength(3);
  }, 30_000);

  it("gives up after retryLimit and leaves the job failed", async () => {
    const id = (await jobs.send("t.doomed", { n: 2 })) as string;
    const boss = await jobs.boss();
    await until(async () => (await boss.getJobById("t.doomed", id))?.state === "failed", 20_000);
    expect(calls["t.doomed"].map((x) => x.retryCount)).toEqual([0, 1]);
  }, 30_000);

  it("fires cron schedules", async () => {
    await until(() => (calls["t.cron"]?.length ?? 0) > 0, 20_000);
    expect(calls["t.cron"][0].data).toEqual({ tick: true });
  }, 30_000);

  it("enqueues inside a transaction: a rolled-back send leaves no job, a committed one runs", async () => {
    expect(jobs.isReady("t.effect")).toBe(true);
    await expect(
      env.database.db.transaction(async (tx) => {
        await jobs.send("t.effect", { k: "rolled-back" }, { db: tx });
        throw new Error("rollback");
      }),
    ).rejects.toThrow("rollback");
    await env.database.db.transaction(async (tx) => {
      await jobs.send("t.effect", { k: "committed" }, { db: tx });
    });
    await until(async () => {
      const { rows } = await env.database.query("select k from public.job_effects where k = 'committed'");
      return rows.length === 1;
    });
    const boss = await jobs.boss();
    expect(await boss.findJobs("t.effect", { data: { k: "rolled-back" } })).toEqual([]);
    const { rows } = await env.database.query("select k from public.job_effects where k = 'rolled-back'");
    expect(rows).toEqual([]);
  });

  it("keeps our transactions and pg-boss's isolated on one connection", async () => {
    // A long open transaction of ours while pg-boss sends, fetches and completes jobs around it.
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    const ours = env.database.db
      .transaction(async (tx) => {
        await tx.execute(sql`insert into public.job_effects (k) values ('inside-tx')`);
        await held;
        throw new Error("rollback ours");
      })
      .catch((e: Error) => e.message);
    const sends = Promise.all(Array.from({ length: 10 }, (_, i) => jobs.send("t.effect", { k: `iso-${i}` })));
    await sleep(300);
    release();
    expect(await ours).toBe("rollback ours");
    await sends;
    await until(async () => {
      const { rows } = await env.database.query<{ n: string }>(
        "select count(*)::text as n from public.job_effects where k like 'iso-%'",
      );
      return rows[0].n === "10";
    });
    // pg-boss's COMMITs did not commit our transaction's row, nor did our ROLLBACK undo its work.
    const { rows } = await env.database.query("select k from public.job_effects where k = 'inside-tx'");
    expect(rows).toEqual([]);
    // Many of our concurrent read-modify-write transactions while jobs run: no lost update.
    await env.database.exec("insert into public.job_effects (k, n) values ('counter', 0)");
    await Promise.all([
      ...Array.from({ length: 30 }, () =>
        env.database.db.transaction(async (tx) => {
          const r = (await tx.execute(
            sql`select n from public.job_effects where k = 'counter' for update`,
          )) as unknown as {
            rows: { n: number }[];
          };
          await sleep(1);
          await tx.execute(
            sql`update public.job_effects set n = ${Number(r.rows[0].n) + 1} where k = 'counter'`,
          );
        }),
      ),
      ...Array.from({ length: 10 }, (_, i) => jobs.send("t.effect", { k: `iso2-${i}` })),
    ]);
    const { rows: c } = await env.database.query<{ n: number }>(
      "select n from public.job_effects where k = 'counter'",
    );
    expect(Number(c[0].n)).toBe(30);
  }, 30_000);

  it.runIf(usingPostgres)(
    "shares one queue between two worker processes: each job done exactly once",
    async () => {
      // A second "process": its own pool and its own pg-boss on the same database.
      const admin = new URL(process.env.TEST_DATABASE_URL as string);
      admin.pathname = `/${env.database.location.split("/").pop()}`;
      const db2: Database = await openDatabase({ url: admin.toString(), dataDir: ":memory:", poolSize: 4 });
      const jobs2 = assemblePlatform({ ...env.platform, database: db2 }).jobs;
      await env.database.exec(
        "create table public.shared_done (job_id text primary key, worker text not null)",
      );
      const handler =
        (worker: string) => async (_d: unknown, ctx: { job: { id: string }; db: typeof env.database.db }) => {
          await sleep(20);
          // A duplicate delivery would violate the primary key and fail the test below.
          await ctx.db.execute(
            sql`insert into public.shared_done (job_id, worker) values (${ctx.job.id}, ${worker})`,
          );
        };
      jobs.register("t.shared", handler("a"), { pollingIntervalSeconds: 0.5, concurrency: 2 });
      jobs2.register("t.shared", handler("b"), { pollingIntervalSeconds: 0.5, concurrency: 2 });
      await jobs2.start();
      try {
        const ids = await Promise.all(Array.from({ length: 40 }, (_, i) => jobs.send("t.shared", { i })));
        await until(async () => {
          const { rows } = await env.database.query<{ n: string }>(
            "select count(*)::text as n from public.shared_done",
          );
          return rows[0].n === "40";
        }, 30_000);
        const { rows } = await env.database.query<{ job_id: string; worker: string }>(
          "select * from public.shared_done",
        );
        expect(new Set(rows.map((r) => r.job_id))).toEqual(new Set(ids));
        const byWorker = {
          a: rows.filter((r) => r.worker === "a").length,
          b: rows.filter((r) => r.worker === "b").length,
        };
        expect(byWorker.a).toBeGreaterThan(0);
        expect(byWorker.b).toBeGreaterThan(0);
        // pg-boss marks a job completed after its handler returns, so the last rows
        // can be written a moment before their jobs say so: wait for the states to settle.
        const boss = await jobs.boss();
        await until(async () => {
          const all = await boss.findJobs("t.shared", {});
          return all.every((j) => j.state !== "active" && j.state !== "created");
        }, 10_000);
        const states = (await boss.findJobs("t.shared", {})).map((j) => j.state);
        expect(states.filter((s) => s !== "completed")).toEqual([]);
      } finally {
        await jobs2.stop(2000);
        await db2.close();
      }
    },
    60_000,
  );
});
