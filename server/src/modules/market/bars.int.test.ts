import { readFileSync } from "node:fs";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operatorCtx } from "../../../test/factories.ts";
import { createTestPlatform, type TestEnv } from "../../../test/harness.ts";
import type { Ctx } from "../../platform/context.ts";
import { importBars, textChunks } from "./bars/import.ts";
import { barGaps, readBars, resampleAndStore } from "./bars/service.ts";
import { createInstrument } from "./instruments/service.ts";

let env: TestEnv;
let ctx: Ctx;
const aaplCsv = readFileSync(new URL("./data/AAPL.csv", import.meta.url), "utf8");

beforeAll(async () => {
  env = await createTestPlatform();
  ctx = operatorCtx(env.platform);
});
afterAll(async () => env?.close());

async function instrument(symbol: string, market = "US", extra: Record<string, unknown> = {}) {
  return createInstrument({
    ctx,
    input: { symbol, market: market as "US", name: `${symbol} Inc.`, ...extra },
  });
}
const count = async (id: string, interval = "1d") =>
  Number(
    (
      await env.database.query<{ n: string }>(
        "select count(*)::text as n from market.bars where instrument_id = $1 and interval = $2",
        [id, interval],
      )
    ).rows[0]?.n,
  );

describe("bulk import", () => {
  it("loads a real daily file, and loading it again adds nothing", async () => {
    const ins = await instrument("AAPL");
    const progress: number[] = [];
    const first = await importBars({
      ctx,
      input: {
        instrumentId: ins.id,
        interval: "1d",
        body: textChunks(aaplCsv, 10_000),
        onProgress: (p) => progress.push(p.rowsRead),
      },
    });
    expect(first).toMatchObject({
      rowsRead: 1260,
      added: 1260,
      skippedDuplicates: 0,
      rejected: 0,
      refused: false,
      errors: [],
    });
    expect(progress.length).toBeGreaterThan(3);
    expect(progress[progress.length - 1]).toBe(1260);
    const again = await importBars({
      ctx,
      input: { instrumentId: ins.id, interval: "1d", body: textChunks(aaplCsv) },
    });
    expect(again).toMatchObject({ rowsRead: 1260, added: 0, skippedDuplicates: 1260, rejected: 0 });
    expect(await count(ins.id)).toBe(1260);

    const page = await readBars({
      ctx,
      input: { id: ins.id, interval: "1d", from: "2014-06-05", to: "2014-06-11" },
    });
    expect(page.bars.map((b) => b.ts.slice(0, 10))).toEqual([
      "2014-06-05",
      "2014-06-06",
      "2014-06-09",
      "2014-06-10",
    ]);
    expect(page.bars[2]).toMatchObject({
      open: 92.699997,
      high: 93.879997,
      low: 91.75,
      close: 93.699997,
      volume: 75415000,
    });
    expect(page.bars[2]?.ts).toBe("2014-06-09T00:00:00.000Z");
  });

  it("refuses a whole batch with one bad row and reports every bad row by number", async () => {
    const ins = await instrument("BADF");
    const csv = [
      "date,open,high,low,close,volume",
      "2024-01-02,10,12,9,11,100",
      "2024-01-03,10,9,8,9.5,100",
      "2024-01-04,10,12,9,11,100",
      "2024-01-05,10,12,9,11,-1",
    ].join("\n");
    const r = await importBars({
      ctx,
      input: { instrumentId: ins.id, interval: "1d", body: textChunks(csv, 13) },
    });
    expect(r).toMatchObject({ rowsRead: 4, added: 0, rejected: 2, refused: true });
    expect(r.errors.map((e) => e.row)).toEqual([3, 5]);
    expect(await count(ins.id)).toBe(0);
  });

  it("refuses duplicate timestamps within a file, naming both rows", async () => {
    const ins = await instrument("DUPS");
    const csv =
      "date,open,high,low,close,volume\n2024-01-03,1,1,1,1,1\n2024-01-02,1,1,1,1,1\n2024-01-03,2,2,2,2,2\n";
    const r = await importBars({
      ctx,
      input: { instrumentId: ins.id, interval: "1d", body: textChunks(csv) },
    });
    expect(r.refused).toBe(true);
    // Row 2 went straight to market.bars (ascending so far); row 4 repeats it.
    expect(r.errors).toEqual([
      { row: 4, message: "duplicate timestamp 2024-01-03T00:00:00.000Z (same as an earlier row)" },
    ]);
    expect(await count(ins.id)).toBe(0);
    const both =
      "date,open,high,low,close,volume\n2024-01-05,1,1,1,1,1\n2024-01-02,1,1,1,1,1\n2024-01-04,1,1,1,1,1\n2024-01-02,2,2,2,2,2\n2024-01-06,1,1,1,1,1\n";
    const r2 = await importBars({
      ctx,
      input: { instrumentId: ins.id, interval: "1d", body: textChunks(both, 5) },
    });
    expect(r2.errors).toEqual([
      { row: 5, message: "duplicate timestamp 2024-01-02T00:00:00.000Z (same as row 3)" },
    ]);
    expect(await count(ins.id)).toBe(0);
    // An unsorted file without duplicates loads whole.
    const unsorted =
      "date,open,high,low,close,volume\n2024-01-05,1,1,1,1,1\n2024-01-02,1,1,1,1,1\n2024-01-04,1,1,1,1,1\n2024-01-03,2,2,2,2,2\n";
    expect(
      await importBars({
        ctx,
        input: { instrumentId: ins.id, interval: "1d", body: textChunks(unsorted, 9) },
      }),
    ).toMatchObject({ added: 4, refused: false });
    expect(await count(ins.id)).toBe(4);
  });

  it("merges an overlapping file: new rows added, existing ones skipped", async () => {
    const ins = await instrument("OVLP");
    const rows = (from: number, n: number) =>
      Array.from({ length: n }, (_, i) => {
        const d = new Date(Date.UTC(2024, 0, 1) + (from + i) * 86_400_000).toISOString().slice(0, 10);
        return `${d},1,2,0.5,1.5,10`;
      });
    const a = `date,open,high,low,close,volume\n${rows(0, 10).join("\n")}\n`;
    const b = `date,open,high,low,close,volume\n${rows(5, 10).join("\n")}\n`;
    expect(
      await importBars({ ctx, input: { instrumentId: ins.id, interval: "1d", body: textChunks(a) } }),
    ).toMatchObject({ added: 10 });
    expect(
      await importBars({ ctx, input: { instrumentId: ins.id, interval: "1d", body: textChunks(b) } }),
    ).toMatchObject({
      added: 5,
      skippedDuplicates: 5,
    });
  });

  it("pages with a cursor and answers 404 for an unknown instrument", async () => {
    const ins = await instrument("PAGE");
    const lines = Array.from(
      { length: 25 },
      (_, i) => `${new Date(Date.UTC(2020, 0, 1) + i * 86_400_000).toISOString().slice(0, 10)},1,1,1,1,${i}`,
    );
    await importBars({
      ctx,
      input: {
        instrumentId: ins.id,
        interval: "1d",
        body: textChunks(`date,open,high,low,close,volume\n${lines.join("\n")}`),
      },
    });
    const seen: number[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 5; i++) {
      const p = await readBars({ ctx, input: { id: ins.id, interval: "1d", limit: 10, cursor } });
      seen.push(...p.bars.map((b) => b.volume as number));
      if (!p.nextCursor) break;
      cursor = p.nextCursor;
    }
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => i));
    await expect(
      readBars({ ctx, input: { id: "0190a0a0-0000-7000-8000-000000000000", interval: "1d" } }),
    ).rejects.toThrow("Instrument not found");
  });
});

