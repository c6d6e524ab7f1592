// Zod schemas of two-factor authentication (enrolment and confirmation take the shared passwordBody and codeBody).
import { z } from "zod";
import { codeBody, password, revokeApiKeys } from "../contracts.ts";

/** Confirming enrolment: the code, and whether to revoke the account's API keys as well. */
export const mfaVerifyBody = codeBody.extend({ revokeApiKeys });

export const mfaDisableBody = z.object({ password, code: z.string().trim().min(1).max(32) });
