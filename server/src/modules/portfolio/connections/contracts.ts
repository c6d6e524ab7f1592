// Zod schemas of broker connections: which broker, the credentials (write-only: never sent back), the
// ledger account they sync into, permissions and the state of the last sync.
import { z } from "zod";
import { noticeOut } from "../notices/contracts.ts";

const secret = (what: string) => z.string().trim().min(1, `${what} is required`).max(512);

export const alpacaCredentials = z.object({
  keyId: secret("the API key id"),
  secretKey: secret("the API secret key"),
  environment: z.enum(["live", "paper"]).default("live"),
});

export const ibkrFlexCredentials = z.object({
  token: secret("the Flex Web Service token"),
  queryId: z
    .string()
    .trim()
    .regex(/^\d{1,12}$/, "expected the Flex Query id (digits)"),
});

export const BROKERS = ["alpaca", "ibkr-flex"] as const;
export type ConnectionBroker = (typeof BROKERS)[number];

const common = {
  /** The ledger account to sync into; absent: one is made on the first sync. */
  accountId: z.string().uuid().optional(),
  canTrade: z.boolean().optional().describe("Allow Bullpen to place orders through this connection later"),
};

export const connectionInput = z.discriminatedUnion("broker", [
  z.object({ broker: z.literal("alpaca"), credentials: alpacaCredentials, ...common }),
  z.object({ broker: z.literal("ibkr-flex"), credentials: ibkrFlexCredentials, ...common }),
]);
export type ConnectionInput = z.output<typeof connectionInput>;

export const connectionPatch = z.object({
  /** New credentials of the same broker (replace the stored ones). */
  credentials: z.union([alpacaCredentials, ibkrFlexCredentials]).optional(),
  accountId: z.string().uuid().optional(),
  canTrade: z.boolean().optional(),
  active: z.boolean().optional(),
});

export const connectionOut = z.object({
  id: z.string(),
  broker: z.enum(BROKERS),
  accountId: z.string().nullable(),
  brokerAccountId: z.string().nullable(),
  /** Enough of the key to recognise it (its last four characters), never the key. */
  credentialHint: z.string(),
  canRead: z.boolean(),
  canTrade: z.boolean(),
  active: z.boolean(),
  status: z.enum(["never", "ok", "error"]),
  /** Why the last sync failed, when it did. */
  lastError: noticeOut.nullable(),
  lastConnectedAt: z.string().nullable(),
  lastSyncAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ConnectionOut = z.infer<typeof connectionOut>;

/**
 * The row issue codes a sync can answer (the web titles each in the user's language; the `message`
 * beside it is the detail in English, often the broker's own words): the Alpaca adapter's, the IB Flex
 * statement reader's and the import plan's, which every synced activity goes through.
 */
export const SYNC_ISSUE_CODES = [
  // Alpaca (adapters/alpaca.ts)
  "bad_activity",
  "canceled",
  "unsupported_activity",
  // IB Flex statements (imports/parsers/ibkr-*.ts)
  "bad_date",
  "bad_number",
  "cancelled",
  "corporate_action",
  "derived_price",
  "fx_translation",
  "missing_field",
  "summary",
  "unknown_type",
  "zero_quantity",
  // The import plan (imports/plan.ts, checks.ts)
  "currency_mismatch",
  "fx_from_market",
  "missing_fx_rate",
  "no_account",
  "other_account",
  "sale_exceeds_holding",
  "several_accounts",
  "transfer_no_counterpart",
  "unknown_symbol",
  "unsupported",
] as const;

const issueOut = z.object({
  row: z.number().int(),
  column: z.string().optional(),
  code: z.string(),
  message: z.string(),
});

export const syncOutcome = z.object({
  ok: z.boolean(),
  /** Why the sync failed (nothing was changed), when it did. */
  error: noticeOut.nullable(),
  fetched: z.number().int(),
  added: z.number().int(),
  duplicates: z.number().int(),
  /** Activities not booked: unreadable or refused rows (errors) and deliberately skipped ones. */
  errors: z.array(issueOut),
  ignored: z.array(issueOut),
  warnings: z.array(issueOut),
  /** The broker's positions against the ledger's after the sync: every symbol where they differ. */
  positionDifferences: z.array(z.object({ symbol: z.string(), broker: z.string(), ledger: z.string() })),
});
export type SyncOutcome = z.infer<typeof syncOutcome>;

export const syncOut = z.object({ connection: connectionOut, outcome: syncOutcome });
