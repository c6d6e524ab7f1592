// Planning verbs: the risk questionnaire and the user's profile, target allocations with their drift
// and rebalancing trades, and the X-ray. Goals are in goals.ts. Every read is the caller's own; an
// account id that is not theirs answers 404.
import type { z } from "zod";
import type { Ctx } from "../../../platform/context.ts";
import { NotFoundError, ValidationError } from "../../../platform/errors.ts";
import { isUuid } from "../../../platform/ids.ts";
import { Decimal, minorUnits } from "../../../platform/money.ts";
import { defineVerb } from "../../../platform/verb.ts";
import { type Notice, notice } from "../notices/contracts.ts";
import { type Book, type BookCash, type BookPosition, loadBook, loadHistory } from "./book.ts";
import {
  allocationsInput,
  allocationsOptions,
  DIMENSIONS,
  type Dimension,
  riskAnswersInput,
  xrayQuery,
} from "./contracts.ts";
import {
  answerProblems,
  MODEL_ALLOCATIONS,
  PROFILE_TYPES,
  type ProfileType,
  QUESTIONNAIRE_VERSION,
  QUESTIONS,
  scoreAnswers,
} from "./questionnaire.ts";
import { type RbHolding, type RbResult, rebalance } from "./rebalance.ts";
import * as repo from "./repository.ts";
import { xray } from "./xray.ts";

const ZERO = new Decimal(0);
const DEFAULT_TOLERANCE = new Decimal(5);
const p4 = (d: Decimal) => d.toDecimalPlaces(4).toString();
const moneyOf = (currency: string) => (d: Decimal) =>
  d.toDecimalPlaces(minorUnits(currency)).toFixed(minorUnits(currency));

/** The caller's account (404 for a foreign or malformed id), or null for "all accounts". */
async function scopeAccount(
  ctx: Ctx,
  userId: string,
  accountId: string | null | undefined,
): Promise<string | null> {
  if (accountId === undefined || accountId === null) return null;
  const own = isUuid(accountId)
    ? (await repo.listAccounts(ctx.db, userId)).find((a) => a.id === accountId)
    : undefined;
  if (!own) throw new NotFoundError("Account not found");
  return own.id;
}

// Risk profile

const profileBands: Record<ProfileType, [number, number]> = {
  conservative: [0, 20],
  moderate: [21, 40],
  balanced: [41, 60],
  growth: [61, 80],
  aggressive: [81, 100],
};

export const riskQuestions = defineVerb({
  name: "portfolio.riskQuestions",
  access: "user",
  async run() {
    return {
      version: QUESTIONNAIRE_VERSION,
      questions: QUESTIONS.map((q) => ({
        id: q.id,
        weight: q.weight,
        options: q.options.map((o) => ({ ...o })),
      })),
      profiles: PROFILE_TYPES.map((type) => ({
        type,
        minScore: profileBands[type][0],
        maxScore: profileBands[type][1],
        modelAllocation: MODEL_ALLOCATIONS[type],
      })),
      scoring:
        "Each answer scores its option's points ÷ the question's highest points × the question's weight; the score is that sum ÷ the sum of weights × 100, rounded (0–100). A horizon under a year caps the profile at conservative, under three years at moderate.",
    };
  },
});

function profileView(row: repo.RiskProfileRow | undefined) {
  if (!row) return { profile: null };
  const stored = row.answers as { version?: string; answers?: Record<string, string> };
  const answers = stored.answers ?? {};
  const valid = answerProblems(answers).length === 0;
  const scored = valid ? scoreAnswers(answers) : null;
  const type = row.profileType as ProfileType;
  return {
    profile: {
      version: stored.version ?? QUESTIONNAIRE_VERSION,
      answers,
      score: row.score,
      profileType: type,
      scoreProfileType: scored?.scoreProfileType ?? type,
      cappedBy: scored?.cappedBy ?? null,
      contributions: scored?.contributions ?? [],
      modelAllocation: MODEL_ALLOCATIONS[type],
      completedAt: new Date(row.completedAt).toISOString(),
    },
  };
}

export const getRiskProfile = defineVerb({
  name: "portfolio.getRiskProfile",
  access: "user",
  async run({ ctx, actor }) {
    return profileView(await repo.findRiskProfile(ctx.db, actor.userId));
  },
});

