// Resampled bars agree with the bars they are made of, adjusted or not: a bucket's close is the
// close of its last underlying bar, its high and low bound theirs, its volume is their sum. With
// "adjusted" on, each underlying bar is adjusted by the factor of its own date before aggregation,
// so a week that holds an ex-date closes at the ex-date's (unadjusted) daily close.
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operatorCtx } from "../../../../test/factories.ts";
import { createTestPlatform, type TestEnv } from "../../../../test/harness.ts";
import type { Ctx } from "../../../platform/context.ts";
import { createAction } from "../actions/service.ts";
import type { Interval } from "../csv.ts";
import { createInstrument } from "../instruments/service.ts";
import { importBars, textChunks } from "./import.ts";
import { readBars, resampleAndStore } from "./service.ts";

let env: TestEnv;
let ctx: Ctx;
const aaplCsv = readFileSync(new URL("../data/AAPL.csv", import.meta.url), "utf8");

beforeAll(async () => {
  env = await createTestPlatform();
  ctx = operatorCtx(env.platform);
});
afterAll(async () => env?.close());

type Bar = { ts: string; open: number; high: number; low: number; close: number; volume: number | null };
type Resampled = Bar & { count?: number };

async function read(id: string, interval: Interval, adjusted: boolean) {
  return readBars({ ctx, input: { id, interval, adjusted, limit: 100_000 } });
}

/** Walks the resampled bars over the source bars by their counts and checks each bucket. */
function expectAgreement(source: Bar[], resampled: Resampled[], label: string) {
  let i = 0;
  for (const r of resampled) {
    const n = r.count ?? 0;
    expect(n, `${label} ${r.ts}: count`).toBeGreaterThan(0);
    const part = source.slice(i, i + n);
    i += n;
    const last = part[part.length - 1] as Bar;
    expect(r.close, `${label} ${r.ts}: close`).toBe(last.close);
    expect(r.open, `${label} ${r.ts}: open`).toBe((part[0] as Bar).open);
    expect(r.high, `${label} ${r.ts}: high`).toBe(Math.max(...part.map((b) => b.high)));
    expect(r.low, `${label} ${r.ts}: low`).toBe(Math.min(...part.map((b) => b.low)));
    const vol = part.reduce((s, b) => s + (b.volume ?? 0), 0);
    expect(r.volume ?? 0, `${label} ${r.ts}: volume`).toBeCloseTo(vol, 2);
  }
  expect(i, `${label}: every source bar in one bucket`).toBe(source.length);
}

