// Universe verbs: create, list, add a membership version (admin), and members as of a date so
// research never sees later survivors.
import { z } from "zod";
import { ConflictError, NotFoundError, ValidationError } from "../../../platform/errors.ts";
import { isUuid, newId } from "../../../platform/ids.ts";
import { defineVerb } from "../../../platform/verb.ts";
import { isoDate } from "../contracts.ts";
import * as instruments from "../instruments/repository.ts";
import { resolveRow } from "../instruments/service.ts";
import { legacyMarket } from "../instruments/venues.ts";
import { universeInput, versionInput } from "./contracts.ts";
import * as repo from "./repository.ts";

export const createUniverse = defineVerb({
  name: "market.createUniverse",
  access: "admin",
  input: universeInput,
  write: true,
  conflict: "A universe with this name already exists",
  async run({ ctx, input }) {
    if (await repo.findUniverseByName(ctx.db, input.name))
      throw new ConflictError(`Universe ${input.name} already exists`);
    return repo.insertUniverse(ctx.db, {
      id: newId(),
      name: input.name,
      description: input.description ?? null,
    });
  },
  audit: ({ result }) => ({
    eventType: "market.universe",
    action: "create",
    resourceType: "universe",
    resourceId: result.id,
  }),
});

export const listUniverses = defineVerb({
  name: "market.listUniverses",
  access: "userOrLocal",
  async run({ ctx }) {
    const us = await repo.listUniverses(ctx.db);
    return Promise.all(us.map(async (u) => ({ ...u, versions: await repo.listVersions(ctx.db, u.id) })));
  },
});

/**
 * Adds a membership version effective from `effectiveStartDate`. An open-ended earlier version is
 * closed on that date; any other overlap with an existing version is refused. Members are named by
 * id, or by ISIN or symbol with MIC, country or market (resolved like `resolveInstrument`).
 */
export const addUniverseVersion = defineVerb({
  name: "market.addUniverseVersion",
  access: "admin",
  input: z.object({ id: z.string(), version: versionInput }),
  write: true,
  async run({ ctx, input }) {
    const v = input.version;
    if (v.effectiveEndDate && v.effectiveEndDate <= v.effectiveStartDate)
      throw new ValidationError("effectiveEndDate must be after effectiveStartDate");
    const u = isUuid(input.id) ? await repo.findUniverse(ctx.db, input.id) : undefined;
    if (!u) throw new NotFoundError("Universe not found");
    const versions = await repo.listVersions(ctx.db, u.id);
    const start = v.effectiveStartDate;
    const end = v.effectiveEndDate ?? "9999-12-31";
    for (const old of versions) {
      const oldEnd = old.effectiveEndDate ?? "9999-12-31";
      if (old.effectiveEndDate === null && old.effectiveStartDate < start) {
        await repo.endVersion(ctx.db, old.id, start);
        continue;
      }
      if (old.effectiveStartDate < end && start < oldEnd)
        throw new ConflictError(
          `Version ${old.version} (${old.effectiveStartDate} … ${old.effectiveEndDate ?? "open"}) overlaps ${start} … ${v.effectiveEndDate ?? "open"}`,
        );
    }
    const members: { instrumentId: string; weight: string | null }[] = [];
    for (const [i, m] of v.members.entries()) {
      let id = m.instrumentId;
      if (!id && (m.isin || m.symbol))
        id = (
          await resolveRow(ctx.db, {
            isin: m.isin,
            symbol: m.symbol,
            mic: m.mic,
            country: m.country,
            market: m.market,
          })
        )?.id;
      if (!id)
        throw new ValidationError(
          `member ${m.symbol ?? m.isin ?? m.instrumentId ?? "?"} is not a known instrument`,
          `input.version.members.${i}`,
        );
      members.push({ instrumentId: id, weight: m.weight ?? null });
    }
    const known = await instruments.existingInstrumentIds(
      ctx.db,
      members.map((m) => m.instrumentId),
    );
    const unknown = members.find((m) => !known.has(m.instrumentId));
    if (unknown) throw new ValidationError(`member ${unknown.instrumentId} is not a known instrument`);
    if (new Set(members.map((m) => m.instrumentId)).size !== members.length)
      throw new ValidationError("an instrument is listed twice");
    const version = await repo.insertVersion(
      ctx.db,
      {
        id: newId(),
        universeId: u.id,
        version: Math.max(0, ...versions.map((x) => x.version)) + 1,
        effectiveStartDate: start,
        effectiveEndDate: v.effectiveEndDate ?? null,
        notes: v.notes ?? null,
      },
      members,
    );
    return { ...version, members: members.length };
  },
  audit: ({ input, result }) => ({
    eventType: "market.universe",
    action: "add_version",
    resourceType: "universe",
    resourceId: input.id,
    newValues: {
      version: result.version,
      start: result.effectiveStartDate,
      end: result.effectiveEndDate,
      members: result.members,
    },
  }),
});

/** Members of the version in force on `asOf` (so research never sees later survivors). */
export const universeMembersAsOf = defineVerb({
  name: "market.universeMembersAsOf",
  access: "userOrLocal",
  input: z.object({ id: z.string(), asOf: isoDate.optional() }),
  async run({ ctx, input }) {
    const u = isUuid(input.id) ? await repo.findUniverse(ctx.db, input.id) : undefined;
    if (!u) throw new NotFoundError("Universe not found");
    const asOf = input.asOf ?? ctx.clock.now().toISOString().slice(0, 10);
    const r = await repo.membersAsOf(ctx.db, u.id, asOf);
    return {
      universeId: u.id,
      asOf,
      versionId: r?.versionId ?? null,
      version: r?.version ?? null,
      effectiveStartDate: r?.effectiveStartDate ?? null,
      effectiveEndDate: r?.effectiveEndDate ?? null,
      members: (r?.members ?? []).map(({ assetClass, ...m }) => ({
        ...m,
        market: legacyMarket({ assetClass, country: m.country }),
      })),
    };
  },
});
