import { describe, expect, it } from "vitest";
import { addYears, dayNumber, isoDate } from "./dates.ts";

describe("day numbers", () => {
  it("agree with JavaScript's calendar every day from 1800 to 2200", () => {
    const misses: string[] = [];
    for (let t = Date.UTC(1800, 0, 1); t <= Date.UTC(2200, 11, 31); t += 86_400_000) {
      const iso = new Date(t).toISOString().slice(0, 10);
      const day = t / 86_400_000;
      if (dayNumber(iso) !== day || isoDate(day) !== iso) misses.push(iso);
    }
    expect(misses).toEqual([]);
  });
  it("refuse what is not a date", () => {
    for (const bad of ["2024-13-01", "2024-00-10", "2024-1-01", "20240101", "2024-01-32"])
      expect(() => dayNumber(bad)).toThrow(/not a date/);
  });
  it("move by years with 29 February falling back", () => {
    expect(addYears("2024-02-29", -1)).toBe("2023-02-28");
    expect(addYears("2024-02-29", -4)).toBe("2020-02-29");
  });
});
