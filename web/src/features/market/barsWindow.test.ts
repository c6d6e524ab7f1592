import { describe, expect, it } from "vitest";
import type { BarIntervals } from "../../api/models.ts";
import { earlierWindow, latestWindow } from "./barsWindow.ts";

const aapl: BarIntervals = {
  instrumentId: "x",
  stored: [{ interval: "1d", first: "2013-05-13T00:00:00.000Z", last: "2018-05-11T00:00:00.000Z" }],
  available: ["1d", "1w"],
  version: "0123456789abcdef",
};

describe("bar windows", () => {
  it("starts three years of daily bars before the last stored bar, all history for weekly", () => {
    expect(latestWindow(aapl, "1d")).toEqual({ from: "2015-05-12T00:00:00.000Z" });
    expect(latestWindow(aapl, "1w")?.from.slice(0, 4)).toBe("2003");
    expect(latestWindow({ ...aapl, stored: [] }, "1d")).toBeNull();
    expect(latestWindow(undefined, "1d")).toBeNull();
  });

  it("steps back a window at a time until the first stored bar, each ending where the next began", () => {
    const first = latestWindow(aapl, "1d");
    if (!first) throw new Error("no window");
    const second = earlierWindow(aapl, "1d", first);
    // Three years of 365 days before the first window's start.
    const back = new Date(Date.parse(first.from) - 3 * 365 * 86_400_000).toISOString();
    expect(second).toEqual({ from: back, to: first.from });
    expect(back < aapl.stored[0]?.first).toBe(true);
    expect(second && earlierWindow(aapl, "1d", second)).toBeUndefined();
    expect(earlierWindow(aapl, "1w", latestWindow(aapl, "1w") as { from: string })).toBeUndefined();
  });
});
