// A change to the ledger is checked by replaying the user's whole ledger with it (every account:
// transfers pair rows across accounts) before anything is stored. A sequence that cannot have
// happened (selling more than is held, a cover with no short, a transfer that never left) answers
// 422 naming the field and the date; negative cash is allowed (margin).
import { type Ledger, LedgerError, replay } from "../engine/index.ts";
import type { Account, Transaction } from "../engine/types.ts";
import { LedgerRejected } from "./build.ts";
import { type TransactionRow, toTransaction } from "./rows.ts";

export interface LedgerChange {
  /** A new or edited row (as it would be stored). */
  put?: TransactionRow;
  /** An id removed (a delete, or the old version of an edited row: `put` has the same id then). */
  remove?: string;
}

/** The field a ledger failure of the changed row most likely concerns. */
function fieldOf(t: Transaction, reason: string): string {
  if (/withholding/i.test(reason)) return "withholdingTax";
  if (/\blot\b|lots/i.test(reason) && "lots" in t && t.lots?.length) return "lots";
  if (/rate/i.test(reason)) return "fxRate";
  switch (t.type) {
    case "sell":
    case "cover":
    case "transferOut":
    case "short":
    case "buy":
      return "quantity";
    case "transferIn":
      return "transferId";
    case "conversion":
      return "amount";
    case "deposit":
    case "withdrawal":
    case "interest":
    case "fee":
    case "tax":
      return "amount";
    default:
      return "instrumentId";
  }
}

/**
 * Replays `rows` (the stored ledger, in replay order) with the change applied. Answers the ledger;
 * throws LedgerRejected (422) naming the field and date when the result is impossible.
 */
export function replayWith(
  accounts: readonly Account[],
  rows: readonly TransactionRow[],
  change: LedgerChange,
): Ledger {
  const list =
    change.remove || change.put
      ? rows.filter((r) => r.id !== change.remove && r.id !== change.put?.id)
      : [...rows];
  if (change.put) {
    const p = change.put;
    // Keep replay order: (date, seq, id) as the database orders it.
    const key = (r: TransactionRow) => `${r.tradeDate}\u0000${String(r.seq).padStart(10, "0")}\u0000${r.id}`;
    const k = key(p);
    let i = list.length;
    while (i > 0 && key(list[i - 1] as TransactionRow) > k) i--;
    list.splice(i, 0, p);
  }
  const txs = list.map(toTransaction);
  try {
    return replay(accounts, txs);
  } catch (e) {
    if (!(e instanceof LedgerError)) throw e;
    const bad = txs.find((t) => t.id === e.transactionId);
    const reason = e.message.replace(/^transaction [^:]*: /, "");
    if (bad && change.put && bad.id === change.put.id)
      throw new LedgerRejected(e.field ?? fieldOf(bad, reason), `on ${bad.date}: ${reason}`);
    const what = bad ? `${bad.type} ${bad.id} on ${bad.date}` : `transaction ${e.transactionId}`;
    throw new LedgerRejected(
      change.put ? fieldOf(txs.find((t) => t.id === change.put?.id) as Transaction, reason) : "id",
      `this change makes a later row impossible: ${what}: ${reason}`,
    );
  }
}
