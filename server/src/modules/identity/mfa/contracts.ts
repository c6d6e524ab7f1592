// Zod schemas of two-factor authentication (enrolment and confirmation take the shared passwordBody and codeBody).
import { z } from "zod";
import { password } from "../contracts.ts";

export const mfaDisableBody = z.object({ password, code: z.string().trim().min(1).max(32) });
