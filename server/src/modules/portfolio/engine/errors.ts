import { AppError } from "../../../platform/errors.ts";
import type { Transaction } from "./types.ts";

/**
 * A ledger that cannot have happened (selling more than is held, a transfer that never left, …).
 * It names the transaction so the user can find and fix the row. 422: the rows are well-formed, their
 * sequence is not.
 */
export class LedgerError extends AppError {
  readonly transactionId: string;
  /** The transaction's field at fault, when the engine knows it (`lots.0.lotId`). */
  readonly field: string | undefined;
  constructor(tx: Pick<Transaction, "id" | "type" | "date" | "accountId">, reason: string, field?: string) {
    super(
      422,
      "ledger_inconsistent",
      `transaction ${tx.id} (${tx.type} on ${tx.date}, account ${tx.accountId}): ${reason}`,
    );
    this.transactionId = tx.id;
    this.field = field;
  }
}
