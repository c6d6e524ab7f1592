// Test support: a fixture file read as an upload would be (bytes decoded once), and tallies of a
// parse result that tests compare with the fixtures' README counts.
import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { decodeText } from "../text/decode.ts";
import type { ParseResult, SourceFile } from "./types.ts";

const FIXTURES = join(import.meta.dirname, "fixtures");

/** Bytes as an uploaded file: decoded exactly as the import service decodes uploads. */
export function sourceFromBytes(name: string, bytes: Uint8Array): SourceFile {
  const { text, encoding } = decodeText(bytes);
  return { name, bytes, text, encoding };
}

/** A fixture (`degiro/single_buy_euro.csv`) as an uploaded file. */
export function fixture(path: string): SourceFile {
  return sourceFromBytes(basename(path), new Uint8Array(readFileSync(join(FIXTURES, path))));
}

/** Activities counted by type: `{ buy: 3, dividend: 2 }`. */
export function countTypes(result: ParseResult): Record<string, number> {
  const out: Record<string, number> = {};
  for (const a of result.activities) out[a.type] = (out[a.type] ?? 0) + 1;
  return out;
}

/** Ignored rows counted by code. */
export function countIgnored(result: ParseResult): Record<string, number> {
  const out: Record<string, number> = {};
  for (const i of result.ignored) out[i.code] = (out[i.code] ?? 0) + 1;
  return out;
}

/** Every data row is accounted for exactly: activity rows, ignored rows and error rows cover totalRows. */
export function accountedRows(result: ParseResult): number {
  const rows = new Set<number>();
  for (const a of result.activities) rows.add(a.row);
  for (const i of result.ignored) rows.add(i.row);
  for (const e of result.errors) rows.add(e.row);
  return rows.size;
}

/** UTF-16LE bytes with a BOM, as Excel's "Unicode text" writes. */
export function utf16le(text: string): Uint8Array {
  const out = new Uint8Array(2 + text.length * 2);
  out[0] = 0xff;
  out[1] = 0xfe;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[2 + i * 2] = c & 0xff;
    out[3 + i * 2] = c >> 8;
  }
  return out;
}

const CP1252_EXTRA: Record<string, number> = {
  "€": 0x80,
  "‚": 0x82,
  "„": 0x84,
  "…": 0x85,
  "‘": 0x91,
  "’": 0x92,
  "“": 0x93,
  "”": 0x94,
  "–": 0x96,
  "—": 0x97,
};

/** Windows-1252 bytes (Latin-1 plus the euro sign and typographic quotes); throws on other characters. */
export function windows1252(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const code = CP1252_EXTRA[ch] ?? ch.charCodeAt(0);
    if (code > 0xff) throw new Error(`"${ch}" has no Windows-1252 byte`);
    out[i] = code;
  }
  return out;
}
