// The shared text utilities: examples for each form brokers write, and properties over random input.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  countLines,
  decodeText,
  detectDateOrder,
  detectDecimal,
  detectDelimiter,
  readCsv,
  readDate,
  readNumber,
} from "./index.ts";

const ok = (raw: string, decimal?: "." | ",") => {
  const r = readNumber(raw, decimal);
  return r.ok ? r.value : `!${r.reason}`;
};

describe("readNumber", () => {
  it.each([
    ["1.234,56", undefined, "1234.56"],
    ["1,234.56", undefined, "1234.56"],
    ["1 234,56", ",", "1234.56"],
    ["1\u00A0234,56", undefined, "1234.56"],
    ["1\u202F234,56 €", undefined, "1234.56"],
    ["(123.45)", undefined, "-123.45"],
    ["123.45-", undefined, "-123.45"],
    ["-$1,259.59", undefined, "-1259.59"],
    ["$-1,259.59", undefined, "-1259.59"],
    ["($1,259.59)", undefined, "-1259.59"],
    ["-2.637591265E-4", undefined, "-0.0002637591265"],
    ["1,5E3", ",", "1500"],
    ["12,30 EUR", undefined, "12.3"],
    ["USD 1,234", ".", "1234"],
    ["CHF 1'234.50", undefined, "1234.5"],
    ["1’234.50", undefined, "1234.5"],
    ["\u22121 234,5", ",", "-1234.5"],
    ["12,34,567.89", undefined, "1234567.89"],
    ["+0000000000100.00000", undefined, "100"],
    ["-0.00", undefined, "0"],
    [".5", undefined, "0.5"],
    ["1.234.567", undefined, "1234567"],
  ])("%s (decimal %s) → %s", (raw, decimal, expected) => {
    expect(ok(raw, decimal as "." | "," | undefined)).toBe(expected);
  });

  it("refuses what is not a number, and what it cannot tell", () => {
    expect(ok("abc")).toBe("!invalid");
    expect(ok("")).toBe("!empty");
    expect(ok("1,234")).toBe("!ambiguous");
    expect(ok("1,5", ".")).toBe("!invalid");
    expect(ok("1.2.3,4,5")).toBe("!invalid");
    expect(ok("12-34")).toBe("!invalid");
  });

  it("decides a file's separator from evidence, and not when the file contradicts itself", () => {
    expect(detectDecimal(["1,234", "1,5"])).toBe(",");
    expect(detectDecimal(["1,234", "2.50"])).toBe(".");
    expect(detectDecimal(["1,234", "5,678"])).toBeUndefined();
    expect(detectDecimal(["1,5", "2.5"])).toBeUndefined();
    expect(detectDecimal(["12", "7"])).toBe(".");
  });

  const LOCALES = [
    "en-US",
    "de-DE",
    "fr-FR",
    "de-CH",
    "en-IN",
    "es-ES",
    "it-IT",
    "nl-NL",
    "pt-BR",
    "sv-SE",
    "pl-PL",
    "ja-JP",
    "ko-KR",
    "en-GB",
  ];

  it("reads back any amount as every locale formats it, told the locale's decimal separator", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -999_999_999_99, max: 999_999_999_99 }),
        fc.constantFrom(...LOCALES),
        fc.boolean(),
        (cents, locale, asCurrency) => {
          const fmt = new Intl.NumberFormat(
            locale,
            asCurrency
              ? { style: "currency", currency: "EUR" }
              : { minimumFractionDigits: 2, maximumFractionDigits: 2 },
          );
          const text = fmt.format(cents / 100);
          const decimal = new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === "decimal")!
            .value as "." | ",";
          const r = readNumber(text, decimal);
          const expected =
            (cents / 100)
              .toFixed(2)
              .replace(/\.?0+$/, "")
              .replace(/^-0$/, "0") || "0";
          expect(r, `${locale}: ${JSON.stringify(text)}`).toEqual({
            ok: true,
            value: expected === "-0" ? "0" : expected,
          });
        },
      ),
      { numRuns: 400 },
    );
  });

  it("reads scientific notation as written by any float", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e20, max: 1e20 }), (x) => {
        const text = x.toExponential();
        const r = readNumber(text, ".");
        expect(r.ok).toBe(true);
        if (r.ok) expect(Number(r.value)).toBe(Number(text));
      }),
      { numRuns: 200 },
    );
  });
});

