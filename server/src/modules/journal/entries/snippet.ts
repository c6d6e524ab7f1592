// The highlighted passage of a search hit, as parts ({ text, hit }) the web app renders without
// parsing markup. PostgreSQL's ts_headline marks English matches; a match found only by trigrams
// (a Korean word inside a longer one, a part of a word) is marked here by finding the words in the text.
import { HIT_END, HIT_START } from "./repository.ts";

export interface Part {
  text: string;
  hit: boolean;
}

const AROUND = 60;
const PLAIN = 160;

/** Splits ts_headline's answer at its marks. */
function fromHeadline(h: string): Part[] {
  const parts: Part[] = [];
  for (const [i, piece] of h.split(new RegExp(`[${HIT_START}${HIT_END}]`)).entries())
    if (piece) parts.push({ text: piece, hit: i % 2 === 1 });
  return parts;
}

/** The text's start, cut at a word boundary. */
function plain(content: string): Part[] {
  if (!content) return [];
  if (content.length <= PLAIN) return [{ text: content, hit: false }];
  const cut = content.lastIndexOf(" ", PLAIN);
  return [{ text: `${content.slice(0, cut > PLAIN / 2 ? cut : PLAIN)} …`, hit: false }];
}

/** Marks every occurrence of the query's words (case-insensitive) in a window around the first one. */
function byWords(content: string, q: string): Part[] | null {
  const words = [q, ...q.split(/\s+/)].map((w) => w.trim()).filter((w) => w.length > 0);
  const lower = content.toLocaleLowerCase();
  let first = -1;
  for (const w of words) {
    const at = lower.indexOf(w.toLocaleLowerCase());
    if (at >= 0 && (first < 0 || at < first)) first = at;
  }
  if (first < 0) return null;
  const start = Math.max(0, first - AROUND);
  const end = Math.min(content.length, first + AROUND * 2);
  const window = content.slice(start, end);
  const pattern = new RegExp(
    [...new Set(words)]
      .sort((a, b) => b.length - a.length)
      .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
      .join("|"),
    "giu",
  );
  const parts: Part[] = [];
  if (start > 0) parts.push({ text: "… ", hit: false });
  let last = 0;
  for (const m of window.matchAll(pattern)) {
    const at = m.index ?? 0;
    if (at > last) parts.push({ text: window.slice(last, at), hit: false });
    parts.push({ text: m[0], hit: true });
    last = at + m[0].length;
  }
  if (last < window.length) parts.push({ text: window.slice(last), hit: false });
  if (end < content.length) parts.push({ text: " …", hit: false });
  return parts;
}

export function snippet(content: string, q: string | undefined, headline: string | null): Part[] {
  if (!q) return plain(content);
  if (headline?.includes(HIT_START)) return fromHeadline(headline);
  return byWords(content, q) ?? plain(content);
}
