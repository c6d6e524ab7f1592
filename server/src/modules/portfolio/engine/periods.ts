// Reporting periods. A period runs from the close of its start day (excluded) to the close of its end
// day: its return is what happened after the start day's valuation, so periods chain without overlap.
import { addYears, dayNumber, isoDate } from "./dates.ts";
import type { IsoDate } from "./types.ts";

export type PeriodName = "1D" | "WTD" | "MTD" | "YTD" | "1Y" | "3Y" | "5Y" | "max";
/** A named period ending at the valuation's last day (or `to`), or a custom one (both days included). */
export type Period = PeriodName | { from: IsoDate; to: IsoDate };

export const PERIOD_NAMES: readonly PeriodName[] = ["1D", "WTD", "MTD", "YTD", "1Y", "3Y", "5Y", "max"];

/**
 * The day whose close starts the period (the period begins after it), and its last day. `null` start
 * means "before anything": the period starts from nothing (value zero). `1D` is resolved by the
 * caller as the valuation day before the end, since it depends on the calendar of valuation days.
 */
export function periodAnchor(period: Period, end: IsoDate): { start: IsoDate | null; end: IsoDate } {
  if (typeof period === "object") return { start: isoDate(dayNumber(period.from) - 1), end: period.to };
  const y = end.slice(0, 4);
  switch (period) {
    case "1D":
      return { start: isoDate(dayNumber(end) - 1), end };
    case "WTD": {
      const day = dayNumber(end);
      const weekday = (new Date(day * 86_400_000).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
      return { start: isoDate(day - weekday - 1), end };
    }
    case "MTD":
      return { start: isoDate(dayNumber(`${end.slice(0, 7)}-01`) - 1), end };
    case "YTD":
      return { start: `${String(Number(y) - 1).padStart(4, "0")}-12-31`, end };
    case "1Y":
      return { start: addYears(end, -1), end };
    case "3Y":
      return { start: addYears(end, -3), end };
    case "5Y":
      return { start: addYears(end, -5), end };
    case "max":
      return { start: null, end };
  }
}
