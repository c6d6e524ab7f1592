// A file's decimal separator for parsers whose broker writes one (`.`), but whose files users may have
// re-saved in a spreadsheet set to another locale (`;` and decimal commas): the options first, then the
// evidence of the file's own numbers, then the broker's separator.
import type { CsvRecord } from "../text/csv.ts";
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
