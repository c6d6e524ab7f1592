// API keys `bp_<prefix>_<secret>`: created and revoked by a signed-in person, listed by any credential.
import { z } from "zod";
import { requireActor } from "../../../platform/context.ts";
import type { Db } from "../../../platform/db/index.ts";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../../../platform/errors.ts";
import { newId } from "../../../platform/ids.ts";
import { defineVerb } from "../../../platform/verb.ts";
import { idParams } from "../contracts.ts";
import { randomCode, randomToken, sha256 } from "../crypto.ts";
import { now } from "../internal.ts";
import { apiKeyCreateBody, apiScope } from "./contracts.ts";
import * as repo from "./repository.ts";
import { issuableScopes } from "./scopes.ts";

export const MAX_API_KEYS = 25;

/** A new key row and its secret `bp_<prefix>_<secret>` (shown once; only its SHA-256 is stored). */
async function insertKey(db: Db, at: Date, userId: string, name: string, scopes: string[]) {
  const secret = randomToken(32);
  const prefix = randomCode(8);
  const apiKey = await repo.insertApiKey(db, {
    id: newId(),
    userId,
    name,
    prefix,
    secretHash: sha256(secret),
    scopes,
    createdAt: at,
  });
  return { apiKey, secret: `bp_${prefix}_${secret}` };
}

const keyAudit = ({ apiKey }: Awaited<ReturnType<typeof insertKey>>) => ({
  eventType: "identity.api_key",
  action: "create",
  resourceType: "api_key",
  resourceId: apiKey.id,
  newValues: { name: apiKey.name, prefix: apiKey.prefix, scopes: apiKey.scopes },
});

/** Creates an API key; the secret is returned once and stored hashed. A key never exceeds its owner. */
export const createApiKey = defineVerb({
  name: "identity.createApiKey",
  access: "session",
  input: apiKeyCreateBody,
  write: true,
  run: async ({ ctx, input }) => {
    const a = requireActor(ctx);
    const scopes = [...new Set(input.scopes)];
    if (scopes.includes("admin") && a.role !== "admin")
      throw new ForbiddenError("Only administrators may create keys with the admin scope");
    if (scopes.includes("trade") && !issuableScopes(a.role).includes("trade"))
      throw new ValidationError(
        "the trade scope is not offered: no module that trades is installed (read is enough for every read)",
        "body.scopes",
      );
    const live = (await repo.listApiKeys(ctx.db, a.userId)).filter((k) => !k.revokedAt);
    if (live.length >= MAX_API_KEYS) throw new ConflictError(`At most ${MAX_API_KEYS} active API keys`);
    return insertKey(ctx.db, now(ctx), a.userId, input.name, scopes);
  },
  audit: ({ result }) => keyAudit(result),
});

/**
 * The local operator issues a key with any scopes for a user, outside the self-service rules (the
 * scopes offered, the number of keys): what tests use for a key issued before the `trade` scope was
 * withdrawn, and what a migration of keys would use.
 */
export const issueApiKey = defineVerb({
  name: "identity.issueApiKey",
  access: "local",
  input: z.object({
    userId: z.string().uuid(),
    name: z.string().min(1).max(100),
    scopes: z.array(apiScope).min(1),
  }),
  write: true,
  run: async ({ ctx, input }) =>
    insertKey(ctx.db, now(ctx), input.userId, input.name, [...new Set(input.scopes)]),
  audit: ({ result }) => keyAudit(result),
});

export const listApiKeys = defineVerb({
  name: "identity.listApiKeys",
  access: "user",
  run: async ({ ctx }) => repo.listApiKeys(ctx.db, requireActor(ctx).userId),
});

/**
 * DELETE of one of the actor's keys: an active key is revoked (it stays in the list, marked revoked, as
 * a record of what existed); a key already revoked is removed from the list. Another user's id answers
 * 404. Answers what it did.
 */
export const removeApiKey = defineVerb({
  name: "identity.removeApiKey",
  access: "session",
  input: idParams,
  write: true,
  run: async ({ ctx, input }): Promise<{ action: "revoke" | "delete"; name: string }> => {
    const userId = requireActor(ctx).userId;
    const key = await repo.findApiKey(ctx.db, userId, input.id);
    if (!key) throw new NotFoundError("No such API key");
    if (key.revokedAt) {
      await repo.deleteRevokedApiKey(ctx.db, userId, input.id);
      return { action: "delete", name: key.name };
    }
    await repo.revokeApiKey(ctx.db, userId, input.id, now(ctx));
    return { action: "revoke", name: key.name };
  },
  audit: ({ input, result }) => ({
    eventType: "identity.api_key",
    action: result.action,
    resourceType: "api_key",
    resourceId: input.id,
    ...(result.action === "delete" ? { oldValues: { name: result.name } } : {}),
  }),
});
