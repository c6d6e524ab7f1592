// Round-trip trades from the ledger's fills: pure, no database. The fills of one account and one
// instrument, in ledger order, are replayed as a signed position (buy and cover add, sell and short
// take away). A trade opens when the position leaves zero and closes when it returns to zero; adding
// on the same side scales in, taking away scales out (lots matched first in, first out). A fill that
// carries the position through zero (a flip) closes one trade and opens the next with the rest, its
// commission shared by quantity. A split scales the open lots and the trade's quantities (prices the
// other way), so costs and proceeds stay what they were. Securities moved between accounts leave at
// their own cost (a transferOut closes lots with no P&L, and says what they cost per unit) and arrive
// at that cost (a transferIn is an entry at the price the caller gives: the lots' stated cost, or the
// paired transferOut's), so the P&L of the whole holding lands where it is finally sold.
import { Decimal } from "../../../platform/money.ts";

export type FillType = "buy" | "sell" | "short" | "cover" | "split" | "transferIn" | "transferOut";

export interface Fill {
  /** The ledger transaction's id (portfolio.transactions). */
  id: string;
  type: FillType;
  /** Trade date, YYYY-MM-DD. */
  date: string;
  /** The moment of execution when known (ISO 8601); else the trade date at 00:00 UTC is used. */
  at?: string | null;
  /** Units (absent for a split). */
  quantity?: string | null;
  price?: string | null;
  fee?: string | null;
  /** A split's new units per old unit. */
  ratio?: string | null;
  externalId?: string | null;
  /** Pairs a transfer's two legs. */
  transferId?: string | null;
}

export interface TradeFill {
  transactionId: string;
  role: "entry" | "exit";
  /** The part of the fill's quantity that belongs to this trade. */
  quantity: string;
  price: string;
  /** The part of the fill's commission that belongs to this trade. */
  fee: string;
}

export interface BuiltTrade {
  /** The fill that opened the trade: the trade's identity across rebuilds. */
  openingFillId: string;
  side: "long" | "short";
  status: "open" | "closed";
  /** Units entered over the trade's life (after splits, in today's units). */
  quantity: string;
  /** Units still open (0 when closed). */
  openQuantity: string;
  /** Units exited so far. */
  exitedQuantity: string;
  /** Average entry price (cost / quantity). */
  entryPrice: string;
  /** Average exit price over the units exited so far; null before the first exit. */
  averageExitPrice: string | null;
  /** Commissions of the trade's fills (their shares of them). */
  commission: string;
  /** Realised P&L of the exits so far, FIFO against the entries, net of every commission so far. */
  realizedPnl: string;
  entryAt: string;
  /** Whether the opening fill's time of day is known (not only its date). */
  entryTimeKnown: boolean;
  /** The last exit's moment; null while open. */
  exitAt: string | null;
  /** Seconds from entry to exit; null while open. */
  holdingSeconds: number | null;
  /** The broker's order id of the opening fill, when it had one. */
  orderId: string | null;
  fills: TradeFill[];
}

interface Lot {
  quantity: Decimal;
  price: Decimal;
}

interface Working {
  openingFillId: string;
  side: "long" | "short";
  entered: Decimal;
  cost: Decimal;
  exited: Decimal;
  proceeds: Decimal;
  fees: Decimal;
  gross: Decimal;
  lots: Lot[];
  entryAt: string;
  entryTimeKnown: boolean;
  exitAt: string | null;
  orderId: string | null;
  fills: TradeFill[];
}

const ZERO = new Decimal(0);
const PLACES = 10;

const momentOf = (f: Fill): string => f.at ?? `${f.date}T00:00:00.000Z`;
const str = (d: Decimal): string => d.toDecimalPlaces(PLACES).toString();

function finish(w: Working, closed: boolean): BuiltTrade {
  const open = w.lots.reduce((s, l) => s.plus(l.quantity), ZERO);
  const exitAt = closed ? w.exitAt : null;
  return {
    openingFillId: w.openingFillId,
    side: w.side,
    status: closed ? "closed" : "open",
    quantity: str(w.entered),
    openQuantity: str(open),
    exitedQuantity: str(w.exited),
    entryPrice: str(w.cost.div(w.entered)),
    averageExitPrice: w.exited.isZero() ? null : str(w.proceeds.div(w.exited)),
    commission: str(w.fees),
    realizedPnl: str(w.gross.minus(w.fees)),
    entryAt: w.entryAt,
    entryTimeKnown: w.entryTimeKnown,
    exitAt,
    holdingSeconds: exitAt === null ? null : Math.round((Date.parse(exitAt) - Date.parse(w.entryAt)) / 1000),
    orderId: w.orderId,
    fills: w.fills,
  };
}

