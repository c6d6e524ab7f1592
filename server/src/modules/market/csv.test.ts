import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type BarCsvOptions, BarCsvParser, parseBarTime } from "./csv.ts";

const daily: BarCsvOptions = { interval: "1d", timeZone: "America/New_York" };
const run = (text: string, opts: BarCsvOptions = daily, chunk = 7) => {
  const p = new BarCsvParser(opts);
  let out = "";
  for (let i = 0; i < text.length; i += chunk) out += p.push(text.slice(i, i + chunk));
  out += p.end();
  return {
    p,
    rows: out
      .split("\n")
      .filter(Boolean)
      .map((l) => l.split(",")),
  };
};
const utc = (s: string) => Date.parse(s);

describe("parseBarTime", () => {
  const ny = new BarCsvParser({ interval: "1m", timeZone: "America/New_York" });
  const zone = (ny as unknown as { zone: (n: number) => number }).zone;
  it("keeps the trading date of daily bars whatever the time or offset", () => {
    expect(parseBarTime("2024-01-02", true, zone)).toBe(utc("2024-01-02T00:00:00Z"));
    expect(parseBarTime("2024-01-02T16:00:00-05:00", true, zone)).toBe(utc("2024-01-02T00:00:00Z"));
    expect(parseBarTime("2024-01-02T00:00:00Z", true, zone)).toBe(utc("2024-01-02T00:00:00Z"));
  });
  it("stores intraday instants in UTC, reading offset-less times in the exchange zone (DST aware)", () => {
    expect(parseBarTime("2024-01-02T09:30:00-05:00", false, zone)).toBe(utc("2024-01-02T14:30:00Z"));
    expect(parseBarTime("2024-01-02 09:30", false, zone)).toBe(utc("2024-01-02T14:30:00Z"));
    expect(parseBarTime("2024-07-02 09:30:00", false, zone)).toBe(utc("2024-07-02T13:30:00Z"));
    expect(parseBarTime("2024-07-02T13:30:00.000Z", false, zone)).toBe(utc("2024-07-02T13:30:00Z"));
    expect(parseBarTime("2024-07-02T22:30:00+0900", false, zone)).toBe(utc("2024-07-02T13:30:00Z"));
  });
  it("refuses impossible dates and junk with a message", () => {
    for (const bad of [
      "2024-02-30",
      "2023-02-29",
      "2024-13-01",
      "24-01-02",
      "2024/01/02",
      "2024-01-02T25:00",
      "x",
    ])
      expect(typeof parseBarTime(bad, false, zone), bad).toBe("string");
    expect(parseBarTime("2024-02-29", true, zone)).toBe(utc("2024-02-29T00:00:00Z"));
  });
});

