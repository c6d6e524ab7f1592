// What the market module shows on the home page: two cards and two steps of the first-run guide.
import { homeCard, type ModuleHome } from "../../../platform/module.ts";
import { defaultWatchlistOut, marketGlanceOut } from "./contracts.ts";
import { defaultWatchlist, marketGlance, marketGuide } from "./service.ts";

export const marketHome: ModuleHome = {
  cards: [
    homeCard({
      id: "market.glance",
      order: 200,
      data: {
        response: marketGlanceOut,
        summary: "Markets at a glance: indices and FX pairs with a sparkline, and my watchlists' movers",
        load: (ctx) => marketGlance({ ctx, input: undefined }),
      },
    }),
    homeCard({
      id: "market.watchlist",
      order: 300,
      data: {
        response: defaultWatchlistOut,
        summary: "My default watchlist with its first instruments' quotes",
        load: (ctx) => defaultWatchlist({ ctx, input: undefined }),
      },
    }),
  ],
  guide: marketGuide,
};
