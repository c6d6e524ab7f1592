// The embedded database on its own thread: the server's thread stays free while it works, and the
// client behaves as PGlite does (errors with their fields, transactions, COPY blobs, raw parsers).
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DatabaseError, PgliteThread } from "./pglite-thread.ts";

const TIMESTAMPTZ = 1184;

describe("PgliteThread", () => {
  let db: PgliteThread;
  beforeAll(async () => {
    db = await PgliteThread.start(undefined);
    await db.exec("create table t (id int primary key, note text, at timestamptz default now())");
  });
  afterAll(() => db.close());

  it("keeps the server's thread free while a statement runs", async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    const started = Date.now();
    await db.query("select pg_sleep(0.5)");
    clearInterval(timer);
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
    // On the server's thread, pg_sleep would hold the event loop and no tick would run.
    expect(ticks).toBeGreaterThan(20);
  });

  it("answers database errors with PostgreSQL's fields", async () => {
    await db.query("insert into t (id, note) values (1, 'one')");
    const err = await db.query("insert into t (id, note) values (1, 'again')").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseError);
    expect(err).toMatchObject({ code: "23505", constraint: "t_pkey", table: "t" });
    expect((err as Error).message).toMatch(/duplicate key/);
    expect((err as { detail?: string }).detail).toMatch(/\(id\)=\(1\)/);
  });

  it("commits a transaction that resolves and rolls back one that throws", async () => {
    await db.transaction(async (tx) => {
      await tx.query("insert into t (id, note) values ($1, $2)", [2, "kept"]);
    });
    const failure = db.transaction(async (tx) => {
      await tx.query("insert into t (id, note) values ($1, $2)", [3, "dropped"]);
      throw new Error("changed my mind");
    });
    await expect(failure).rejects.toThrow("changed my mind");
    const broken = db.transaction(async (tx) => {
      await tx.query("insert into t (id, note) values (4, 'before the error')");
      await tx.query("insert into t (id, note) values (2, 'duplicate')");
    });
    await expect(broken).rejects.toMatchObject({ code: "23505" });
    const { rows } = await db.query("select id from t where id in (2, 3, 4) order by id", [], {
      rowMode: "array",
    });
    expect(rows).toEqual([[2]]);
  });

  it("makes statements outside a transaction wait until it ends, as PGlite's own lock does", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const tx = db.transaction(async (t) => {
      await t.query("insert into t (id, note) values (5, 'in flight')");
      await gate;
    });
    await new Promise((r) => setTimeout(r, 50));
    const outside = db.query<{ n: number }>("select count(*)::int as n from t where id = 5");
    await new Promise((r) => setTimeout(r, 50));
    release();
    await tx;
    expect((await outside).rows).toEqual([{ n: 1 }]);
  });

  it("loads CSV through COPY from a blob and can answer timestamps as raw text", async () => {
    await db.query("copy t (id, note) from '/dev/blob' with (format csv)", [], {
      blob: new Blob(["10,ten\n", "11,eleven\n"]),
    });
    const parsed = await db.query("select at from t where id = 10");
    expect((parsed.rows[0] as { at: unknown }).at).toBeInstanceOf(Date);
    const raw = await db.query("select at from t where id = 10", [], {
      parsers: { [TIMESTAMPTZ]: (v: string) => v },
    });
    expect(typeof (raw.rows[0] as { at: unknown }).at).toBe("string");
    const { rows } = await db.query("select note from t where id >= 10 order by id", [], {
      rowMode: "array",
    });
    expect(rows).toEqual([["ten"], ["eleven"]]);
  });

  it("refuses statements once closed", async () => {
    const other = await PgliteThread.start(undefined);
    await other.close();
    await expect(other.query("select 1")).rejects.toThrow(/closed/);
  });
});

describe("PgliteThread and the process's life", () => {
  const thread = fileURLToPath(new URL("./pglite-thread.ts", import.meta.url));
  const run = (code: string) =>
    spawnSync(process.execPath, ["--input-type=module", "-e", code], { encoding: "utf8", timeout: 60_000 });

  it("keeps the process alive while a statement is in flight, and not after", () => {
    // Nothing but the statement keeps this script's event loop busy: without a reference held for
    // it, the process would exit before printing; without dropping it when idle, it would never exit.
    const r = run(`
      const { PgliteThread } = await import(${JSON.stringify(thread)});
      const db = await PgliteThread.start(undefined);
      const { rows } = await db.query("select pg_sleep(0.3), 42 as answer");
      console.log("answer", rows[0].answer);
    `);
    expect(r.error).toBeUndefined();
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("answer 42");
  });
});
