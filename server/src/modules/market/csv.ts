// Streaming parser and validator for OHLCV CSV. It never throws on bad input: each bad row becomes
// a row-numbered error, and each good row becomes a binary COPY tuple for market.bars (rows that
// extend the stored series in order) or one line of COPY text for staging (the rest).
import { zoneOffsetGetter } from "@bullpen/markets-time";
import { BinaryRows, textBytes, uuidBytes } from "../../platform/db/binary-copy.ts";
import type { INTERVALS } from "./schema.ts";

export type Interval = (typeof INTERVALS)[number];

/** `row` is the physical line number in the file; the header is row 1. */
export interface RowError {
  row: number;
  message: string;
}

export interface BarCsvOptions {
  interval: Interval;
  /** IANA zone used for timestamps written without an offset (the market's exchange zone). */
  timeZone: string;
  /** Futures and spreads may trade at or below zero; everything else must be > 0. */
  allowNonPositivePrices?: boolean;
  /** Detailed errors kept (all rejected rows are still counted). Default 10,000. */
  maxErrors?: number;
}

const REQUIRED = ["date", "open", "high", "low", "close", "volume"] as const;
const ALIASES: Record<string, string> = {
  timestamp: "date",
  time: "date",
  datetime: "date",
  "adj close": "adj_close",
  adjclose: "adj_close",
  "adj. close": "adj_close",
  adjusted_close: "adj_close",
};
const STEP_MS: Record<Interval, number> = {
  "1m": 60_000,
  "5m": 300_000,
  "15m": 900_000,
  "1h": 60_000, // hourly sessions open at :30 on NYSE/KRX, so only whole minutes are required
  "1d": 86_400_000,
  "1w": 86_400_000,
};
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

// The zone-offset getter is shared with the web app (@bullpen/markets-time); re-exported for the
// providers that import it from here.
export { zoneOffsetGetter };

