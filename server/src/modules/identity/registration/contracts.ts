// Zod schemas of registration: sign-up, the first administrator, email verification.
import { z } from "zod";
import { email, newPassword, text, username } from "../contracts.ts";

export const registerBody = z.object({
  username,
  password: newPassword,
  email: email.optional(),
  inviteCode: text().trim().min(1).max(128).optional(),
});
export const setupBody = z.object({
  token: z.string().min(1).max(256),
  username,
  password: newPassword,
  email: email.optional(),
});
export const tokenBody = z.object({ token: z.string().min(1).max(256) });
