// Maps a name read from a screenshot ("SK하이닉스", OCR's "5하이닉스", "Apple Inc.", "AAPL") to an
// instrument through the market module's search: candidates by the whole name, then by its longest
// Hangul and Latin runs (OCR often garbles the Latin part of a mixed name), ranked by edit distance to
// the instrument's name, Korean name and symbol.

import type { Ctx } from "../../../platform/context.ts";
import { searchInstruments } from "../../market/index.ts";
import { squash } from "./tokens.ts";

export interface Match {
  instrumentId: string;
  symbol: string;
  country: string | null;
  score: number;
}

export function levenshtein(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++)
      cur[j] = Math.min(
        (prev[j] ?? 0) + 1,
        (cur[j - 1] ?? 0) + 1,
        (prev[j - 1] ?? 0) + (x[i - 1] === y[j - 1] ? 0 : 1),
      );
    prev = cur;
  }
  return prev[y.length] ?? 0;
}

/** 1 for equal strings, 0 for nothing in common. */
export function similarity(a: string, b: string): number {
  const [p, q] = [squash(a), squash(b)];
  if (!p || !q) return 0;
  return 1 - levenshtein(p, q) / Math.max([...p].length, [...q].length);
}

/** Below this the name is left unmapped for the user to pick. */
export const MATCH_THRESHOLD = 0.5;

export async function matchInstrument(
  ctx: Ctx,
  name: string,
  symbol: string | null,
  market: "KR" | "US" | null,
): Promise<Match | null> {
  const terms = new Set<string>();
  if (symbol) terms.add(symbol);
  terms.add(name.trim());
  const hangul = (name.match(/\p{Script=Hangul}+/gu) ?? []).sort((a, b) => b.length - a.length)[0];
  const latin = (name.match(/[A-Za-z][A-Za-z.&-]+/g) ?? []).sort((a, b) => b.length - a.length)[0];
  if (hangul && hangul.length >= 2) terms.add(hangul);
  if (latin && latin.length >= 2) terms.add(latin);
  const seen = new Map<string, Match>();
  for (const q of terms) {
    const found = await searchInstruments({ ctx, input: { q: q.slice(0, 100), limit: 10 } });
    for (const i of found) {
      if (market && i.country && i.country !== market) continue;
      const score = Math.max(
        similarity(name, i.name),
        i.nameLocal ? similarity(name, i.nameLocal) : 0,
        similarity(name, i.symbol),
        symbol && squash(symbol) === squash(i.symbol) ? 1 : 0,
      );
      const had = seen.get(i.id);
      if (!had || had.score < score)
        seen.set(i.id, { instrumentId: i.id, symbol: i.symbol, country: i.country, score });
    }
  }
  const best = [...seen.values()].sort((a, b) => b.score - a.score)[0];
  return best && best.score >= MATCH_THRESHOLD ? best : null;
}