describe("adjusted resampling", () => {
  it("AAPL's weekly bar of the 2018-05-11 ex-date closes at that day's close (188.59), adjusted or not", async () => {
    const ins = await createInstrument({
      ctx,
      input: { symbol: "AAPLW", market: "US", name: "Apple weekly test" },
    });
    await importBars({ ctx, input: { instrumentId: ins.id, interval: "1d", body: textChunks(aaplCsv) } });
    await createAction({
      ctx,
      input: { id: ins.id, action: { actionType: "dividend", exDate: "2018-05-11", amount: "0.73" } },
    });
    await createAction({
      ctx,
      input: {
        id: ins.id,
        action: { actionType: "split", exDate: "2014-06-09", splitTo: "7", splitFrom: "1" },
      },
    });
    for (const adjusted of [false, true]) {
      const daily = (await read(ins.id, "1d", adjusted)).bars;
      const weekly = await read(ins.id, "1w", adjusted);
      expect(weekly.resampledFrom).toBe("1d");
      const lastWeek = weekly.bars.at(-1) as Resampled;
      expect(lastWeek.close).toBeCloseTo(188.59, 4);
      expect(lastWeek.close).toBe((daily.at(-1) as Bar).close);
      expectAgreement(daily, weekly.bars, `AAPL 1w adjusted=${adjusted}`);
    }
    // Weekly bars stored (no daily bars behind them at read time) take the factor of the week's last
    // session, so their close is still the adjusted daily close.
    await resampleAndStore({ ctx, input: { id: ins.id, source: "1d", target: "1w" } });
    const dailyAdjusted = (await read(ins.id, "1d", true)).bars;
    const stored = await read(ins.id, "1w", true);
    expect(stored.resampledFrom).toBeNull();
    expect((stored.bars.at(-1) as Bar).close).toBeCloseTo(188.59, 4);
    // the week before the 2014 split: its close is the split-adjusted close of its Friday
    const friday = dailyAdjusted.find((b) => b.ts.startsWith("2014-06-06")) as Bar;
    const week = stored.bars.find((b) => b.ts.startsWith("2014-06-02")) as Bar;
    expect(week.close).toBeCloseTo(friday.close, 9);
  });

  it("holds for every interval resampled from 1-minute bars, with random dividends and splits", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            day: fc.integer({ min: 1, max: 9 }),
            kind: fc.constantFrom("dividend", "split"),
            amount: fc.integer({ min: 1, max: 40 }),
            ratio: fc.constantFrom([2, 1], [3, 2], [1, 4]),
          }),
          { minLength: 1, maxLength: 3 },
        ),
        fc.integer({ min: 1, max: 1_000_000 }),
        async (acts, seed) => {
          const symbol = `RS${seed}${acts.length}`;
          const ins = await createInstrument({
            ctx,
            input: { symbol, market: "US", name: `${symbol} Inc.` },
          });
          // Ten sessions of 1-minute bars, 09:30-10:30 New York time, a deterministic random walk.
          let x = seed;
          const rnd = () => {
            x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
            return x / 2_147_483_648;
          };
          let p = 100;
          const lines = ["date,open,high,low,close,volume"];
          for (let d = 0; d < 10; d++) {
            const start = Date.UTC(2024, 2, 11 + d, 13, 30); // after the US switch to summer time
            if ([5, 6].includes(new Date(start).getUTCDay() === 0 ? 6 : new Date(start).getUTCDay() - 1))
              continue; // weekends
            for (let m = 0; m < 60; m++) {
              const o = p;
              p = Math.max(1, p * (1 + (rnd() - 0.5) * 0.01));
              const hi = Math.max(o, p) * (1 + rnd() * 0.001);
              const lo = Math.min(o, p) * (1 - rnd() * 0.001);
              const t = new Date(start + m * 60_000).toISOString();
              lines.push(`${t},${o.toFixed(4)},${hi.toFixed(4)},${lo.toFixed(4)},${p.toFixed(4)},${100 + m}`);
            }
          }
          await importBars({
            ctx,
            input: { instrumentId: ins.id, interval: "1m", body: textChunks(`${lines.join("\n")}\n`) },
          });
          for (const a of acts) {
            const exDate = `2024-03-${String(11 + a.day).padStart(2, "0")}`;
            await createAction({
              ctx,
              input: {
                id: ins.id,
                action:
                  a.kind === "dividend"
                    ? { actionType: "dividend", exDate, amount: (a.amount / 100).toFixed(2) }
                    : {
                        actionType: "split",
                        exDate,
                        splitTo: String(a.ratio[0]),
                        splitFrom: String(a.ratio[1]),
                      },
              },
            }).catch(() => undefined); // the same action twice on one date is refused: fine
          }
          for (const adjusted of [false, true]) {
            const minutes = (await read(ins.id, "1m", adjusted)).bars;
            for (const target of ["5m", "15m", "1h", "1d", "1w"] as const) {
              const out = await read(ins.id, target, adjusted);
              expect(out.resampledFrom).toBe("1m");
              expectAgreement(minutes, out.bars, `${symbol} ${target} adjusted=${adjusted}`);
            }
          }
        },
      ),
      { numRuns: 4, seed: 20_261_207 },
    );
  });
});
