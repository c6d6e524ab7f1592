// A small CSV reader written for broker files rather than a library: we need, per record, the physical
// line it starts on (issues name the line a user sees in a text editor), records that span several lines
// (quoted newlines), and a reader that never throws on malformed input (a stray quote, an unterminated
// field) but says so on the record. csv-parse and papaparse either throw or drop line numbers across
// multi-line records in their lenient modes, and the format is small enough to read correctly by hand.

export type Delimiter = "," | ";" | "\t" | "|";
export const DELIMITERS: readonly Delimiter[] = [",", ";", "\t", "|"];

export interface CsvRecord {
  /** 1-based physical line the record starts on. */
  row: number;
  /** 1-based physical line the record ends on (greater than `row` when a quoted field holds newlines). */
  endRow: number;
  fields: string[];
  /** The record's line holds nothing (or only whitespace). */
  blank: boolean;
  /** A quoted field was still open at the end of the file. */
  unterminated?: boolean;
}

/**
 * Splits text into records. Every physical line belongs to exactly one record: the records' `row…endRow`
 * ranges cover 1…(number of lines) without gaps or overlaps. A trailing line break does not open a last
 * empty record. Quotes follow RFC 4180 (`""` inside a quoted field is a quote); a quote inside an
 * unquoted field is kept as text, and text after a closing quote is appended to the field.
 */
export function readCsv(text: string, delimiter: Delimiter = ","): CsvRecord[] {
  const records: CsvRecord[] = [];
  const n = text.length;
  let i = 0;
  let line = 1;
  if (n === 0) return records;
  while (i < n) {
    const start = line;
    const fields: string[] = [];
    let field = "";
    let quoted = false;
    let fieldStarted = false;
    let unterminated = false;
    let endOfRecord = false;
    while (i < n && !endOfRecord) {
      const c = text[i]!;
      if (quoted) {
        // Copy the run up to the next quote or line break in one slice.
        let j = i;
        while (j < n) {
          const cj = text.charCodeAt(j);
          if (cj === 34 || cj === 10 || cj === 13) break;
          j++;
        }
        if (j > i) {
          field += text.slice(i, j);
          i = j;
          if (i >= n) unterminated = true;
          continue;
        }
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
          } else {
            quoted = false;
            i++;
          }
        } else {
          if (c === "\r" || c === "\n") {
            if (c === "\r" && text[i + 1] === "\n") i++;
            field += "\n";
            // A line break that ends the file opens no new line (as countLines says).
            if (i + 1 < n) line++;
          } else field += c;
          i++;
          if (i >= n) unterminated = true;
        }
        continue;
      }
      if (c === delimiter) {
        fields.push(field);
        field = "";
        fieldStarted = false;
        i++;
      } else if (c === "\r" || c === "\n") {
        i += c === "\r" && text[i + 1] === "\n" ? 2 : 1;
        endOfRecord = true;
      } else if (c === '"' && (!fieldStarted || field.trim() === "")) {
        // An opening quote (leading spaces before it, as some exports write `a, "b"`, are dropped).
        field = "";
        quoted = true;
        fieldStarted = true;
        i++;
        if (i >= n) unterminated = true;
      } else {
        // An unquoted run: up to the next delimiter or line break (a quote inside it is text).
        let j = i + 1;
        let blank = c.trim() === "" && field.trim() === "";
        while (j < n) {
          const cj = text[j]!;
          if (cj === delimiter || cj === "\n" || cj === "\r") break;
          // Spaces and then a quote: the quote opens the field (`a, "b"`), handled by the loop above.
          if (cj === '"' && blank) break;
          if (blank && cj.trim() !== "") blank = false;
          j++;
        }
        field += text.slice(i, j);
        fieldStarted = true;
        i = j;
      }
    }
    fields.push(field);
    const record: CsvRecord = {
      row: start,
      endRow: line,
      fields,
      blank: fields.length === 1 && fields[0]!.trim() === "",
    };
    if (unterminated || quoted) record.unterminated = true;
    records.push(record);
    if (endOfRecord) line++;
  }
  return records;
}

/** Counts physical lines the way `readCsv` numbers them (a trailing line break opens no new line). */
export function countLines(text: string): number {
  if (text.length === 0) return 0;
  let lines = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "\n" || (c === "\r" && text[i + 1] !== "\n")) lines++;
  }
  const last = text[text.length - 1];
  if (last === "\n" || last === "\r") lines--;
  return lines;
}

/**
 * Picks the delimiter from the first lines: the candidate whose most common field count (above one) is
 * shared by the most records, ties going to the one that also splits the first line that way (the
 * header). Comma when nothing splits (a one-column file).
 */
export function detectDelimiter(text: string, sampleLines = 60): Delimiter {
  const sample = takeLines(text, sampleLines);
  let best: Delimiter = ",";
  let bestScore = 0;
  for (const d of DELIMITERS) {
    const records = readCsv(sample, d).filter((r) => !r.blank);
    if (records.length === 0) continue;
    const counts = new Map<number, number>();
    for (const r of records) counts.set(r.fields.length, (counts.get(r.fields.length) ?? 0) + 1);
    let mode = 1;
    let modeCount = 0;
    for (const [k, v] of counts) {
      if (k > 1 && (v > modeCount || (v === modeCount && k > mode))) {
        mode = k;
        modeCount = v;
      }
    }
    if (mode <= 1) continue;
    const headerAgrees = records[0]!.fields.length === mode ? 0.5 : 0;
    const score = modeCount + headerAgrees;
    if (score > bestScore) {
      bestScore = score;
      best = d;
    }
  }
  return best;
}

function takeLines(text: string, count: number): string {
  let seen = 0;
  let inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') inQuotes = !inQuotes;
    else if (c === "\n" && !inQuotes) {
      seen++;
      if (seen >= count) return text.slice(0, i);
    }
  }
  return text;
}

/** Reads a whole file: the delimiter detected (or given) and the records. */
export function parseCsvText(
  text: string,
  delimiter?: Delimiter,
): { delimiter: Delimiter; records: CsvRecord[] } {
  const d = delimiter ?? detectDelimiter(text);
  return { delimiter: d, records: readCsv(text, d) };
}

/** Normalises a column title for matching: case, accents, BOM, punctuation and spacing do not count. */
export function normalizeHeader(title: string): string {
  return title
    .replace(/^\uFEFF/, "")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}
