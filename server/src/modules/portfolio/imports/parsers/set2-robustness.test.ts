// The contract's promises for the second set of parsers on any input: parse never throws, every data
// row is accounted for (an activity, an ignored row with its reason, or an error naming it), and
// detection answers a number between 0 and 1. Inputs: each fixture cut at random places, with random
// lines dropped or duplicated, random bytes, and the other brokers' files.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { binanceParser } from "./binance.ts";
import { coinbaseParser } from "./coinbase.ts";
import { degiroParser } from "./degiro.ts";
import { etoroParser } from "./etoro.ts";
import { fixture, sourceFromBytes } from "./fixture-source.ts";
import { freetradeParser } from "./freetrade.ts";
import { genericCsvParser } from "./generic-csv.ts";
import { revolutParser } from "./revolut.ts";
import { saxoParser } from "./saxo.ts";
import { tradeRepublicParser } from "./traderepublic.ts";
import { trading212Parser } from "./trading212.ts";
import type { BrokerParser, ParseResult } from "./types.ts";
import { xtbParser } from "./xtb.ts";

const PARSERS: BrokerParser[] = [
  trading212Parser,
  degiroParser,
  etoroParser,
  revolutParser,
  saxoParser,
  xtbParser,
  coinbaseParser,
  binanceParser,
  tradeRepublicParser,
  freetradeParser,
  genericCsvParser,
];
const BROKERS = [
  "trading212",
  "degiro",
  "etoro",
  "revolut",
  "saxo",
  "xtb",
  "coinbase",
  "binance",
  "traderepublic",
  "freetrade",
];
const FILES = BROKERS.flatMap((b) =>
  readdirSync(join(import.meta.dirname, "fixtures", b)).map((f) => `${b}/${f}`),
);

/** A small deterministic generator (the same cases on every run). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function check(p: BrokerParser, text: string): void {
  const file = sourceFromBytes("fuzz.csv", new TextEncoder().encode(text));
  const d = p.detect(file);
  expect(d).toBeGreaterThanOrEqual(0);
  expect(d).toBeLessThanOrEqual(1);
  const r = p.parse(file, { defaultCurrency: "EUR" }) as ParseResult;
  const rows = new Set<number>();
  for (const a of r.activities) rows.add(a.row);
  for (const i of [...r.ignored, ...r.errors]) if (i.row > 0) rows.add(i.row);
  // Every data row is accounted for; a file the parser cannot read at all says so on row 0.
  if (r.totalRows > 0) expect(rows.size).toBe(r.totalRows);
  else expect(r.activities).toEqual([]);
  for (const a of r.activities) {
    expect(a.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const k of ["quantity", "price", "amount", "fee", "withholdingTax", "toAmount", "ratio"] as const) {
      if (a[k] !== undefined) expect(a[k], `${k} of row ${a.row}`).toMatch(/^-?\d+(\.\d+)?$/);
    }
    for (const k of ["quantity", "price", "fee", "withholdingTax", "toAmount"] as const) {
      if (a[k] !== undefined) expect(a[k]!.startsWith("-"), `${k} of row ${a.row} is positive`).toBe(false);
    }
  }
}

describe("second-set parsers on damaged and foreign input", () => {
  it.each(PARSERS.map((p) => [p.id, p] as const))("%s never throws and accounts for every row", (_id, p) => {
    const next = rng(p.id.length * 7919);
    for (const path of FILES) {
      const text = fixture(path).text;
      check(p, text);
      const lines = text.split("\n");
      for (let k = 0; k < 2; k++) {
        check(p, text.slice(0, Math.floor(next() * text.length)));
        const mutated = lines.filter(() => next() > 0.15).flatMap((l) => (next() > 0.9 ? [l, l] : [l]));
        check(p, mutated.join("\n"));
        const noisy = [...text]
          .map((c) => (next() > 0.97 ? String.fromCharCode(32 + Math.floor(next() * 200)) : c))
          .join("");
        check(p, noisy);
      }
    }
    check(p, "");
    check(p, "\uFEFF");
    check(p, '"unterminated,\n1,2');
  });
});
