// API keys `bp_<prefix>_<secret>`: created and revoked by a signed-in person, listed by any credential.
import { requireActor } from "../../../platform/context.ts";
import { ConflictError, ForbiddenError, NotFoundError } from "../../../platform/errors.ts";
import { newId } from "../../../platform/ids.ts";
import { defineVerb } from "../../../platform/verb.ts";
import { idParams } from "../contracts.ts";
import { randomCode, randomToken, sha256 } from "../crypto.ts";
import { now } from "../internal.ts";
import { apiKeyCreateBody } from "./contracts.ts";
import * as repo from "./repository.ts";

export const MAX_API_KEYS = 25;

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
    const secret = randomToken(32);
    const prefix = randomCode(8);
    const live = (await repo.listApiKeys(ctx.db, a.userId)).filter((k) => !k.revokedAt);
    if (live.length >= MAX_API_KEYS) throw new ConflictError(`At most ${MAX_API_KEYS} active API keys`);
    const apiKey = await repo.insertApiKey(ctx.db, {
      id: newId(),
      userId: a.userId,
      name: input.name,
      prefix,
      secretHash: sha256(secret),
      scopes,
      createdAt: now(ctx),
    });
    return { apiKey, secret: `bp_${prefix}_${secret}` };
  },
  audit: ({ result: { apiKey } }) => ({
    eventType: "identity.api_key",
    action: "create",
    resourceType: "api_key",
    resourceId: apiKey.id,
    newValues: { name: apiKey.name, prefix: apiKey.prefix, scopes: apiKey.scopes },
  }),
});

export const listApiKeys = defineVerb({
  name: "identity.listApiKeys",
  access: "user",
  run: async ({ ctx }) => repo.listApiKeys(ctx.db, requireActor(ctx).userId),
});

/** Revokes one of the actor's keys; another user's id answers 404. */
export const revokeApiKey = defineVerb({
  name: "identity.revokeApiKey",
  access: "session",
  input: idParams,
  write: true,
  run: async ({ ctx, input }) => {
    if (!(await repo.revokeApiKey(ctx.db, requireActor(ctx).userId, input.id, now(ctx))))
      throw new NotFoundError("No such API key");
  },
  audit: ({ input }) => ({
    eventType: "identity.api_key",
    action: "revoke",
    resourceType: "api_key",
    resourceId: input.id,
  }),
});
