// Reading the dates brokers write into the trade date (`YYYY-MM-DD`). Times and zones are dropped: the
// date is the one the file states, as the broker's statement shows it. Forms: ISO (`2024-03-05`,
// `2024-03-05T10:00:00Z`), compact (`20240305`, IB's `20240305;103000`, OFX's `20240305103000.000[-5:EST]`),
// `05.03.2024`, `5.3.24`, slashed and dashed numeric dates whose order (day or month first) is decided
// per file from evidence (`detectDateOrder`), month names in English and German (`Mar 5, 2024`,
// `05-Mar-2024`, `5. März 2024`), and Schwab's `02/28/2022 as of 02/25/2022` (the first date counts).

export type DateOrder = "DMY" | "MDY" | "YMD";

const MONTHS: Record<string, number> = {
  jan: 1,
  january: 1,
  januar: 1,
  jaenner: 1,
  janner: 1,
  jän: 1,
  jänner: 1,
  feb: 2,
  february: 2,
  februar: 2,
  febr: 2,
  mar: 3,
  march: 3,
  mär: 3,
  märz: 3,
  maerz: 3,
  mrz: 3,
  apr: 4,
  april: 4,
  may: 5,
  mai: 5,
  jun: 6,
  june: 6,
  juni: 6,
  jul: 7,
  july: 7,
  juli: 7,
  aug: 8,
  august: 8,
  sep: 9,
  sept: 9,
  september: 9,
  oct: 10,
  october: 10,
  okt: 10,
  oktober: 10,
  nov: 11,
  november: 11,
  dec: 12,
  december: 12,
  dez: 12,
  dezember: 12,
};

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

function fullYear(y: string): number {
  const n = Number(y);
  if (y.length === 2) return n < 70 ? 2000 + n : 1900 + n;
  return n;
}

/** A valid calendar date as `YYYY-MM-DD`, or undefined. */
export function makeDate(year: number, month: number, day: number): string | undefined {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return undefined;
  if (year < 1900 || year > 2200 || month < 1 || month > 12 || day < 1) return undefined;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > days) return undefined;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** Drops an `as of …` suffix, times and zones, leaving the date part of a date-time text. */
function datePart(raw: string): string {
  let s = raw.trim().replace(/^"|"$/g, "");
  s = s.replace(/\s+as\s+of\b.*$/i, "");
  return s.trim();
}

/** The parts of a numeric date written with `/`, `-` or `.` between day, month and year (any order). */
function numericParts(s: string): [string, string, string] | undefined {
  const m = /^(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})(?=$|[\sT,;])/.exec(s);
  if (!m) return undefined;
  return [m[1]!, m[2]!, m[3]!];
}

/**
 * Reads a date. `order` settles numeric dates whose first two parts could both be months; without it,
 * such a date reads as undefined only when it really is ambiguous (`03/04/2024`), while `13/04/2024` is
 * read day-first and dotted dates (`03.04.2024`) are always day-first.
 */
export function readDate(raw: string | undefined, order?: DateOrder): string | undefined {
  if (raw === undefined) return undefined;
  const s = datePart(raw);
  if (s === "") return undefined;
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?=$|[T\s,;_])/.exec(s);
  if (m) return makeDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{4})(\d{2})(\d{2})(?=$|\D|\d{4,6}(?:$|\D))/.exec(s);
  if (m) return makeDate(Number(m[1]), Number(m[2]), Number(m[3]));
  const parts = numericParts(s);
  if (parts) {
    const [a, b, c] = parts;
    if (a.length === 4) return makeDate(Number(a), Number(b), Number(c));
    if (c.length !== 4 && c.length !== 2) return undefined;
    const year = fullYear(c);
    const first = Number(a);
    const second = Number(b);
    const dotted = s[a.length] === ".";
    let o: DateOrder | undefined = dotted ? "DMY" : order;
    if (!o || o === "YMD") {
      if (first > 12 && second <= 12) o = "DMY";
      else if (second > 12 && first <= 12) o = "MDY";
      else if (first === second) o = "DMY";
      else return undefined;
    }
    return o === "DMY" ? makeDate(year, second, first) : makeDate(year, first, second);
  }
  return readNamedMonthDate(s);
}

/** `Mar 5, 2024`, `March 5 2024`, `05-Mar-2024`, `5 Mar 2024`, `5. März 2024`, `2024-Mar-05`. */
function readNamedMonthDate(s: string): string | undefined {
  const cleaned = s
    .toLowerCase()
    .replace(/^(mon|tue|wed|thu|fri|sat|sun|mo|di|mi|do|fr|sa|so)[a-z]*[.,]?\s+/, "")
    .replace(/[,]/g, " ")
    .trim();
  let m = /^(\d{1,2})\.?[\s\-/]*([a-zäöü]+)\.?[\s\-/]*(\d{2,4})\b/.exec(cleaned);
  if (m && MONTHS[m[2]!]) return makeDate(fullYear(m[3]!), MONTHS[m[2]!]!, Number(m[1]));
  m = /^([a-zäöü]+)\.?[\s\-/]*(\d{1,2})(?:st|nd|rd|th)?[\s\-/]+(\d{4})\b/.exec(cleaned);
  if (m && MONTHS[m[1]!]) return makeDate(Number(m[3]), MONTHS[m[1]!]!, Number(m[2]));
  m = /^(\d{4})[\s\-/]*([a-zäöü]+)\.?[\s\-/]*(\d{1,2})\b/.exec(cleaned);
  if (m && MONTHS[m[2]!]) return makeDate(Number(m[1]), MONTHS[m[2]!]!, Number(m[3]));
  return undefined;
}

/**
 * Decides day-first or month-first from a file's numeric dates: a first part above 12 means day-first,
 * a second part above 12 month-first. Undefined when the file never tells (every date could be either)
 * or when it contradicts itself. ISO and compact dates say nothing and are skipped.
 */
export function detectDateOrder(samples: Iterable<string>): "DMY" | "MDY" | undefined {
  const { dmy, mdy } = dateOrderEvidence(samples);
  if (dmy > 0 && mdy > 0) return undefined;
  if (dmy > 0) return "DMY";
  if (mdy > 0) return "MDY";
  return undefined;
}

/** How many dates say day-first and how many month-first. */
export function dateOrderEvidence(samples: Iterable<string>): { dmy: number; mdy: number } {
  let dmy = 0;
  let mdy = 0;
  for (const raw of samples) {
    const s = datePart(raw);
    const parts = numericParts(s);
    if (!parts || parts[0].length === 4) continue;
    if (s[parts[0].length] === ".") {
      dmy++;
      continue;
    }
    const first = Number(parts[0]);
    const second = Number(parts[1]);
    if (first > 12 && second <= 12) dmy++;
    else if (second > 12 && first <= 12) mdy++;
  }
  return { dmy, mdy };
}

/** True when the text holds a numeric date whose day/month order matters (`03/04/2024`). */
export function isAmbiguousDate(raw: string): boolean {
  const s = datePart(raw);
  const parts = numericParts(s);
  if (!parts || parts[0].length === 4 || s[parts[0].length] === ".") return false;
  const first = Number(parts[0]);
  const second = Number(parts[1]);
  return first <= 12 && second <= 12 && first !== second;
}
