// Zod schemas of portfolio accounts: an account at a broker (or a manual one) in one base currency.
import { z } from "zod";

/** ISO 4217 code, upper-cased on the way in. */
export const currencyCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{3}$/, "expected an ISO 4217 currency code such as USD or KRW");

export const accountInput = z.object({
  name: z.string().trim().min(1).max(100),
  /** Broker preset id (`ibkr`, `degiro`, …); absent or null for a manual account. */
  broker: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .regex(/^[a-z0-9][a-z0-9._-]*$/, "expected a broker preset id such as ibkr or degiro")
    .nullish(),
  brokerAccountId: z.string().trim().min(1).max(100).nullish(),
  baseCurrency: currencyCode,
  active: z.boolean().optional(),
});
export type AccountInput = z.output<typeof accountInput>;

/** Everything but the base currency may change; the base is fixed once the account has a ledger. */
export const accountPatch = accountInput.partial();

export const accountOut = z.object({
  id: z.string(),
  name: z.string(),
  broker: z.string().nullable(),
  brokerAccountId: z.string().nullable(),
  baseCurrency: z.string(),
  active: z.boolean(),
  /** A broker connection syncs this account. */
  connected: z.boolean(),
  lastSyncedAt: z.string().nullable(),
  transactionCount: z.number().int(),
  firstTransactionDate: z.string().nullable(),
  lastTransactionDate: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type AccountOut = z.infer<typeof accountOut>;

export const deleteQuery = z.object({
  force: z
    .enum(["true", "false", "1", "0"])
    .optional()
    .transform((v) => v === "true" || v === "1")
    .describe("Delete the account even when it has transactions (they are deleted with it)"),
});
