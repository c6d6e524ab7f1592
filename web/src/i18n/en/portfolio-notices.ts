// English sentences of the portfolio's coded explanations, warnings and reasons (the API's `code` and
// `params`: server/src/modules/portfolio/notices/contracts.ts). One entry per code, nested by its dots;
// features/portfolio/notices.ts formats the params (money with its currency, percentages and numbers
// in the user's locale) before they are put in. Loaded with the portfolio's chunk
// (features/portfolio/noticesStrings.ts); Korean comes whole with the Korean chunk.
export const portfolioNotices = {
  xray: {
    nothing: "There is nothing to measure.",
    concentration: {
      none: "There are no positions to measure.",
      spread:
        "{{top}} is {{largestPct}}% of the invested value and the five largest {{top5Pct}}%; the Herfindahl index {{herfindahl}} is as concentrated as {{effectivePositions}} equal positions.",
      high: "{{top}} is {{largestPct}}% of the invested value and the five largest {{top5Pct}}%; the Herfindahl index {{herfindahl}} is as concentrated as {{effectivePositions}} equal positions — a single position's fall would move the whole portfolio.",
    },
    currency: {
      allBase: "Everything is in {{currency}}: exchange rates do not move its value.",
      foreign:
        "{{foreignPct}}% of the portfolio is in currencies other than {{currency}}: its value in {{currency}} moves with their exchange rates.",
      mostlyForeign:
        "{{foreignPct}}% of the portfolio is in currencies other than {{currency}}: its value in {{currency}} moves with their exchange rates, and almost all of it does.",
    },
    cashDrag: {
      cost: "Cash is {{cashPct}}% of the portfolio. Invested at the portfolio's own yearly return of {{yearlyReturnPct}}%, it would earn about {{yearlyCost}} a year.",
      noReturn:
        "Cash is {{cashPct}}% of the portfolio. The portfolio's own return is not known yet, so its cost is not estimated.",
    },
    fees: {
      none: "There is no value to compare fees with.",
      average: "You paid {{fees}} in fees over the last 365 days, {{feePct}}% of the average value.",
      current: "You paid {{fees}} in fees over the last 365 days, {{feePct}}% of the current value.",
    },
    markets: {
      none: "There are no positions to measure.",
      spread: "The largest market, {{topMarket}}, is {{topPct}}% of the invested value.",
      spreadHome:
        "The largest market, {{topMarket}}, is {{topPct}}% of the invested value; your home market ({{homeMarket}}, from the base currency) is {{homePct}}%.",
      oneMarket: "{{topMarket}} is {{topPct}}% of the invested value: nearly everything rides on one market.",
    },
    drift: {
      none: "You have set no target allocation.",
      inside:
        "The largest drift is {{key}} ({{dimension}}) at {{driftPct}} percentage points from its target, inside the {{tolerancePct}} pp band.",
      outside:
        "The largest drift is {{key}} ({{dimension}}) at {{driftPct}} percentage points from its target, outside the {{tolerancePct}} pp band: consider rebalancing.",
    },
  },
  rebalance: {
    buy: "Buy {{quantity}} {{symbol}}: {{slice}} is {{currentPct}}% against a target of {{targetPct}}% ({{driftPct}} pp); paid from {{cashCurrency}} cash.",
    buyConverting:
      "Buy {{quantity}} {{symbol}}: {{slice}} is {{currentPct}}% against a target of {{targetPct}}% ({{driftPct}} pp); paid from {{cashCurrency}} cash, converted to {{instrumentCurrency}}.",
    sell: "Sell {{quantity}} {{symbol}}: {{slice}} is {{currentPct}}% against a target of {{targetPct}}% ({{driftPct}} pp); the sale brings it toward its target and pays for the buys.",
    shortfall: {
      nothingHeld:
        "{{slice}} is {{currentPct}}% against a target of {{targetPct}}% ({{driftPct}} pp), and you hold nothing in it to buy more of: choose an instrument.",
      noCash:
        "{{slice}} is {{currentPct}}% against a target of {{targetPct}}% ({{driftPct}} pp); no cash is left to buy the rest in whole lots.",
      allowSell:
        "{{slice}} is {{currentPct}}% against a target of {{targetPct}}% ({{driftPct}} pp); there is not enough spare cash for the rest — allow selling to fund it.",
    },
    summary: {
      selling:
        "{{count}} trade(s) bring the {{dimension}} slices outside the ±{{tolerancePct}} pp band toward their targets, selling what is over target to fund what is under; quantities are whole lots and no trade is under {{minTrade}}.",
      cashOnly:
        "{{count}} trade(s) bring the {{dimension}} slices outside the ±{{tolerancePct}} pp band toward their targets, spending only spare cash (selling is not allowed); quantities are whole lots and no trade is under {{minTrade}}.",
      impossible: "No trade is possible for {{dimension}} within these rules.",
      impossibleAllowSell:
        "No trade is possible for {{dimension}} within these rules — allowing sales may fund the buys.",
      balanced: "Every {{dimension}} slice is within ±{{tolerancePct}} pp of its target: nothing to trade.",
    },
  },
  planning: {
    shortsLeftOut: "{{count}} short position(s) are left out of planning figures.",
    noRatePosition: "No {{currency}}/{{reportingCurrency}} rate: {{symbol}} is left out.",
    noClose: "{{symbol}} has no close: valued at its average cost.",
    cannotBuy: "{{symbol}} has no close or rate: it cannot be bought in a suggestion.",
    noRateCash: "No {{currency}}/{{reportingCurrency}} rate: {{amount}} of cash is left out.",
    noRateFees: "No {{currency}}/{{reportingCurrency}} rate: {{amount}} of fees are left out.",
    historyUnvalued: "The history could not be valued ({{detail}}): no return, volatility or average value.",
  },
  goal: {
    accountsGone: "{{count}} counted account(s) no longer exist.",
    defaultReturn: "Under 90 days of history: the projection assumes {{returnPct}}% a year.",
    noRange: "Under 60 daily returns in the last year: no range is projected.",
  },
  snapshot: {
    valuesMismatch: "The lines' values add up to {{linesTotal}}; the total read is {{total}}.",
    purchaseMismatch: "The lines' purchase values add up to {{linesTotal}}; the total read is {{total}}.",
    noLines: "No holdings were read from the screenshot: add the lines.",
    lineNoInstrument: "Line {{line}} ({{name}}): no instrument.",
    lineNoQuantity: "Line {{line}} ({{name}}): no quantity.",
    lineNoValue: "Line {{line}} ({{name}}): no value in KRW.",
  },
  sync: {
    unauthorized: "{{broker}} refused the API key (check the key id, secret and environment).",
    rateLimited: "{{broker}}'s rate limit was reached; the sync retries later.",
    httpError: "{{broker}} answered {{status}} to {{path}}: {{detail}}",
    notJson: "{{broker}}'s answer to {{path}} is not JSON.",
    notList: "{{broker}}'s activities are not a list.",
    timedOut: "{{broker}} timed out ({{host}}).",
    unreachable: "{{broker}} could not be reached ({{host}}).",
    flexRequestRefused:
      "{{broker}} refused the request for the Flex statement (error {{brokerCode}}): {{detail}}",
    flexFetchRefused: "{{broker}} refused to hand over the Flex statement (error {{brokerCode}}): {{detail}}",
    flexNotReady: "{{broker}} did not finish the statement in time; the sync retries later.",
    readerMissing: "The Flex XML reader is missing from this build.",
    unknownBroker: "Unknown broker {{broker}}.",
    credentialsUnreadable:
      "The stored credentials cannot be decrypted (was the master key changed?): enter them again.",
    internal: "The sync failed inside Bullpen; nothing was changed. The server log has the details.",
    failed: "The sync failed: {{detail}}",
  },
  mwr: {
    noFlows: "No cash flows to solve for",
    oneSided: "Every flow goes the same way: no rate balances them",
    noRoot: "No yearly rate above −100% balances the flows",
  },
} as const;
