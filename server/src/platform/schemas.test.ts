import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  checkText,
  DATE_MAX,
  DATE_MIN,
  dateOrDateTime,
  isIsoDate,
  isoDate,
  isoDateTime,
  textProblem,
  uniqueBy,
} from "./schemas.ts";

const DAY = 86_400_000;

describe("isoDate", () => {
  it("accepts exactly the calendar's days from 1800-01-01 to 2200-12-31, checked against Date for every day", () => {
    // Every day from a week before the range to a week after it, as JavaScript's calendar has them.
    const first = Date.UTC(1799, 11, 25);
    const last = Date.UTC(2201, 0, 7);
    let accepted = 0;
    for (let t = first; t <= last; t += DAY) {
      const day = new Date(t).toISOString().slice(0, 10);
      const inRange = day >= DATE_MIN && day <= DATE_MAX;
      if (isIsoDate(day) !== inRange)
        throw new Error(`${day}: accepted ${isIsoDate(day)}, in range ${inRange}`);
      if (inRange) accepted++;
    }
    // 401 years, of which 97 leap years (1804…2196 by fours, without 1900 and 2100; with 2000).
    expect(accepted).toBe(401 * 365 + 97);
  });

  it("refuses days that do not exist, and every other shape", () => {
    for (const bad of [
      "2024-02-30",
      "2024-13-45",
      "2023-02-29",
      "1800-02-29",
      "1900-02-29",
      "1799-12-31",
      "2100-02-29",
      "2200-02-29",
      "2024-04-31",
      "2024-00-10",
      "2024-01-00",
      "0020-02-29",
      "0000-01-01",
      "9999-12-31",
      "275760-09-13",
      "+275760-09-13",
      "-271821-04-20",
      "2024-1-05",
      "2024-01-05 ",
      "2024-01-05T00:00:00Z",
      "２０２４-01-05", // full-width digits
      "٢٠٢٤-01-05", // Arabic-Indic digits: a regex engine whose \d takes them would accept this
    ])
      expect(isoDate().safeParse(bad).success, bad).toBe(false);
    for (const good of ["2000-02-29", "2024-02-29", "1804-02-29", "2196-02-29", "1800-01-01", "2200-12-31"])
      expect(isoDate().safeParse(good).success, good).toBe(true);
  });

  it("says what it takes, and the OpenAPI pattern is the same rule", () => {
    const r = isoDate().safeParse("2024-13-45");
    expect(r.error?.issues[0]?.message).toBe(
      "expected a calendar date YYYY-MM-DD from 1800-01-01 to 2200-12-31",
    );
    const json = z.toJSONSchema(isoDate()) as { pattern: string; description: string };
    expect(new RegExp(json.pattern).test("2024-02-29")).toBe(true);
    expect(new RegExp(json.pattern).test("2023-02-29")).toBe(false);
    expect(json.pattern).not.toContain("\\d");
    expect(json.description).toContain("1800-01-01 to 2200-12-31");
  });
});

describe("isoDateTime and dateOrDateTime", () => {
  it("take an instant with Z or an offset, within the date range, and nothing JavaScript would misread", () => {
    const good = [
      "2024-01-02T03:04Z",
      "2024-01-02T03:04:05Z",
      "2024-01-02T03:04:05.123Z",
      "2024-01-02T03:04:05.123456789+09:00",
      "1800-01-01T00:00:00-14:00",
      "2200-12-31T23:59:59.999+14:00",
    ];
    for (const s of good) {
      expect(isoDateTime().safeParse(s).success, s).toBe(true);
      expect(dateOrDateTime().safeParse(s).success, s).toBe(true);
      expect(Number.isNaN(Date.parse(s)), s).toBe(false);
    }
    for (const bad of [
      "2024-01-02T03:04:05", // no offset: JavaScript would read server-local time
      "2024-01-02 03:04:05Z",
      "2024-01-02T24:00:00Z",
      "2024-01-02T23:60:00Z",
      "2024-01-02T23:59:60Z",
      "2024-01-02T00:00:00+24:00",
      "2024-02-30T00:00:00Z",
      "0020-02-29T00:00:00Z",
      "+275760-09-13T00:00:00.000Z",
      "-271821-04-20T00:00:00.000Z",
      "2024-01-02T00:00:00.1234567890Z",
      "yesterday",
    ]) {
      expect(isoDateTime().safeParse(bad).success, bad).toBe(false);
      expect(dateOrDateTime().safeParse(bad).success, bad).toBe(false);
    }
    expect(isoDateTime().safeParse("2024-01-02").success).toBe(false);
    expect(dateOrDateTime().safeParse("2024-01-02").success).toBe(true);
  });
});

describe("text", () => {
  it("refuses NUL and unpaired surrogates, and nothing else", () => {
    expect(textProblem("a\u0000b")).toBe("must not contain NUL (U+0000)");
    for (const s of ["\ud800", "a\udfffb", "\udc00\ud800", "x\ud83d"])
      expect(textProblem(s), JSON.stringify(s)).toMatch(/unpaired UTF-16 surrogate/);
    for (const s of ["", "plain", "tab\tnew\nline", "삼성전자", "👩‍👩‍👧‍👦", "\u202e", "%00", "\\u0000"])
      expect(textProblem(s), JSON.stringify(s)).toBeNull();
  });

  it("checkText finds every bad string and key at any depth, by path", () => {
    const r = z
      .unknown()
      .superRefine((v, ctx) => checkText(v, ctx))
      .safeParse({ ok: "x", list: ["y", "a\u0000"], deep: { "k\ud800": 1, n: [{ s: "\udc00" }] } });
    expect(r.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["list.1", "must not contain NUL (U+0000)"],
      ["deep.k\ud800", "key must not contain an unpaired UTF-16 surrogate (not valid Unicode)"],
      ["deep.n.0.s", "must not contain an unpaired UTF-16 surrogate (not valid Unicode)"],
    ]);
  });
});

describe("uniqueBy", () => {
  it("names each repeated key with both positions, and skips items without a key", () => {
    const batch = z.array(z.unknown()).superRefine(uniqueBy((x) => (x as { d: string }).d.trim(), "d"));
    const r = batch.safeParse([{ d: "a" }, { d: "b" }, null, { d: "a " }, { d: "b" }]);
    expect(r.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["3.d", "a is listed twice (items 0 and 3)"],
      ["4.d", "b is listed twice (items 1 and 4)"],
    ]);
    expect(batch.safeParse([{ d: "a" }, { d: "b" }]).success).toBe(true);
  });
});
