// Values for the fuzz suites: the run's seed and sizes, the hostile values every field gets, valid
// values built from a field's schema (format-aware: dates, instants, UUIDs, e-mail, patterns), and
// random requests that mix the two.
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { alternatives, type Json, mainAlternative, type Schema, type Seg, typesOf } from "./openapi.ts";

// ---------------------------------------------------------------------------- seed and sizes

function envInt(name: string, fallback: number): number {
  const v = process.env[name];
  if (v === undefined || v === "") return fallback;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, not ${v}`);
  return n;
}

/** The run's seed: FUZZ_SEED to replay a run, otherwise a new one each run (printed on failure). */
export const SEED = envInt("FUZZ_SEED", Date.now() % 2_147_483_647);
/** Random requests per route and actor in the random phase (FUZZ_RUNS). */
export const RUNS = envInt("FUZZ_RUNS", 20);
/** Bad-input samples per route in the bad-input walk (FUZZ_BAD_RUNS). */
export const BAD_RUNS = envInt("FUZZ_BAD_RUNS", 25);
/** How to replay: named in every failure message. */
export const REPLAY = `FUZZ_SEED=${SEED}`;

/** A small deterministic generator (mulberry32) for choices the systematic phase makes. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ------------------------------------------------------------------------------ hostile values

/** Strings no field may store: NUL, unpaired surrogates (each way round), nothing but NUL. */
export const HOSTILE_TEXT: string[] = ["ab\u0000cd", "\u0000", "\ud800", "ab\udfffcd", "\udc00\ud800", "%00"];

/** Over-long strings for a field: one past its maxLength, and far past it (or 100,000 without one). */
export function overlong(s: Schema): string[] {
  const max = s.maxLength;
  const out = ["x".repeat(max === undefined ? 100_000 : Math.max(max * 50, 10_000))];
  if (max !== undefined) out.push("x".repeat(max + 1), "𝕏".repeat(max + 1)); // astral: 2 units each
  return out;
}

/**
 * Dates and instants that look right and are not: impossible calendar dates, years below 100 and
 * past 9999, JavaScript's own extremes (±8.64e15 ms), the ends of the accepted range ±1 day, a time
 * past 24:00 and an offset past ±23:59.
 */
export const HOSTILE_DATES: string[] = [
  "2024-02-30",
  "2024-13-45",
  "2023-02-29",
  "2100-02-29",
  "2024-00-10",
  "2024-04-31",
  "0000-01-01",
  "0020-02-29",
  "0099-12-31",
  "1799-12-31",
  "2201-01-01",
  "9999-12-31",
  "275760-09-13",
  "+275760-09-13",
  "-271821-04-20",
  "-000001-01-01",
  "2024-02-30T00:00:00Z",
  "0020-02-29T12:00:00Z",
  "+275760-09-13T00:00:00.000Z",
  "-271821-04-20T00:00:00.000Z",
  "2024-01-01T24:00:01Z",
  "2024-01-01T00:00:00+25:00",
  "1800-01-01T00:00:00+14:00",
  "2200-12-31T23:59:59.999-14:00",
  "1800-01-01",
  "2200-12-31",
];

/** Numbers at the edges of every integer and float type a column might have. */
export const HOSTILE_NUMBERS: number[] = [
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 53 + 2,
  -(2 ** 63),
  1e308,
  -1e308,
  5e-324,
  0.1,
  -1,
];

// --------------------------------------------------------------------------- valid values

const SAMPLE_DATE = "2024-01-02";
const SAMPLE_INSTANT = "2024-01-02T00:00:00Z";

/** What a string field stands for, from its format, its pattern and its name. */
export type StringFormat = "date" | "instant" | "dateOrInstant" | "uuid" | "email" | "uri" | "other";

export function stringFormat(s: Schema): StringFormat {
  if (s.format === "uuid") return "uuid";
  if (s.format === "email") return "email";
  if (s.format === "uri" || s.format === "url") return "uri";
  const re = s.pattern ? new RegExp(s.pattern) : null;
  const takesDate = s.format === "date" || (re?.test(SAMPLE_DATE) ?? false);
  const takesInstant = s.format === "date-time" || (re?.test(SAMPLE_INSTANT) ?? false);
  if (takesDate && takesInstant) return "dateOrInstant";
  if (takesDate) return "date";
  if (takesInstant) return "instant";
  return "other";
}

/** Fixture values the valid requests point at, so that they reach the code behind validation. */
export interface Fixtures {
  instrumentId: string;
}

function clampString(s: string, sch: Schema): string {
  let v = s;
  while (v.length < (sch.minLength ?? 0)) v += "x";
  return sch.maxLength !== undefined ? v.slice(0, sch.maxLength) : v;
}

function patternSample(pattern: string, seed: number): string | null {
  try {
    const [v] = fc.sample(fc.stringMatching(new RegExp(pattern)), { numRuns: 1, seed });
    return v ?? null;
  } catch {
    return null;
  }
}

/** A valid value for `s` (deterministic for a seed); `name` is the field's name. */
export function baseValue(s0: Schema, name: string, fx: Fixtures, seed: number): Json {
  const s = mainAlternative(s0);
  if (s.const !== undefined) return s.const;
  if (s.enum?.length) return s.enum[0] as Json;
  const types = typesOf(s);
  if (types.includes("string") || (!types.length && (s.pattern || s.format))) {
    switch (stringFormat(s)) {
      case "date":
      case "dateOrInstant":
        return SAMPLE_DATE;
      case "instant":
        return SAMPLE_INSTANT;
      case "uuid":
        return /instrument/i.test(name) ? fx.instrumentId : randomUUID();
      case "email":
        return `fz${seed}-${Math.floor(prng(seed)() * 1e9)}@example.test`;
      case "uri":
        return "https://example.test/avatar.png";
      default:
        if (s.pattern) {
          const v = patternSample(s.pattern, seed);
          if (v !== null && v.length >= (s.minLength ?? 0) && v.length <= (s.maxLength ?? Infinity)) return v;
        }
        return clampString("fuzz", s);
    }
  }
  if (types.includes("integer") || types.includes("number")) {
    const lo = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 1);
    const hi = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : lo);
    return Math.min(Math.max(1, lo), hi);
  }
  if (types.includes("boolean")) return false;
  if (types.includes("array") || s.items) {
    const n = Math.max(1, s.minItems ?? 0);
    return Array.from({ length: n }, () => baseValue(s.items ?? {}, name, fx, seed));
  }
  if (types.includes("object") || s.properties) return baseObject(s, fx, seed);
  if (types.includes("null")) return null;
  return "fuzz";
}

/**
 * An object with its required properties, each valid, and an optional one that names an instrument
 * by id (so that a batch item such as a universe member points at a stored instrument).
 */
export function baseObject(s: Schema, fx: Fixtures, seed: number): { [k: string]: Json } {
  const out: { [k: string]: Json } = {};
  for (const [k, v] of Object.entries(s.properties ?? {}))
    if (s.required?.includes(k) || (/^instrumentIds?$/.test(k) && !("instrumentId" in out)))
      out[k] = baseValue(v, k, fx, seed);
  return out;
}

/**
 * `root` with the field at `path` set to `value`, building what is missing on the way from the
 * schema (an object with its required properties, an array with one valid item).
 */
export function setAt(
  root: Json,
  schema: Schema,
  path: Seg[],
  value: Json,
  fx: Fixtures,
  seed: number,
): Json {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  const s = alternatives(schema).find((a) =>
    typeof head === "number" ? a.items !== undefined : a.properties?.[head] !== undefined,
  );
  if (!s) return root;
  if (typeof head === "number") {
    const arr = Array.isArray(root) && root.length > 0 ? [...root] : [baseValue(s.items ?? {}, "", fx, seed)];
    arr[head] = setAt(arr[head] ?? null, s.items ?? {}, rest, value, fx, seed);
    return arr;
  }
  const obj =
    root !== null && typeof root === "object" && !Array.isArray(root) ? { ...root } : baseObject(s, fx, seed);
  const child = s.properties?.[head] ?? {};
  obj[head] = setAt(
    obj[head] ?? (rest.length ? baseValue(child, head, fx, seed) : null),
    child,
    rest,
    value,
    fx,
    seed,
  );
  return obj;
}

// -------------------------------------------------------------------------- random values

const DAY = 86_400_000;
const dateIn = (min: string, max: string) =>
  fc
    .integer({ min: Date.parse(`${min}T00:00:00Z`) / DAY, max: Date.parse(`${max}T00:00:00Z`) / DAY })
    .map((d) => new Date(d * DAY));
const validDate = dateIn("1800-01-01", "2200-12-31").map((d) => d.toISOString().slice(0, 10));
const validInstant = dateIn("1800-01-02", "2200-12-30").chain((d) =>
  fc.integer({ min: 0, max: DAY - 1 }).map((ms) => new Date(d.getTime() + ms).toISOString()),
);
/** Any instant JavaScript can represent, written as toISOString writes it (±YYYYYY past 9999). */
const anyInstant = fc.date({ noInvalidDate: true }).map((d) => d.toISOString());

const hostileString = (s: Schema) =>
  fc.oneof(
    fc.constantFrom(...HOSTILE_TEXT, ...HOSTILE_DATES, ...overlong(s)),
    anyInstant,
    anyInstant.map((t) => t.slice(0, t.indexOf("T"))),
    fc.string({ unit: "binary", maxLength: 30 }), // lone surrogates and astral planes
  );

/** A valid string for the schema, from its format or pattern. */
function validString(s: Schema, name: string, fx: Fixtures): fc.Arbitrary<string> {
  switch (stringFormat(s)) {
    case "date":
      return validDate;
    case "instant":
      return validInstant;
    case "dateOrInstant":
      return fc.oneof(validDate, validInstant);
    case "uuid":
      return /instrument/i.test(name) ? fc.constant(fx.instrumentId) : fc.uuid();
    case "email":
      return fc.emailAddress().filter((e) => e.length <= (s.maxLength ?? 254));
    case "uri":
      return fc.webUrl();
    default: {
      if (s.pattern)
        try {
          return fc
            .stringMatching(new RegExp(s.pattern))
            .filter((v) => v.length >= (s.minLength ?? 0) && v.length <= (s.maxLength ?? Infinity));
        } catch {
          // a pattern fast-check cannot generate from: plain strings below
        }
      return fc.string({ minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 40, 200) });
    }
  }
}

/**
 * A random value for a field: mostly valid (so requests get past validation), sometimes hostile
 * (NUL, lone surrogates, impossible and extreme dates, edge numbers), arrays sometimes with an item
 * twice (duplicate keys in a batch).
 */
export function fieldArb(s0: Schema, name: string, fx: Fixtures, depth = 0): fc.Arbitrary<Json> {
  const s = mainAlternative(s0);
  const nullable = alternatives(s0).some((a) => typesOf(a).includes("null"));
  const types = typesOf(s);
  let valid: fc.Arbitrary<Json>;
  let hostile: fc.Arbitrary<Json> | null = null;
  if (s.const !== undefined) valid = fc.constant(s.const);
  else if (s.enum?.length) {
    valid = fc.constantFrom(...(s.enum as Json[]));
    hostile = hostileString(s);
  } else if (types.includes("string") || (!types.length && (s.pattern || s.format))) {
    valid = validString(s, name, fx);
    hostile = hostileString(s);
  } else if (types.includes("integer") || types.includes("number")) {
    const min = s.minimum ?? -1e6;
    const max = s.maximum ?? 1e6;
    valid = types.includes("integer")
      ? fc.integer({ min: Math.max(min, -(2 ** 31)), max: Math.min(max, 2 ** 31 - 1) })
      : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
    hostile = fc.constantFrom(...HOSTILE_NUMBERS);
  } else if (types.includes("boolean")) valid = fc.boolean();
  else if ((types.includes("array") || s.items) && depth < 4) {
    const item = fieldArb(s.items ?? {}, name, fx, depth + 1);
    const maxLength = Math.min(s.maxItems ?? 4, 4);
    const arr = fc.array(item, { minLength: Math.min(s.minItems ?? 0, maxLength), maxLength });
    valid = arr;
    hostile = item.map((x) => [x, x]); // the same item twice
  } else if ((types.includes("object") || s.properties) && depth < 4) {
    const props = s.properties ?? {};
    valid = fc.record(
      Object.fromEntries(Object.entries(props).map(([k, v]) => [k, fieldArb(v, k, fx, depth + 1)])),
      { requiredKeys: (s.required ?? []).filter((k) => k in props) },
    ) as fc.Arbitrary<Json>;
  } else valid = fc.constant(null);
  const options: fc.WeightedArbitrary<Json>[] = [{ arbitrary: valid, weight: 6 }];
  if (hostile) options.push({ arbitrary: hostile, weight: 2 });
  if (nullable) options.push({ arbitrary: fc.constant(null), weight: 1 });
  return fc.oneof(...options);
}

// ------------------------------------------------------------------------------------ URLs

/**
 * encodeURIComponent, except that an unpaired surrogate (which it refuses) is sent as the three
 * bytes a careless encoder writes for it (CESU-8/WTF-8, e.g. %ED%A0%80): the server must cope.
 */
export function encodeComponent(s: string): string {
  let out = "";
  for (const ch of s) {
    const cu = ch.charCodeAt(0);
    if (ch.length === 1 && cu >= 0xd800 && cu <= 0xdfff)
      out += [0xe0 | (cu >> 12), 0x80 | ((cu >> 6) & 0x3f), 0x80 | (cu & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join("");
    else out += encodeURIComponent(ch);
  }
  return out;
}

/** A query or path value as the URL carries it. */
export const urlValue = (v: Json): string =>
  typeof v === "string" ? v : v === null ? "" : typeof v === "object" ? JSON.stringify(v) : String(v);