/** Signed units of a fill: + for buy, cover and transferIn, − for sell, short and transferOut. */
function signed(f: Fill): Decimal {
  const q = new Decimal(f.quantity ?? 0).abs();
  return f.type === "buy" || f.type === "cover" || f.type === "transferIn" ? q : q.neg();
}

/** What a transferOut's units cost (their lots' prices), by transfer id: the price its transferIn enters at. */
export type TransferCosts = Map<string, { quantity: Decimal; cost: Decimal }>;

/**
 * Builds the round-trip trades of one account and one instrument from its fills in ledger order
 * (date, then the day's order). Fills of other types must not be passed. Throws on a fill without a
 * positive quantity or a price (the ledger's own checks forbid them).
 */
export function buildTrades(fills: readonly Fill[], transfers: TransferCosts = new Map()): BuiltTrade[] {
  const out: BuiltTrade[] = [];
  let cur: Working | null = null;
  for (const f of fills) {
    if (f.type === "transferOut" && cur?.side !== "long") continue;
    if (
      f.type === "transferIn" &&
      (f.price === null || f.price === undefined || (cur && cur.side !== "long"))
    )
      continue;
    if (f.type === "split") {
      if (!cur || !f.ratio) continue;
      const r = new Decimal(f.ratio);
      if (!r.gt(0)) continue;
      for (const l of cur.lots) {
        l.quantity = l.quantity.times(r);
        l.price = l.price.div(r);
      }
      cur.entered = cur.entered.times(r);
      cur.exited = cur.exited.times(r);
      continue;
    }
    let delta = signed(f);
    if (delta.isZero()) throw new Error(`fill ${f.id} has no quantity`);
    if (f.type !== "transferOut" && (f.price === null || f.price === undefined))
      throw new Error(`fill ${f.id} has no price`);
    const price = new Decimal(f.price ?? 0);
    const fee = new Decimal(f.fee ?? 0);
    const total = delta.abs();
    const at = momentOf(f);
    while (!delta.isZero()) {
      if (!cur) {
        cur = {
          openingFillId: f.id,
          side: delta.gt(0) ? "long" : "short",
          entered: ZERO,
          cost: ZERO,
          exited: ZERO,
          proceeds: ZERO,
          fees: ZERO,
          gross: ZERO,
          lots: [],
          entryAt: at,
          entryTimeKnown: Boolean(f.at),
          exitAt: null,
          orderId: f.externalId ?? null,
          fills: [],
        };
      }
      const adds = cur.side === "long" ? delta.gt(0) : delta.lt(0);
      const part = adds
        ? delta.abs()
        : Decimal.min(
            delta.abs(),
            cur.lots.reduce((s, l) => s.plus(l.quantity), ZERO),
          );
      const partFee = fee.times(part).div(total);
      cur.fees = cur.fees.plus(partFee);
      if (adds) {
        cur.lots.push({ quantity: part, price });
        cur.entered = cur.entered.plus(part);
        cur.cost = cur.cost.plus(part.times(price));
        cur.fills.push({
          transactionId: f.id,
          role: "entry",
          quantity: str(part),
          price: str(price),
          fee: str(partFee),
        });
      } else {
        let left = part;
        let atCost = ZERO;
        while (left.gt(0)) {
          const lot = cur.lots[0] as Lot;
          const take = Decimal.min(left, lot.quantity);
          atCost = atCost.plus(take.times(lot.price));
          // A transferOut leaves at the lots' own cost: no P&L here.
          const exitPrice = f.type === "transferOut" ? lot.price : price;
          const perUnit = cur.side === "long" ? exitPrice.minus(lot.price) : lot.price.minus(exitPrice);
          cur.gross = cur.gross.plus(perUnit.times(take));
          lot.quantity = lot.quantity.minus(take);
          if (lot.quantity.isZero()) cur.lots.shift();
          left = left.minus(take);
        }
        const moved = f.type === "transferOut";
        if (moved && f.transferId) {
          const t = transfers.get(f.transferId);
          transfers.set(f.transferId, {
            quantity: (t?.quantity ?? ZERO).plus(part),
            cost: (t?.cost ?? ZERO).plus(atCost),
          });
        }
        const exitPrice = moved ? atCost.div(part) : price;
        cur.exited = cur.exited.plus(part);
        cur.proceeds = cur.proceeds.plus(part.times(exitPrice));
        cur.exitAt = at;
        cur.fills.push({
          transactionId: f.id,
          role: "exit",
          quantity: str(part),
          price: str(exitPrice),
          fee: str(partFee),
        });
        if (cur.lots.length === 0) {
          out.push(finish(cur, true));
          cur = null;
        }
      }
      delta = delta.gt(0) ? delta.minus(part) : delta.plus(part);
    }
  }
  if (cur) out.push(finish(cur, false));
  return out;
}
