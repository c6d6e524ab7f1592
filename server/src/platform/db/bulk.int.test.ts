// The generic staging import: COPY into a temporary table, duplicate keys and clashes by row number,
// one merge that adds only new keys; all inside the caller's transaction (PGlite, or PostgreSQL
// with TEST_DATABASE_URL).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestPlatform, type TestEnv } from "../../../test/harness.ts";
import { copyCsvInto, Stage } from "./bulk.ts";
import { connectionOf } from "./connection.ts";
import { type Db, inTransaction } from "./index.ts";

let env: TestEnv;
let db: Db;

beforeAll(async () => {
  env = await createTestPlatform();
  db = env.platform.database.db;
  const conn = connectionOf(db);
  await conn.query("create table bulk_shape (row_no int not null, k int not null, v text)");
  await conn.query("create table bulk_target (k int primary key, v text)");
  await conn.query("insert into bulk_target values (1, 'stored one'), (2, 'stored two')");
});
afterAll(() => env?.close());

async function* chunks(...parts: string[]): AsyncGenerator<string> {
  for (const p of parts) yield p;
}
const target = async () =>
  (await connectionOf(db).query<{ k: number; v: string }>("select k, v from bulk_target order by k")).rows;

describe("Stage", () => {
  it("stages CSV, names duplicate keys and clashes by row, and merges only new keys", async () => {
    const report = await inTransaction(db, async (tx) => {
      const stage = await Stage.create(tx, { name: "bulk_stage", like: "bulk_shape" });
      // Columns are learned once the first text arrives (as a header-reading parser would).
      let columns: string[] = [];
      const source = (async function* () {
        columns = ["row_no", "k", "v"];
        yield* chunks("2,2,new two\n3,3,three\n", '4,4,four\n5,3,three again\n6,5,"five, quoted"\n');
      })();
      await stage.copy(source, () => columns);
      const duplicates = await stage.duplicates(["k"]);
      const clashes = await stage.clashes({
        target: "bulk_target",
        join: "t.k = s.k",
        where: "s.row_no >= $1",
        params: [2],
        key: ["k"],
      });
      const added = await stage.merge({ into: "bulk_target", columns: ["k", "v"], select: "k, v" });
      return { duplicates, clashes, added };
    });
    expect(report.duplicates).toEqual([{ key: { k: 3 }, rows: [3, 5] }]);
    expect(report.clashes).toEqual([{ row: 2, key: { k: 2 } }]);
    // Keys 3 (twice in the batch: the first wins), 4 and 5 are new; 2 is kept as stored.
    expect(report.added).toBe(3);
    expect(await target()).toEqual([
      { k: 1, v: "stored one" },
      { k: 2, v: "stored two" },
      { k: 3, v: "three" },
      { k: 4, v: "four" },
      { k: 5, v: "five, quoted" },
    ]);
    // The staging table went with its transaction.
    const left = await connectionOf(db).query("select 1 from pg_class where relname = 'bulk_stage'");
    expect(left.rows).toHaveLength(0);
  });

  it("leaves nothing when the transaction fails after the merge", async () => {
    const before = await target();
    await expect(
      inTransaction(db, async (tx) => {
        const stage = await Stage.create(tx, { name: "bulk_stage", like: "bulk_shape" });
        await stage.copy(chunks("1,10,ten\n"), ["row_no", "k", "v"]);
        expect(await stage.merge({ into: "bulk_target", columns: ["k", "v"], select: "k, v" })).toBe(1);
        throw new Error("refused");
      }),
    ).rejects.toThrow("refused");
    expect(await target()).toEqual(before);
  });

  it("needs a transaction and refuses names that are not plain SQL names", async () => {
    await expect(Stage.create(db, { name: "bulk_stage", like: "bulk_shape" })).rejects.toThrow(/transaction/);
    await expect(
      inTransaction(db, (tx) => Stage.create(tx, { name: "x; drop table bulk_target", like: "bulk_shape" })),
    ).rejects.toThrow(/not a plain SQL name/);
    await expect(copyCsvInto(db, "bulk_target", ['k"; --'], chunks("1\n"))).rejects.toThrow(
      /not a plain SQL name/,
    );
    expect(await target()).toHaveLength(5);
  });

  it("copies straight into a table, and sends nothing for an empty source", async () => {
    await inTransaction(db, async (tx) => {
      await copyCsvInto(tx, "bulk_target", ["k", "v"], chunks("20,twenty\n", "21,twenty-one\n"));
      await copyCsvInto(tx, "bulk_target", () => ["k", "v"], chunks());
    });
    expect((await target()).map((r) => r.k)).toEqual([1, 2, 3, 4, 5, 20, 21]);
  });
});