export const saveRiskProfile = defineVerb({
  name: "portfolio.saveRiskProfile",
  access: "user",
  input: riskAnswersInput,
  write: true,
  async run({ ctx, input, actor }) {
    const problems = answerProblems(input.answers);
    if (problems.length)
      throw new ValidationError(
        problems.map((p) => `input.answers.${p.questionId}: ${p.message}`).join("; "),
      );
    const s = scoreAnswers(input.answers);
    const row = await repo.upsertRiskProfile(ctx.db, {
      userId: actor.userId,
      answers: { version: QUESTIONNAIRE_VERSION, answers: input.answers },
      score: s.score,
      profileType: s.profileType,
      completedAt: ctx.clock.now(),
    });
    return profileView(row);
  },
  audit: ({ result }) => ({
    eventType: "portfolio.planning",
    action: "risk_profile",
    resourceType: "portfolio_risk_profile",
    newValues: { score: result.profile?.score, profileType: result.profile?.profileType },
  }),
});

// Allocations

/** A position's slice key in a dimension, and a cash balance's. */
export function sliceKey(dim: Dimension, p: BookPosition): string {
  switch (dim) {
    case "assetClass":
      return p.assetClass;
    case "market":
      return p.country ?? "other";
    case "sector":
      return p.sector ?? "unknown";
    case "currency":
      return p.currency;
    case "instrument":
      return p.instrumentId;
  }
}
export const cashKey = (dim: Dimension) => (currency: string) => (dim === "currency" ? currency : "cash");

const KR_MICS = new Set(["XKRX", "XKOS", "XKON"]);
/** The trading lot: 1 share on KRX; 1 share on US markets unless fractional shares are allowed. */
export function lotOf(p: BookPosition, fractional: boolean): Decimal {
  if (p.assetClass === "crypto") return new Decimal("0.00000001");
  if (p.country === "KR" || KR_MICS.has(p.mic)) return new Decimal(1);
  if (p.country === "US" && fractional) return new Decimal("0.0001");
  return new Decimal(1);
}

/** A target's key as slices name it: asset classes lower-case, markets and currencies upper-case. */
function normaliseKey(dim: Dimension, raw: string, field: string): string {
  if (raw.toLowerCase() === "cash" && dim !== "currency") return "cash";
  switch (dim) {
    case "assetClass": {
      const k = raw.toLowerCase();
      if (!/^[a-z]{2,16}$/.test(k))
        throw new ValidationError("expected an asset class such as equity, bond or etf, or cash", field);
      return k;
    }
    case "market": {
      const k = raw.toUpperCase();
      if (k === "OTHER") return "other";
      if (!/^[A-Z]{2}$/.test(k))
        throw new ValidationError("expected a country code such as KR or US, other or cash", field);
      return k;
    }
    case "currency": {
      const k = raw.toUpperCase();
      if (!/^[A-Z]{3}$/.test(k))
        throw new ValidationError("expected an ISO 4217 currency code such as USD", field);
      return k;
    }
    case "instrument":
      if (!isUuid(raw)) throw new ValidationError("expected an instrument id (or cash)", field);
      return raw.toLowerCase();
    case "sector":
      return raw;
  }
}

interface AllocOptions {
  dimension?: Dimension;
  allowSell: boolean;
  fractional: boolean;
  minTrade: Decimal;
  tolerance: Decimal;
}

function runDimension(
  book: Book,
  targets: repo.TargetRow[],
  dim: Dimension,
  o: AllocOptions,
  trade: boolean,
): RbResult {
  // Instruments with a target but not held can be bought too (the instrument dimension only).
  const pool = dim === "instrument" ? [...book.positions, ...book.candidates] : book.positions;
  const holdings: RbHolding[] = pool.map((p) => ({
    accountId: p.accountId,
    instrumentId: p.instrumentId,
    symbol: p.symbol,
    key: sliceKey(dim, p),
    quantity: p.quantity,
    price: p.price,
    currency: p.currency,
    fx: p.fx,
    lot: lotOf(p, o.fractional),
  }));
  const cash = book.cash.map((c: BookCash) => ({
    accountId: c.accountId,
    currency: c.currency,
    amount: c.amount,
    fx: c.fx,
  }));
  return rebalance(
    holdings,
    cash,
    targets.filter((t) => t.dimension === dim).map((t) => ({ key: t.key, pct: new Decimal(t.targetPct) })),
    {
      allowSell: o.allowSell,
      // A trade can never reach this: the dimensions not being rebalanced are only measured.
      minTradeValue: trade ? o.minTrade : new Decimal("1e30"),
      tolerancePct: o.tolerance,
      cashKey: cashKey(dim),
    },
  );
}

