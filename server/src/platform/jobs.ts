// Durable jobs: pg-boss 12 on the platform's own database (PGlite or a PostgreSQL server).
//
// pg-boss talks to the database only through `executeSql`, adapted here to `database.query` (one
// parameterised statement) and `database.exec` (parameter-free, possibly multi-statement text such
// as its `BEGIN; ...; COMMIT` blocks and schema DDL). On PGlite both take the connection's lock for
// the whole call, and Drizzle transactions hold that same lock from BEGIN to COMMIT, so pg-boss's
// transactions and ours never interleave (proved in jobs.int.test.ts). Several processes may share
// a server's queue: pg-boss claims jobs with FOR UPDATE SKIP LOCKED.
import { sql } from "drizzle-orm";
import { type Db as BossDb, fromDrizzle, type Job, PgBoss } from "pg-boss";
import pino, { type Logger } from "pino";
import type { Config } from "../config.ts";
import type { Clock } from "./clock.ts";
import type { Ctx } from "./context.ts";
import type { Database, Db } from "./db/index.ts";

/**
 * What a handler receives besides its payload: the platform's verb ctx (origin "system", so local-only
 * verbs are allowed) and the job's own facts.
 */
export type JobContext = Ctx & {
  job: { id: string; name: string; retryCount: number; retryLimit: number };
};

export type JobHandler<T = unknown> = (data: T, ctx: JobContext) => Promise<void>;

/** Queue-level defaults every job of the queue inherits. */
export interface RegisterOptions {
  /** Retries after the first attempt (default 5). */
  retryLimit?: number;
  /** First retry delay in seconds (default 5); with backoff it doubles each retry, with jitter. */
  retryDelaySeconds?: number;
  /** Exponential backoff (default true). */
  retryBackoff?: boolean;
  /** Ceiling of the backoff delay in seconds (default 600). */
  retryDelayMaxSeconds?: number;
  /** A job active longer than this is considered lost and retried (default 300). */
  expireInSeconds?: number;
  /** Jobs of this queue run at once in this process (default 1). */
  concurrency?: number;
  /** Idle poll interval in seconds (default 1, minimum 0.5). */
  pollingIntervalSeconds?: number;
}

export interface SendOptions {
  /** Enqueue inside this transaction (a Drizzle tx): the job exists only if the caller commits. */
  db?: Db;
  /** Run no earlier than this. */
  startAfter?: Date;
  /** At most one queued job with this key at a time (for dedupe of repeated requests). */
  singletonKey?: string;
  retryLimit?: number;
  retryDelaySeconds?: number;
  retryBackoff?: boolean;
}

export interface Jobs {
  /** Declares a queue and its handler. Handlers must be idempotent: delivery is at least once. */
  register<T = unknown>(name: string, handler: JobHandler<T>, opts?: RegisterOptions): void;
  /** Enqueues a job; returns its id (null when a singleton key suppressed it). */
  send(name: string, data?: object | null, opts?: SendOptions): Promise<string | null>;
  /** A cron schedule (5 fields, or 6 with seconds first), UTC; one job per occurrence across all processes. */
  schedule(name: string, cron: string, data?: object | null): Promise<void>;
  /** Starts working every registered queue and firing schedules in this process. */
  start(): Promise<void>;
  /** Stops workers (waiting up to `timeoutMs` for running handlers) and pg-boss's timers. */
  stop(timeoutMs?: number): Promise<void>;
  /**
   * True when a send inside a transaction (`opts.db`) can go through now: pg-boss is running and the
   * queue is declared in this process. On PGlite a transaction holds the only connection, so pg-boss
   * must not need it then; callers that get false rely on a sweeper instead.
   */
  isReady(name?: string): boolean;
  /** Installs pg-boss's schema and declares registered queues without working them. */
  ready(): Promise<void>;
  /** The underlying pg-boss instance once ready (for tests and admin tools). */
  boss(): Promise<PgBoss>;
}

export interface JobsPlatform {
  config: Config;
  database: Database;
  clock: Clock;
  /** The system ctx a handler runs with (the platform's makeCtx); its db is the database's. */
  ctx(log: Logger): Ctx;
}

