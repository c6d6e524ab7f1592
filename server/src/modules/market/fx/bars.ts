// Daily bars of an FX pair derived from the stored reference rates (market.fx_rates): one fixing a
// day, so a bar opens at the previous fixing and closes at the day's, high and low being the two.
import type { Db } from "../../../platform/db/index.ts";
import * as repo from "./repository.ts";

/** The source name bars derived from the reference rates carry. */
export const FX_RATES_SOURCE = "fx-rates";

/**
 * CSV (`date,open,high,low,close,volume`, no volume) of the pair base/quote from `from` on, on the
 * dates every currency it needs has a rate, prices with `decimals` decimals; null when a currency
 * has no USD rate at all. Both legs of a cross (neither side USD) go through USD.
 */
export async function fxBarsCsv(
  db: Db,
  pair: { base: string; quote: string },
  from: string,
  decimals: number,
): Promise<string | null> {
  const { base, quote } = pair;
  const needed = [base, quote].filter((c) => c !== "USD");
  if (needed.length === 0) return null;
  const rows = await repo.usdRatesSince(db, needed, from);
  const byDate = new Map<string, Map<string, number>>();
  for (const r of rows) {
    const m = byDate.get(r.d) ?? new Map<string, number>();
    m.set(r.quote, Number(r.rate));
    byDate.set(r.d, m);
  }
  const perUsd = (m: Map<string, number>, c: string) => (c === "USD" ? 1 : m.get(c));
  const lines = ["date,open,high,low,close,volume"];
  let prev: number | null = null;
  for (const [d, m] of byDate) {
    const b = perUsd(m, base);
    const q = perUsd(m, quote);
    if (!b || !q) continue;
    // Units of quote per 1 base = (quote per USD) / (base per USD).
    const close = Number((q / b).toFixed(decimals));
    const open = prev ?? close;
    const f = (x: number) => x.toFixed(decimals);
    lines.push(`${d},${f(open)},${f(Math.max(open, close))},${f(Math.min(open, close))},${f(close)},`);
    prev = close;
  }
  return lines.length > 1 ? `${lines.join("\n")}\n` : null;
}
