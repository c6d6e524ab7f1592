// What the portfolio module shows on the home page: the card that leads the dashboard (before the
// market's at 200) and the first-run guide's step "add your portfolio".
import { homeCard, type ModuleHome } from "../../../platform/module.ts";
import { portfolioCardOut } from "./contracts.ts";
import { portfolioCard, portfolioGuide } from "./service.ts";

export const portfolioHome: ModuleHome = {
  cards: [
    homeCard({
      id: "portfolio.summary",
      order: 150,
      data: {
        response: portfolioCardOut,
        summary: "My portfolio: total value in my currency and the last day's change (or how to start)",
        load: (ctx) => portfolioCard({ ctx, input: undefined }),
      },
    }),
  ],
  guide: portfolioGuide,
};
