// The pipeline's one seam to the broker parsers (parsers/registry.ts): decoding an upload, detecting
// its preset, finding a preset by id, and the list of presets users choose from.

import { decodeFile, detectParser, PARSERS } from "./parsers/registry.ts";

/** The generic CSV's mapping fields and the mapping its header suggests (the wizard's mapping step). */
export { MAPPING_FIELDS, suggestMapping } from "./parsers/generic-csv.ts";

import { trading212Parser } from "./parsers/trading212.ts";
import type { BrokerParser, SourceFile } from "./parsers/types.ts";

/** The registry's parsers, and any parser written but not registered there yet. */
const ALL: readonly BrokerParser[] = [
  ...PARSERS,
  ...[trading212Parser].filter((p) => !PARSERS.some((q) => q.id === p.id)),
];

/** Least detection score that counts as "this is the format". */
export const DETECT_THRESHOLD = 0.5;

/** What files of a preset look like, from its id (`ibkr-flex-xml`, `etrade-ofx`, `mt5-xlsx`…). */
function formatsOf(id: string): string[] {
  if (/ofx|qfx/.test(id)) return ["ofx", "qfx"];
  if (/xml/.test(id)) return ["xml"];
  if (/xlsx/.test(id)) return ["xlsx"];
  if (/json|ghostfolio/.test(id)) return ["json"];
  return ["csv"];
}

export const decodeUpload = (name: string, bytes: Uint8Array): SourceFile => decodeFile(name, bytes);

export function presetById(id: string): BrokerParser | undefined {
  return ALL.find((p) => p.id === id);
}

/** The generic CSV preset: any table, read through a column mapping. */
export const GENERIC_CSV = "generic-csv";

/**
 * The most likely parser for the file, or null when none is sure enough. `generic` answers the
 * generic CSV's own score (it never beats a broker's parser, and is taken only when it looks like a
 * table of transactions or a saved mapping fits the header).
 */
export function detectPreset(
  file: SourceFile,
): { parser: BrokerParser; score: number; generic: number } | null {
  const found = detectParser(file, ALL);
  const generic = found.find((d) => d.id === GENERIC_CSV)?.confidence ?? 0;
  const best = found.find((d) => d.id !== GENERIC_CSV);
  if (!best || best.confidence < DETECT_THRESHOLD) {
    const g = presetById(GENERIC_CSV);
    return g && generic > 0 ? { parser: g, score: generic, generic } : null;
  }
  return { parser: presetById(best.id) as BrokerParser, score: best.confidence, generic };
}

export function presetList(): { id: string; label: string; formats: string[] }[] {
  return ALL.map((p) => ({ id: p.id, label: p.label, formats: formatsOf(p.id) }));
}