describe("all or nothing (property)", () => {
  it("a batch with any rejected row stores nothing; a clean batch stores every new row", async () => {
    const ins = await instrument("PROP");
    let stored = 0;
    const row = fc.record({
      day: fc.integer({ min: 0, max: 400 }),
      o: fc.integer({ min: 1, max: 100 }),
      c: fc.integer({ min: 1, max: 100 }),
      v: fc.integer({ min: -2, max: 1000 }),
      junk: fc.constantFrom(null, null, null, null, "x", "", "1e999"),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 25 }), async (rows) => {
        const lines = rows.map((r) => {
          const d = new Date(Date.UTC(2021, 0, 1) + r.day * 86_400_000).toISOString().slice(0, 10);
          return `${d},${r.junk ?? r.o},${Math.max(r.o, r.c) + 1},${Math.min(r.o, r.c)},${r.c},${r.v}`;
        });
        const res = await importBars({
          ctx,
          input: {
            instrumentId: ins.id,
            interval: "1d",
            body: textChunks(`date,open,high,low,close,volume\n${lines.join("\n")}\n`, 17),
          },
        });
        const after = await count(ins.id);
        const days = rows.map((r) => r.day);
        const bad = rows.some((r) => r.junk !== null || r.v < 0) || new Set(days).size !== days.length;
        expect(res.refused).toBe(bad);
        if (bad) {
          expect(after).toBe(stored);
          expect(res.errors.length).toBeGreaterThan(0);
          for (const e of res.errors) expect(e.row).toBeGreaterThanOrEqual(2);
        } else {
          expect(after).toBe(stored + res.added);
          expect(res.added + res.skippedDuplicates).toBe(rows.length);
        }
        stored = after;
      }),
      { numRuns: 25 },
    );
  });
});

