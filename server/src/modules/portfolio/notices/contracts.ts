// The portfolio's explanations, warnings and reasons as the API answers them: a stable `code`, its
// `params` (values, never formatted: money and percentages as decimal strings — percentages in percent,
// "12.5" is 12.5 % —, counts as numbers, symbols, currency codes and ISO dates as strings) and an
// English `message` for API clients. The web renders each code in the user's language from its own
// translations (web/src/i18n/{en,ko}/portfolio-notices.ts, which a test checks against NOTICE_CODES).
//
// NOTICES maps every code to its English sentence; `{{name}}` is replaced by the param `name`.
// Covered: the X-ray's checks, rebalancing's trades, shortfalls and summary, planning's and goals'
// warnings (planning/), a snapshot's checks (snapshots/), a failed broker sync (connections/) and why a
// money-weighted return has no answer (valuation/performance.ts).
import { z } from "zod";

export const NOTICES = {
  // X-ray (planning/xray.ts)
  "xray.nothing": "There is nothing to measure.",
  "xray.concentration.none": "There are no positions to measure.",
  "xray.concentration.spread":
    "{{top}} is {{largestPct}} % of the invested value and the five largest {{top5Pct}} %; the Herfindahl index {{herfindahl}} is as concentrated as {{effectivePositions}} equal positions.",
  "xray.concentration.high":
    "{{top}} is {{largestPct}} % of the invested value and the five largest {{top5Pct}} %; the Herfindahl index {{herfindahl}} is as concentrated as {{effectivePositions}} equal positions — a single position's fall would move the whole portfolio.",
  "xray.currency.allBase": "Everything is in {{currency}}: exchange rates do not move its value.",
  "xray.currency.foreign":
    "{{foreignPct}} % of the portfolio is in currencies other than {{currency}}: its value in {{currency}} moves with their exchange rates.",
  "xray.currency.mostlyForeign":
    "{{foreignPct}} % of the portfolio is in currencies other than {{currency}}: its value in {{currency}} moves with their exchange rates, and almost all of it does.",
  "xray.cashDrag.cost":
    "Cash is {{cashPct}} % of the portfolio. Invested at the portfolio's own yearly return of {{yearlyReturnPct}} %, it would earn about {{yearlyCost}} {{currency}} a year.",
  "xray.cashDrag.noReturn":
    "Cash is {{cashPct}} % of the portfolio. The portfolio's own return is not known yet, so its cost is not estimated.",
  "xray.fees.none": "There is no value to compare fees with.",
  "xray.fees.average":
    "You paid {{fees}} {{currency}} in fees over the last 365 days, {{feePct}} % of the average value.",
  "xray.fees.current":
    "You paid {{fees}} {{currency}} in fees over the last 365 days, {{feePct}} % of the current value.",
  "xray.markets.none": "There are no positions to measure.",
  "xray.markets.spread": "The largest market, {{topMarket}}, is {{topPct}} % of the invested value.",
  "xray.markets.spreadHome":
    "The largest market, {{topMarket}}, is {{topPct}} % of the invested value; your home market ({{homeMarket}}, from the base currency) is {{homePct}} %.",
  "xray.markets.oneMarket":
    "{{topMarket}} is {{topPct}} % of the invested value: nearly everything rides on one market.",
  "xray.drift.none": "You have set no target allocation.",
  "xray.drift.inside":
    "The largest drift is {{key}} ({{dimension}}) at {{driftPct}} percentage points from its target, inside the {{tolerancePct}} pp band.",
  "xray.drift.outside":
    "The largest drift is {{key}} ({{dimension}}) at {{driftPct}} percentage points from its target, outside the {{tolerancePct}} pp band: consider rebalancing.",
  // Rebalancing (planning/rebalance.ts, planning/service.ts)
  "rebalance.buy":
    "Buy {{quantity}} {{symbol}}: {{slice}} is {{currentPct}} % against a target of {{targetPct}} % ({{driftPct}} pp); paid from {{cashCurrency}} cash.",
  "rebalance.buyConverting":
    "Buy {{quantity}} {{symbol}}: {{slice}} is {{currentPct}} % against a target of {{targetPct}} % ({{driftPct}} pp); paid from {{cashCurrency}} cash (converting {{cashCurrency}} cash to {{instrumentCurrency}}).",
  "rebalance.sell":
    "Sell {{quantity}} {{symbol}}: {{slice}} is {{currentPct}} % against a target of {{targetPct}} % ({{driftPct}} pp); the sale brings it toward its target and pays for the buys.",
  "rebalance.shortfall.nothingHeld":
    "{{slice}} is {{currentPct}} % against a target of {{targetPct}} % ({{driftPct}} pp), and you hold nothing in it to buy more of: choose an instrument.",
  "rebalance.shortfall.noCash":
    "{{slice}} is {{currentPct}} % against a target of {{targetPct}} % ({{driftPct}} pp); no cash is left to buy the rest in whole lots.",
  "rebalance.shortfall.allowSell":
    "{{slice}} is {{currentPct}} % against a target of {{targetPct}} % ({{driftPct}} pp); there is not enough spare cash for the rest — allow selling to fund it.",
  "rebalance.summary.selling":
    "{{count}} trade(s) bring the {{dimension}} slices outside the ±{{tolerancePct}} pp band toward their targets, selling what is over target to fund what is under; quantities are whole lots and no trade is under {{minTrade}} {{currency}}.",
  "rebalance.summary.cashOnly":
    "{{count}} trade(s) bring the {{dimension}} slices outside the ±{{tolerancePct}} pp band toward their targets, spending only spare cash (selling is not allowed); quantities are whole lots and no trade is under {{minTrade}} {{currency}}.",
  "rebalance.summary.impossible": "No trade is possible for {{dimension}} within these rules.",
  "rebalance.summary.impossibleAllowSell":
    "No trade is possible for {{dimension}} within these rules — allowing sales may fund the buys.",
  "rebalance.summary.balanced":
    "Every {{dimension}} slice is within ±{{tolerancePct}} pp of its target: nothing to trade.",
  // Planning's figures (planning/book.ts) and goals (planning/goals.ts)
  "planning.shortsLeftOut": "{{count}} short position(s) are left out of planning figures.",
  "planning.noRatePosition": "No {{currency}}/{{reportingCurrency}} rate: {{symbol}} is left out.",
  "planning.noClose": "{{symbol}} has no close: valued at its average cost.",
  "planning.cannotBuy": "{{symbol}} has no close or rate: it cannot be bought in a suggestion.",
  "planning.noRateCash":
    "No {{currency}}/{{reportingCurrency}} rate: {{amount}} {{currency}} cash is left out.",
  "planning.noRateFees":
    "No {{currency}}/{{reportingCurrency}} rate: {{amount}} {{currency}} of fees are left out.",
  "planning.historyUnvalued":
    "The history could not be valued ({{detail}}): no return, volatility or average value.",
  "goal.accountsGone": "{{count}} counted account(s) no longer exist.",
  "goal.defaultReturn": "Under 90 days of history: the projection assumes {{returnPct}} % a year.",
  "goal.noRange": "Under 60 daily returns in the last year: no range is projected.",
  // A screenshot snapshot's checks (snapshots/service.ts); amounts in KRW
  "snapshot.valuesMismatch": "the lines' values add up to {{linesTotal}} KRW; the total is {{total}} KRW",
  "snapshot.purchaseMismatch":
    "the lines' purchase values add up to {{linesTotal}} KRW; the total is {{total}} KRW",
  "snapshot.noLines": "no holdings were read from the screenshot: add the lines",
  "snapshot.lineNoInstrument": "line {{line}} ({{name}}): no instrument",
  "snapshot.lineNoQuantity": "line {{line}} ({{name}}): no quantity",
  "snapshot.lineNoValue": "line {{line}} ({{name}}): no value in KRW",
  // Why a broker sync failed (connections/): nothing was changed
  "sync.unauthorized": "{{broker}} refused the API key (check the key id, secret and environment)",
  "sync.rateLimited": "{{broker}}'s rate limit was reached; the sync retries later",
  "sync.httpError": "{{broker}} answered {{status}} to {{path}}: {{detail}}",
  "sync.notJson": "{{broker}}'s answer to {{path}} is not JSON",
  "sync.notList": "{{broker}}'s activities are not a list",
  "sync.timedOut": "{{broker}} timed out ({{host}})",
  "sync.unreachable": "{{broker}} could not be reached ({{host}})",
  "sync.flexRequestRefused":
    "{{broker}} refused asking for the Flex statement (error {{brokerCode}}): {{detail}}",
  "sync.flexFetchRefused":
    "{{broker}} refused fetching the Flex statement (error {{brokerCode}}): {{detail}}",
  "sync.flexNotReady": "{{broker}} did not finish the statement in time; the sync retries later",
  "sync.readerMissing": "the Flex XML reader is missing from this build",
  "sync.unknownBroker": "unknown broker {{broker}}",
  "sync.credentialsUnreadable":
    "The stored credentials cannot be decrypted (was the master key changed?): enter them again",
  "sync.internal": "The sync failed inside Bullpen; nothing was changed. The server log has the details.",
  "sync.failed": "The sync failed: {{detail}}",
  // Why the money-weighted return has no answer (engine/xirr.ts's reasons)
  "mwr.noFlows": "there are no cash flows to solve for",
  "mwr.oneSided": "every flow goes the same way: no rate makes them balance",
  "mwr.noRoot": "no rate a year above −100 % and below 10^306 % makes the flows balance",
} as const;

export type NoticeCode = keyof typeof NOTICES;
export const NOTICE_CODES = Object.keys(NOTICES) as [NoticeCode, ...NoticeCode[]];
export type NoticeParams = Record<string, string | number | null>;

export interface Notice {
  code: NoticeCode;
  params: NoticeParams;
  message: string;
}

/** The params a code's sentence names, in order of first use. */
export function noticeParams(code: NoticeCode): string[] {
  return [...new Set([...NOTICES[code].matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1] as string))];
}

/** A notice: the code, its params and the English sentence with the params put in. */
export function notice(code: NoticeCode, params: NoticeParams = {}): Notice {
  const message = NOTICES[code].replace(/\{\{(\w+)\}\}/g, (_, k: string) => {
    const v = params[k];
    return v === null || v === undefined ? "?" : String(v);
  });
  return { code, params, message };
}

export const noticeOut = z.object({
  code: z.enum(NOTICE_CODES).describe("Stable code of the sentence; the web translates it"),
  params: z
    .record(z.string(), z.union([z.string(), z.number(), z.null()]))
    .describe(
      "The sentence's values: money and percentages as decimal strings (percent units), counts as numbers, symbols, codes and ISO dates as strings",
    ),
  message: z.string().describe("The sentence in English"),
});
