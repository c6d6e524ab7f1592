// What every valuation reads: the user's whole ledger replayed (transfers pair rows across accounts),
// the scope (one account, or all of them), the currency figures are stated in (the request's, else
// the account's base for one account, else the user's display currency), and the market data of the
// scope's instruments and currencies.
import type { Ctx } from "../../../platform/context.ts";
import { AppError, NotFoundError } from "../../../platform/errors.ts";
import { minorUnits } from "../../../platform/money.ts";
import { getSettings } from "../../identity/index.ts";
import { instrumentsByIds } from "../../market/index.ts";
import { listAccounts } from "../accounts/repository.ts";
import { ownAccount } from "../accounts/service.ts";
import { type Ledger, LedgerError } from "../engine/index.ts";
import type { MarketData } from "../engine/series.ts";
import { touches } from "../engine/transaction-facts.ts";
import type { Account, Transaction } from "../engine/types.ts";
import { replayedLedger } from "./ledger-cache.ts";
import { loadMarket } from "./market-data.ts";

export interface InstrumentInfo {
  symbol: string;
  name: string;
  currency: string;
  mic: string;
  assetClass: string;
  nameLocal: string | null;
}

export interface Scope {
  userId: string;
  /** Every account of the user (the replay needs them all) and the ones in scope. */
  allAccounts: Account[];
  accounts: Account[];
  accountNames: Map<string, string>;
  currency: string;
  /** Minor units per unit of `currency` (100 for USD, 1 for KRW). */
  scale: number;
  ledger: Ledger;
  /** The scope's transactions, in replay order. */
  transactions: Transaction[];
  market: MarketData;
  instruments: Map<string, InstrumentInfo>;
  today: string;
}

/** 422 for a stored ledger the engine cannot replay or value (an inconsistent import, a missing rate). */
export class ValuationError extends AppError {
  constructor(message: string) {
    super(422, "valuation_impossible", message);
  }
}

export async function userCurrency(ctx: Ctx): Promise<string> {
  try {
    const s = (await getSettings({ ctx, input: undefined })) as { display?: { currency?: string } };
    return s.display?.currency ?? "USD";
  } catch (e) {
    if (e instanceof NotFoundError) return "USD";
    throw e;
  }
}

export async function loadScope(
  ctx: Ctx,
  userId: string,
  opts: { accountId?: string | undefined; currency?: string | undefined; extraInstruments?: string[] },
): Promise<Scope> {
  const rows = await listAccounts(ctx.db, userId);
  const allAccounts = rows.map((a) => ({ id: a.id, baseCurrency: a.baseCurrency }));
  const one = opts.accountId ? await ownAccount(ctx.db, userId, opts.accountId) : null;
  const accounts = one ? allAccounts.filter((a) => a.id === one.id) : allAccounts;
  const currency = opts.currency ?? one?.baseCurrency ?? (await userCurrency(ctx));
  let ledger: Ledger;
  try {
    ledger = await replayedLedger(ctx, userId, allAccounts);
  } catch (e) {
    if (e instanceof LedgerError)
      throw new ValuationError(`the stored ledger cannot be replayed: ${e.message}`);
    throw e;
  }
  const inScope = new Set(accounts.map((a) => a.id));
  const transactions = ledger.applied.filter((t) => inScope.has(t.accountId));
  const instrumentIds = new Set<string>(opts.extraInstruments ?? []);
  const currencies = new Set<string>(accounts.map((a) => a.baseCurrency));
  for (const t of transactions) touches(t, instrumentIds, currencies);
  const today = ctx.clock.now().toISOString().slice(0, 10);
  const first = transactions[0]?.date ?? today;
  const market = await loadMarket(ctx, {
    instrumentIds,
    currencies,
    targets: new Set([currency, ...accounts.map((a) => a.baseCurrency)]),
    from: first,
    to: today,
  });
  const info = await instrumentsByIds(ctx.db, [...instrumentIds]);
  const instruments = new Map(
    [...info.values()].map((i) => [
      i.id,
      {
        symbol: i.symbol,
        name: i.name,
        currency: i.currency,
        mic: i.mic,
        assetClass: i.assetClass,
        nameLocal: i.nameLocal ?? null,
      },
    ]),
  );
  return {
    userId,
    allAccounts,
    accounts,
    accountNames: new Map(rows.map((a) => [a.id, a.name])),
    currency,
    scale: 10 ** minorUnits(currency),
    ledger,
    transactions,
    market,
    instruments,
    today,
  };
}

/** Runs an engine computation, turning its "cannot value" errors (no price, no rate) into a 422. */
export function valuing<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof RangeError) throw new ValuationError(e.message);
    if (e instanceof LedgerError) throw new ValuationError(e.message);
    throw e;
  }
}
