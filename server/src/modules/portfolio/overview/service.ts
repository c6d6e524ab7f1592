// The portfolio's home card and first-run guide step, from real state: the total value of all the
// user's accounts in the display currency and the last valuation day's change.
import type { Ctx } from "../../../platform/context.ts";
import { AppError } from "../../../platform/errors.ts";
import { defineVerb } from "../../../platform/verb.ts";
import { listAccounts } from "../accounts/repository.ts";
import { analyse } from "../engine/index.ts";
import { hasTransactions } from "../transactions/repository.ts";
import { money } from "../valuation/performance.ts";
import { loadScope, userCurrency, valuing } from "../valuation/scope.ts";
import type { PortfolioCardOut } from "./contracts.ts";

export const portfolioCard = defineVerb({
  name: "portfolio.homeCard",
  access: "user",
  async run({ ctx, actor }): Promise<PortfolioCardOut> {
    const accounts = (await listAccounts(ctx.db, actor.userId)).length;
    const any = accounts > 0 && (await hasTransactions(ctx.db, actor.userId));
    const empty = {
      accounts,
      transactions: any,
      totalValue: null,
      todayChange: null,
      todayChangePct: null,
      asOf: null,
      previousDate: null,
      message: null,
    };
    if (!any) return { state: "empty", currency: await userCurrency(ctx), ...empty };
    try {
      const scope = await loadScope(ctx, actor.userId, {});
      const a = valuing(() =>
        analyse({
          ledger: scope.ledger,
          accounts: scope.accounts,
          currency: scope.currency,
          market: scope.market,
          periods: ["1D"],
          to: scope.today,
        }),
      );
      const f = a.periods[0];
      const v = a.valuation;
      const last = v.dates.length - 1;
      return {
        state: "ok",
        currency: scope.currency,
        accounts,
        transactions: true,
        totalValue: money(last >= 0 ? (v.value[last] as number) : 0, scope),
        todayChange: f ? money(f.decomposition.total, scope) : null,
        todayChangePct: f && Number.isFinite(f.twr) ? f.twr : null,
        asOf: last >= 0 ? (v.dates[last] as string) : null,
        previousDate: f?.startDate ?? null,
        message: null,
      };
    } catch (e) {
      if (e instanceof AppError && e.status === 422)
        return {
          state: "unvalued",
          currency: await userCurrency(ctx),
          ...empty,
          transactions: true,
          message: e.message,
        };
      throw e;
    }
  },
});

/** The guide's step "add your portfolio": done once the user has a transaction. */
export async function portfolioGuide(ctx: Ctx) {
  const userId = ctx.actor?.userId;
  return [{ id: "portfolio.add", order: 5, done: userId ? await hasTransactions(ctx.db, userId) : false }];
}
