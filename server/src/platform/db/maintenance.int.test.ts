// The maintenance pass (VACUUM, ANALYZE, REINDEX of bloated indexes, CHECKPOINT) and the dead-space
// report, on PGlite and on PostgreSQL (TEST_DATABASE_URL). The soak test in server/test/db-soak.int.test.ts
// runs them against a day of churn on a data directory.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestPlatform, type TestEnv, usingPostgres } from "../../../test/harness.ts";
import type { Database } from "./index.ts";
import { deadSpace, maintainDatabase, scheduleMaintenance } from "./maintenance.ts";

let env: TestEnv;
let database: Database;
beforeAll(async () => {
  env = await createTestPlatform();
  database = env.platform.database;
});
afterAll(() => env?.close());

const relationBytes = async (name: string) =>
  Number(
    (await database.query<{ n: string }>("select pg_relation_size($1::regclass)::text as n", [name])).rows[0]
      ?.n,
  );

describe("dead space", () => {
  it("estimates the space deleted rows hold until VACUUM FULL gives it back", async () => {
    await database.exec(
      `create table public.space_probe (id bigint primary key, label text not null, price double precision);
       insert into public.space_probe select g, 'label ' || g, g * 1.5 from generate_series(1, 60000) g;`,
    );
    await database.exec("vacuum (analyze) public.space_probe");
    const full = (await deadSpace(database, 50)).find((t) => t.table === "public.space_probe");
    expect(full?.rows).toBe(60000);
    // Freshly written: the estimate of what the rows need is close to what they take.
    expect(full?.reclaimableBytes ?? Number.NaN).toBeLessThan(0.15 * (full?.totalBytes ?? 0));

    await database.exec("delete from public.space_probe where id % 3 <> 0");
    await database.exec("vacuum (analyze) public.space_probe");
    const holed = (await deadSpace(database, 50)).find((t) => t.table === "public.space_probe");
    expect(holed?.rows).toBe(20000);
    // Two thirds of the rows are gone; plain VACUUM keeps their pages (and index pages) for reuse.
    expect(holed?.totalBytes).toBe(full?.totalBytes);
    expect(holed?.reclaimableBytes ?? 0).toBeGreaterThan(0.5 * (holed?.totalBytes ?? 0));
    if (usingPostgres) expect(holed?.deadRows).toBe(0);
    else expect(holed?.deadRows).toBeNull();

    const report = await maintainDatabase(database, { all: true, full: true });
    expect(report.vacuumed).toContain("public.space_probe");
    const after = (await deadSpace(database, 50)).find((t) => t.table === "public.space_probe");
    const given = (holed?.totalBytes ?? 0) - (after?.totalBytes ?? 0);
    // The estimate named what VACUUM FULL then gave back, within a fifth.
    expect(Math.abs(given - (holed?.reclaimableBytes ?? 0))).toBeLessThan(0.2 * given);
    expect(after?.reclaimableBytes ?? Number.NaN).toBeLessThan(0.15 * (after?.totalBytes ?? 0));
  });
});

describe("the maintenance pass", () => {
  it("vacuums what the statistics call for, or everything with `all`, and never the catalogs of a server", async () => {
    const all = await maintainDatabase(database, { all: true });
    expect(all.vacuumed).toEqual(
      expect.arrayContaining(["market.bars", "audit.api_requests", "identity.users"]),
    );
    expect(all.analyzed).toEqual(all.vacuumed);
    expect(all.vacuumed.some((t) => t.startsWith("pg_catalog."))).toBe(!usingPostgres);
    if (usingPostgres) return; // a server's own statistics reach the view after a delay: autovacuum's job
    // PGlite counts dead rows in the process that made them: a delete makes the next pass vacuum.
    await database.exec(
      `create table public.churn_probe (id int primary key, v text);
       insert into public.churn_probe select g, 'x' from generate_series(1, 5000) g;`,
    );
    await maintainDatabase(database, { all: true });
    expect((await maintainDatabase(database)).vacuumed).not.toContain("public.churn_probe");
    await database.exec("delete from public.churn_probe where id <= 2000");
    const next = await maintainDatabase(database);
    expect(next.vacuumed).toContain("public.churn_probe");
    expect(next.analyzed).toContain("public.churn_probe");
  });

  it.skipIf(usingPostgres)(
    "rebuilds an index an aborted import left at more than twice its need, once",
    async () => {
      await database.exec(
        `create table public.import_probe (k bigint primary key, v double precision);
         insert into public.import_probe select g, g from generate_series(1, 20000) g;`,
      );
      await maintainDatabase(database, { all: true });
      const before = await relationBytes("public.import_probe_pkey");
      // An import of 400,000 rows rolled back: the table's tail is truncated by VACUUM, but its index
      // keeps the pages the aborted rows filled.
      await database
        .exec(
          `begin; insert into public.import_probe select g, g from generate_series(1000001, 1400000) g;
           select 1 / 0; commit;`,
        )
        .catch(() => {});
      expect(await relationBytes("public.import_probe_pkey")).toBeGreaterThan(8 * before);
      const pass = await maintainDatabase(database);
      expect(pass.vacuumed).toContain("public.import_probe");
      expect(pass.reindexed).toEqual(["public.import_probe_pkey"]);
      expect(await relationBytes("public.import_probe_pkey")).toBeLessThanOrEqual(before);
      // Nothing to do on the next pass.
      expect((await maintainDatabase(database, { all: true })).reindexed).toEqual([]);
    },
  );

  it("runs by itself on PGlite, covering every table first; on a server it leaves the work to autovacuum", async () => {
    const lines: { obj: { vacuumed?: number }; msg: string }[] = [];
    const log = {
      info: (obj: object, msg: string) => lines.push({ obj, msg }),
      warn: (obj: object, msg: string) => lines.push({ obj, msg }),
      debug: (obj: object, msg: string) => lines.push({ obj, msg }),
    };
    const schedule = scheduleMaintenance(database, { log, firstDelayMs: 1, intervalMs: 3_600_000 });
    const deadline = Date.now() + 10_000;
    while (!usingPostgres && lines.length === 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    if (usingPostgres) await new Promise((r) => setTimeout(r, 200));
    await schedule.stop();
    if (usingPostgres) expect(lines).toEqual([]);
    else {
      expect(lines[0]?.msg).toBe("database maintenance");
      expect(lines[0]?.obj.vacuumed).toBeGreaterThan(50);
    }
  });
});
