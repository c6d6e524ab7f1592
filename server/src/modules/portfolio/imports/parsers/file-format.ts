// A file's decimal separator for parsers whose broker writes one (`.`), but whose files users may have
// re-saved in a spreadsheet set to another locale (`;` and decimal commas): the options first, then the
// evidence of the file's own numbers, then the broker's separator.
import { type CsvRecord, normalizeHeader, parseCsvText } from "../text/csv.ts";
import { type DecimalSeparator, detectDecimal } from "../text/numbers.ts";
import type { Header } from "../text/table.ts";
import type { ParseOptions } from "./types.ts";

export function fileDecimal<K extends string>(
  header: Header<K>,
  records: readonly CsvRecord[],
  keys: readonly K[],
  options: ParseOptions,
  usual: DecimalSeparator = ".",
): DecimalSeparator {
  return options.decimal ?? detectDecimal(keys.flatMap((k) => header.values(records, k))) ?? usual;
}

/**
 * The normalised column titles of the first lines' records (the header may sit below a title or a
 * disclaimer), for detectors that must not depend on column order or delimiter.
 */
export function headerTitles(text: string, scan = 12): Array<Set<string>> {
  const { records } = parseCsvText(text.slice(0, 6000));
  return records
    .filter((r) => !r.blank)
    .slice(0, scan)
    .map((r) => new Set(r.fields.map(normalizeHeader).filter((t) => t !== "")));
}

/** True when one of the header candidates holds every title. */
export function hasTitles(candidates: Array<Set<string>>, ...titles: string[]): boolean {
  return candidates.some((set) => titles.every((t) => set.has(t)));
}
