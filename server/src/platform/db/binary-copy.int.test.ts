// Binary COPY: what BinaryRows encodes is what the server stores, value for value, on PGlite (split
// into several framed blobs) and on PostgreSQL (one stream) with TEST_DATABASE_URL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestPlatform, type TestEnv } from "../../../test/harness.ts";
import { BinaryRows, textBytes, uuidBytes } from "./binary-copy.ts";
import { copyBinaryInto } from "./bulk.ts";
import { connectionOf } from "./connection.ts";
import { type Db, inTransaction } from "./index.ts";

let env: TestEnv;
let db: Db;

beforeAll(async () => {
  env = await createTestPlatform();
  db = env.platform.database.db;
  await connectionOf(db).query(
    "create table binary_target (id uuid not null, label text not null, ts timestamptz not null, x float8, y float8)",
  );
});
afterAll(() => env?.close());

const ID = "0192d3c4-5b6a-7c8d-9e0f-a1b2c3d4e5f6";
const times = [
  Date.UTC(2024, 0, 2, 9, 30, 0, 123), // after PostgreSQL's epoch, with milliseconds
  Date.UTC(1999, 11, 31, 23, 59, 59, 999), // just before it: negative microseconds
  Date.UTC(1900, 0, 1),
  Date.UTC(2200, 11, 31, 23, 59),
];
const xs = [100.1234, -0.5, 1e-10, 123456789.0123, 0.1 + 0.2];

async function* rowsOf(count: number, chunkRows: number): AsyncGenerator<Uint8Array> {
  const w = new BinaryRows();
  for (let i = 0; i < count; i++) {
    w.row(5);
    w.bytes(uuidBytes(ID));
    w.bytes(textBytes(i % 2 ? "한국 ✓" : "plain"));
    w.timestamptz((times[i % times.length] as number) + i * 60_000);
    w.float8(xs[i % xs.length] as number);
    if (i % 3 === 0) w.null();
    else w.float8(i);
    if ((i + 1) % chunkRows === 0) yield w.take();
  }
  if (w.length > 0) yield w.take();
}

describe("binary COPY", () => {
  it("stores every value as encoded: uuid, UTF-8 text, timestamps either side of 2000, doubles, nulls", async () => {
    const count = 600_000; // ~34 MB: several 4 MB blobs on PGlite
    await inTransaction(db, (tx) =>
      copyBinaryInto(tx, "public.binary_target", ["id", "label", "ts", "x", "y"], rowsOf(count, 50_000)),
    );
    const conn = connectionOf(db);
    const { rows } = await conn.query<{ n: string; ids: string; bad: string }>(
      `select count(*)::text as n, count(distinct id)::text as ids,
              count(*) filter (where id <> $1::uuid)::text as bad from binary_target`,
      [ID],
    );
    expect(rows[0]).toEqual({ n: String(count), ids: "1", bad: "0" });
    for (const i of [0, 1, 2, 3, 7, 599_999]) {
      const r = await conn.query<{ label: string; ms: string; x: number; y: number | null }>(
        `select label, round(extract(epoch from ts) * 1000)::bigint::text as ms, x, y from binary_target
         where ts = to_timestamp($1::float8 / 1000) and y is not distinct from $2::float8 and x = $3::float8`,
        [
          (times[i % times.length] as number) + i * 60_000,
          i % 3 === 0 ? null : i,
          xs[i % xs.length] as number,
        ],
      );
      expect(r.rows, `row ${i}`).toHaveLength(1);
      expect(r.rows[0]?.label).toBe(i % 2 ? "한국 ✓" : "plain");
      expect(Number(r.rows[0]?.ms)).toBe((times[i % times.length] as number) + i * 60_000);
    }
  });

  it("rolls back with its transaction and sends nothing for an empty source", async () => {
    const before = await connectionOf(db).query<{ n: string }>(
      "select count(*)::text as n from binary_target",
    );
    await expect(
      inTransaction(db, async (tx) => {
        await copyBinaryInto(tx, "public.binary_target", ["id", "label", "ts", "x", "y"], rowsOf(10, 4));
        await copyBinaryInto(tx, "public.binary_target", ["id", "label", "ts", "x", "y"], rowsOf(0, 1));
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    const after = await connectionOf(db).query<{ n: string }>(
      "select count(*)::text as n from binary_target",
    );
    expect(after.rows[0]?.n).toBe(before.rows[0]?.n);
  });

  it("refuses a malformed UUID before anything is sent", () => {
    expect(() => uuidBytes("not-a-uuid")).toThrow(/not a UUID/);
  });
});