describe("readDate", () => {
  it.each([
    ["2024-03-05", undefined, "2024-03-05"],
    ["2024-03-05T23:30:00-05:00", undefined, "2024-03-05"],
    ["2021-01-11, 06:57:37", undefined, "2021-01-11"],
    ["20240305", undefined, "2024-03-05"],
    ["20240305;103000", undefined, "2024-03-05"],
    ["20240305103000.000[-5:EST]", undefined, "2024-03-05"],
    ["2022.10.28 12:48:49", undefined, "2022-10-28"],
    ["05.03.2024", "MDY", "2024-03-05"],
    ["5.3.24", undefined, "2024-03-05"],
    ["03/04/2024", "MDY", "2024-03-04"],
    ["03/04/2024", "DMY", "2024-04-03"],
    ["13/04/2024", undefined, "2024-04-13"],
    ["04/13/2024 10:15 AM", undefined, "2024-04-13"],
    ["Mar 5, 2024", undefined, "2024-03-05"],
    ["March 5th 2024", undefined, "2024-03-05"],
    ["05-Mar-2024", undefined, "2024-03-05"],
    ["5. März 2024", undefined, "2024-03-05"],
    ["1. Okt. 2023", undefined, "2023-10-01"],
    ["Di, 3. Dezember 2024", undefined, "2024-12-03"],
    ["02/28/2022 as of 02/25/2022", undefined, "2022-02-28"],
  ])("%s (%s) → %s", (raw, order, expected) => {
    expect(readDate(raw, order as "DMY" | "MDY" | undefined)).toBe(expected);
  });

  it("refuses impossible and ambiguous dates", () => {
    expect(readDate("31.02.2024")).toBeUndefined();
    expect(readDate("2024-13-01")).toBeUndefined();
    expect(readDate("03/04/2024")).toBeUndefined();
    expect(readDate("yesterday")).toBeUndefined();
  });

  it("decides the order per file from evidence", () => {
    expect(detectDateOrder(["03/04/2024", "25/04/2024"])).toBe("DMY");
    expect(detectDateOrder(["03/04/2024", "04/25/2024"])).toBe("MDY");
    expect(detectDateOrder(["03/04/2024"])).toBeUndefined();
    expect(detectDateOrder(["13/04/2024", "04/25/2024"])).toBeUndefined();
  });

  it("round-trips every calendar date in every numeric form", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("1971-01-01"), max: new Date("2099-12-31"), noInvalidDate: true }),
        (d) => {
          const iso = d.toISOString().slice(0, 10);
          const [y, m, day] = iso.split("-");
          expect(readDate(iso)).toBe(iso);
          expect(readDate(`${y}${m}${day}`)).toBe(iso);
          expect(readDate(`${day}.${m}.${y}`)).toBe(iso);
          expect(readDate(`${m}/${day}/${y}`, "MDY")).toBe(iso);
          expect(readDate(`${day}/${m}/${y}`, "DMY")).toBe(iso);
          expect(
            readDate(
              `${Number(day)}-${["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][Number(m) - 1]}-${y}`,
            ),
          ).toBe(iso);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("CSV", () => {
  it("reads quoted fields with delimiters, quotes and newlines, numbering records by their first line", () => {
    const records = readCsv('a,"b,1","say ""hi"""\r\n"multi\nline",x,y\n\nlast,,', ",");
    expect(records.map((r) => [r.row, r.endRow, r.fields, r.blank])).toEqual([
      [1, 1, ["a", "b,1", 'say "hi"'], false],
      [2, 3, ["multi\nline", "x", "y"], false],
      [4, 4, [""], true],
      [5, 5, ["last", "", ""], false],
    ]);
  });

  it("opens a quote after leading spaces and keeps a quote inside a field as text", () => {
    expect(readCsv('a, "b,c",d"e"\n', ",").map((r) => r.fields)).toEqual([["a", "b,c", 'd"e"']]);
  });

  it("says when a quote never closes", () => {
    const records = readCsv('a,b\n"open,c\nd', ",");
    expect(records.at(-1)).toMatchObject({ row: 2, endRow: 3, unterminated: true });
  });

  it("detects the delimiter", () => {
    expect(detectDelimiter("Datum;Wert\n01.01.2024;1,5\n02.01.2024;2,5\n")).toBe(";");
    expect(detectDelimiter("a\tb\tc\n1\t2,5\t3\n")).toBe("\t");
    expect(detectDelimiter('"a","b"\n"1,5","2"\n')).toBe(",");
    expect(detectDelimiter("a|b|c\n1|2|3\n")).toBe("|");
  });

  it("never throws and accounts for every line, whatever the input", () => {
    const chars = fc.constantFrom("a", "1", ",", ";", "\t", "|", '"', "\n", "\r", "\r\n", " ", "é");
    fc.assert(
      fc.property(
        fc.array(chars, { maxLength: 200 }).map((a) => a.join("")),
        fc.constantFrom(",", ";", "\t", "|") as fc.Arbitrary<"," | ";" | "\t" | "|">,
        (text, d) => {
          const records = readCsv(text, d);
          const lines = countLines(text);
          let next = 1;
          for (const r of records) {
            expect(r.row).toBe(next);
            expect(r.endRow).toBeGreaterThanOrEqual(r.row);
            next = r.endRow + 1;
          }
          expect(next - 1).toBe(lines);
          expect(() => detectDelimiter(text)).not.toThrow();
        },
      ),
      { numRuns: 500 },
    );
  });

  it("round-trips any table written with RFC 4180 quoting", () => {
    const cell = fc.string({
      unit: fc.constantFrom("a", "b", " ", ",", ";", '"', "\n", "x", "1") as fc.Arbitrary<string>,
      maxLength: 8,
    });
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 6 }),
        (rows) => {
          const quote = (s: string) =>
            /[",\n;]/.test(s) || s.trim() !== s ? `"${s.replaceAll('"', '""')}"` : s;
          const text = rows.map((r) => r.map(quote).join(",")).join("\n");
          expect(readCsv(text, ",").map((r) => r.fields)).toEqual(rows);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("decodeText", () => {
  const text = "Datum;Betrag\n01.02.2024;1.234,56 €\nMüller";
  it("reads UTF-8 with and without BOM, UTF-16 LE/BE with and without BOM, and Windows-1252", () => {
    const utf8 = new TextEncoder().encode(text);
    expect(decodeText(utf8)).toEqual({ text, encoding: "utf-8" });
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]))).toEqual({ text, encoding: "utf-8" });
    const le = new Uint8Array(text.length * 2);
    const be = new Uint8Array(text.length * 2);
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      le[2 * i] = c & 0xff;
      le[2 * i + 1] = c >> 8;
      be[2 * i] = c >> 8;
      be[2 * i + 1] = c & 0xff;
    }
    expect(decodeText(le)).toEqual({ text, encoding: "utf-16le" });
    expect(decodeText(be)).toEqual({ text, encoding: "utf-16be" });
    expect(decodeText(new Uint8Array([0xff, 0xfe, ...le]))).toEqual({ text, encoding: "utf-16le" });
    expect(decodeText(new Uint8Array([0xfe, 0xff, ...be]))).toEqual({ text, encoding: "utf-16be" });
    const cp1252 = new Uint8Array([...text].map((ch) => (ch === "€" ? 0x80 : ch.charCodeAt(0))));
    expect(decodeText(cp1252)).toEqual({ text, encoding: "windows-1252" });
  });
});
