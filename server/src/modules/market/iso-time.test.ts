import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isoUtc } from "./iso-time.ts";

describe("isoUtc", () => {
  it("writes what Date#toISOString writes", () => {
    for (const ms of [
      0, -1, 1, 86_399_999, 951_782_400_000, 1_709_164_800_000, -62_167_219_200_000, 253_402_300_799_999,
    ])
      expect(isoUtc(ms)).toBe(new Date(ms).toISOString());
    fc.assert(
      fc.property(fc.integer({ min: -62_167_219_200_000, max: 253_402_300_799_999 }), (ms) => {
        expect(isoUtc(ms)).toBe(new Date(ms).toISOString());
      }),
      { numRuns: 20_000 },
    );
  });
  it("hands years outside 0–9999 and fractional instants to Date", () => {
    for (const ms of [-62_167_219_200_001, 253_402_300_800_000, 8.64e15, 1.5])
      expect(isoUtc(ms)).toBe(new Date(ms).toISOString());
  });
});