async function allocationsView(
  ctx: Ctx,
  userId: string,
  accountId: string | null,
  currency: string | undefined,
  o: AllocOptions,
) {
  const targets = await repo.listTargets(ctx.db, userId, accountId);
  const book = await loadBook(ctx, userId, {
    accountIds: accountId ? [accountId] : undefined,
    currency,
    alsoPrice: targets.filter((t) => t.dimension === "instrument" && t.key !== "cash").map((t) => t.key),
  });
  const m = moneyOf(book.currency);
  const withTargets = DIMENSIONS.filter((d) => targets.some((t) => t.dimension === d));
  const chosen = o.dimension ?? withTargets[0] ?? null;
  const labels = new Map([...book.positions, ...book.candidates].map((p) => [p.instrumentId, p.symbol]));
  // In the instrument dimension a slice is an instrument id: its explanations name the symbol.
  const named = (n: Notice): Notice =>
    chosen === "instrument" && typeof n.params.slice === "string" && labels.has(n.params.slice)
      ? notice(n.code, { ...n.params, slice: labels.get(n.params.slice) as string })
      : n;
  let rebalanceOut = null;
  const dimensions = DIMENSIONS.map((dim) => {
    const trade = dim === chosen && withTargets.includes(dim);
    const r = runDimension(book, targets, dim, o, trade);
    if (trade)
      rebalanceOut = {
        dimension: dim,
        allowSell: o.allowSell,
        fractional: o.fractional,
        minTradeValue: m(o.minTrade),
        trades: r.trades.map((t) => ({
          action: t.action,
          accountId: t.accountId,
          instrumentId: t.instrumentId,
          symbol: t.symbol,
          slice: t.key,
          quantity: t.quantity.toString(),
          price: t.price.toString(),
          instrumentCurrency: t.currency,
          amount: moneyOf(t.currency)(t.amount),
          value: m(t.value),
          fundedBy: t.fundedBy
            ? { currency: t.fundedBy.currency, amount: moneyOf(t.fundedBy.currency)(t.fundedBy.amount) }
            : null,
          explanation: named(t.reason),
        })),
        shortfalls: r.shortfalls.map((s) => ({
          slice: s.key,
          value: m(s.value),
          explanation: named(s.reason),
        })),
        explanation: r.trades.length
          ? notice(o.allowSell ? "rebalance.summary.selling" : "rebalance.summary.cashOnly", {
              count: r.trades.length,
              dimension: dim,
              tolerancePct: p4(o.tolerance),
              minTrade: m(o.minTrade),
              currency: book.currency,
            })
          : r.slices.some((s) => s.status !== "within")
            ? notice(o.allowSell ? "rebalance.summary.impossible" : "rebalance.summary.impossibleAllowSell", {
                dimension: dim,
              })
            : notice("rebalance.summary.balanced", { dimension: dim, tolerancePct: p4(o.tolerance) }),
      };
    const maxDrift = r.slices.reduce<Decimal | null>(
      (mx, s) => (mx === null || s.driftPct.abs().gt(mx.abs()) ? s.driftPct : mx),
      null,
    );
    return {
      dimension: dim,
      hasTargets: withTargets.includes(dim),
      maxDriftPct: withTargets.includes(dim) && maxDrift ? p4(maxDrift) : null,
      slices: r.slices.map((s) => ({
        key: s.key,
        label: dim === "instrument" ? (labels.get(s.key) ?? s.key) : s.key,
        targetPct: p4(s.targetPct),
        value: m(s.value),
        currentPct: p4(s.currentPct),
        driftPct: p4(s.driftPct),
        driftValue: m(s.driftValue),
        status: s.status,
        valueAfter: m(s.valueAfter),
        pctAfter: p4(s.pctAfter),
      })),
    };
  });
  return {
    accountId,
    currency: book.currency,
    asOf: book.asOf,
    total: m(book.total),
    tolerancePct: p4(o.tolerance),
    targets: targets.map((t) => ({
      dimension: t.dimension as Dimension,
      key: t.key,
      targetPct: p4(new Decimal(t.targetPct)),
    })),
    dimensions,
    rebalance: rebalanceOut,
    warnings: book.warnings,
  };
}

const optionsOf = (q: z.output<typeof allocationsOptions>): AllocOptions => ({
  dimension: q.dimension,
  allowSell: q.allowSell,
  fractional: q.fractional,
  minTrade: q.minTrade ? new Decimal(q.minTrade) : ZERO,
  tolerance: q.tolerance ? new Decimal(q.tolerance) : DEFAULT_TOLERANCE,
});

export const getAllocations = defineVerb({
  name: "portfolio.getAllocations",
  access: "user",
  input: allocationsOptions,
  async run({ ctx, input, actor }) {
    const accountId = await scopeAccount(ctx, actor.userId, input.accountId);
    if (input.tolerance && new Decimal(input.tolerance).gt(100))
      throw new ValidationError("must be at most 100 percentage points", "input.tolerance");
    return allocationsView(ctx, actor.userId, accountId, input.currency, optionsOf(input));
  },
});

