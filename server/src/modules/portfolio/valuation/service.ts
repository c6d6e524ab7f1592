// Valuation verbs: holdings, performance and the return decomposition of one of the user's accounts
// or all of them, in the currency asked for. A foreign account id answers 404.
import { ValidationError } from "../../../platform/errors.ts";
import { isUuid } from "../../../platform/ids.ts";
import { defineVerb } from "../../../platform/verb.ts";
import { decompositionQuery, holdingsQuery, performanceQuery } from "./contracts.ts";
import { holdingsAt } from "./holdings.ts";
import { decomposition, performance } from "./performance.ts";
import { loadScope } from "./scope.ts";

const checkId = (v: string | undefined, field: string) => {
  if (v !== undefined && !isUuid(v)) throw new ValidationError("not an id", `input.${field}`);
};

export const getHoldings = defineVerb({
  name: "portfolio.getHoldings",
  access: "user",
  input: holdingsQuery,
  async run({ ctx, input, actor }) {
    const scope = await loadScope(ctx, actor.userId, input);
    return holdingsAt(scope, input.asOf ?? scope.today);
  },
});

export const getPerformance = defineVerb({
  name: "portfolio.getPerformance",
  access: "user",
  input: performanceQuery,
  async run({ ctx, input, actor }) {
    checkId(input.benchmark, "benchmark");
    const scope = await loadScope(ctx, actor.userId, {
      ...input,
      ...(input.benchmark ? { extraInstruments: [input.benchmark] } : {}),
    });
    if (input.benchmark && !scope.instruments.has(input.benchmark))
      throw new ValidationError("unknown instrument", "input.benchmark");
    return performance(scope, input);
  },
});

export const getDecomposition = defineVerb({
  name: "portfolio.getDecomposition",
  access: "user",
  input: decompositionQuery,
  async run({ ctx, input, actor }) {
    checkId(input.instrumentId, "instrumentId");
    const scope = await loadScope(ctx, actor.userId, input);
    return decomposition(scope, input);
  },
});
