import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dayNumber } from "./dates.ts";
import { xirr } from "./xirr.ts";

interface OracleCase {
  name: string;
  flows: { date: string; amount: number }[];
  rate: number;
}
const oracle: { cases: OracleCase[] } = JSON.parse(
  readFileSync(join(import.meta.dirname, "oracles", "xirr.json"), "utf8"),
);

describe("XIRR", () => {
  it("matches the SciPy oracle at 1e-9 relative on every stored case", () => {
    expect(oracle.cases.length).toBeGreaterThan(30);
    const misses: string[] = [];
    for (const c of oracle.cases) {
      const r = xirr(c.flows.map((f) => ({ day: dayNumber(f.date), amount: f.amount })));
      const rate = r.ok ? r.rate : Number.NaN;
      const rel = Math.abs(rate - c.rate) / Math.abs(c.rate);
      if (!(rel <= 1e-9)) misses.push(`${c.name}: ours ${rate}, oracle ${c.rate}, relative ${rel}`);
    }
    expect(misses).toEqual([]);
  });

  it("gives Excel's documented example", () => {
    const c = oracle.cases.find((x) => x.name === "excel-doc-example")!;
    const r = xirr(c.flows.map((f) => ({ day: dayNumber(f.date), amount: f.amount })));
    // Excel's Newton iteration stops near 1e-8; SciPy's and ours agree to the last digits (above).
    expect(r.ok && r.rate).toBeCloseTo(0.373362535, 8);
  });

  it("says clearly when no rate exists", () => {
    expect(xirr([])).toMatchObject({ ok: false, reason: "no flows" });
    const d = dayNumber("2024-01-01");
    expect(
      xirr([
        { day: d, amount: -100 },
        { day: d + 30, amount: -5 },
      ]),
    ).toMatchObject({
      ok: false,
      reason: "one-sided",
    });
    // +100, −250, +160: the NPV is positive at every rate (its minimum over v = 1/(1+r) is > 0).
    expect(
      xirr([
        { day: d, amount: 100 },
        { day: d + 365, amount: -250 },
        { day: d + 730, amount: 160 },
      ]),
    ).toMatchObject({
      ok: false,
      reason: "no root",
    });
  });

  it("finds the root of any conventional investment, and it zeroes the NPV", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 5000 }), fc.double({ min: 1, max: 1e6, noNaN: true })), {
          minLength: 1,
          maxLength: 20,
        }),
        fc.double({ min: 0.05, max: 5, noNaN: true }),
        (buys, multiple) => {
          // Money in on day 0 and on later days, then one value out after all of them: one sign change.
          const d0 = 19000;
          const flows = [{ day: d0, amount: -1000 }, ...buys.map(([t, a]) => ({ day: d0 + t, amount: -a }))];
          const end = d0 + Math.max(...buys.map((b) => b[0])) + 1;
          const paid = -flows.reduce((s, f) => s + f.amount, 0);
          flows.push({ day: end, amount: paid * multiple });
          const r = xirr(flows);
          expect(r.ok).toBe(true);
          if (!r.ok) return;
          expect(r.unique).toBe(true);
          // In ln(1 + r): a 95 % loss in two days is r = −1 + 1e−237, which is −1 in a float.
          // Discounted to the last day rather than the first, so that no term overflows.
          const terms = flows.map((f) => f.amount * Math.exp((-r.logRate * (f.day - end)) / 365));
          const npv = terms.reduce((s, t) => s + t, 0);
          // Zero to the rounding of the sum: measured against its largest term.
          expect(Math.abs(npv) / Math.max(...terms.map(Math.abs))).toBeLessThan(1e-10);
          // More back than paid in means a positive rate, less a negative one.
          expect(Math.sign(r.rate)).toBe(Math.sign(multiple - 1) || Math.sign(r.rate));
        },
      ),
      { numRuns: 300 },
    );
  });
});