describe("resampling", () => {
  it("aggregates 1m bars to 5m, 1h and trading days with first/max/min/last/sum", async () => {
    const ins = await instrument("RSMP");
    // Two NYSE sessions of 1-minute bars (09:30–16:00 New York = 14:30–21:00 UTC in January).
    const bars: { t: number; o: number; h: number; l: number; c: number; v: number }[] = [];
    let seed = 7;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (const day of [Date.UTC(2024, 0, 2), Date.UTC(2024, 0, 3)]) {
      let p = 100;
      for (let m = 0; m < 390; m++) {
        const t = day + (14 * 60 + 30 + m) * 60_000;
        const o = p;
        const c = p * (1 + (rnd() - 0.5) / 100);
        const h = Math.max(o, c) * (1 + rnd() / 500);
        const l = Math.min(o, c) * (1 - rnd() / 500);
        bars.push({ t, o, h, l, c, v: Math.floor(rnd() * 1000) });
        p = c;
      }
    }
    const csv = `date,open,high,low,close,volume\n${bars.map((b) => `${new Date(b.t).toISOString()},${b.o},${b.h},${b.l},${b.c},${b.v}`).join("\n")}\n`;
    expect(
      (await importBars({ ctx, input: { instrumentId: ins.id, interval: "1m", body: textChunks(csv) } }))
        .added,
    ).toBe(780);

    const expectBuckets = (key: (t: number) => number) => {
      const m = new Map<number, typeof bars>();
      for (const b of bars) m.set(key(b.t), [...(m.get(key(b.t)) ?? []), b]);
      return [...m.entries()].map(([k, g]) => ({
        ts: new Date(k).toISOString(),
        open: g[0]?.o,
        high: Math.max(...g.map((x) => x.h)),
        low: Math.min(...g.map((x) => x.l)),
        close: g[g.length - 1]?.c,
        volume: g.reduce((s, x) => s + x.v, 0),
        count: g.length,
      }));
    };
    const pick = (b: Record<string, unknown>) => ({
      ts: b.ts,
      open: b.open,
      high: b.high,
      low: b.low,
      close: b.close,
      volume: b.volume,
      count: b.count,
    });
    const five = await readBars({ ctx, input: { id: ins.id, interval: "5m", limit: 10_000 } });
    expect(five.resampledFrom).toBe("1m");
    expect(five.bars.map(pick)).toEqual(expectBuckets((t) => t - (t % 300_000)));
    const hour = await readBars({ ctx, input: { id: ins.id, interval: "1h" } });
    expect(hour.bars.map(pick)).toEqual(expectBuckets((t) => t - (t % 3_600_000)));
    expect(hour.bars[0]).toMatchObject({ ts: "2024-01-02T14:00:00.000Z", count: 30 });
    const day = await readBars({ ctx, input: { id: ins.id, interval: "1d" } });
    expect(day.bars.map(pick)).toEqual(expectBuckets((t) => t - (t % 86_400_000)));

    // Store 1h bars; reading 1h then comes from storage and matches the on-the-fly result.
    const stored = await resampleAndStore({ ctx, input: { id: ins.id, source: "1m", target: "1h" } });
    expect(stored.stored).toBe(14);
    const again = await readBars({ ctx, input: { id: ins.id, interval: "1h" } });
    expect(again.resampledFrom).toBeNull();
    expect(again.bars.map((b) => ({ ...pick(b), count: undefined }))).toEqual(
      hour.bars.map((b) => ({ ...pick(b), count: undefined })),
    );
  });

  it("uses the Korean trading date for KRX daily buckets", async () => {
    const ins = await instrument("005930", "KRX", {
      name: "Samsung Electronics",
      nameLocal: "삼성전자",
      currency: "KRW",
    });
    // 09:00 and 15:20 KST on 2024-01-03 are 00:00 and 06:20 UTC; 2024-01-02 23:59 UTC is 01-03 08:59 KST.
    const csv =
      "date,open,high,low,close,volume\n2024-01-02T23:59:00Z,10,11,9,10,1\n2024-01-03T00:00:00Z,10,12,9,11,2\n2024-01-03T06:20:00Z,11,11,8,9,3\n";
    await importBars({ ctx, input: { instrumentId: ins.id, interval: "1m", body: textChunks(csv) } });
    const day = await readBars({ ctx, input: { id: ins.id, interval: "1d" } });
    expect(day.bars).toEqual([
      {
        ts: "2024-01-03T00:00:00.000Z",
        open: 10,
        high: 12,
        low: 8,
        close: 9,
        adjClose: null,
        volume: 6,
        count: 3,
      },
    ]);
    const naive = "date,open,high,low,close,volume\n2024-01-04 09:00,10,11,9,10,1\n";
    await importBars({ ctx, input: { instrumentId: ins.id, interval: "1m", body: textChunks(naive) } });
    const r = await readBars({ ctx, input: { id: ins.id, interval: "1m", from: "2024-01-04" } });
    expect(r.bars[0]?.ts).toBe("2024-01-04T00:00:00.000Z"); // 09:00 KST read in the exchange's zone
  });
});

describe("gaps", () => {
  it("finds the missing NYSE sessions of an instrument", async () => {
    const ins = await instrument("GAPS");
    const days = ["2024-03-25", "2024-03-26", "2024-03-27", "2024-03-28", "2024-04-01", "2024-04-03"];
    await importBars({
      ctx,
      input: {
        instrumentId: ins.id,
        interval: "1d",
        body: textChunks(`date,open,high,low,close,volume\n${days.map((d) => `${d},1,1,1,1,1`).join("\n")}`),
      },
    });
    const g = await barGaps({ ctx, input: { id: ins.id } });
    expect(g).toMatchObject({
      calendar: "NYSE",
      expected: 7,
      present: 6,
      missing: ["2024-04-02"],
      unexpected: [],
    });
  });
});
