import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  easterSunday,
  findGaps,
  isTradingDay,
  krxHolidays,
  localMidnight,
  nyseHolidays,
  tradingDateFn,
  tradingDays,
} from "./calendars.ts";

const fixture = (name: string) => new URL(`./data/${name}`, import.meta.url);

describe("NYSE calendar", () => {
  it("computes Easter (computus) for known years", () => {
    expect(easterSunday(2000)).toBe("2000-04-23");
    expect(easterSunday(2008)).toBe("2008-03-23");
    expect(easterSunday(2019)).toBe("2019-04-21");
    expect(easterSunday(2024)).toBe("2024-03-31");
    expect(easterSunday(2038)).toBe("2038-04-25");
  });
  it("lists the 2024 holidays of the published NYSE schedule", () => {
    expect([...nyseHolidays(2024).keys()].sort()).toEqual([
      "2024-01-01",
      "2024-01-15",
      "2024-02-19",
      "2024-03-29",
      "2024-05-27",
      "2024-06-19",
      "2024-07-04",
      "2024-09-02",
      "2024-11-28",
      "2024-12-25",
    ]);
  });
  it("applies weekend observance: Saturday → Friday, Sunday → Monday, Saturday New Year not observed", () => {
    expect(nyseHolidays(2021).get("2021-12-24")).toContain("Christmas"); // Dec 25 2021 was a Saturday
    expect(nyseHolidays(2022).has("2021-12-31")).toBe(false);
    expect(isTradingDay("NYSE", "2021-12-31")).toBe(true); // New Year 2022 fell on a Saturday
    expect(nyseHolidays(2023).get("2023-01-02")).toContain("New Year"); // Sunday → Monday
    expect(nyseHolidays(2022).get("2022-06-20")).toContain("Juneteenth"); // Sunday → Monday
    expect(nyseHolidays(2021).has("2021-06-18")).toBe(false); // Juneteenth only from 2022
    expect(nyseHolidays(2020).get("2020-07-03")).toContain("Independence"); // Saturday → Friday
  });
  it("finds no gaps in 20 years of real S&P 500 sessions (2000-2020)", () => {
    const path = fixture("SPX.csv");
    if (!existsSync(path)) return expect.fail("fixture data/SPX.csv missing");
    const dates = readFileSync(path, "utf8")
      .trim()
      .split("\n")
      .slice(1)
      .map((l) => l.slice(0, 10));
    const report = findGaps("NYSE", dates);
    expect(report.missing).toEqual([]);
    expect(report.unexpected).toEqual([]);
    expect(report.expected).toBe(dates.length);
  });
  it("reports missing sessions and bars on holidays", () => {
    const days = tradingDays("NYSE", "2024-03-25", "2024-04-05");
    expect(days).not.toContain("2024-03-29");
    const withGap = days.filter((d) => d !== "2024-04-02").concat("2024-03-29");
    const r = findGaps("NYSE", withGap, "2024-03-25", "2024-04-05");
    expect(r.missing).toEqual(["2024-04-02"]);
    expect(r.unexpected).toEqual([{ date: "2024-03-29", reason: "Good Friday" }]);
  });
});

describe("KRX calendar", () => {
  it("matches the published 2024 KRX closures", () => {
    const weekdays = [...krxHolidays(2024).keys()]
      .filter((d) => ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay()))
      .sort();
    expect(weekdays).toEqual([
      "2024-01-01",
      "2024-02-09",
      "2024-02-12", // Seollal substitute (Feb 11 was a Sunday)
      "2024-03-01",
      "2024-04-10", // general election
      "2024-05-01",
      "2024-05-06", // Children's Day substitute
      "2024-05-15",
      "2024-06-06",
      "2024-08-15",
      "2024-09-16",
      "2024-09-17",
      "2024-09-18",
      "2024-10-01",
      "2024-10-03",
      "2024-10-09",
      "2024-12-25",
      "2024-12-31",
    ]);
  });
  it("computes substitute holidays from the rules", () => {
    expect(krxHolidays(2014).has("2014-09-10")).toBe(true); // Chuseok on a Sunday
    expect(krxHolidays(2017).has("2017-10-06")).toBe(true); // Chuseok overlapping Foundation Day
    expect(krxHolidays(2021).has("2021-08-16")).toBe(true); // Liberation Day on a Sunday
    expect(krxHolidays(2023).has("2023-05-29")).toBe(true); // Buddha's Birthday on a Saturday
    expect(krxHolidays(2025).has("2025-05-06")).toBe(true); // Children's Day = Buddha's Birthday
    expect(krxHolidays(2022).has("2022-12-30")).toBe(true); // year-end closing when Dec 31 is a Saturday
    expect(krxHolidays(2013).has("2013-10-09")).toBe(true);
    expect(krxHolidays(2012).has("2012-10-09")).toBe(false);
  });
  it("refuses years outside its lunar table", () => {
    expect(() => krxHolidays(2009)).toThrow(/2010–2026/);
  });
});

describe("local midnight and trading dates", () => {
  it("finds 00:00 local time across DST changes and in Seoul", () => {
    expect(localMidnight("2024-03-10", "America/New_York").toISOString()).toBe("2024-03-10T05:00:00.000Z");
    expect(localMidnight("2024-03-11", "America/New_York").toISOString()).toBe("2024-03-11T04:00:00.000Z");
    expect(localMidnight("2024-11-03", "America/New_York").toISOString()).toBe("2024-11-03T04:00:00.000Z");
    expect(localMidnight("2024-01-02", "Asia/Seoul").toISOString()).toBe("2024-01-01T15:00:00.000Z");
    expect(localMidnight("2024-01-02", "UTC").toISOString()).toBe("2024-01-02T00:00:00.000Z");
  });
  it("dates intraday bars in the market's zone and daily bars by their UTC date", () => {
    const t = Date.parse("2024-01-01T23:30:00Z"); // 08:30 on 2 January in Seoul
    expect(tradingDateFn("1m", "Asia/Seoul")(t)).toBe("2024-01-02");
    expect(tradingDateFn("1h", "America/New_York")(t)).toBe("2024-01-01");
    expect(tradingDateFn("1d", "Asia/Seoul")(Date.parse("2024-01-02T00:00:00Z"))).toBe("2024-01-02");
  });
});
