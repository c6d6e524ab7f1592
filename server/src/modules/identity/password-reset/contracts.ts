// Zod schemas of password reset.
import { z } from "zod";
import { newPassword, text } from "../contracts.ts";

export const resetRequestBody = z.object({ email: text().trim().min(1).max(254) });
export const resetConfirmBody = z.object({ token: z.string().min(1).max(256), password: newPassword });
