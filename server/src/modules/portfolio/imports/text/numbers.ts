// Reading numbers as brokers write them, into normalised decimal strings (`-1234.5`): never floats.
// Handles `1.234,56`, `1,234.56`, `1 234,56` (space, NBSP, narrow NBSP, thin space), `1'234.56` and
// `1’234.56` (Swiss), `(123.45)` and trailing-minus negatives, the Unicode minus, currency symbols and
// ISO codes on either side (`-$1,259.59`, `12,30 EUR`), and scientific notation (`-2.637591265E-4`).
// Which of `.` and `,` is the decimal separator is decided once per file from evidence
// (`detectDecimal`): `1,234` alone could be either, and guessing would silently be off by 1000.
import { Decimal } from "../../../../platform/money.ts";

export type DecimalSeparator = "." | ",";

const SPACES = /[\s\u00A0\u202F\u2009\u2007']/g;
const GROUP_APOSTROPHE = /[\u2019]/g;
const CURRENCY_SYMBOLS = /[$€£¥₩₹₽₺₪฿₫₴₦₱¢]|US\$|C\$|A\$|CHF|Fr\.|kr\.?|zł|Kč|R\$/g;
const CURRENCY_CODE = /^[A-Z]{3}(?=[\s\d(+\-\u2212.,]|$)|(?<=[\d\s)])[A-Z]{3}$/;

export type NumberReading =
  | { ok: true; value: string }
  | { ok: false; reason: "empty" | "invalid" | "ambiguous"; message: string };

interface Stripped {
  negative: boolean;
  body: string;
}

/** Removes sign markers, currency and spacing, leaving digits, `.`, `,` and an exponent. */
function strip(raw: string): Stripped | undefined {
  let s = raw.trim();
  if (s === "") return undefined;
  let negative = false;
  s = s.replace(/\u2212/g, "-");
  if (/^\(.*\)$/.test(s)) {
    negative = true;
    s = s.slice(1, -1).trim();
  }
  s = s.replace(CURRENCY_CODE, "").trim();
  s = s.replace(CURRENCY_SYMBOLS, "").trim();
  if (/^\(.*\)$/.test(s)) {
    negative = !negative;
    s = s.slice(1, -1).trim();
  }
  if (s.endsWith("-")) {
    negative = !negative;
    s = s.slice(0, -1).trim();
  } else if (s.endsWith("+")) s = s.slice(0, -1).trim();
  if (s.startsWith("-")) {
    negative = !negative;
    s = s.slice(1).trim();
  } else if (s.startsWith("+")) s = s.slice(1).trim();
  // A currency symbol may also sit between the sign and the digits (`-$5`, `$-5`).
  s = s.replace(CURRENCY_SYMBOLS, "").trim();
  if (s.startsWith("-")) {
    negative = !negative;
    s = s.slice(1);
  }
  s = s.replace(SPACES, "").replace(GROUP_APOSTROPHE, "");
  return { negative, body: s };
}

/** What a number's separators say about the decimal separator: `.`/`,`, nothing, or ambiguous. */
export function decimalEvidence(raw: string): DecimalSeparator | "none" | "ambiguous" | "invalid" {
  const st = strip(raw);
  if (!st) return "none";
  const mantissa = st.body.replace(/[eE][+-]?\d+$/, "");
  if (!/^[\d.,]*\d[\d.,]*$/.test(mantissa) && !/^[.,]\d+$/.test(mantissa)) return "invalid";
  const dots = (mantissa.match(/\./g) ?? []).length;
  const commas = (mantissa.match(/,/g) ?? []).length;
  if (dots === 0 && commas === 0) return "none";
  if (dots > 0 && commas > 0) return mantissa.lastIndexOf(".") > mantissa.lastIndexOf(",") ? "." : ",";
  const sep: DecimalSeparator = dots > 0 ? "." : ",";
  if (dots + commas > 1) return sep === "." ? "," : "."; // repeated: it groups, so the other one is decimal
  const after = mantissa.length - mantissa.indexOf(sep) - 1;
  const before = mantissa.indexOf(sep);
  if (after === 3 && before >= 1 && before <= 3 && mantissa[0] !== "0") return "ambiguous";
  return sep;
}

/**
 * Decides a file's decimal separator from sample values. Answers `undefined` when the samples
 * disagree or only ambiguous values (`1,234`) were seen: the caller must then ask (ParseOptions.decimal)
 * rather than guess. Samples without any separator say nothing; with none at all, `.` is as good as any.
 */
export function detectDecimal(samples: Iterable<string>): DecimalSeparator | undefined {
  let dot = 0;
  let comma = 0;
  let ambiguous = 0;
  for (const s of samples) {
    const e = decimalEvidence(s);
    if (e === ".") dot++;
    else if (e === ",") comma++;
    else if (e === "ambiguous") ambiguous++;
  }
  if (dot > 0 && comma > 0) return undefined;
  if (dot > 0) return ".";
  if (comma > 0) return ",";
  return ambiguous > 0 ? undefined : ".";
}

/**
 * Reads one number. With `decimal` given, the other separator is grouping (and must group whole
 * thousands: `1,5` in a dot-decimal file is an error, not 15). Without it, a number whose separators
 * cannot tell (`1,234`) is `ambiguous`.
 */
export function readNumber(raw: string | undefined, decimal?: DecimalSeparator): NumberReading {
  // Fast path: a plain dot-decimal number, as XML, JSON and most exports write them.
  if (raw !== undefined && decimal !== "," && /^-?\d{1,15}(\.\d{1,15})?$/.test(raw)) {
    const neg = raw.startsWith("-");
    const [i, f = ""] = (neg ? raw.slice(1) : raw).split(".");
    const couldGroup = f.length === 3 && i!.length <= 3 && i![0] !== "0";
    if (decimal === "." || !couldGroup) {
      const int = i!.replace(/^0+(?=\d)/, "");
      const frac = f.replace(/0+$/, "");
      const body = frac ? `${int}.${frac}` : int;
      return { ok: true, value: neg && body !== "0" ? `-${body}` : body };
    }
  }
  const st = strip(raw ?? "");
  if (!st || st.body === "" || st.body === "-") {
    return { ok: false, reason: "empty", message: "The number is empty." };
  }
  let body = st.body;
  let exponent = "";
  const exp = /[eE]([+-]?\d+)$/.exec(body);
  if (exp) {
    exponent = `e${exp[1]}`;
    body = body.slice(0, exp.index);
  }
  let sep = decimal;
  if (!sep) {
    const e = decimalEvidence(raw ?? "");
    if (e === "ambiguous") {
      return {
        ok: false,
        reason: "ambiguous",
        message: `"${raw}" could use either "." or "," as the decimal separator; say which the file uses.`,
      };
    }
    sep = e === "," ? "," : ".";
  }
  const group = sep === "." ? "," : ".";
  if (!/^[\d.,]+$/.test(body)) {
    return { ok: false, reason: "invalid", message: `"${raw}" is not a number.` };
  }
  const decimalAt = body.lastIndexOf(sep);
  const intPart = decimalAt >= 0 ? body.slice(0, decimalAt) : body;
  const fracPart = decimalAt >= 0 ? body.slice(decimalAt + 1) : "";
  if (intPart.includes(sep) || fracPart.includes(group) || fracPart.includes(sep)) {
    return { ok: false, reason: "invalid", message: `"${raw}" is not a number.` };
  }
  const groups = intPart.split(group);
  if (groups.length > 1) {
    // Grouping: the last group has three digits; the others two or three (Indian lakh grouping).
    const ok =
      groups[0]!.length >= 1 &&
      groups[0]!.length <= 3 &&
      groups.slice(1, -1).every((g) => g.length === 2 || g.length === 3) &&
      groups[groups.length - 1]!.length === 3;
    if (!ok) {
      return {
        ok: false,
        reason: "invalid",
        message: `"${raw}" is not a number with "${sep}" as the decimal separator.`,
      };
    }
  }
  const digits = groups.join("");
  if (!/^\d*$/.test(digits) || !/^\d*$/.test(fracPart) || (digits === "" && fracPart === "")) {
    return { ok: false, reason: "invalid", message: `"${raw}" is not a number.` };
  }
  if (!exponent) {
    // The common case, without Decimal: drop leading zeros and trailing fractional zeros.
    const int = digits.replace(/^0+(?=\d)/, "") || "0";
    const frac = fracPart.replace(/0+$/, "");
    const body = frac ? `${int}.${frac}` : int;
    return { ok: true, value: st.negative && body !== "0" ? `-${body}` : body };
  }
  const plain = `${st.negative ? "-" : ""}${digits || "0"}${fracPart ? `.${fracPart}` : ""}${exponent}`;
  let value: string;
  try {
    value = new Decimal(plain).toString();
  } catch {
    return { ok: false, reason: "invalid", message: `"${raw}" is not a number.` };
  }
  if (value === "-0") value = "0";
  return { ok: true, value };
}

/** A normalised decimal string's absolute value. */
export function abs(value: string): string {
  return value.startsWith("-") ? value.slice(1) : value;
}

/** A normalised decimal string negated. */
export function negate(value: string): string {
  if (value === "0") return value;
  return value.startsWith("-") ? value.slice(1) : `-${value}`;
}

/** True when the normalised decimal string is below zero. */
export function isNegative(value: string): boolean {
  return value.startsWith("-") && value !== "-0";
}

/** True when the normalised decimal string is zero. */
export function isZero(value: string): boolean {
  return new Decimal(value).isZero();
}

/** Exact arithmetic on normalised strings, for parsers that derive a price or an amount. */
export function mul(a: string, b: string): string {
  return new Decimal(a).mul(b).toString();
}
export function div(a: string, b: string, places = 10): string {
  return new Decimal(a).div(b).toDecimalPlaces(places).toString();
}
export function add(a: string, b: string): string {
  return new Decimal(a).add(b).toString();
}
export function sub(a: string, b: string): string {
  return new Decimal(a).sub(b).toString();
}
