// Checks of an import's planned rows against the rest of the user's ledger: the day's order of a
// file's rows, transfer legs without a counterpart, and sales of more than the account holds.
import type { Db } from "../../../platform/db/index.ts";
import { Decimal } from "../../../platform/money.ts";
import type { LedgerRow, RowIssueOut, StagedRow } from "./contracts.ts";
import type { ParsedActivity } from "./parsers/types.ts";
import * as repo from "./repository.ts";

const TRADES = new Set(["buy", "sell", "short", "cover"]);

const issue = (row: number, code: string, message: string, column?: string): RowIssueOut =>
  column ? { row, column, code, message } : { row, code, message };

/**
 * The order of a row within its day: its row number in a file listed oldest first, the reverse in a
 * file listed newest first (more steps back in time than forward between consecutive dated rows).
 */
export function daySequence(
  activities: readonly Pick<ParsedActivity, "row" | "date">[],
): (row: number) => number {
  let forward = 0;
  let back = 0;
  let last = 0;
  for (let i = 1; i < activities.length; i++) {
    const a = (activities[i - 1] as ParsedActivity).date;
    const b = (activities[i] as ParsedActivity).date;
    if (b > a) forward++;
    else if (b < a) back++;
  }
  for (const a of activities) if (a.row > last) last = a.row;
  return back > forward ? (row) => last + 1 - row : (row) => row;
}

/** A transfer leg whose counterpart is neither in the file nor in the user's ledger gets a warning. */
export async function checkTransfers(db: Db, userId: string, planned: StagedRow[]): Promise<void> {
  const legs = planned.filter((r) => r.ledger?.type === "transferIn" || r.ledger?.type === "transferOut");
  if (legs.length === 0) return;
  const inFile = new Map<string, Set<string>>();
  for (const r of legs) {
    const l = r.ledger as LedgerRow;
    const s = inFile.get(l.transferId as string) ?? new Set<string>();
    s.add(l.type);
    inFile.set(l.transferId as string, s);
  }
  const known = await repo.knownTransferIds(db, userId, [...inFile.keys()]);
  for (const r of legs) {
    const l = r.ledger as LedgerRow;
    if ((inFile.get(l.transferId as string)?.size ?? 0) > 1 || known.has(l.transferId as string)) continue;
    r.warnings.push(
      issue(
        r.row,
        "transfer_no_counterpart",
        l.type === "transferIn"
          ? "No matching transfer out in this file or your accounts: the shares arrive without their original cost unless the other account's history is imported too"
          : "No matching transfer in to another of your accounts: the shares leave the portfolio",
        "transferId",
      ),
    );
    if (r.status === "ok") r.status = "warning";
  }
}

/** Replays the account's positions with the file's rows; a sale of more than held gets a warning. */
export async function checkHoldings(
  db: Db,
  userId: string,
  accountId: string,
  planned: StagedRow[],
): Promise<void> {
  const moving = planned.filter(
    (r) =>
      r.ledger?.instrumentId &&
      (TRADES.has(r.ledger.type) || r.ledger.type === "split" || r.ledger.type.startsWith("transfer")),
  );
  if (moving.length === 0) return;
  const ids = [...new Set(moving.map((r) => r.ledger?.instrumentId as string))];
  type Ev = {
    instrumentId: string;
    type: string;
    date: string;
    quantity: string | null;
    ratio: string | null;
    row?: StagedRow;
  };
  const events: Ev[] = (await repo.positionRows(db, userId, accountId, ids)).map((p) => ({
    instrumentId: p.instrumentId,
    type: p.type,
    date: p.tradeDate,
    quantity: p.quantity,
    ratio: p.ratio,
  }));
  for (const r of moving) {
    const l = r.ledger as LedgerRow;
    events.push({
      instrumentId: l.instrumentId as string,
      type: l.type,
      date: l.tradeDate,
      quantity: l.quantity,
      ratio: l.ratio,
      row: r,
    });
  }
  // The ledger's rows first on a date, then the file's in the day's order (stable sort).
  const seqOf = (e: Ev) => (e.row ? (e.row.ledger?.seq ?? 0) : -1);
  events.sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : seqOf(x) - seqOf(y)));
  const held = new Map<string, Decimal>();
  for (const e of events) {
    const h = held.get(e.instrumentId) ?? new Decimal(0);
    const q = new Decimal(e.quantity ?? 0);
    let next = h;
    if (e.type === "buy" || e.type === "transferIn") next = h.plus(q);
    else if (e.type === "short") next = h.minus(q);
    else if (e.type === "cover") next = h.plus(q);
    else if (e.type === "split") next = h.mul(e.ratio ?? 1);
    else if (e.type === "sell" || e.type === "transferOut") {
      if (e.row && q.gt(h)) {
        e.row.warnings.push(
          issue(
            e.row.row,
            "sale_exceeds_holding",
            `Sells ${q.toString()} but the account holds ${h.toString()} on ${e.date}: import the earlier history first, or check the quantity`,
            "quantity",
          ),
        );
        if (e.row.status === "ok") e.row.status = "warning";
      }
      next = h.minus(q);
    }
    held.set(e.instrumentId, next);
  }
}
