// One instrument in one account: its lots (FIFO order, or picked by id) and, side by side, the moving
// average cost that Korean brokers report. Both methods see the same quantities; only cost differs.
import { Decimal } from "../../../platform/money.ts";
import type { IsoDate, LotPick, Origin } from "./types.ts";

const ZERO = new Decimal(0);

export interface Lot {
  id: string;
  /** Units still open (always positive; the position's side says long or short). */
  quantity: Decimal;
  /** Cost of the open units in the instrument's currency (for a short: what the sale brought in). */
  cost: Decimal;
  /** The same in the account's base currency, at the rates of the day it was acquired. */
  costBase: Decimal;
  acquiredDate: IsoDate;
  transactionId: string;
  origin: Origin;
}

/** The part of a lot a sale, cover or transfer took. */
export interface LotSlice {
  lotId: string;
  quantity: Decimal;
  cost: Decimal;
  costBase: Decimal;
  acquiredDate: IsoDate;
  transactionId: string;
  origin: Origin;
}

export type Side = "long" | "short";

/**
 * Why taking units failed; the ledger turns it into a LedgerError naming the transaction and, when
 * one is at fault, the field (`lots.1.quantity`).
 */
export class TakeError extends Error {
  readonly field: string | undefined;
  constructor(message: string, field?: string) {
    super(message);
    this.field = field;
  }
}

export class Position {
  readonly instrumentId: string;
  currency: string;
  side: Side = "long";
  lots: Lot[] = [];
  /** Open units (positive) and the moving-average book: total cost and total base cost. */
  quantity = ZERO;
  averageCost = ZERO;
  averageCostBase = ZERO;

  constructor(instrumentId: string, currency: string) {
    this.instrumentId = instrumentId;
    this.currency = currency;
  }

  isOpen(): boolean {
    return !this.quantity.isZero();
  }

  /** Signed quantity: negative for a short. */
  signedQuantity(): Decimal {
    return this.side === "short" ? this.quantity.neg() : this.quantity;
  }

  /** Adds a lot (a buy, a short sale, an arriving transfer) to both books. */
  add(side: Side, lot: Lot): void {
    if (this.isOpen() && this.side !== side)
      throw new TakeError(
        side === "long"
          ? "the position is short: record a cover to buy it back"
          : "the position is long: sell it before selling short",
      );
    this.side = side;
    this.lots.push(lot);
    this.quantity = this.quantity.plus(lot.quantity);
    this.averageCost = this.averageCost.plus(lot.cost);
    this.averageCostBase = this.averageCostBase.plus(lot.costBase);
  }

  /**
   * Takes `quantity` units out: from the picked lots (specific identification) or oldest first
   * (FIFO). Returns the lot slices and the moving-average cost of the same units.
   */
  take(
    side: Side,
    quantity: Decimal,
    picks?: LotPick[],
  ): { slices: LotSlice[]; averageCost: Decimal; averageCostBase: Decimal } {
    if (!quantity.isPositive() || quantity.isZero()) throw new TakeError("quantity must be positive");
    if (!this.isOpen() || this.side !== side)
      throw new TakeError(
        side === "long"
          ? `no long position in ${this.instrumentId} to take ${quantity} from${this.isOpen() ? " (it is short: record a cover)" : ""}; record a short to sell what is not held`
          : `no short position in ${this.instrumentId} to cover`,
      );
    if (quantity.gt(this.quantity))
      throw new TakeError(
        `takes ${quantity} ${this.instrumentId} but only ${this.quantity} ${side === "long" ? "are held" : "are short"}`,
      );
    const slices = picks?.length ? this.takePicked(quantity, picks) : this.takeFifo(quantity);
    // FIFO empties lots from the front: drop them without rebuilding the array.
    let empty = 0;
    while (empty < this.lots.length && this.lots[empty].quantity.isZero()) empty++;
    if (empty) this.lots.splice(0, empty);
    if (picks?.length) this.lots = this.lots.filter((l) => !l.quantity.isZero());
    // Moving average: the units leave at the average cost; the last units take what is left, exactly.
    const whole = quantity.eq(this.quantity);
    const averageCost = whole ? this.averageCost : this.averageCost.times(quantity).div(this.quantity);
    const averageCostBase = whole
      ? this.averageCostBase
      : this.averageCostBase.times(quantity).div(this.quantity);
    this.quantity = this.quantity.minus(quantity);
    this.averageCost = this.averageCost.minus(averageCost);
    this.averageCostBase = this.averageCostBase.minus(averageCostBase);
    if (this.quantity.isZero()) this.clearBooks();
    return { slices, averageCost, averageCostBase };
  }

  private takeFifo(quantity: Decimal): LotSlice[] {
    const slices: LotSlice[] = [];
    let left = quantity;
    for (const lot of this.lots) {
      if (left.isZero()) break;
      const take = Decimal.min(left, lot.quantity);
      slices.push(cut(lot, take));
      left = left.minus(take);
    }
    return slices;
  }

