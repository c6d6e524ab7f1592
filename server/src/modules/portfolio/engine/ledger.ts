// Replays the ledger from zero: positions with their lots and moving-average books, cash per
// currency, a realisation per sale. Transactions go in date order (the order given within a day);
// the same rows give the same holdings however they are split into batches.
import { Decimal } from "../../../platform/money.ts";
import { LedgerError } from "./errors.ts";
import { type Lot, type LotSlice, Position, type Side, TakeError } from "./position.ts";
import type { Account, IsoDate, Origin, Transaction } from "./types.ts";

const ZERO = new Decimal(0);
const ONE = new Decimal(1);

/** What a sale, a cover, or a return of capital beyond cost realised. */
export interface Realisation {
  transactionId: string;
  accountId: string;
  instrumentId: string;
  date: IsoDate;
  kind: "sell" | "cover" | "returnOfCapital";
  quantity: Decimal;
  /** Sell: what the sale brought in, fees deducted. Cover: what buying back cost, fees included. */
  proceeds: Decimal;
  proceedsBase: Decimal;
  /** The lots closed (FIFO or picked) and their cost; for a cover, what the short sales brought in. */
  lots: LotSlice[];
  cost: Decimal;
  costBase: Decimal;
  pnl: Decimal;
  pnlBase: Decimal;
  /** The same sale against the moving-average cost (what Korean brokers report). */
  averageCost: Decimal;
  averageCostBase: Decimal;
  pnlAverage: Decimal;
  pnlAverageBase: Decimal;
  origin: Origin;
}

export interface Holding {
  accountId: string;
  instrumentId: string;
  currency: string;
  side: Side;
  /** Signed: negative for a short. */
  quantity: Decimal;
  /** Moving-average price per unit and the book's total cost (local and base currency). */
  averagePrice: Decimal;
  averageCost: Decimal;
  averageCostBase: Decimal;
  lots: Lot[];
  lotCost: Decimal;
  lotCostBase: Decimal;
}

export interface AccountHoldings {
  accountId: string;
  baseCurrency: string;
  holdings: Holding[];
  cash: { currency: string; amount: Decimal }[];
}

/** What the replay resolved that the transaction itself does not say (for the valuation). */
export interface Resolved {
  /** Spin-off: units of the new instrument received. */
  spunOffQuantity?: Decimal;
}

interface AccountState {
  account: Account;
  positions: Map<string, Position>;
  cash: Map<string, Decimal>;
}

interface InTransit {
  fromAccountId: string;
  instrumentId: string;
  slices: LotSlice[];
  baseCurrency: string;
  date: IsoDate;
}

export class Ledger {
  private readonly accounts = new Map<string, AccountState>();
  private readonly inTransit = new Map<string, InTransit>();
  private readonly seenTransfers = new Set<string>();
  private readonly ids = new Set<string>();
  private lastDate = "";
  /** Arrivals whose transferOut (same day, another account) has not been applied yet. */
  private parked: Extract<Transaction, { type: "transferIn" }>[] = [];
  readonly realisations: Realisation[] = [];
  readonly resolved = new Map<string, Resolved>();
  /** Every applied transaction, in replay order. */
  readonly applied: Transaction[] = [];

  constructor(accounts: readonly Account[]) {
    for (const account of accounts)
      this.accounts.set(account.id, { account, positions: new Map(), cash: new Map() });
  }

  /**
   * Applies a batch, sorted by date (stable: same-day rows keep their order). A batch may not go
   * back before what was already applied: a back-dated row means replaying from zero.
   */
  apply(batch: readonly Transaction[]): this {
    const sorted = [...batch].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    for (const tx of sorted) {
      if (this.parked.length && tx.date > this.parked[0].date) this.settle();
      if (tx.date < this.lastDate)
        throw new LedgerError(tx, `dated before ${this.lastDate}, already replayed: replay from zero`);
      if (this.ids.has(tx.id)) throw new LedgerError(tx, "the same transaction id appears twice");
      this.ids.add(tx.id);
      this.lastDate = tx.date;
      // Two accounts' rows of one day come in any order: an arrival waits for its departure.
      if (tx.type === "transferIn" && !this.inTransit.has(tx.transferId) && !tx.lots?.length) {
        this.parked.push(tx);
        continue;
      }
      this.run(tx);
      if (tx.type === "transferOut") {
        const waiting = this.parked.findIndex((p) => p.transferId === tx.transferId);
        if (waiting >= 0) this.run(this.parked.splice(waiting, 1)[0]);
      }
    }
    return this;
  }

  /** Fails on an arrival whose departure never came; called before any figure is read. */
  settle(): this {
    const [tx] = this.parked;
    if (tx)
      throw new LedgerError(
        tx,
        `transfer ${tx.transferId} has no transferOut on its day and says nothing of its lots' cost`,
      );
    return this;
  }