const digits = (s: string, from: number, n: number): number => {
  let v = 0;
  for (let i = from; i < from + n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
};

/**
 * Parses `YYYY-MM-DD` or an ISO 8601 timestamp `YYYY-MM-DD[T ]HH:MM[:SS[.fff]][Z|±HH[:]MM]`.
 * Daily/weekly bars keep the calendar date as written (00:00 UTC of that date); intraday bars become
 * UTC instants, reading offset-less times in `zone`. Returns an error message instead of throwing.
 */
export function parseBarTime(s: string, daily: boolean, zone: (utcMs: number) => number): number | string {
  const t = s.trim();
  if (t.length < 10 || t.charCodeAt(4) !== 45 || t.charCodeAt(7) !== 45) return `unparseable date "${t}"`;
  const y = digits(t, 0, 4);
  const mo = digits(t, 5, 2);
  const d = digits(t, 8, 2);
  if (y < 0 || mo < 1 || mo > 12 || d < 1) return `unparseable date "${t}"`;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  if (d > (mo === 2 && leap ? 29 : (DAYS_IN_MONTH[mo - 1] as number))) return `no such date "${t}"`;
  const dayMs = Date.UTC(y, mo - 1, d);
  if (y < 1800 || y > 2200) return `date out of range "${t}"`;
  if (t.length === 10) return dayMs;
  const sep = t[10];
  if (sep !== "T" && sep !== " ") return `unparseable date "${t}"`;
  const hh = digits(t, 11, 2);
  const mi = t.charCodeAt(13) === 58 ? digits(t, 14, 2) : -1;
  if (hh < 0 || hh > 23 || mi < 0 || mi > 59) return `unparseable time in "${t}"`;
  let i = 16;
  let sec = 0;
  let ms = 0;
  if (t.charCodeAt(i) === 58) {
    sec = digits(t, i + 1, 2);
    if (sec < 0 || sec > 59) return `unparseable seconds in "${t}"`;
    i += 3;
    if (t.charCodeAt(i) === 46 || t.charCodeAt(i) === 44) {
      let j = i + 1;
      let frac = "";
      while (j < t.length && t.charCodeAt(j) >= 48 && t.charCodeAt(j) <= 57) frac += t[j++];
      if (frac.length === 0) return `unparseable fraction in "${t}"`;
      ms = Math.round(Number(`0.${frac}`) * 1000);
      i = j;
    }
  }
  const local = dayMs + hh * 3_600_000 + mi * 60_000 + sec * 1000 + ms;
  if (daily) {
    if (i < t.length && !/^(Z|[+-]\d{2}(:?\d{2})?)$/.test(t.slice(i))) return `unparseable offset in "${t}"`;
    return dayMs; // the trading date as written, whatever the time of day
  }
  if (i === t.length) {
    // No offset: the exchange's local time. Two passes settle the offset across DST changes.
    const guess = local - zone(local);
    return local - zone(guess);
  }
  const rest = t.slice(i);
  if (rest === "Z" || rest === "z") return local;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(rest);
  if (!m) return `unparseable offset "${rest}" in "${t}"`;
  const offMin = Number(m[2]) * 60 + Number(m[3] ?? 0);
  if (offMin > 18 * 60) return `offset out of range in "${t}"`;
  return local - (m[1] === "-" ? -offMin : offMin) * 60_000;
}

/** Number from a CSV cell, or NaN when it is not a plain decimal (hex, blanks, Infinity refused). */
function cellNumber(tok: string): number {
  if (tok.length === 0) return Number.NaN;
  const c0 = tok.charCodeAt(0);
  // digits, '-', '+', '.' start a decimal number; anything else (space, letters, "Infinity") does not
  if (!((c0 >= 48 && c0 <= 57) || c0 === 45 || c0 === 43 || c0 === 46)) return Number.NaN;
  if (c0 === 48 && tok.length > 1) {
    const c1 = tok.charCodeAt(1) | 32;
    if (c1 === 120 || c1 === 98 || c1 === 111) return Number.NaN; // 0x, 0b, 0o
  }
  const n = +tok;
  return Number.isFinite(n) ? n : Number.NaN;
}

/** COPY text for a validated number: the cell itself when it is clean, else JS's round-trip form. */
function copyNumber(tok: string, n: number): string {
  const last = tok.charCodeAt(tok.length - 1);
  return last >= 48 && last <= 57 ? tok : String(n);
}

type EmitColumn = "open" | "high" | "low" | "close" | "adj_close" | "volume";

/**
 * Parses a plain decimal in s[a, b) without allocating: optional sign, digits, optional fraction.
 * Returns NaN for anything else (exponents, spaces, blanks) so the caller falls back to the slow
 * path. Mantissa < 2^53 and ≤ 22 fraction digits make m / 10^k exactly Number()'s result.
 */
function fastNumber(s: string, a: number, b: number): number {
  if (a >= b) return Number.NaN;
  let i = a;
  let neg = false;
  const c0 = s.charCodeAt(i);
  if (c0 === 45) {
    neg = true;
    i++;
  }
  let m = 0;
  let digitsSeen = 0;
  let frac = -1;
  for (; i < b; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      digitsSeen++;
      if (frac >= 0) frac++;
    } else if (c === 46 && frac < 0) frac = 0;
    else return Number.NaN;
  }
  if (digitsSeen === 0 || digitsSeen > 15 || frac > 22) return Number.NaN;
  const v = frac > 0 ? m / POW10[frac] : m;
  return neg ? -v : v;
}
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k) as number[];

