// The windows of history the chart loads: the latest first, then the one before it as the user
// scrolls back. Each window's URL is stable for a data version, so the browser may cache it.
import type { BarIntervals, Interval } from "../../api/models.ts";

/**
 * How much history one request of the chart covers, per interval: about what a screen shows, with
 * room for the indicators' warm-up. Scrolling back loads the window before, and so on.
 */
const WINDOW_DAYS: Record<Interval, number> = {
  "1m": 7,
  "5m": 30,
  "15m": 90,
  "1h": 365,
  "1d": 3 * 365,
  "1w": 15 * 365,
};
const DAY = 86_400_000;

/** The windows of bars the chart loads: [from, to), the latest first, then earlier ones. */
export interface BarsWindow {
  from: string;
  to?: string;
}

/** The latest window: from WINDOW_DAYS before the last stored bar (null when nothing is stored). */
export function latestWindow(intervals: BarIntervals | undefined, interval: Interval): BarsWindow | null {
  if (!intervals?.stored.length) return null;
  const last = Math.max(...intervals.stored.map((s) => Date.parse(s.last)));
  // From a UTC midnight: whole sessions in every zone east of the Americas' evening, and the same
  // URL (so the same cached answer) however late in the day the last bar is.
  const from = Math.floor((last - WINDOW_DAYS[interval] * DAY) / DAY) * DAY;
  return { from: new Date(from).toISOString() };
}

/** The window before `w`, or undefined once `w` starts at or before the first stored bar. */
export function earlierWindow(
  intervals: BarIntervals | undefined,
  interval: Interval,
  w: BarsWindow,
): BarsWindow | undefined {
  if (!intervals?.stored.length) return undefined;
  const first = Math.min(...intervals.stored.map((s) => Date.parse(s.first)));
  const from = Date.parse(w.from);
  if (from <= first) return undefined;
  return { from: new Date(from - WINDOW_DAYS[interval] * DAY).toISOString(), to: w.from };
}