  private run(tx: Transaction): void {
    try {
      this.one(tx);
    } catch (e) {
      if (e instanceof TakeError) throw new LedgerError(tx, e.message, e.field);
      throw e;
    }
    this.applied.push(tx);
  }

  /** Transfers that left an account and have not arrived anywhere yet. */
  pendingTransfers(): string[] {
    return [...this.inTransit.keys()];
  }

  holdings(): AccountHoldings[] {
    this.settle();
    return [...this.accounts.values()].map(({ account, positions, cash }) => ({
      accountId: account.id,
      baseCurrency: account.baseCurrency,
      holdings: [...positions.values()]
        .filter((p) => p.isOpen())
        .sort((a, b) => (a.instrumentId < b.instrumentId ? -1 : 1))
        .map((p) => ({
          accountId: account.id,
          instrumentId: p.instrumentId,
          currency: p.currency,
          side: p.side,
          quantity: p.signedQuantity(),
          averagePrice: p.averageCost.div(p.quantity),
          averageCost: p.averageCost,
          averageCostBase: p.averageCostBase,
          lots: p.lots.map((l) => ({ ...l })),
          lotCost: p.lots.reduce((a, l) => a.plus(l.cost), ZERO),
          lotCostBase: p.lots.reduce((a, l) => a.plus(l.costBase), ZERO),
        })),
      cash: [...cash.entries()]
        .filter(([, amount]) => !amount.isZero())
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([currency, amount]) => ({ currency, amount })),
    }));
  }

  private state(tx: Transaction): AccountState {
    const s = this.accounts.get(tx.accountId);
    if (!s) throw new LedgerError(tx, `unknown account ${tx.accountId}`);
    return s;
  }

  private position(s: AccountState, instrumentId: string, currency: string): Position {
    let p = s.positions.get(instrumentId);
    if (!p) {
      p = new Position(instrumentId, currency);
      s.positions.set(instrumentId, p);
    } else if (!p.isOpen()) p.currency = currency;
    return p;
  }

  private existing(tx: Transaction, s: AccountState, instrumentId: string): Position {
    const p = s.positions.get(instrumentId);
    if (!p?.isOpen()) throw new LedgerError(tx, `no position in ${instrumentId}`);
    return p;
  }

  private addCash(s: AccountState, currency: string, delta: Decimal): void {
    s.cash.set(currency, (s.cash.get(currency) ?? ZERO).plus(delta));
  }

  private one(tx: Transaction): void {
    const s = this.state(tx);
    positive(tx);
    baseRates(tx, s.account.baseCurrency);
    switch (tx.type) {
      case "buy":
      case "short": {
        const fee = tx.fee ?? ZERO;
        const gross = tx.quantity.times(tx.price);
        // A buy's lot costs what was paid; a short lot "costs" what the sale brought in.
        const cost = fee.isZero() ? gross : tx.type === "buy" ? gross.plus(fee) : gross.minus(fee);
        const side: Side = tx.type === "buy" ? "long" : "short";
        this.position(s, tx.instrumentId, tx.currency).add(side, {
          id: tx.id,
          quantity: tx.quantity,
          cost,
          costBase: inBase(cost, tx.fxRate),
          acquiredDate: tx.date,
          transactionId: tx.id,
          origin: tx.origin,
        });
        this.addCash(s, tx.currency, tx.type === "buy" ? cost.neg() : cost);
        return;
      }
      case "sell":
      case "cover": {
        const fee = tx.fee ?? ZERO;
        const gross = tx.quantity.times(tx.price);
        const p = s.positions.get(tx.instrumentId) ?? new Position(tx.instrumentId, tx.currency);
        const long = tx.type === "sell";
        const taken = p.take(long ? "long" : "short", tx.quantity, tx.lots);
        const cash = fee.isZero() ? gross : tx.type === "sell" ? gross.minus(fee) : gross.plus(fee);
        const cashBase = inBase(cash, tx.fxRate);
        const cost = taken.slices.reduce((a, l) => a.plus(l.cost), ZERO);
        const costBase = taken.slices.reduce((a, l) => a.plus(l.costBase), ZERO);
        this.realisations.push({
          transactionId: tx.id,
          accountId: tx.accountId,
          instrumentId: tx.instrumentId,
          date: tx.date,
          kind: tx.type,
          quantity: tx.quantity,
          proceeds: cash,
          proceedsBase: cashBase,
          lots: taken.slices,
          cost,
          costBase,
          pnl: long ? cash.minus(cost) : cost.minus(cash),
          pnlBase: long ? cashBase.minus(costBase) : costBase.minus(cashBase),
          averageCost: taken.averageCost,
          averageCostBase: taken.averageCostBase,
          pnlAverage: long ? cash.minus(taken.averageCost) : taken.averageCost.minus(cash),
          pnlAverageBase: long
            ? cashBase.minus(taken.averageCostBase)
            : taken.averageCostBase.minus(cashBase),
          origin: tx.origin,
        });
        this.addCash(s, tx.currency, tx.type === "sell" ? cash : cash.neg());
        return;
      }
      case "dividend":
        this.addCash(s, tx.currency, tx.amount.minus(tx.withholdingTax ?? ZERO));
        return;
      case "interest":
      case "deposit":
        this.addCash(s, tx.currency, tx.amount);
        return;
      case "fee":
      case "tax":
      case "withdrawal":
        this.addCash(s, tx.currency, tx.amount.neg());
        return;
      case "conversion":
        this.addCash(s, tx.fromCurrency, tx.fromAmount.plus(tx.fee ?? ZERO).neg());
        this.addCash(s, tx.toCurrency, tx.toAmount);
        return;
      case "split":
        this.existing(tx, s, tx.instrumentId).split(tx.ratio);
        return;
      case "returnOfCapital": {
        const p = this.existing(tx, s, tx.instrumentId);
        if (p.side !== "long") throw new LedgerError(tx, "a return of capital on a short position");
        const base = tx.amount.times(tx.fxRate);
        const g = p.reduceCost(tx.amount, base);
        this.addCash(s, tx.currency, tx.amount);
        if (!g.gain.isZero() || !g.averageGain.isZero())
          this.realisations.push({
            transactionId: tx.id,
            accountId: tx.accountId,
            instrumentId: tx.instrumentId,
            date: tx.date,
            kind: "returnOfCapital",
            quantity: ZERO,
            proceeds: g.gain,
            proceedsBase: g.gainBase,
            lots: [],
            cost: ZERO,
            costBase: ZERO,
            pnl: g.gain,
            pnlBase: g.gainBase,
            averageCost: ZERO,
            averageCostBase: ZERO,
            pnlAverage: g.averageGain,
            pnlAverageBase: g.averageGainBase,
            origin: tx.origin,
          });
        return;
      }
      case "spinOff": {
        const parent = this.existing(tx, s, tx.instrumentId);
        if (parent.side !== "long") throw new LedgerError(tx, "a spin-off on a short position");
        if (tx.costFraction.gt(1)) throw new LedgerError(tx, "costFraction must be between 0 and 1");
        const parentAverage = parent.averageCost.times(tx.costFraction);
        const parentAverageBase = parent.averageCostBase.times(tx.costFraction);
        const moved = parent.carveCost(tx.costFraction);
        const child = this.position(s, tx.newInstrumentId, tx.newCurrency ?? parent.currency);
        let received = ZERO;
        for (const m of moved) {
          const quantity = m.quantity.times(tx.quantityRatio);
          received = received.plus(quantity);
          child.add("long", {
            id: `${m.lotId}>${tx.id}`,
            quantity,
            cost: m.cost,
            costBase: m.costBase,
            acquiredDate: m.acquiredDate,
            transactionId: tx.id,
            origin: tx.origin,
          });
        }
        // carveCost moved the average book's share; the lots it added must not count twice there.
        child.averageCost = child.averageCost
          .minus(moved.reduce((a, m) => a.plus(m.cost), ZERO))
          .plus(parentAverage);
        child.averageCostBase = child.averageCostBase
          .minus(moved.reduce((a, m) => a.plus(m.costBase), ZERO))
          .plus(parentAverageBase);
        this.resolved.set(tx.id, { spunOffQuantity: received });
        return;
      }
      case "transferOut": {
        if (this.seenTransfers.has(`out:${tx.transferId}`))
          throw new LedgerError(tx, `transfer ${tx.transferId} already left once`);
        this.seenTransfers.add(`out:${tx.transferId}`);
        const p = s.positions.get(tx.instrumentId);
        if (!p?.isOpen() || p.side !== "long")
          throw new LedgerError(tx, `no long position in ${tx.instrumentId} to transfer`);
        const taken = p.take("long", tx.quantity, tx.lots);
        this.inTransit.set(tx.transferId, {
          fromAccountId: tx.accountId,
          instrumentId: tx.instrumentId,
          slices: taken.slices,
          baseCurrency: s.account.baseCurrency,
          date: tx.date,
        });
        return;
      }
      case "transferIn": {
        if (this.seenTransfers.has(`in:${tx.transferId}`))
          throw new LedgerError(tx, `transfer ${tx.transferId} already arrived once`);
        this.seenTransfers.add(`in:${tx.transferId}`);
        const p = this.position(s, tx.instrumentId, tx.currency);
        const moving = this.inTransit.get(tx.transferId);
        if (moving) {
          if (moving.instrumentId !== tx.instrumentId)
            throw new LedgerError(tx, `transfer ${tx.transferId} left as ${moving.instrumentId}`);
          const sent = moving.slices.reduce((a, l) => a.plus(l.quantity), ZERO);
          if (!sent.eq(tx.quantity))
            throw new LedgerError(tx, `transfer ${tx.transferId} sent ${sent}, not ${tx.quantity}`);
          this.inTransit.delete(tx.transferId);
          // Same base currency: the base cost travels as it was; otherwise it is restated at the
          // arrival rate (the original rates of another base are not in this account's terms).
          const sameBase = moving.baseCurrency === s.account.baseCurrency;
          for (const l of moving.slices)
            p.add("long", {
              id: l.lotId,
              quantity: l.quantity,
              cost: l.cost,
              costBase: sameBase ? l.costBase : l.cost.times(tx.fxRate),
              acquiredDate: l.acquiredDate,
              transactionId: l.transactionId,
              origin: l.origin,
            });
          return;
        }
        if (!tx.lots?.length)
          throw new LedgerError(
            tx,
            `transfer ${tx.transferId} has no transferOut before it and says nothing of its lots' cost`,
          );
        const total = tx.lots.reduce((a, l) => a.plus(l.quantity), ZERO);
        if (!total.eq(tx.quantity))
          throw new LedgerError(tx, `its lots add up to ${total}, not ${tx.quantity}`);
        for (const [i, l] of tx.lots.entries())
          p.add("long", {
            id: `${tx.id}#${i + 1}`,
            quantity: l.quantity,
            cost: l.cost,
            costBase: l.costBase ?? l.cost.times(tx.fxRate),
            acquiredDate: l.acquiredDate,
            transactionId: tx.id,
            origin: tx.origin,
          });
        return;
      }
    }
  }
}