/** Splits one CSV line, honouring double quotes (RFC 4180) when present. */
function splitLine(line: string): string[] {
  if (line.indexOf('"') < 0) return line.split(",");
  const out: string[] = [];
  let cur = "";
  let q = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (q) {
      if (ch === '"') {
        if (line[i + 1] === '"') {
          cur += '"';
          i++;
        } else q = false;
      } else cur += ch;
    } else if (ch === '"') q = true;
    else if (ch === ",") {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/**
 * Feed chunks with `push`, then call `end`. Each returns COPY text in CSV format (columns
 * `copyColumns`: row_no, epoch_ms, then the prices and volume; blank = null) of the rows accepted so far;
 * rejected rows are counted and described in `errors`. Memory is one chunk plus one partial line.
 *
 * Checks per row: every required cell present; numbers plain and finite; high ≥ open, close, low;
 * low ≤ open, close; prices > 0 (unless allowed); volume ≥ 0 (blank → null); adj_close blank → null;
 * date/timestamp parseable; intraday timestamps on the interval's grid. Duplicates are found by the
 * caller (`outOfOrder` says whether the rows were not strictly ascending, so duplicates are possible).
 */
export class BarCsvParser {
  rowsRead = 0;
  accepted = 0;
  rejected = 0;
  readonly errors: RowError[] = [];
  errorsTruncated = false;
  /** True when some timestamp was not strictly after the previous accepted one. */
  outOfOrder = false;
  minMs = Number.POSITIVE_INFINITY;
  maxMs = Number.NEGATIVE_INFINITY;
  bytesRead = 0;

  private readonly opts: BarCsvOptions;
  private readonly daily: boolean;
  private readonly step: number;
  private readonly zone: (utcMs: number) => number;
  private readonly maxErrors: number;
  private readonly decoder = new TextDecoder("utf-8");
  private pending = "";
  private line = 0;
  private col: {
    date: number;
    open: number;
    high: number;
    low: number;
    close: number;
    volume: number;
    adj: number;
  } | null = null;
  private width = 0;
  private lastMs = Number.NEGATIVE_INFINITY;
  private headerFailed = false;
  private fast = false;
  private emitOrder: EmitColumn[] = ["open", "high", "low", "close", "adj_close", "volume"];

  constructor(opts: BarCsvOptions) {
    this.opts = opts;
    this.daily = opts.interval === "1d" || opts.interval === "1w";
    this.step = STEP_MS[opts.interval];
    this.zone = zoneOffsetGetter(opts.timeZone);
    this.maxErrors = opts.maxErrors ?? 10_000;
  }

  /** True when the header was missing or lacked a required column: nothing can be accepted. */
  get fatal(): boolean {
    return this.headerFailed;
  }

  push(chunk: string | Uint8Array): string {
    let text: string;
    if (typeof chunk === "string") {
      text = chunk;
      this.bytesRead += Buffer.byteLength(chunk);
    } else {
      text = this.decoder.decode(chunk, { stream: true });
      this.bytesRead += chunk.byteLength;
    }
    const data = this.pending + text;
    const cut = data.lastIndexOf("\n");
    if (cut < 0) {
      this.pending = data;
      return "";
    }
    this.pending = data.slice(cut + 1);
    return this.lines(data, cut);
  }

  end(): string {
    const rest = this.pending + this.decoder.decode();
    this.pending = "";
    let out = rest.length > 0 ? this.lines(`${rest}\n`, rest.length) : "";
    if (this.col === null && !this.headerFailed) {
      this.headerFailed = true;
      this.error(1, "empty input: expected a header line date,open,high,low,close,volume");
      out = "";
    }
    return out;
  }

  private error(row: number, message: string): void {
    if (this.errors.length < this.maxErrors) this.errors.push({ row, message });
    else this.errorsTruncated = true;
  }

  /** Processes data[0, end) which holds whole lines. */
  private lines(data: string, end: number): string {
    let out = "";
    let start = 0;
    while (start <= end) {
      let nl = data.indexOf("\n", start);
      if (nl < 0 || nl > end) nl = end;
      let line = data.slice(start, nl);
      start = nl + 1;
      this.line++;
      if (line.length > 0 && line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
      if (this.col === null) {
        if (this.headerFailed) {
          if (line.trim().length > 0) this.rejectRow("rejected because the header is invalid");
          continue;
        }
        if (line.trim().length === 0) continue; // blank lines before the header
        this.header(line);
        continue;
      }
      if (line.length === 0 || line.trim().length === 0) continue;
      const quick = this.fast ? this.fastRow(line) : null;
      out += quick ?? this.row(line);
      if (nl === end) break;
    }
    return out;
  }

  private rejectRow(message: string): void {
    this.rowsRead++;
    this.rejected++;
    this.error(this.line, message);
  }

  private header(line: string): void {
    const names = splitLine(line.charCodeAt(0) === 0xfeff ? line.slice(1) : line).map((h) => {
      const n = h.trim().toLowerCase();
      return ALIASES[n] ?? n;
    });
    const missing = REQUIRED.filter((r) => !names.includes(r));
    if (missing.length > 0) {
      this.headerFailed = true;
      this.error(
        this.line,
        `header must name date,open,high,low,close,volume (optionally adj_close); missing ${missing.join(", ")} in "${line.slice(0, 200)}"`,
      );
      return;
    }
    const dup = names.find((n, i) => names.indexOf(n) !== i && (REQUIRED as readonly string[]).includes(n));
    if (dup) {
      this.headerFailed = true;
      this.error(this.line, `header names column "${dup}" twice`);
      return;
    }
    this.width = names.length;
    const known = ["open", "high", "low", "close", "volume", "adj_close"];
    const rest = names.slice(1);
    // Raw fast path: date first and only known columns, so the text after the date cell can be
    // copied as it is (CSV) once every cell is checked.
    this.fast = names[0] === "date" && rest.every((n) => known.includes(n));
    this.emitOrder = (
      this.fast ? rest : ["open", "high", "low", "close", "adj_close", "volume"]
    ) as EmitColumn[];
    this.col = {
      date: names.indexOf("date"),
      open: names.indexOf("open"),
      high: names.indexOf("high"),
      low: names.indexOf("low"),
      close: names.indexOf("close"),
      volume: names.indexOf("volume"),
      adj: names.indexOf("adj_close"),
    };
  }

  /** Staging columns in the order each emitted CSV line carries them. */
  get copyColumns(): string[] {
    return ["row_no", "epoch_ms", ...this.emitOrder];
  }

  /**
   * The common case without allocations per cell: `date` first, plain decimals, every invariant
   * holding. Returns the CSV line for staging, or null to let the slow path decide and explain.
   */
  private fastRow(line: string): string | null {
    const col = this.col as NonNullable<BarCsvParser["col"]>;
    const c1 = line.indexOf(",");
    if (c1 < 0 || line.indexOf('"') >= 0) return null;
    // cell boundaries after the date
    const vals = this.vals;
    let a = c1 + 1;
    for (let k = 1; k < this.width; k++) {
      let b = line.indexOf(",", a);
      if (b < 0) {
        if (k !== this.width - 1) return null;
        b = line.length;
      } else if (k === this.width - 1) return null;
      vals[k] = a === b ? Number.NaN : fastNumber(line, a, b);
      if (Number.isNaN(vals[k] as number)) {
        // blank adj_close/volume are allowed (null); anything else goes the slow way
        if (a !== b || (k !== col.adj && k !== col.volume)) return null;
        vals[k] = -1; // marker for null; only compared below when present
        this.blank[k] = 1;
      } else this.blank[k] = 0;
      a = b + 1;
    }
    const t = parseBarTime(line.slice(0, c1), this.daily, this.zone);
    if (typeof t === "string" || (!this.daily && t % this.step !== 0)) return null;
    const o = vals[col.open] as number;
    const h = vals[col.high] as number;
    const l = vals[col.low] as number;
    const c = vals[col.close] as number;
    if (this.blank[col.open] || this.blank[col.high] || this.blank[col.low] || this.blank[col.close])
      return null;
    if (h < o || h < c || l > o || l > c || h < l) return null;
    if (!this.opts.allowNonPositivePrices && (o <= 0 || l <= 0)) return null;
    if (!this.blank[col.volume] && (vals[col.volume] as number) < 0) return null;
    this.rowsRead++;
    if (t <= this.lastMs) this.outOfOrder = true;
    this.lastMs = t;
    if (t < this.minMs) this.minMs = t;
    if (t > this.maxMs) this.maxMs = t;
    this.accepted++;
    for (let k = 1; k < this.width; k++) {
      this.out[k - 1] = vals[k] as number;
      this.outBlank[k - 1] = this.blank[k] as number;
    }
    return this.emit(t, line, c1 + 1);
  }
  /**
   * Direct mode: while rows arrive strictly ascending and after `floorMs` (the latest stored bar),
   * they cannot clash with stored rows or each other, so they go straight to market.bars as binary
   * COPY tuples (`takeDirect`, columns `directColumns`); from the first row that breaks the order
   * on, rows go to staging (the CSV text push/end return) for the conflict-aware merge.
   */
  startDirect(target: { instrumentId: string; interval: Interval; source: string }, floorMs: number): void {
    this.direct = true;
    this.directKey = [uuidBytes(target.instrumentId), textBytes(target.interval), textBytes(target.source)];
    this.directLast = floorMs;
  }
  /** Whether rows still go straight to market.bars. */
  direct = false;
  directRows = 0;
  private directKey: Uint8Array[] = [];
  private directLast = Number.NEGATIVE_INFINITY;
  private readonly outDirect = new BinaryRows();
  /** Direct-mode tuples written so far (when at least `min` bytes, else null), then cleared. */
  takeDirect(min = 0): Uint8Array | null {
    if (this.outDirect.length < min || this.outDirect.length === 0) return null;
    return this.outDirect.take();
  }
  /** Columns of direct-mode tuples: instrument_id, interval, source, ts, then the file's values. */
  get directColumns(): string[] {
    return ["instrument_id", "interval", "source", "ts", ...this.emitOrder];
  }
  /**
   * Hands an accepted row on: `out`/`outBlank` hold its values in `emitOrder`; `line.slice(from)`
   * is their CSV text for staging (already in that order).
   */
  private emit(t: number, line: string, from: number): string {
    const n = this.emitOrder.length;
    if (this.direct && t > this.directLast) {
      this.directLast = t;
      this.directRows++;
      const w = this.outDirect;
      w.row(4 + n);
      for (const key of this.directKey) w.bytes(key);
      w.timestamptz(t);
      for (let j = 0; j < n; j++) {
        if (this.outBlank[j]) w.null();
        else w.float8(this.out[j] as number);
      }
      return "";
    }
    this.direct = false;
    return `${this.line},${t},${from > 0 ? line.slice(from) : line}\n`;
  }

  /** The accepted row's values in `emitOrder`, and which of them are blank (null). */
  private readonly out = new Float64Array(16);
  private readonly outBlank = new Uint8Array(16);
  private readonly vals: number[] = new Array(16).fill(0);
  private readonly blank: Uint8Array = new Uint8Array(16);

  private row(line: string): string {
    const col = this.col as NonNullable<BarCsvParser["col"]>;
    this.rowsRead++;
    const cells = splitLine(line);
    if (cells.length !== this.width) {
      this.rejected++;
      this.error(this.line, `expected ${this.width} cells, found ${cells.length}`);
      return "";
    }
    const problems: string[] = [];
    const ms = parseBarTime(cells[col.date] as string, this.daily, this.zone);
    if (typeof ms === "string") problems.push(ms);
    else if (!this.daily && ms % this.step !== 0)
      problems.push(`timestamp not on the ${this.opts.interval} grid`);
    const cO = (cells[col.open] as string).trim();
    const cH = (cells[col.high] as string).trim();
    const cL = (cells[col.low] as string).trim();
    const cC = (cells[col.close] as string).trim();
    const cV = (cells[col.volume] as string).trim();
    const cA = col.adj >= 0 ? (cells[col.adj] as string).trim() : "";
    const o = cellNumber(cO);
    const h = cellNumber(cH);
    const l = cellNumber(cL);
    const c = cellNumber(cC);
    const v = cV.length === 0 ? null : cellNumber(cV);
    const a = cA.length === 0 ? null : cellNumber(cA);
    if (Number.isNaN(o)) problems.push(`open "${cO}" is not a number`);
    if (Number.isNaN(h)) problems.push(`high "${cH}" is not a number`);
    if (Number.isNaN(l)) problems.push(`low "${cL}" is not a number`);
    if (Number.isNaN(c)) problems.push(`close "${cC}" is not a number`);
    if (v !== null && Number.isNaN(v)) problems.push(`volume "${cV}" is not a number`);
    if (a !== null && Number.isNaN(a)) problems.push(`adj_close "${cA}" is not a number`);
    if (problems.length === 0) {
      if (h < o) problems.push(`high ${cH} is below open ${cO}`);
      if (h < c) problems.push(`high ${cH} is below close ${cC}`);
      if (l > o) problems.push(`low ${cL} is above open ${cO}`);
      if (l > c) problems.push(`low ${cL} is above close ${cC}`);
      if (h < l) problems.push(`high ${cH} is below low ${cL}`);
      if (!this.opts.allowNonPositivePrices && (o <= 0 || h <= 0 || l <= 0 || c <= 0))
        problems.push("prices must be greater than zero");
      if (v !== null && v < 0) problems.push(`volume ${cV} is negative`);
    }
    if (problems.length > 0) {
      this.rejected++;
      this.error(this.line, problems.join("; "));
      return "";
    }
    const t = ms as number;
    if (t <= this.lastMs) this.outOfOrder = true;
    this.lastMs = t;
    if (t < this.minMs) this.minMs = t;
    if (t > this.maxMs) this.maxMs = t;
    this.accepted++;
    let text = "";
    this.emitOrder.forEach((k, j) => {
      const [cell, value] =
        k === "adj_close"
          ? [cA, a]
          : k === "volume"
            ? [cV, v]
            : k === "open"
              ? [cO, o]
              : k === "high"
                ? [cH, h]
                : k === "low"
                  ? [cL, l]
                  : [cC, c];
      this.outBlank[j] = value === null ? 1 : 0;
      this.out[j] = value ?? 0;
      text += value === null ? "," : `,${copyNumber(cell, value)}`;
    });
    return this.emit(t, text.slice(1), 0);
  }
}