describe("BarCsvParser", () => {
  it("turns good rows into COPY text with row numbers and reads adj_close in any column order", () => {
    const { p, rows } = run(
      "Date,Open,High,Low,Close,Adj Close,Volume\r\n2024-01-02,10,12,9,11,10.5,100\r\n2024-01-03,11,11.5,10,11,,\r\n",
    );
    expect(p.errors).toEqual([]);
    expect(rows).toEqual([
      ["2", String(utc("2024-01-02T00:00:00Z")), "10", "12", "9", "11", "10.5", "100"],
      ["3", String(utc("2024-01-03T00:00:00Z")), "11", "11.5", "10", "11", "", ""],
    ]);
    expect(p.outOfOrder).toBe(false);
  });
  it("reports every bad row by its line number with the reason", () => {
    const csv = [
      "date,open,high,low,close,volume",
      "2024-01-02,10,12,9,11,100", // 2 ok
      "2024-01-03,10,9.5,9,9.8,100", // 3 high below open
      "2024-01-04,10,12,10.5,11,100", // 4 low above open
      "2024-01-05,10,12,9,11,-5", // 5 negative volume
      "2024-01-0x,10,12,9,11,5", // 6 bad date
      "2024-01-08,ten,12,9,11,5", // 7 bad number
      "2024-01-09,10,12,9,11", // 8 short row
      "2024-01-10,0x10,20,9,11,5", // 9 hex refused
    ].join("\n");
    const { p, rows } = run(csv);
    expect(rows).toHaveLength(1);
    expect(p.accepted).toBe(1);
    expect(p.rejected).toBe(7);
    expect(p.errors.map((e) => e.row)).toEqual([3, 4, 5, 6, 7, 8, 9]);
    expect(p.errors[0]?.message).toContain("high 9.5 is below open 10");
    expect(p.errors[1]?.message).toContain("low 10.5 is above open 10");
    expect(p.errors[2]?.message).toContain("volume -5 is negative");
    expect(p.errors[3]?.message).toContain("unparseable date");
    expect(p.errors[4]?.message).toContain('open "ten" is not a number');
    expect(p.errors[5]?.message).toContain("expected 6 cells, found 5");
  });
  it("refuses a file without the required header", () => {
    const { p, rows } = run("when,open,high,low,close\n2024-01-02,1,1,1,1\n");
    expect(p.fatal).toBe(true);
    expect(rows).toEqual([]);
    expect(p.errors[0]).toMatchObject({ row: 1 });
    expect(p.errors[0]?.message).toContain("missing date, volume");
    expect(run("").p.fatal).toBe(true);
  });
  it("checks the interval grid and flags out-of-order rows", () => {
    const { p } = run(
      "date,open,high,low,close,volume\n2024-01-02T14:35:00Z,1,1,1,1,1\n2024-01-02T14:31:00Z,1,1,1,1,1\n2024-01-02T14:30:00Z,1,1,1,1,1\n",
      { interval: "5m", timeZone: "UTC" },
    );
    expect(p.errors).toEqual([{ row: 3, message: "timestamp not on the 5m grid" }]);
    expect(p.outOfOrder).toBe(true);
  });

  // Property: any text, cut into any chunks, never throws; every line is either accepted or
  // reported exactly once; and chunking does not change the result.
  it("never crashes and accounts for every row, whatever the input and chunking", () => {
    const cell = fc.oneof(
      fc.constantFrom(
        "1",
        "2.5",
        "-3",
        "",
        "abc",
        "1e3",
        "NaN",
        "Infinity",
        "0x1",
        " 4 ",
        '"5"',
        "2024-01-02",
      ),
      fc.double({ noNaN: false }).map(String),
      fc.string({ maxLength: 6 }),
    );
    const line = fc.oneof(
      fc
        .tuple(
          fc.date({ min: new Date("1990-01-01"), max: new Date("2030-01-01"), noInvalidDate: true }),
          fc.array(cell, { minLength: 5, maxLength: 5 }),
        )
        .map(([d, cs]) => [d.toISOString().slice(0, 10), ...cs].join(",")),
      fc.array(cell, { maxLength: 8 }).map((cs) => cs.join(",")),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), fc.integer({ min: 1, max: 50 }), (ls, chunk) => {
        const text = `date,open,high,low,close,volume\n${ls.join("\n")}`;
        const a = run(text, daily, chunk);
        const b = run(text, daily, 1 << 20);
        const nonBlank = ls.filter((l) => l.trim().length > 0).length;
        expect(a.p.accepted + a.p.rejected).toBe(nonBlank);
        expect(a.rows.length).toBe(a.p.accepted);
        expect(a.p.errors.length).toBe(a.p.rejected);
        expect(a.rows).toEqual(b.rows);
        expect(a.p.errors).toEqual(b.p.errors);
        for (const e of a.p.errors) expect(e.row).toBeGreaterThan(1);
        for (const r of a.rows) {
          const [, , o, h, l, c] = r.map(Number) as number[];
          expect(h).toBeGreaterThanOrEqual(Math.max(o as number, c as number, l as number));
          expect(l).toBeLessThanOrEqual(Math.min(o as number, c as number));
        }
      }),
      { numRuns: 300 },
    );
  });
  it("accepts every well-formed bar and rejects exactly the rows with a broken invariant", () => {
    const bar = fc
      .record({
        o: fc.double({ min: 0.01, max: 1e6, noNaN: true }),
        c: fc.double({ min: 0.01, max: 1e6, noNaN: true }),
        up: fc.double({ min: 0, max: 100, noNaN: true }),
        down: fc.double({ min: 0, max: 0.009, noNaN: true }),
        v: fc.integer({ min: 0, max: 1e9 }),
        broken: fc.boolean(),
      })
      .map(({ o, c, up, down, v, broken }) => {
        const hi = Math.max(o, c) + up;
        const lo = Math.min(o, c) - down;
        return { text: [o, broken ? Math.min(o, c) / 2 : hi, lo, c, v].join(","), broken };
      });
    fc.assert(
      fc.property(fc.array(bar, { minLength: 1, maxLength: 40 }), (bars) => {
        const start = Date.UTC(2020, 0, 1);
        const text = `date,open,high,low,close,volume\n${bars
          .map((b, i) => `${new Date(start + i * 86_400_000).toISOString().slice(0, 10)},${b.text}`)
          .join("\n")}\n`;
        const { p } = run(text, daily, 64);
        const brokenRows = bars.flatMap((b, i) => (b.broken ? [i + 2] : []));
        expect(p.errors.map((e) => e.row)).toEqual(brokenRows);
        expect(p.accepted).toBe(bars.length - brokenRows.length);
      }),
      { numRuns: 200 },
    );
  });
});
