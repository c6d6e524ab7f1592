// @bullpen/markets-time: exchange time zones, shared by the server (calendars, imports, quotes) and the
// web app (charts). Pure TypeScript over `Intl.DateTimeFormat`: no dependencies, no Node modules, so it
// runs the same in a browser. Instants are UTC milliseconds; dates are ISO `YYYY-MM-DD` strings.

/** The trading calendars Bullpen knows (the server holds their holiday rules). */
export type CalendarId = "NYSE" | "KRX" | "WEEKDAYS" | "ALWAYS";

/** Which calendar and IANA time zone a market code trades on; unknown codes get weekdays in UTC. */
export function marketCalendar(market: string): { calendar: CalendarId; timeZone: string } {
  switch (market) {
    case "US":
    case "NYSE":
    case "NASDAQ":
    case "AMEX":
      return { calendar: "NYSE", timeZone: "America/New_York" };
    case "KR":
    case "KRX":
    case "KOSPI":
    case "KOSDAQ":
      return { calendar: "KRX", timeZone: "Asia/Seoul" };
    case "CRYPTO":
      return { calendar: "ALWAYS", timeZone: "UTC" };
    default:
      return { calendar: "WEEKDAYS", timeZone: "UTC" };
  }
}

/** The exchange time zone of a market code (`marketCalendar(market).timeZone`). */
export function marketTimeZone(market: string): string {
  return marketCalendar(market).timeZone;
}

const HOUR = 3_600_000;

/**
 * Offset (ms, local − UTC) of `timeZone` at a UTC instant. The returned function caches one answer per
 * UTC hour (read at the start of the hour: zones change their offset on the hour), so converting a long
 * series costs one `Intl` call per hour it spans. Throws a RangeError for an unknown zone.
 */
export function zoneOffsetGetter(timeZone: string): (utcMs: number) => number {
  if (timeZone === "UTC") return () => 0;
  const fmt = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  });
  const cache = new Map<number, number>();
  return (utcMs) => {
    const hour = Math.floor(utcMs / HOUR);
    let off = cache.get(hour);
    if (off === undefined) {
      const p: Record<string, number> = {};
      for (const part of fmt.formatToParts(new Date(hour * HOUR))) p[part.type] = Number(part.value);
      off =
        Date.UTC(p.year as number, (p.month as number) - 1, p.day, p.hour, p.minute, p.second) - hour * HOUR;
      if (cache.size > 100_000) cache.clear();
      cache.set(hour, off);
    }
    return off;
  };
}

/** Whether bars of this interval carry a trading date at 00:00 UTC (daily and weekly bars). */
export function isDailyInterval(interval: string): boolean {
  return interval === "1d" || interval === "1w";
}

/**
 * A bar's trading date: daily and weekly bars carry it at 00:00 UTC; intraday bars are dated by the
 * exchange's local calendar day in `timeZone`.
 */
export function tradingDateFn(interval: string, timeZone: string): (utcMs: number) => string {
  if (isDailyInterval(interval)) return (ms) => new Date(ms).toISOString().slice(0, 10);
  const off = zoneOffsetGetter(timeZone);
  return (ms) => new Date(ms + off(ms)).toISOString().slice(0, 10);
}

/** The UTC instant of 00:00 local time on `date` (YYYY-MM-DD) in `timeZone`. */
export function localMidnight(date: string, timeZone: string): Date {
  const off = zoneOffsetGetter(timeZone);
  const guess = Date.parse(`${date}T00:00:00Z`);
  // The offset at the guess, then once more at the corrected instant (DST edges).
  return new Date(guess - off(guess - off(guess)));
}

/**
 * Wall-clock time as a fake UTC instant: the returned function maps a UTC instant to the instant whose
 * UTC fields read as the exchange's local clock (utcMs + offset). Charts that only know UTC (such as
 * lightweight-charts) then label intraday bars in the exchange's time, whatever the viewer's zone.
 */
export function wallClockFn(timeZone: string): (utcMs: number) => number {
  const off = zoneOffsetGetter(timeZone);
  return (ms) => ms + off(ms);
}
