// Zod schemas of signing in and of the signed-in user's sessions.
import { z } from "zod";
import { iso, password, text, userOut } from "../contracts.ts";
import type { SessionRow } from "./repository.ts";

export const sessionOut = z.object({
  id: z.string(),
  current: z.boolean(),
  ipAddress: z.string().nullable(),
  userAgent: z.string().nullable(),
  createdAt: iso,
  lastSeenAt: iso,
  expiresAt: iso,
});

export const toSessionOut = (s: SessionRow, currentId: string | undefined) => ({
  id: s.id,
  current: s.id === currentId,
  ipAddress: s.ipAddress,
  userAgent: s.userAgent,
  createdAt: s.createdAt.toISOString(),
  lastSeenAt: s.lastSeenAt.toISOString(),
  expiresAt: s.expiresAt.toISOString(),
});

export const loginBody = z.object({
  login: text().trim().min(1).max(254),
  password,
  totp: z.string().trim().min(6).max(32).optional(),
});
export const authResult = z.object({ user: userOut, token: z.string(), expiresAt: iso });