export const saveAllocations = defineVerb({
  name: "portfolio.saveAllocations",
  access: "user",
  input: allocationsInput,
  write: true,
  async run({ ctx, input, actor }) {
    const accountId = await scopeAccount(ctx, actor.userId, input.accountId);
    const dims = DIMENSIONS.filter((d) => input.targets[d] !== undefined);
    if (!dims.length)
      throw new ValidationError(`give at least one of ${DIMENSIONS.join(", ")}`, "input.targets");
    const rows: { dimension: string; key: string; targetPct: string }[] = [];
    for (const dim of dims) {
      const list = input.targets[dim] ?? [];
      const seen = new Set<string>();
      let sum = ZERO;
      for (const [i, t] of list.entries()) {
        const field = `input.targets.${dim}.${i}`;
        const key = normaliseKey(dim, t.key, `${field}.key`);
        if (seen.has(key)) throw new ValidationError(`${key} is listed twice`, `${field}.key`);
        seen.add(key);
        const pct = new Decimal(t.pct);
        if (pct.gt(100)) throw new ValidationError("must be between 0 and 100", `${field}.pct`);
        sum = sum.plus(pct);
        rows.push({
          dimension: dim,
          key: dim === "market" && key === "CASH" ? "cash" : key,
          targetPct: pct.toString(),
        });
      }
      if (list.length && !sum.eq(100))
        throw new ValidationError(
          `the targets sum to ${sum.toString()} %; they must sum to 100 %`,
          `input.targets.${dim}`,
        );
    }
    const before = await repo.listTargets(ctx.db, actor.userId, accountId);
    await repo.replaceTargets(ctx.db, actor.userId, accountId, dims, rows);
    return {
      accountId,
      dimensions: dims,
      rows,
      before: before.filter((b) => dims.includes(b.dimension as Dimension)),
    };
  },
  audit: ({ result }) => ({
    eventType: "portfolio.planning",
    action: "allocations",
    resourceType: "portfolio_target_allocations",
    resourceId: result.accountId,
    oldValues: {
      targets: result.before.map((b) => ({ dimension: b.dimension, key: b.key, pct: b.targetPct })),
    },
    newValues: { dimensions: result.dimensions, targets: result.rows },
  }),
});

/** After a save: the allocations as GET answers them, with the default options. */
export async function allocationsAfterSave(ctx: Ctx, accountId: string | null) {
  return getAllocations({ ctx, input: accountId ? { accountId } : {} });
}

// X-ray

export const getXray = defineVerb({
  name: "portfolio.xray",
  access: "user",
  input: xrayQuery,
  async run({ ctx, input, actor }) {
    const accountId = await scopeAccount(ctx, actor.userId, input.accountId);
    const tolerance = input.tolerance ? new Decimal(input.tolerance) : DEFAULT_TOLERANCE;
    const book = await loadBook(ctx, actor.userId, {
      accountIds: accountId ? [accountId] : undefined,
      currency: input.currency,
    });
    const history = await loadHistory(ctx, book);
    const targets = await repo.listTargets(ctx.db, actor.userId, accountId);
    const o: AllocOptions = { allowSell: false, fractional: false, minTrade: ZERO, tolerance };
    const drifts = DIMENSIONS.filter((d) => targets.some((t) => t.dimension === d)).flatMap((dim) => {
      const worst = runDimension(book, targets, dim, o, false).slices.sort((a, b) =>
        b.driftPct.abs().cmp(a.driftPct.abs()),
      )[0];
      // An instrument slice is named by its symbol.
      const key =
        dim === "instrument"
          ? (book.positions.find((p) => p.instrumentId === worst?.key)?.symbol ?? worst?.key)
          : worst?.key;
      return worst ? [{ dimension: dim, key: key as string, driftPct: worst.driftPct }] : [];
    });
    const m = moneyOf(book.currency);
    const checks = xray({
      baseCurrency: book.currency,
      positions: book.positions.map((p) => ({
        key: p.instrumentId,
        label: p.symbol,
        value: p.value,
        currency: p.currency,
        market: p.country,
      })),
      cash: book.cash.map((c) => ({ currency: c.currency, value: c.value })),
      feesLastYear: history.feesLastYear,
      averageValue: history.days >= 30 ? history.averageValue : null,
      yearlyReturnPct: history.yearlyReturnPct,
      drifts,
      tolerancePct: tolerance,
    });
    return {
      accountId,
      currency: book.currency,
      asOf: book.asOf,
      total: m(book.total),
      history: {
        days: history.days,
        firstDate: history.firstDate,
        yearlyReturnPct: history.yearlyReturnPct ? p4(history.yearlyReturnPct) : null,
        volatilityPct: history.volatilityPct ? p4(history.volatilityPct) : null,
      },
      checks,
      warnings: book.warnings,
    };
  },
});
