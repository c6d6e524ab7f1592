// Zod schemas of administration: users and invite codes.
import { z } from "zod";
import { email, iso, password, userIdInput, username, userRole, userStatus } from "../contracts.ts";

export const roleBody = z.object({ role: userRole });
export const inviteBody = z.object({ email: email.optional() });
export const listUsersQuery = z.object({ status: userStatus.optional() });

// Inputs of verbs that no route body carries whole (the CLI and routes with path parameters).
export const statusChangeInput = userIdInput.extend({
  action: z.enum(["approve", "reject", "suspend", "reactivate"]),
});
export const roleChangeInput = userIdInput.extend({ role: userRole });
export const createUserInput = z.object({
  username,
  password,
  email: email.nullish(),
  role: userRole.optional(),
  status: userStatus.optional(),
});

export const inviteOut = z.object({
  id: z.string(),
  email: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: iso,
  expiresAt: iso,
  usedBy: z.string().nullable(),
  usedAt: iso.nullable(),
});
