// Field-level accuracy of a reading against the screen's truth: each truth line is paired with the
// read line that fits it best (name, value, quantity), then every field the screen shows is compared
// exactly (decimals by value: "1845.00" equals "1845", names without spaces and case).
import { Decimal } from "../../../../platform/money.ts";
import { similarity } from "../matching.ts";
import type { ReadLine, ReadScreen } from "../reader.ts";
import { squash } from "../tokens.ts";
import { SCREEN_INSTRUMENTS, type Screen, type TruthLine } from "./screens.ts";

export const LINE_FIELDS = [
  "name",
  "instrument",
  "quantity",
  "averagePrice",
  "currentPrice",
  "value",
  "pnl",
  "pnlPct",
] as const;
export const TOTAL_FIELDS = ["totalValue", "purchaseValue", "cashKrw", "cashUsd", "usdKrwRate"] as const;
export type Field = (typeof LINE_FIELDS)[number] | (typeof TOTAL_FIELDS)[number];

export interface Tally {
  right: number;
  shown: number;
}
export interface ScreenScore {
  fields: Record<Field, Tally>;
  linesShown: number;
  linesFound: number;
  /** Lines whose every shown field was read exactly. */
  linesExact: number;
  /** Lines read that match no truth line. */
  extraLines: number;
}

const same = (a: string | null | undefined, b: string | null | undefined) =>
  a !== null && a !== undefined && b !== null && b !== undefined && new Decimal(a).eq(b);

/** The symbol a name maps to among the screens' instruments (the product's similarity and threshold). */
export function offlineMatch(name: string): string | null {
  let best: { symbol: string; score: number } | null = null;
  for (const i of SCREEN_INSTRUMENTS) {
    const score = Math.max(
      similarity(name, i.name),
      i.nameLocal ? similarity(name, i.nameLocal) : 0,
      similarity(name, i.symbol),
    );
    if (!best || score > best.score) best = { symbol: i.symbol, score };
  }
  return best && best.score >= 0.5 ? best.symbol : null;
}

export function emptyScore(): ScreenScore {
  const fields = Object.fromEntries(
    [...LINE_FIELDS, ...TOTAL_FIELDS].map((f) => [f, { right: 0, shown: 0 }]),
  );
  return {
    fields: fields as Record<Field, Tally>,
    linesShown: 0,
    linesFound: 0,
    linesExact: 0,
    extraLines: 0,
  };
}

function pair(truth: TruthLine[], read: ReadLine[]): (ReadLine | null)[] {
  const used = new Set<ReadLine>();
  return truth.map((t) => {
    let best: ReadLine | null = null;
    let bestScore = 0.5;
    for (const r of read) {
      if (used.has(r)) continue;
      const s =
        similarity(t.name, r.name) +
        (same(t.value, r.value?.amount) ? 1 : 0) +
        (same(t.quantity, r.quantity) ? 0.5 : 0);
      if (s > bestScore) [best, bestScore] = [r, s];
    }
    if (best) used.add(best);
    return best;
  });
}

/**
 * Scores one screen. `instrumentOf` says which symbol a read line was mapped to (the product's
 * mapping in the HTTP test; `offlineMatch` in the benchmark).
 */
export function scoreScreen(
  screen: Screen,
  read: ReadScreen,
  instrumentOf: (l: ReadLine) => string | null = (l) => offlineMatch(l.name),
  into: ScreenScore = emptyScore(),
): ScreenScore {
  const f = into.fields;
  const count = (k: Field, shown: boolean, right: boolean) => {
    if (!shown) return true;
    f[k].shown++;
    if (right) f[k].right++;
    return right;
  };
  const pairs = pair(screen.lines, read.lines);
  into.linesShown += screen.lines.length;
  into.extraLines += read.lines.length - pairs.filter(Boolean).length;
  screen.lines.forEach((t, k) => {
    const r = pairs[k];
    if (r) into.linesFound++;
    const ok = [
      count("name", true, r !== null && r !== undefined && squash(r.name) === squash(t.name)),
      count("instrument", true, !!r && instrumentOf(r) === t.symbol),
      count("quantity", true, same(t.quantity, r?.quantity)),
      count("averagePrice", true, same(t.averagePrice, r?.averagePrice)),
      count("currentPrice", t.currentPrice !== null, same(t.currentPrice, r?.currentPrice)),
      count("value", true, same(t.value, r?.value?.amount) && r?.value?.currency === t.valueCurrency),
      count("pnl", true, same(t.pnl, r?.pnl?.amount)),
      count("pnlPct", true, same(t.pnlPct, r?.pnlPct)),
    ];
    if (ok.every(Boolean)) into.linesExact++;
  });
  const tt = screen.totals;
  const rt = read.totals;
  count(
    "totalValue",
    true,
    same(tt.totalValue, rt.totalValue?.amount) && rt.totalValue?.currency === tt.currency,
  );
  count("purchaseValue", true, same(tt.purchaseValue, rt.purchaseValue?.amount));
  count("cashKrw", tt.cashKrw !== null, same(tt.cashKrw, rt.cashKrw));
  count("cashUsd", tt.cashUsd !== null, same(tt.cashUsd, rt.cashUsd));
  count("usdKrwRate", tt.usdKrwRate !== null, same(tt.usdKrwRate, rt.usdKrwRate));
  return into;
}

/** right ÷ shown over a set of fields. */
export function rate(score: ScreenScore, fields: readonly Field[]): number {
  const t = fields.reduce(
    (a, k) => ({ right: a.right + score.fields[k].right, shown: a.shown + score.fields[k].shown }),
    {
      right: 0,
      shown: 0,
    },
  );
  return t.shown ? t.right / t.shown : 1;
}
