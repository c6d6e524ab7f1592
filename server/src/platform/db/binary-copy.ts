// Rows in PostgreSQL's binary COPY format, for bulk loads where the server's text parsing (numbers,
// and timestamps above all) would cost more than the encoding here: a value the importer has already
// parsed to validate it goes over the wire as the bytes the server stores.
// Format: https://www.postgresql.org/docs/current/sql-copy.html#id-1.9.3.55.9.4 — a header, tuples
// (int16 field count; per field int32 length, -1 for null, then the value), a trailer (int16 -1).
// `BinaryRows` writes tuples only; the connection frames each COPY with header and trailer
// (`connectionOf(db).copyBinary`), so a chunk taken at any row boundary can start a COPY of its own.

/** `PGCOPY\n\377\r\n\0`, flags 0, header extension length 0. */
export const BINARY_COPY_HEADER = Uint8Array.from([
  0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00, 0, 0, 0, 0, 0, 0, 0, 0,
]);
/** The field count -1 that ends the data. */
export const BINARY_COPY_TRAILER = Uint8Array.from([0xff, 0xff]);

/** Milliseconds from the Unix epoch to PostgreSQL's (2000-01-01 UTC). */
const PG_EPOCH_MS = 946_684_800_000;
const TWO_32 = 2 ** 32;
const encoder = new TextEncoder();

/** The 16 bytes of a UUID in its text form (hyphens optional). */
export function uuidBytes(id: string): Uint8Array {
  const hex = id.replaceAll("-", "");
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new Error(`binary copy: "${id}" is not a UUID`);
  return Uint8Array.from({ length: 16 }, (_, i) => Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16));
}

/** A growing buffer of binary COPY tuples. Call `row(n)`, then exactly n field writes. */
export class BinaryRows {
  #buf = new Uint8Array(1 << 20);
  #view = new DataView(this.#buf.buffer);
  #len = 0;
  rows = 0;

  /** Bytes written and not yet taken. */
  get length(): number {
    return this.#len;
  }

  #ensure(n: number): void {
    if (this.#len + n <= this.#buf.length) return;
    let size = this.#buf.length * 2;
    while (size < this.#len + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.#buf.subarray(0, this.#len));
    this.#buf = next;
    this.#view = new DataView(next.buffer);
  }

  row(fields: number): void {
    this.#ensure(2);
    this.#view.setInt16(this.#len, fields);
    this.#len += 2;
    this.rows++;
  }

  null(): void {
    this.#ensure(4);
    this.#view.setInt32(this.#len, -1);
    this.#len += 4;
  }

  /** A value already in the server's binary form (e.g. `uuidBytes`, or `textBytes` for text). */
  bytes(value: Uint8Array): void {
    this.#ensure(4 + value.length);
    this.#view.setInt32(this.#len, value.length);
    this.#buf.set(value, this.#len + 4);
    this.#len += 4 + value.length;
  }

  float8(value: number): void {
    this.#ensure(12);
    this.#view.setInt32(this.#len, 8);
    this.#view.setFloat64(this.#len + 4, value);
    this.#len += 12;
  }

  /**
   * A timestamptz from epoch milliseconds: int64 microseconds since 2000-01-01 UTC. Exact for any
   * integral millisecond within ±285,000 years, since the microseconds stay below 2^53.
   */
  timestamptz(epochMs: number): void {
    this.#ensure(12);
    const micros = (epochMs - PG_EPOCH_MS) * 1000;
    const hi = Math.floor(micros / TWO_32);
    this.#view.setInt32(this.#len, 8);
    this.#view.setInt32(this.#len + 4, hi);
    this.#view.setUint32(this.#len + 8, micros - hi * TWO_32);
    this.#len += 12;
  }

  /** The tuples written since the last take (a copy), and an empty buffer. */
  take(): Uint8Array {
    const out = this.#buf.slice(0, this.#len);
    this.#len = 0;
    return out;
  }
}

/** Text in the binary form of `text`/`varchar` (UTF-8 bytes), to write with `BinaryRows.bytes`. */
export const textBytes = (s: string): Uint8Array => encoder.encode(s);