/** pg-boss's database adapter over the platform's database. */
export function bossAdapter(database: Database): BossDb {
  return {
    executeSql: async (text, values) =>
      values && values.length > 0 ? database.query(text, values) : database.exec(text),
  };
}

const QUEUE_NAME = /^[A-Za-z0-9_.-]{1,100}$/;
/** The advisory lock (platform/migrate.ts has 7_300_000) held while the queue installs and declares. */
const JOBS_INSTALL_LOCK = 7_300_001;

/** Builds the job queue of one process; nothing touches the database until first use. */
export function createJobs(platform: JobsPlatform, opts: { log?: Logger } = {}): Jobs {
  const log = opts.log ?? pino({ level: platform.config.LOG_LEVEL, base: { component: "jobs" } });
  const handlers = new Map<string, { handler: JobHandler<never>; opts: RegisterOptions }>();
  const schedules = new Map<string, { cron: string; data: object | null }>();
  let instance: { boss: PgBoss; full: boolean; ready: Promise<void>; isReady: boolean } | null = null;
  // Queues whose definition exists and is in pg-boss's queue cache in this process.
  const declared = new Set<string>();
  const working = new Set<string>();
  let started = false;
  let stopped = false;

  const queueOptions = (o: RegisterOptions) => {
    const backoff = o.retryBackoff ?? true;
    return {
      retryLimit: o.retryLimit ?? 5,
      retryDelay: o.retryDelaySeconds ?? 5,
      retryBackoff: backoff,
      ...(backoff ? { retryDelayMax: o.retryDelayMaxSeconds ?? 600 } : {}),
      expireInSeconds: o.expireInSeconds ?? 300,
    };
  };

  // A process that only sends gets a light instance (no maintenance, no cron timers); start()
  // replaces it with a full one that supervises queues and fires schedules.
  const open = (full: boolean) => {
    const boss = new PgBoss({
      db: bossAdapter(platform.database),
      backend: platform.database.kind === "pglite" ? "pglite" : "postgres",
      schema: "pgboss",
      supervise: full,
      schedule: full,
      migrate: true,
      cronMonitorIntervalSeconds: 1,
      cronWorkerIntervalSeconds: 1,
    });
    boss.on("error", (err) => log.error({ err }, "job queue error"));
    boss.on("warning", (w) => log.warn({ warning: w }, "job queue warning"));
    declared.clear();
    const inst = { boss, full, ready: Promise.resolve(), isReady: false };
    // Processes starting together on a new server would each install pg-boss's schema, and one could
    // fail on "duplicate key … pg_namespace" although pg-boss locks its install (its CREATE SCHEMA IF
    // NOT EXISTS still collides). They take turns instead; the next finds the schema and the queues.
    inst.ready = platform.database.exclusive(JOBS_INSTALL_LOCK, async () => {
      await boss.start();
      for (const [name, h] of handlers) await ensureQueue(boss, name, h.opts);
      inst.isReady = true;
    });
    instance = inst;
    return inst;
  };

  const ensureQueue = async (boss: PgBoss, name: string, o?: RegisterOptions) => {
    const existing = await boss.getQueue(name);
    if (existing && o) await boss.updateQueue(name, queueOptions(o));
    else if (!existing) await boss.createQueue(name, o ? queueOptions(o) : undefined);
    // A read that loads the queue into pg-boss's cache, so a later send inside a transaction
    // never has to look the queue up on another connection (on PGlite: the one the transaction holds).
    await boss.getJobById(name, "00000000-0000-0000-0000-000000000000");
    declared.add(name);
  };

  const ready = async (): Promise<PgBoss> => {
    if (stopped) throw new Error("job queue is stopped");
    const inst = instance ?? open(false);
    await inst.ready;
    return inst.boss;
  };

  const runOne = async (name: string, handler: JobHandler<never>, job: Job<unknown>) => {
    const meta = job as Job<unknown> & { retryCount?: number; retryLimit?: number };
    const ctx: JobContext = {
      ...platform.ctx(log.child({ job: name, jobId: job.id })),
      job: { id: job.id, name, retryCount: meta.retryCount ?? 0, retryLimit: meta.retryLimit ?? 0 },
    };
    try {
      await handler(job.data as never, ctx);
    } catch (err) {
      ctx.log.warn({ err, retryCount: ctx.job.retryCount }, "job failed; pg-boss retries it with backoff");
      throw err;
    }
  };

  const work = async (boss: PgBoss, name: string) => {
    if (working.has(name)) return;
    const h = handlers.get(name);
    if (!h) return;
    working.add(name);
    const localConcurrency = Math.max(1, h.opts.concurrency ?? 1);
    const pollingIntervalSeconds = Math.max(0.5, h.opts.pollingIntervalSeconds ?? 1);
    await boss.work(
      name,
      { pollingIntervalSeconds, batchSize: 1, includeMetadata: true, localConcurrency },
      async (jobs) => {
        for (const job of jobs) await runOne(name, h.handler, job as Job<unknown>);
      },
    );
  };

  const api: Jobs = {
    register(name, handler, o = {}) {
      if (!QUEUE_NAME.test(name)) throw new Error(`job name ${name} must match ${QUEUE_NAME}`);
      if (handlers.has(name)) throw new Error(`job ${name} is already registered`);
      handlers.set(name, { handler: handler as JobHandler<never>, opts: o });
      // Registered after start: declare the queue and begin working it right away.
      if (instance) {
        const inst = instance;
        void inst.ready
          .then(() => ensureQueue(inst.boss, name, o))
          .then(() => (started ? work(inst.boss, name) : undefined))
          .catch((err) => log.error({ err, job: name }, "could not start queue"));
      }
    },

    async send(name, data = null, o = {}) {
      if (o.db && !api.isReady(name)) {
        throw new Error(
          `job queue ${name} is not ready for a send inside a transaction; await jobs.ready() and register the queue first`,
        );
      }
      const boss = await ready();
      if (!declared.has(name)) await ensureQueue(boss, name);
      const options = {
        startAfter: o.startAfter,
        singletonKey: o.singletonKey,
        retryLimit: o.retryLimit,
        retryDelay: o.retryDelaySeconds,
        retryBackoff: o.retryBackoff,
        db: o.db ? fromDrizzle(o.db as never, sql as never) : undefined,
      };
      for (const k of Object.keys(options) as (keyof typeof options)[])
        if (options[k] === undefined) delete options[k];
      return boss.send(name, data, options);
    },

    async schedule(name, cron, data = null) {
      schedules.set(name, { cron, data });
      if (!started || !instance) return; // applied by start(); a process that never works needs none
      const boss = await ready();
      if (!declared.has(name)) await ensureQueue(boss, name);
      await boss.schedule(name, cron, data, { tz: "UTC" });
    },

    async start() {
      if (started) return;
      if (stopped) throw new Error("job queue is stopped");
      started = true;
      if (instance && !instance.full) {
        const light = instance;
        instance = null;
        await light.ready.catch(() => {});
        await light.boss.stop({ graceful: false, close: false });
      }
      const inst = instance ?? open(true);
      await inst.ready;
      for (const [name, s] of schedules) {
        if (!declared.has(name)) await ensureQueue(inst.boss, name);
        await inst.boss.schedule(name, s.cron, s.data, { tz: "UTC" });
      }
      for (const name of handlers.keys()) await work(inst.boss, name);
      log.info({ queues: [...handlers.keys()], schedules: [...schedules.keys()] }, "job workers started");
    },

    async stop(timeoutMs = 10_000) {
      stopped = true;
      const inst = instance;
      instance = null;
      if (!inst) return;
      await inst.ready.catch(() => {});
      await inst.boss.stop({ graceful: true, close: false, timeout: timeoutMs });
    },

    isReady: (name) => Boolean(instance?.isReady) && (name === undefined || declared.has(name)),
    ready: async () => {
      await ready();
    },
    boss: () => ready(),
  };
  return api;
}
