// Zod schema of the portfolio's home card.
import { z } from "zod";

export const portfolioCardOut = z.object({
  /**
   * `empty`: no account or no transaction yet (the card says how to start: import a file, connect a
   * broker, add a transaction or load the demo portfolio); `ok`: figures below; `unvalued`: the
   * ledger exists but cannot be valued now (`message` says why: a missing price or FX rate).
   */
  state: z.enum(["empty", "ok", "unvalued"]),
  accounts: z.number().int(),
  transactions: z.boolean(),
  currency: z.string(),
  totalValue: z.string().nullable(),
  /** The last valuation day's gain (flows excluded) and its time-weighted return. */
  todayChange: z.string().nullable(),
  todayChangePct: z.number().nullable(),
  /** The valuation day the figures are for (the latest close known), and the one before. */
  asOf: z.string().nullable(),
  previousDate: z.string().nullable(),
  message: z.string().nullable(),
});
export type PortfolioCardOut = z.infer<typeof portfolioCardOut>;
