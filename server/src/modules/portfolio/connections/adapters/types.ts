// What a broker adapter gives the sync: the account's activities in the parsers' normalised shape (so
// a synced fill and an imported one become ledger rows the same way), its positions and cash as the
// broker reports them (to check the ledger against), and the rows it could not or chose not to read.
import type { ParsedActivity, RowIssue } from "../../imports/parsers/types.ts";
import type { Notice } from "../../notices/contracts.ts";

export interface BrokerPosition {
  symbol: string;
  /** Signed: negative for a short. */
  quantity: string;
  averageCost?: string;
  currency: string;
}

export interface SyncBatch {
  /** The broker's account number, as the broker writes it. */
  accountRef: string;
  baseCurrency?: string;
  /** Activities in date order; each has an `externalId`, which makes re-syncing idempotent. */
  activities: ParsedActivity[];
  positions: BrokerPosition[];
  cash: { currency: string; amount: string }[];
  errors: RowIssue[];
  ignored: RowIssue[];
}

/** A failure the user can act on (bad credentials, a query that does not exist, the broker is down). */
export class BrokerSyncError extends Error {
  readonly code: string;
  /** The reason as the API answers it: a coded sentence with its values (its English is the message). */
  readonly notice: Notice;
  constructor(code: string, notice: Notice) {
    super(notice.message);
    this.code = code;
    this.notice = notice;
    this.name = "BrokerSyncError";
  }
}

export interface FetchOptions {
  /** Only activities on or after this date (YYYY-MM-DD): the day before the last sync, for overlap. */
  since?: string;
  /** Per-request timeout. */
  timeoutMs?: number;
  /** Waits between polls (IB builds a statement asynchronously); injectable so tests do not sleep. */
  sleep?: (ms: number) => Promise<void>;
}
