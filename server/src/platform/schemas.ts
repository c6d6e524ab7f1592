// Zod building blocks every module's contracts share: one date type and one date-or-instant type
// (real calendar days, 1800-01-01 to 2200-12-31), the text rule (no NUL, no unpaired surrogate) that
// the validator compiler applies to every string of every request (validation.ts), and the batch
// rule (no key twice). Decision 0007 says why these bounds and where each check runs.
import { z } from "zod";

/** The calendar dates Bullpen accepts anywhere: nothing before or after (decision 0007). */
export const DATE_MIN = "1800-01-01";
export const DATE_MAX = "2200-12-31";

// Month and day of any year; 02-29 comes separately, with the leap years.
const MONTH_DAY =
  "(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))";
// The leap years from 1800 to 2200: divisible by 4, except 1800, 1900, 2100 and 2200 (2000 is one).
const LEAP_YEAR = "(?:(?:1[89]|2[01])(?:0[48]|[2468][048]|[13579][26])|2000)";
/**
 * A real calendar date from 1800-01-01 to 2200-12-31, as a regular expression body without anchors.
 * Written with [0-9], not \d: the OpenAPI document carries it, and some regex engines' \d matches
 * digits of every script.
 */
export const DATE_BODY = `(?:(?:(?:1[89]|2[01])[0-9]{2}|2200)-${MONTH_DAY}|${LEAP_YEAR}-02-29)`;
/** A time of day with seconds and fraction optional, and a required offset (Z or ±HH:MM). */
const TIME_BODY =
  "T(?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:\\.[0-9]{1,9})?)?(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])";

const DATE_RE = new RegExp(`^${DATE_BODY}$`);
const DATE_TIME_RE = new RegExp(`^${DATE_BODY}${TIME_BODY}$`);
const DATE_OR_DATE_TIME_RE = new RegExp(`^${DATE_BODY}(?:${TIME_BODY})?$`);

const range = `from ${DATE_MIN} to ${DATE_MAX}`;

/** A calendar date `YYYY-MM-DD` that exists (no 2024-02-30), from 1800-01-01 to 2200-12-31. */
export const isoDate = () =>
  z
    .string()
    .regex(DATE_RE, `expected a calendar date YYYY-MM-DD ${range}`)
    .describe(`calendar date YYYY-MM-DD, ${range}`);

/** An instant: ISO 8601 date and time with Z or an offset, its date within the date range. */
export const isoDateTime = () =>
  z
    .string()
    .regex(
      DATE_TIME_RE,
      `expected an ISO 8601 timestamp YYYY-MM-DDTHH:MM[:SS[.fff]] with Z or ±HH:MM, ${range}`,
    )
    .describe(`ISO 8601 timestamp with Z or ±HH:MM, ${range}`);

/** A calendar date or an instant (what `from`, `to`, `asOf` and `knownAt` take). */
export const dateOrDateTime = () =>
  z
    .string()
    .regex(
      DATE_OR_DATE_TIME_RE,
      `expected a date YYYY-MM-DD or an ISO 8601 timestamp with Z or ±HH:MM, ${range}`,
    )
    .describe(`calendar date YYYY-MM-DD or ISO 8601 timestamp with Z or ±HH:MM, ${range}`);

/** True for a well-formed date string as `isoDate()` accepts it. */
export const isIsoDate = (s: string): boolean => DATE_RE.test(s);

/**
 * Why a string may not be stored, or null: PostgreSQL text cannot hold U+0000, and an unpaired
 * UTF-16 surrogate has no UTF-8 encoding (Node would silently store U+FFFD instead).
 */
export function textProblem(s: string): string | null {
  if (s.includes("\u0000")) return "must not contain NUL (U+0000)";
  if (!s.isWellFormed()) return "must not contain an unpaired UTF-16 surrogate (not valid Unicode)";
  return null;
}

/**
 * Adds an issue for every string and object key in `value` (any depth) that `textProblem` refuses.
 * The validator compiler runs it over params, query and body before the route's own schema. The
 * path is one stack, copied only for an issue: a 1 MiB body is walked in a few milliseconds.
 */
export function checkText(value: unknown, ctx: z.RefinementCtx, path: PropertyKey[] = []): void {
  if (typeof value === "string") {
    const problem = textProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem, path: [...path], input: value });
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const v = value[i];
      if (v === null || (typeof v !== "string" && typeof v !== "object")) continue;
      path.push(i);
      checkText(v, ctx, path);
      path.pop();
    }
  } else if (value !== null && typeof value === "object") {
    for (const k of Object.keys(value)) {
      const problem = textProblem(k);
      path.push(k);
      if (problem) ctx.addIssue({ code: "custom", message: `key ${problem}`, path: [...path] });
      const v = (value as Record<string, unknown>)[k];
      if (v !== null && (typeof v === "string" || typeof v === "object")) checkText(v, ctx, path);
      path.pop();
    }
  }
}

/**
 * Refuses a batch that lists the same key twice (a 400 naming the second one and where the first
 * is) instead of leaving it to the database, where `ON CONFLICT DO UPDATE` cannot touch one row
 * twice in one statement. `keyOf` answers the item's key as the message shows it, normalised (two
 * spellings of one instant are one key); `field` is the item's field the issue points at.
 */
export function uniqueBy<T>(keyOf: (item: T) => string, field?: string) {
  return (items: T[], ctx: z.RefinementCtx): void => {
    const seen = new Map<string, number>();
    items.forEach((item, i) => {
      // zod runs this even when an item failed its own schema: such an item has no key to compare.
      let key: string;
      try {
        key = keyOf(item);
      } catch {
        return;
      }
      const first = seen.get(key);
      if (first === undefined) seen.set(key, i);
      else
        ctx.addIssue({
          code: "custom",
          message: `${key} is listed twice (items ${first} and ${i})`,
          path: field === undefined ? [i] : [i, field],
          input: item,
        });
    });
  };
}