  private takePicked(quantity: Decimal, picks: LotPick[]): LotSlice[] {
    const total = picks.reduce((a, p) => a.plus(p.quantity), ZERO);
    if (!total.eq(quantity))
      throw new TakeError(`the picked lots add up to ${total}, not the ${quantity} taken`, "lots");
    const slices: LotSlice[] = [];
    for (const [i, pick] of picks.entries()) {
      if (!pick.quantity.isPositive() || pick.quantity.isZero())
        throw new TakeError("a picked quantity must be positive", `lots.${i}.quantity`);
      if ("lotId" in pick) {
        const lot = this.lots.find((l) => l.id === pick.lotId && !l.quantity.isZero());
        if (!lot)
          throw new TakeError(`lot ${pick.lotId} is not open in ${this.instrumentId}`, `lots.${i}.lotId`);
        if (pick.quantity.gt(lot.quantity))
          throw new TakeError(
            `lot ${pick.lotId} has ${lot.quantity} open, not ${pick.quantity}`,
            `lots.${i}.quantity`,
          );
        slices.push(cut(lot, pick.quantity));
        continue;
      }
      // By acquisition date: that day's open lots, oldest first.
      const day = this.lots.filter((l) => l.acquiredDate === pick.acquiredDate && !l.quantity.isZero());
      if (!day.length)
        throw new TakeError(
          `no lot of ${this.instrumentId} acquired on ${pick.acquiredDate} is open`,
          `lots.${i}.acquiredDate`,
        );
      const open = day.reduce((a, l) => a.plus(l.quantity), ZERO);
      if (pick.quantity.gt(open))
        throw new TakeError(
          `the lots acquired on ${pick.acquiredDate} have ${open} open, not ${pick.quantity}`,
          `lots.${i}.quantity`,
        );
      let left = pick.quantity;
      for (const lot of day) {
        if (left.isZero()) break;
        const take = Decimal.min(left, lot.quantity);
        slices.push(cut(lot, take));
        left = left.minus(take);
      }
    }
    return slices;
  }

  /** A split: every lot's units multiply by `ratio`; costs and dates stay. */
  split(ratio: Decimal): void {
    for (const lot of this.lots) lot.quantity = lot.quantity.times(ratio);
    this.quantity = this.quantity.times(ratio);
  }

  /**
   * Lowers cost by `amount` (a return of capital), spread over the lots by units; a lot's cost stops
   * at zero and what is beyond it is returned as a gain (for the lots, and for the average book).
   */
  reduceCost(
    amount: Decimal,
    amountBase: Decimal,
  ): { gain: Decimal; gainBase: Decimal; averageGain: Decimal; averageGainBase: Decimal } {
    let gain = ZERO;
    let gainBase = ZERO;
    for (const lot of this.lots) {
      const share = amount.times(lot.quantity).div(this.quantity);
      const shareBase = amountBase.times(lot.quantity).div(this.quantity);
      const cut = Decimal.min(share, lot.cost);
      const cutBase = Decimal.min(shareBase, lot.costBase);
      gain = gain.plus(share.minus(cut));
      gainBase = gainBase.plus(shareBase.minus(cutBase));
      lot.cost = lot.cost.minus(cut);
      lot.costBase = lot.costBase.minus(cutBase);
    }
    const averageCut = Decimal.min(amount, this.averageCost);
    const averageCutBase = Decimal.min(amountBase, this.averageCostBase);
    this.averageCost = this.averageCost.minus(averageCut);
    this.averageCostBase = this.averageCostBase.minus(averageCutBase);
    return {
      gain,
      gainBase,
      averageGain: amount.minus(averageCut),
      averageGainBase: amountBase.minus(averageCutBase),
    };
  }

  /** Moves `fraction` of every lot's cost out (a spin-off), returning what moved per lot. */
  carveCost(fraction: Decimal): LotSlice[] {
    const moved: LotSlice[] = [];
    for (const lot of this.lots) {
      const cost = lot.cost.times(fraction);
      const costBase = lot.costBase.times(fraction);
      lot.cost = lot.cost.minus(cost);
      lot.costBase = lot.costBase.minus(costBase);
      moved.push({ ...sliceOf(lot), cost, costBase });
    }
    const avg = this.averageCost.times(fraction);
    const avgBase = this.averageCostBase.times(fraction);
    this.averageCost = this.averageCost.minus(avg);
    this.averageCostBase = this.averageCostBase.minus(avgBase);
    return moved;
  }

  private clearBooks(): void {
    // Rounding in a 40-digit division can leave dust in the average book once nothing is held.
    this.averageCost = ZERO;
    this.averageCostBase = ZERO;
  }

  clone(): Position {
    const p = new Position(this.instrumentId, this.currency);
    p.side = this.side;
    p.lots = this.lots.map((l) => ({ ...l }));
    p.quantity = this.quantity;
    p.averageCost = this.averageCost;
    p.averageCostBase = this.averageCostBase;
    return p;
  }
}

function sliceOf(lot: Lot): LotSlice {
  return {
    lotId: lot.id,
    quantity: lot.quantity,
    cost: lot.cost,
    costBase: lot.costBase,
    acquiredDate: lot.acquiredDate,
    transactionId: lot.transactionId,
    origin: lot.origin,
  };
}

/** Cuts `take` units off a lot; a whole lot leaves with its whole cost so totals stay exact. */
function cut(lot: Lot, take: Decimal): LotSlice {
  const whole = take.eq(lot.quantity);
  const cost = whole ? lot.cost : lot.cost.times(take).div(lot.quantity);
  const costBase = whole ? lot.costBase : lot.costBase.times(take).div(lot.quantity);
  const slice = { ...sliceOf(lot), quantity: take, cost, costBase };
  lot.quantity = lot.quantity.minus(take);
  lot.cost = lot.cost.minus(cost);
  lot.costBase = lot.costBase.minus(costBase);
  return slice;
}
