// What the parser tests share: loading a fixture the way an upload arrives, checking detection ranks the
// expected parser first, and counting activities and ignored rows by kind.
import { readFileSync } from "node:fs";
import { expect } from "vitest";
import { decodeFile, detectParser, parserById } from "./registry.ts";
import type { ParseOptions, ParseResult, SourceFile } from "./types.ts";

export function fixture(path: string): SourceFile {
  return decodeFile(
    path.split("/").pop()!,
    new Uint8Array(readFileSync(new URL(`./fixtures/${path}`, import.meta.url))),
  );
}

export function fromText(name: string, text: string): SourceFile {
  return decodeFile(name, new TextEncoder().encode(text));
}

/** Parses with the parser detection ranks first, after checking that it is `id`. */
export async function parseAs(file: SourceFile, id: string, options?: ParseOptions): Promise<ParseResult> {
  const ranked = detectParser(file);
  expect(ranked[0]?.id, `${file.name} detected as ${JSON.stringify(ranked)}`).toBe(id);
  if (ranked.length > 1) expect(ranked[0]!.confidence).toBeGreaterThan(ranked[1]!.confidence);
  return parserById(id)!.parse(file, options);
}

export function countBy<T>(items: readonly T[], key: (t: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const i of items) out[key(i)] = (out[key(i)] ?? 0) + 1;
  return out;
}

export const byType = (r: ParseResult) => countBy(r.activities, (a) => a.type);
export const ignoredBy = (r: ParseResult) => countBy(r.ignored, (i) => i.code);

/** Every data row ends as an activity, an ignored row or an error. */
export function expectAllAccounted(r: ParseResult): void {
  const rows = new Set([
    ...r.activities.map((a) => a.row),
    ...r.ignored.map((i) => i.row),
    ...r.errors.map((e) => e.row),
  ]);
  expect(rows.size).toBe(r.totalRows);
}
