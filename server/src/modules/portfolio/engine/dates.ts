// Calendar dates as whole days since 1970-01-01 (UTC), so the daily loops compare integers.
import type { IsoDate } from "./types.ts";

const MS_PER_DAY = 86_400_000;

export function dayNumber(date: IsoDate): number {
  const t = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  if (!Number.isFinite(t) || date.length !== 10) throw new RangeError(`not a date: ${date}`);
  return t / MS_PER_DAY;
}

export function isoDate(day: number): IsoDate {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The same calendar date `years` earlier or later; 29 February falls back to the 28th. */
export function addYears(date: IsoDate, years: number): IsoDate {
  const y = Number(date.slice(0, 4)) + years;
  const md = date.slice(5);
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return `${String(y).padStart(4, "0")}-${md === "02-29" && !leap ? "02-28" : md}`;
}
