// The market's home cards, each in one request: markets at a glance (indices and FX pairs with their
// last change and a sparkline of daily closes; the largest moves among the user's watchlists) and
// the default watchlist with its quotes. Instruments without data come back with null prices.

import type { Ctx } from "../../../platform/context.ts";
import { defineVerb } from "../../../platform/verb.ts";
import { getQuote } from "../quotes/service.ts";
import * as watchlists from "../watchlists/repository.ts";
import type { DefaultWatchlistOut, MarketGlanceOut, QuoteLine } from "./contracts.ts";
import * as repo from "./repository.ts";

/** Indices and FX pairs on the card. */
const GLANCE_MAX = 12;
/** Daily closes in a sparkline. */
const SPARK_BARS = 30;
/** Movers on the card. */
const MOVERS_MAX = 5;
/** Watchlist items on the card. */
const WATCHLIST_ITEMS = 8;

type Found = { line: QuoteLine; unquotedBars: boolean };

/**
 * Computes once the quote of instruments that have bars but no stored quote (a quote is otherwise
 * stored when bars are imported), then reads their lines again.
 */
async function withQuotes(ctx: Ctx, found: Found[]): Promise<QuoteLine[]> {
  const missing = found.filter((f) => f.unquotedBars).map((f) => f.line.instrumentId);
  if (missing.length === 0) return found.map((f) => f.line);
  for (const id of missing) await getQuote({ ctx, input: { id } }).catch(() => null);
  const again = new Map(
    (await repo.instrumentLines(ctx.db, missing)).map((f) => [f.line.instrumentId, f.line]),
  );
  return found.map((f) => again.get(f.line.instrumentId) ?? f.line);
}

/** The largest absolute moves first; instruments without a change are left out. */
export function topMovers(list: readonly QuoteLine[], max = MOVERS_MAX): QuoteLine[] {
  return list
    .filter((l) => l.changePct !== null && Number(l.changePct) !== 0)
    .sort(
      (a, b) =>
        Math.abs(Number(b.changePct)) - Math.abs(Number(a.changePct)) || a.symbol.localeCompare(b.symbol),
    )
    .slice(0, max);
}

/** Markets at a glance for the signed-in user. */
export const marketGlance = defineVerb({
  name: "market.glance",
  access: "user",
  async run({ ctx, actor }): Promise<MarketGlanceOut> {
    const watchedIds = await repo.watchedInstrumentIds(ctx.db, actor.userId);
    const [glance, watched] = await Promise.all([
      repo.glanceInstruments(ctx.db, GLANCE_MAX).then((f) => withQuotes(ctx, f)),
      repo.instrumentLines(ctx.db, watchedIds).then((f) => withQuotes(ctx, f)),
    ]);
    const spark = await repo.lastDailyCloses(
      ctx.db,
      glance.map((l) => l.instrumentId),
      SPARK_BARS,
    );
    const withSpark = glance.map((l) => ({ ...l, spark: spark.get(l.instrumentId) ?? [] }));
    return {
      indices: withSpark.filter((l) => l.assetClass === "index"),
      fx: withSpark.filter((l) => l.assetClass !== "index"),
      movers: topMovers(watched),
      watched: watchedIds.length,
    };
  },
});

/** The signed-in user's default watchlist with the quotes of its first instruments. */
export const defaultWatchlist = defineVerb({
  name: "market.defaultWatchlist",
  access: "user",
  async run({ ctx, actor }): Promise<DefaultWatchlistOut> {
    const lists = await watchlists.listWatchlists(ctx.db, actor.userId);
    const first = lists[0];
    if (!first) return { watchlist: null, watchlists: 0 };
    const ids = first.instrumentIds.slice(0, WATCHLIST_ITEMS);
    const byId = new Map(
      (await withQuotes(ctx, await repo.instrumentLines(ctx.db, ids))).map((l) => [l.instrumentId, l]),
    );
    return {
      watchlist: {
        id: first.id,
        name: first.name,
        size: first.instrumentIds.length,
        items: ids.flatMap((id) => byId.get(id) ?? []),
      },
      watchlists: lists.length,
    };
  },
});

/** The market's steps of the first-run guide: a watchlist, then an instrument in it. */
export async function marketGuide(ctx: Ctx) {
  const userId = ctx.actor?.userId;
  const p = userId ? await repo.watchlistProgress(ctx.db, userId) : { lists: 0, filled: false };
  return [
    { id: "market.watchlist", order: 10, done: p.lists > 0 },
    { id: "market.instrument", order: 20, done: p.filled },
  ];
}
