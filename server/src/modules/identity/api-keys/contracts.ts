// Zod schemas of API keys.
import { z } from "zod";
import { iso, isoOrNull, text } from "../contracts.ts";
import type { ApiKeyRow } from "./repository.ts";

export const apiScope = z.enum(["read", "trade", "admin"]);

export const apiKeyOut = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(apiScope),
  lastUsedAt: iso.nullable(),
  createdAt: iso,
  revokedAt: iso.nullable(),
});

export const toApiKeyOut = (k: ApiKeyRow) => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  scopes: k.scopes as z.infer<typeof apiScope>[],
  lastUsedAt: isoOrNull(k.lastUsedAt),
  createdAt: k.createdAt.toISOString(),
  revokedAt: isoOrNull(k.revokedAt),
});

export const apiKeyCreateBody = z.object({
  name: text().trim().min(1).max(100),
  scopes: z.array(apiScope).min(1).max(3),
});
