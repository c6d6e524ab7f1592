// English UI strings: portfolio. What the first pages show (the navigation's entry, the home card)
// is bundled with the app; the portfolio pages' strings (./portfolio-pages.ts) are added when the
// portfolio's chunk loads (features/portfolio/strings.ts), so they weigh on no first page. The type
// is the whole, so keys are checked everywhere and ko/portfolio.ts must carry all of them.
import type { portfolioPages } from "./portfolio-pages.ts";

const firstPage = {
  title: "Portfolio",
  nav: {
    label: "Portfolio pages",
    overview: "Overview",
    transactions: "Transactions",
    import: "Import",
    screenshot: "Screenshot",
    accounts: "Accounts",
    planning: "Planning",
    connections: "Connections",
  },
  card: {
    title: "Portfolio",
    link: "Open portfolio",
    empty: "No portfolio yet. Import a broker file, add a transaction or load a demo portfolio.",
    emptyAction: "Start your portfolio",
    total: "Total value",
    today: "Today",
    ytd: "This year (TWR)",
    top: "Largest holdings",
  },
} as const;

export const portfolio = firstPage as typeof firstPage & typeof portfolioPages;
