import { describe, expect, it } from "vitest";
import {
  isDailyInterval,
  localMidnight,
  marketCalendar,
  marketTimeZone,
  tradingDateFn,
  wallClockFn,
  zoneOffsetGetter,
} from "./index.ts";

const H = 3_600_000;
const at = (iso: string) => Date.parse(iso);

describe("market codes", () => {
  it("map to a calendar and a zone", () => {
    expect(marketCalendar("NASDAQ")).toEqual({ calendar: "NYSE", timeZone: "America/New_York" });
    expect(marketCalendar("KOSDAQ")).toEqual({ calendar: "KRX", timeZone: "Asia/Seoul" });
    expect(marketCalendar("CRYPTO")).toEqual({ calendar: "ALWAYS", timeZone: "UTC" });
    expect(marketCalendar("LSE")).toEqual({ calendar: "WEEKDAYS", timeZone: "UTC" });
    expect(marketTimeZone("KR")).toBe("Asia/Seoul");
    expect(marketTimeZone("US")).toBe("America/New_York");
  });
});

describe("zoneOffsetGetter", () => {
  it("New York: EST, EDT and the hour each change takes effect", () => {
    const ny = zoneOffsetGetter("America/New_York");
    expect(ny(at("2024-01-15T12:00:00Z"))).toBe(-5 * H);
    expect(ny(at("2024-07-15T12:00:00Z"))).toBe(-4 * H);
    // 2024-03-10 02:00 EST → 03:00 EDT at 07:00 UTC.
    expect(ny(at("2024-03-10T06:59:59Z"))).toBe(-5 * H);
    expect(ny(at("2024-03-10T07:00:00Z"))).toBe(-4 * H);
    // 2024-11-03 02:00 EDT → 01:00 EST at 06:00 UTC.
    expect(ny(at("2024-11-03T05:59:59Z"))).toBe(-4 * H);
    expect(ny(at("2024-11-03T06:00:00Z"))).toBe(-5 * H);
  });

  it("Seoul: +9 all year today, +10 during the 1988 summer time", () => {
    const seoul = zoneOffsetGetter("Asia/Seoul");
    expect(seoul(at("2024-01-15T00:00:00Z"))).toBe(9 * H);
    expect(seoul(at("2024-07-15T00:00:00Z"))).toBe(9 * H);
    expect(seoul(at("1988-05-07T16:59:59Z"))).toBe(9 * H);
    expect(seoul(at("1988-05-07T17:00:00Z"))).toBe(10 * H);
    expect(seoul(at("1988-10-08T17:00:00Z"))).toBe(9 * H);
  });

  it("half-hour zones and UTC", () => {
    expect(zoneOffsetGetter("Asia/Kolkata")(at("2024-05-01T10:17:00Z"))).toBe(5.5 * H);
    expect(zoneOffsetGetter("UTC")(at("2024-05-01T10:17:00Z"))).toBe(0);
  });

  it("the hourly cache answers like a fresh lookup at every minute (London, a year of hours)", () => {
    const cached = zoneOffsetGetter("Europe/London");
    const start = at("2024-01-01T00:00:00Z");
    for (let t = start; t < start + 366 * 24 * H; t += 97 * 60_000) {
      expect(cached(t), new Date(t).toISOString()).toBe(zoneOffsetGetter("Europe/London")(t - (t % H)));
    }
    expect(cached(at("2024-03-31T00:59:00Z"))).toBe(0);
    expect(cached(at("2024-03-31T01:00:00Z"))).toBe(H);
  });

  it("rejects an unknown zone", () => {
    expect(() => zoneOffsetGetter("Mars/Olympus_Mons")).toThrow(RangeError);
  });
});

describe("trading dates", () => {
  it("intraday bars take the exchange's local day; daily bars keep their UTC date", () => {
    const t = at("2024-01-01T15:30:00Z");
    expect(tradingDateFn("1m", "Asia/Seoul")(t)).toBe("2024-01-02"); // 00:30 in Seoul
    expect(tradingDateFn("1h", "America/New_York")(at("2024-01-02T03:00:00Z"))).toBe("2024-01-01");
    expect(tradingDateFn("1d", "Asia/Seoul")(at("2024-01-02T00:00:00Z"))).toBe("2024-01-02");
    expect(tradingDateFn("1w", "America/New_York")(at("2024-01-08T00:00:00Z"))).toBe("2024-01-08");
    // The last minute before local midnight on a DST day in New York (EDT from 03:00 that morning).
    expect(tradingDateFn("5m", "America/New_York")(at("2024-03-11T03:59:00Z"))).toBe("2024-03-10");
    expect(tradingDateFn("5m", "America/New_York")(at("2024-03-11T04:00:00Z"))).toBe("2024-03-11");
    expect(isDailyInterval("1d")).toBe(true);
    expect(isDailyInterval("1h")).toBe(false);
  });

  it("local midnight across DST changes and in Seoul", () => {
    expect(localMidnight("2024-03-10", "America/New_York").toISOString()).toBe("2024-03-10T05:00:00.000Z");
    expect(localMidnight("2024-03-11", "America/New_York").toISOString()).toBe("2024-03-11T04:00:00.000Z");
    expect(localMidnight("2024-11-03", "America/New_York").toISOString()).toBe("2024-11-03T04:00:00.000Z");
    expect(localMidnight("2024-11-04", "America/New_York").toISOString()).toBe("2024-11-04T05:00:00.000Z");
    expect(localMidnight("2024-01-02", "Asia/Seoul").toISOString()).toBe("2024-01-01T15:00:00.000Z");
    expect(localMidnight("1988-06-01", "Asia/Seoul").toISOString()).toBe("1988-05-31T14:00:00.000Z");
    expect(localMidnight("2024-01-02", "UTC").toISOString()).toBe("2024-01-02T00:00:00.000Z");
  });

  it("local midnight is the first instant of the local trading date", () => {
    for (const zone of ["America/New_York", "Asia/Seoul", "Europe/London", "Australia/Sydney"]) {
      const dateOf = tradingDateFn("1m", zone);
      for (const d of ["2024-03-10", "2024-03-31", "2024-04-07", "2024-10-06", "2024-11-03", "2024-12-31"]) {
        const m = localMidnight(d, zone).getTime();
        expect(dateOf(m), `${zone} ${d}`).toBe(d);
        expect(dateOf(m - 60_000), `${zone} ${d}`).not.toBe(d);
      }
    }
  });
});

describe("wallClockFn", () => {
  it("shifts an instant so its UTC fields read as the exchange clock", () => {
    const ny = wallClockFn("America/New_York");
    expect(new Date(ny(at("2024-07-01T13:30:00Z"))).toISOString()).toBe("2024-07-01T09:30:00.000Z");
    expect(new Date(ny(at("2024-01-02T14:30:00Z"))).toISOString()).toBe("2024-01-02T09:30:00.000Z");
    const seoul = wallClockFn("Asia/Seoul");
    expect(new Date(seoul(at("2024-01-02T00:00:00Z"))).toISOString()).toBe("2024-01-02T09:00:00.000Z");
  });
});
