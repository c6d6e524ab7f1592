// The words of a holdings screen as OCR gives them (text and box), grouped into rows and read as
// tokens: numbers with their sign, currency and unit (원, 주, %, shares), and text (names, labels).
import { Decimal } from "../../../platform/money.ts";

/** One word the OCR found, with its box in image pixels. */
export interface OcrWord {
  text: string;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** 0-100. */
  conf: number;
}

export type Unit = "amount" | "qty" | "pct";
export interface NumToken {
  kind: "num";
  value: Decimal;
  /** An explicit sign was shown (+, −, ▲, ▼). */
  signed: boolean;
  currency: "KRW" | "USD" | null;
  unit: Unit;
  /** Written with a leading 5 or S and two decimals and no currency: maybe a `$` the OCR misread. */
  maybeDollar: boolean;
  /** Written with a decimal point (2.50, 1,845.00). */
  fraction: boolean;
  x0: number;
  x1: number;
}
export interface TextToken {
  kind: "text";
  text: string;
  x0: number;
  x1: number;
}
export type Token = NumToken | TextToken;
export interface Row {
  y: number;
  height: number;
  tokens: Token[];
}

const HANGUL_SYLLABLE = /^\p{Script=Hangul}$/u;
const SEPARATOR = /^[·ㆍ•|:;,/\-–—_~=[\]{}()<>'"`]+$/;
const UNIT_WORD: Record<string, { unit: Unit; currency?: "KRW" | "USD" }> = {
  원: { unit: "amount", currency: "KRW" },
  // OCR reads a small 원 as ¥ now and then; no Korean holdings screen shows yen.
  "¥": { unit: "amount", currency: "KRW" },
  krw: { unit: "amount", currency: "KRW" },
  usd: { unit: "amount", currency: "USD" },
  달러: { unit: "amount", currency: "USD" },
  주: { unit: "qty" },
  shares: { unit: "qty" },
  share: { unit: "qty" },
  sh: { unit: "qty" },
  "%": { unit: "pct" },
};
// sign, currency prefix, digits (with thousands commas and an optional fraction), attached unit.
const NUMBER =
  /^\(?([+\-−▲▼△▽]?)\s*(US\$|\$|₩|￦|#|W)?\s*([+\-−]?)(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(원|¥|주|%|KRW|USD|shares?)?\)?[,.]?$/i;

/** Reads one word as a number token, or null when it is not one. */
export function numberOf(text: string): Omit<NumToken, "x0" | "x1"> | null {
  const t = text.replace(/[O]/g, (c, i: number) => (i > 0 && /\d/.test(text[i - 1] ?? "") ? "0" : c));
  const m = NUMBER.exec(t.trim());
  if (!m) return null;
  const [, sign1 = "", cur = "", sign2 = "", digits = "", unitWord = ""] = m;
  const sign = sign1 || sign2;
  let value = new Decimal(digits.replace(/,/g, ""));
  if (sign === "-" || sign === "−" || sign === "▼" || sign === "▽") value = value.neg();
  const u = UNIT_WORD[unitWord.toLowerCase()];
  const currency = cur ? (cur.includes("$") ? "USD" : "KRW") : (u?.currency ?? null);
  const unit: Unit = u?.unit ?? "amount";
  const maybeDollar = !cur && !u && /^[5S]\d+\.\d{2}$/.test(digits);
  return {
    kind: "num",
    value,
    signed: sign !== "",
    currency,
    unit,
    maybeDollar,
    fraction: digits.includes("."),
  };
}

/**
 * Groups words into rows (a word joins a row when its vertical centre lies within half the row's
 * height of the row's centre), then reads each row left to right as tokens: a unit word after a
 * number (원, 주, %, USD) joins it, separators are dropped, neighbouring text words join into one.
 */
export function rowsOf(words: OcrWord[]): Row[] {
  const ws = words.filter((w) => w.text.trim() !== "").sort((a, b) => a.y0 + a.y1 - (b.y0 + b.y1));
  const rows: { words: OcrWord[]; cy: number; h: number }[] = [];
  for (const w of ws) {
    const cy = (w.y0 + w.y1) / 2;
    const h = w.y1 - w.y0;
    const row = rows.find((r) => Math.abs(r.cy - cy) <= Math.max(r.h, h) * 0.45);
    if (row) {
      row.words.push(w);
      row.h = Math.min(row.h, h) || h;
    } else rows.push({ words: [w], cy, h });
  }
  rows.sort((a, b) => a.cy - b.cy);
  return rows.map((r) => ({ y: r.cy, height: r.h, tokens: tokensOf(r.words.sort((a, b) => a.x0 - b.x0)) }));
}

function tokensOf(words: OcrWord[]): Token[] {
  const out: Token[] = [];
  const gapLimit = (w: OcrWord) => (w.y1 - w.y0) * 1.6;
  for (const w of words) {
    // Full-width forms ("Ｌ", "１") as their ASCII twins (only those: NFKC would also turn Hangul
    // compatibility letters such as the separator "ㆍ" into conjoining jamo).
    const text = w.text
      .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
      .trim();
    const prev = out.at(-1);
    const unit = UNIT_WORD[text.toLowerCase().replace(/[).,]+$/, "")];
    if (prev?.kind === "num" && unit && w.x0 - prev.x1 < gapLimit(w) && prev.unit === "amount") {
      prev.unit = unit.unit;
      prev.currency = unit.currency ?? prev.currency;
      if (unit.currency) prev.maybeDollar = false;
      prev.x1 = w.x1;
      continue;
    }
    if (SEPARATOR.test(text)) continue;
    const n = numberOf(text);
    if (n) {
      out.push({ ...n, x0: w.x0, x1: w.x1 });
      continue;
    }
    // "$" or "+$" read as a word of its own before the digits.
    if (/^[+\-−]?(US\$|\$|₩)$/.test(text)) {
      out.push({ kind: "text", text, x0: w.x0, x1: w.x1 });
      continue;
    }
    if (prev?.kind === "text" && w.x0 - prev.x1 < gapLimit(w) && !/^[+\-−]?(US\$|\$|₩)$/.test(prev.text)) {
      // Tesseract splits Hangul into syllables and pieces ("삼 성 전 자", "하이 닉스"): a single syllable,
      // or a gap narrower than a space, joins without one.
      const glue =
        HANGUL_SYLLABLE.test(text) ||
        HANGUL_SYLLABLE.test(prev.text.split(" ").at(-1) ?? "") ||
        w.x0 - prev.x1 < (w.y1 - w.y0) * 0.3;
      prev.text =
        glue && /^\p{Script=Hangul}/u.test(text) && /\p{Script=Hangul}$/u.test(prev.text)
          ? `${prev.text}${text}`
          : `${prev.text} ${text}`;
      prev.x1 = w.x1;
      continue;
    }
    out.push({ kind: "text", text, x0: w.x0, x1: w.x1 });
  }
  // A lone currency word before a number is its prefix.
  for (let i = out.length - 2; i >= 0; i--) {
    const t = out[i];
    const n = out[i + 1];
    if (t?.kind === "text" && n?.kind === "num" && /^[+\-−]?(US\$|\$|₩)$/.test(t.text)) {
      n.currency = t.text.includes("$") ? "USD" : "KRW";
      n.maybeDollar = false;
      if (t.text.startsWith("-") || t.text.startsWith("−")) {
        n.value = n.value.abs().neg();
        n.signed = true;
      } else if (t.text.startsWith("+")) n.signed = true;
      n.x0 = t.x0;
      out.splice(i, 1);
    }
  }
  return out;
}

/** Text without spaces, lower case: how labels and names are compared. */
export const squash = (s: string) => s.replace(/\s+/g, "").toLowerCase();