/** Rejects amounts that make no sense in any sequence (the sign is the type's job). */
function positive(tx: Transaction): void {
  const check = (value: Decimal | undefined, name: string, allowZero = false) => {
    if (value === undefined) return;
    if (value.isNegative() || (!allowZero && value.isZero()))
      throw new LedgerError(tx, `${name} must be ${allowZero ? "zero or more" : "positive"}, not ${value}`);
  };
  switch (tx.type) {
    case "buy":
    case "sell":
    case "short":
    case "cover":
      check(tx.quantity, "quantity");
      check(tx.price, "price", true);
      check(tx.fee, "fee", true);
      check(tx.fxRate, "fxRate");
      return;
    case "interest":
      check(tx.fxRate, "fxRate");
      return;
    case "dividend":
      check(tx.amount, "amount", true);
      check(tx.withholdingTax, "withholdingTax", true);
      check(tx.fxRate, "fxRate");
      if (tx.withholdingTax?.gt(tx.amount)) throw new LedgerError(tx, "withholding tax exceeds the dividend");
      return;
    case "fee":
    case "tax":
    case "deposit":
    case "withdrawal":
    case "returnOfCapital":
      check(tx.amount, "amount");
      check(tx.fxRate, "fxRate");
      return;
    case "split":
      check(tx.ratio, "ratio");
      return;
    case "spinOff":
      check(tx.quantityRatio, "quantityRatio");
      check(tx.costFraction, "costFraction", true);
      return;
    case "transferOut":
      check(tx.quantity, "quantity");
      return;
    case "transferIn":
      check(tx.quantity, "quantity");
      check(tx.fxRate, "fxRate");
      return;
    case "conversion":
      check(tx.fromAmount, "fromAmount");
      check(tx.toAmount, "toAmount");
      check(tx.fromFxRate, "fromFxRate");
      check(tx.toFxRate, "toFxRate");
      check(tx.fee, "fee", true);
      return;
  }
}

/** An amount in the base currency: most rows are in it already, and a multiplication costs. */
const inBase = (amount: Decimal, rate: Decimal) => (rate.eq(ONE) ? amount : amount.times(rate));

/** The base currency's own rate is 1: anything else would make base figures disagree with cash. */
function baseRates(tx: Transaction, base: string): void {
  const pairs: [string, Decimal][] =
    tx.type === "conversion"
      ? [
          [tx.fromCurrency, tx.fromFxRate],
          [tx.toCurrency, tx.toFxRate],
        ]
      : "fxRate" in tx && "currency" in tx
        ? [[tx.currency, tx.fxRate]]
        : [];
  for (const [currency, rate] of pairs)
    if (currency === base && !rate.eq(ONE))
      throw new LedgerError(
        tx,
        `the rate of ${currency}, the account's base currency, must be 1, not ${rate}`,
      );
}

/** Replays `transactions` from zero. */
export function replay(accounts: readonly Account[], transactions: readonly Transaction[]): Ledger {
  return new Ledger(accounts).apply(transactions).settle();
}
