// Zod schema of the identity's home card: the account's security at a glance.
import { z } from "zod";

export const accountCardOut = z.object({
  username: z.string(),
  role: z.enum(["user", "admin"]),
  email: z.string().nullable(),
  emailVerified: z.boolean(),
  /** An address given at sign-up, waiting for its verification link. */
  emailPending: z.boolean(),
  mfaEnabled: z.boolean(),
  recoveryCodesLeft: z.number().int().describe("Unused two-step recovery codes (0 when two-step is off)"),
  sessions: z.number().int().describe("Live sessions, this one included"),
  apiKeys: z.number().int().describe("API keys not revoked"),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
});
export type AccountCardOut = z.infer<typeof accountCardOut>;

export const adminCardOut = z.object({
  pendingApproval: z.number().int().describe("Accounts waiting for an administrator's approval"),
  active: z.number().int(),
  suspended: z.number().int(),
  registrationMode: z.enum(["open", "approval", "invite", "closed"]),
});
export type AdminCardOut = z.infer<typeof adminCardOut>;
