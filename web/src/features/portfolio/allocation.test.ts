// Allocation slices: grouped, largest first, the tail folded into "other", shares from integers.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromUnits, slices, toUnits } from "./allocation.ts";

describe("allocation slices", () => {
  it("groups by key, sums exactly and orders by value", () => {
    const s = slices([
      { key: "USD", label: "USD", value: "100.10" },
      { key: "KRW", label: "KRW", value: "300" },
      { key: "USD", label: "USD", value: "0.20" },
      { key: "EUR", label: "EUR", value: null },
    ]);
    expect(s.map((x) => [x.key, x.value])).toEqual([
      ["KRW", "300"],
      ["USD", "100.3"],
    ]);
    expect(s[0]?.share).toBeCloseTo(300 / 400.3, 3);
  });

  it("leaves out negative groups and folds the tail into other", () => {
    const items = ["a", "b", "c", "d", "e"].map((k, i) => ({
      key: k,
      label: k.toUpperCase(),
      value: String(50 - i),
    }));
    items.push({ key: "short", label: "SHORT", value: "-20" });
    const s = slices(items, 3, "Other");
    expect(s.map((x) => x.label)).toEqual(["A", "B", "Other"]);
    expect(s[2]?.value).toBe(String(48 + 47 + 46));
  });

  it("answers nothing for an empty or all-zero whole", () => {
    expect(slices([])).toEqual([]);
    expect(slices([{ key: "a", label: "a", value: "0" }])).toEqual([]);
  });

  it("shares sum to one (to 1/10000 per slice) and values to the total", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.constantFrom("a", "b", "c", "d", "e", "f", "g", "h"),
            fc.integer({ min: 0, max: 10 ** 9 }),
          ),
          {
            minLength: 1,
            maxLength: 30,
          },
        ),
        (pairs) => {
          const items = pairs.map(([k, cents]) => ({ key: k, label: k, value: fromUnits(BigInt(cents), 2) }));
          const s = slices(items, 5);
          const total = pairs.reduce((t, [, c]) => t + BigInt(c), 0n);
          if (total === 0n) return expect(s).toEqual([]);
          expect(s.reduce((t, x) => t + toUnits(x.value, 2), 0n)).toBe(total);
          const sum = s.reduce((t, x) => t + x.share, 0);
          expect(sum).toBeGreaterThan(1 - s.length / 10_000 - 1e-9);
          expect(sum).toBeLessThanOrEqual(1 + 1e-9);
          expect(s.length).toBeLessThanOrEqual(5);
        },
      ),
    );
  });

  it("reads and writes decimal strings as integer units", () => {
    expect(toUnits("12.3456789")).toBe(123456n);
    expect(toUnits("-0.5")).toBe(-5000n);
    expect(fromUnits(123456n)).toBe("12.3456");
    expect(fromUnits(-5000n)).toBe("-0.5");
    expect(fromUnits(0n)).toBe("0");
  });
});
