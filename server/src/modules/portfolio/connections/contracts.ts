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
