// Zod schemas of two-factor authentication (enrolment and confirmation take the shared passwordBody and codeBody).
import { z } from "zod";
import { codeBody, password, revokeApiKeys } from "../contracts.ts";

/** Confirming enrolment: the code, and whether to revoke the account's API keys as well. */
export const mfaVerifyBody = codeBody.extend({ revokeApiKeys });

export const mfaDisableBody = z.object({ password, code: z.string().trim().min(1).max(32) });

/** Re-authentication for new recovery codes: the password and a current code, as for turning it off. */
export const mfaRecoveryCodesBody = mfaDisableBody;

/** Where two-factor authentication stands for the signed-in user. */
export const mfaStatusOut = z.object({
  enabled: z.boolean(),
  /** Unused recovery codes left (0 when two-factor authentication is off). */
  recoveryCodesLeft: z.number().int(),
  /** How many a fresh set has. */
  recoveryCodesTotal: z.number().int(),
});
