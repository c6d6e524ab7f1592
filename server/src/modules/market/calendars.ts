// Trading calendars (NYSE, KRX) with holiday rules computed per year, plus gap detection.
// Dates are ISO `YYYY-MM-DD` strings; weekdays are computed in UTC (a date has no time zone).
// Market codes, exchange zones, trading dates of bars and local midnight come from the shared
// @bullpen/markets-time package, which the web app's charts use as well.
import type { CalendarId } from "@bullpen/markets-time";

export { type CalendarId, localMidnight, marketCalendar, tradingDateFn } from "@bullpen/markets-time";

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const utc = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d);
const dow = (ms: number) => new Date(ms).getUTCDay();
export const parseDate = (s: string): number => {
  const ms = Date.parse(`${s}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s) || Number.isNaN(ms) || iso(ms) !== s)
    throw new RangeError(`bad date ${s}`);
  return ms;
};

/** n-th (1-based) given weekday of a month; n = -1 for the last. */
function nthWeekday(y: number, m: number, weekday: number, n: number): number {
  if (n > 0) {
    const first = utc(y, m, 1);
    return first + (((weekday - dow(first) + 7) % 7) + (n - 1) * 7) * DAY;
  }
  const last = utc(y, m + 1, 1) - DAY;
  return last - ((dow(last) - weekday + 7) % 7) * DAY;
}

/** Gregorian Easter Sunday (anonymous Gregorian algorithm, a.k.a. Meeus/Jones/Butcher). */
export function easterSunday(y: number): string {
  const a = y % 19;
  const b = Math.floor(y / 100);
  const c = y % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return iso(utc(y, month, day));
}

// Unscheduled NYSE closures (national mourning, 9/11, hurricane Sandy).
const NYSE_SPECIAL: Record<string, string> = {
  "1994-04-27": "Nixon day of mourning",
  "2001-09-11": "September 11",
  "2001-09-12": "September 11",
  "2001-09-13": "September 11",
  "2001-09-14": "September 11",
  "2004-06-11": "Reagan day of mourning",
  "2007-01-02": "Ford day of mourning",
  "2012-10-29": "Hurricane Sandy",
  "2012-10-30": "Hurricane Sandy",
  "2018-12-05": "George H. W. Bush day of mourning",
  "2025-01-09": "Carter day of mourning",
};

/**
 * NYSE full-day holidays of a year (Rule 7.2): New Year (Sunday → Monday; a Saturday New Year is
 * not observed), MLK (3rd Monday of January, from 1998), Washington's Birthday (3rd Monday of
 * February), Good Friday (Easter − 2), Memorial Day (last Monday of May), Juneteenth (from 2022),
 * Independence Day, Labor Day (1st Monday of September), Thanksgiving (4th Thursday of November),
 * Christmas; Saturday holidays move to Friday and Sunday ones to Monday. Plus special closures.
 */
export function nyseHolidays(y: number): Map<string, string> {
  const out = new Map<string, string>();
  const observed = (ms: number, name: string, saturdayToFriday = true) => {
    const w = dow(ms);
    if (w === 6) {
      if (saturdayToFriday) out.set(iso(ms - DAY), `${name} (observed)`);
    } else if (w === 0) out.set(iso(ms + DAY), `${name} (observed)`);
    else out.set(iso(ms), name);
  };
  observed(utc(y, 1, 1), "New Year's Day", false);
  if (y >= 1998) out.set(iso(nthWeekday(y, 1, 1, 3)), "Martin Luther King Jr. Day");
  out.set(iso(nthWeekday(y, 2, 1, 3)), "Washington's Birthday");
  out.set(iso(parseDate(easterSunday(y)) - 2 * DAY), "Good Friday");
  out.set(iso(nthWeekday(y, 5, 1, -1)), "Memorial Day");
  if (y >= 2022) observed(utc(y, 6, 19), "Juneteenth");
  observed(utc(y, 7, 4), "Independence Day");
  out.set(iso(nthWeekday(y, 9, 1, 1)), "Labor Day");
  out.set(iso(nthWeekday(y, 11, 4, 4)), "Thanksgiving Day");
  observed(utc(y, 12, 25), "Christmas Day");
  for (const [d, name] of Object.entries(NYSE_SPECIAL)) if (d.startsWith(`${y}-`)) out.set(d, name);
  return out;
}

/** First KRX year with a lunar-holiday table entry; and the last. */
export const KRX_FIRST_YEAR = 2010;
export const KRX_LAST_YEAR = 2026;
// Solar dates of lunar holidays: Seollal (1st day of the 1st lunar month), Buddha's Birthday
// (8th of the 4th), Chuseok (15th of the 8th). From the Korea Astronomy and Space Science Institute
// tables as published in the official holiday lists.
const LUNAR: Record<number, [seollal: string, buddha: string, chuseok: string]> = {
  2010: ["02-14", "05-21", "09-22"],
  2011: ["02-03", "05-10", "09-12"],
  2012: ["01-23", "05-28", "09-30"],
  2013: ["02-10", "05-17", "09-19"],
  2014: ["01-31", "05-06", "09-08"],
  2015: ["02-19", "05-25", "09-27"],
  2016: ["02-08", "05-14", "09-15"],
  2017: ["01-28", "05-03", "10-04"],
  2018: ["02-16", "05-22", "09-24"],
  2019: ["02-05", "05-12", "09-13"],
  2020: ["01-25", "04-30", "10-01"],
  2021: ["02-12", "05-19", "09-21"],
  2022: ["02-01", "05-08", "09-10"],
  2023: ["01-22", "05-27", "09-29"],
  2024: ["02-10", "05-15", "09-17"],
  2025: ["01-29", "05-05", "10-06"],
  2026: ["02-17", "05-24", "09-25"],
};
// Election days and one-off public holidays declared by the government.
const KRX_SPECIAL: Record<string, string> = {
  "2010-06-02": "Local elections",
  "2012-04-11": "General election",
  "2012-12-19": "Presidential election",
  "2014-06-04": "Local elections",
  "2015-08-14": "Temporary holiday",
  "2016-04-13": "General election",
  "2016-05-06": "Temporary holiday",
  "2017-05-09": "Presidential election",
  "2017-10-02": "Temporary holiday",
  "2018-06-13": "Local elections",
  "2020-04-15": "General election",
  "2020-08-17": "Temporary holiday",
  "2022-03-09": "Presidential election",
  "2022-06-01": "Local elections",
  "2023-10-02": "Temporary holiday",
  "2024-04-10": "General election",
  "2024-10-01": "Armed Forces Day (temporary holiday)",
  "2025-01-27": "Temporary holiday",
  "2025-06-03": "Presidential election",
  "2026-06-03": "Local elections",
};

/**
 * KRX closures of a year (supported 2010–2026): New Year, Seollal (3 days), Independence Movement
 * Day (Mar 1), Labour Day (May 1, exchange closed), Children's Day, Buddha's Birthday, Memorial Day
 * (Jun 6), Liberation Day, Chuseok (3 days), National Foundation Day, Hangul Day (from 2013),
 * Christmas, the year-end closing day (last weekday of the year), elections and declared holidays,
 * and substitute holidays: Seollal/Chuseok touching a Sunday or another holiday (from 2014),
 * Children's Day on a weekend or holiday (from 2014), Liberation/Foundation/Hangul Day on a weekend
 * (from Aug 2021), Independence Day (from 2022), Buddha's Birthday and Christmas (from May 2023).
 */
export function krxHolidays(y: number): Map<string, string> {
  const lunar = LUNAR[y];
  if (!lunar)
    throw new RangeError(`KRX calendar covers ${KRX_FIRST_YEAR}–${KRX_LAST_YEAR}; ${y} is outside it`);
  const out = new Map<string, string>();
  const add = (ms: number, name: string) => {
    const k = iso(ms);
    out.set(k, out.has(k) ? `${out.get(k)}, ${name}` : name);
  };
  const d = (md: string) => parseDate(`${y}-${md}`);
  const fixed: [string, string][] = [
    ["01-01", "New Year's Day"],
    ["03-01", "Independence Movement Day"],
    ["05-01", "Labour Day"],
    ["05-05", "Children's Day"],
    ["06-06", "Memorial Day"],
    ["08-15", "Liberation Day"],
    ["10-03", "National Foundation Day"],
    ["12-25", "Christmas Day"],
  ];
  if (y >= 2013) fixed.push(["10-09", "Hangul Day"]);
  for (const [md, name] of fixed) add(d(md), name);
  const seollal = d(lunar[0]);
  const chuseok = d(lunar[2]);
  for (const k of [-1, 0, 1]) {
    add(seollal + k * DAY, "Seollal");
    add(chuseok + k * DAY, "Chuseok");
  }
  add(d(lunar[1]), "Buddha's Birthday");
  for (const [day, name] of Object.entries(KRX_SPECIAL))
    if (day.startsWith(`${y}-`)) add(parseDate(day), name);

  const taken = (ms: number) => out.has(iso(ms)) || dow(ms) === 0 || dow(ms) === 6;
  const nextFree = (ms: number) => {
    let t = ms + DAY;
    while (taken(t)) t += DAY;
    return t;
  };
  const substitutes: number[] = [];
  const clashes = (t: number) => (out.get(iso(t)) ?? "").includes(","); // two holidays on one day
  if (y >= 2014) {
    for (const center of [seollal, chuseok]) {
      if ([center - DAY, center, center + DAY].some((t) => dow(t) === 0 || clashes(t)))
        substitutes.push(center + DAY);
    }
    const children = d("05-05");
    if (dow(children) === 0 || dow(children) === 6 || clashes(children)) substitutes.push(children);
  }
  const weekendRule: [string, number][] = [
    ["08-15", 2021],
    ["10-03", 2021],
    ["10-09", 2021],
    ["03-01", 2022],
    ["12-25", 2023],
    [lunar[1], 2023],
  ];
  for (const [md, from] of weekendRule) {
    const t = d(md);
    if (y >= from && (dow(t) === 0 || dow(t) === 6)) substitutes.push(t);
  }
  // Each substitute is the first weekday after its holiday that is not itself a holiday.
  for (const after of substitutes) add(nextFree(after), "Substitute holiday");
  // Year-end closing day: the last weekday of the year that is not already a holiday.
  let last = utc(y, 12, 31);
  while (dow(last) === 0 || dow(last) === 6 || out.has(iso(last))) last -= DAY;
  add(last, "Year-end closing");
  return out;
}

const cache = new Map<string, Map<string, string>>();
/** Holidays (date → name) of one calendar in one year. */
export function holidays(calendar: CalendarId, y: number): Map<string, string> {
  if (calendar === "WEEKDAYS" || calendar === "ALWAYS") return new Map();
  const key = `${calendar}:${y}`;
  let m = cache.get(key);
  if (!m) {
    m = calendar === "NYSE" ? nyseHolidays(y) : krxHolidays(y);
    cache.set(key, m);
  }
  return m;
}

/** Whether the exchange trades (a full or partial session) on `date`. */
export function isTradingDay(calendar: CalendarId, date: string): boolean {
  if (calendar === "ALWAYS") return true;
  const ms = parseDate(date);
  const w = dow(ms);
  if (w === 0 || w === 6) return false;
  return !holidays(calendar, Number(date.slice(0, 4))).has(date);
}

/** Every trading day in [from, to], ascending. */
export function tradingDays(calendar: CalendarId, from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = parseDate(from), end = parseDate(to); t <= end; t += DAY) {
    const s = iso(t);
    if (isTradingDay(calendar, s)) out.push(s);
  }
  return out;
}

export interface GapReport {
  calendar: CalendarId;
  from: string;
  to: string;
  expected: number;
  present: number;
  /** Trading days with no bar. */
  missing: string[];
  /** Bars on days the exchange was closed (with the holiday name, or "weekend"). */
  unexpected: { date: string; reason: string }[];
}

/**
 * Compares the days that have bars with the calendar's trading days between `from` and `to`
 * (defaults: the first and last day present).
 */
export function findGaps(calendar: CalendarId, dates: string[], from?: string, to?: string): GapReport {
  const present = new Set(dates);
  const sorted = [...present].sort();
  const lo = from ?? sorted[0];
  const hi = to ?? sorted[sorted.length - 1];
  if (!lo || !hi) return { calendar, from: "", to: "", expected: 0, present: 0, missing: [], unexpected: [] };
  const expected = tradingDays(calendar, lo, hi);
  const missing = expected.filter((d) => !present.has(d));
  const unexpected: { date: string; reason: string }[] = [];
  for (const d of sorted) {
    if (d < lo || d > hi || isTradingDay(calendar, d)) continue;
    const w = dow(parseDate(d));
    unexpected.push({
      date: d,
      reason: w === 0 || w === 6 ? "weekend" : (holidays(calendar, Number(d.slice(0, 4))).get(d) ?? "closed"),
    });
  }
  return {
    calendar,
    from: lo,
    to: hi,
    expected: expected.length,
    present: sorted.length,
    missing,
    unexpected,
  };
}
