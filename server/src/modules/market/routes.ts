// The market module's HTTP routes: thin handlers over the service verbs.
import multipart from "@fastify/multipart";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { ValidationError } from "../../platform/errors.ts";
import { errorBody, requestCtx, requireAdmin, requireUser } from "../../platform/http.ts";
import type { Platform } from "../../platform/platform.ts";
import * as c from "./contracts.ts";
import * as quotes from "./quotes.ts";
import * as svc from "./service.ts";

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const auth: { security: Record<string, string[]>[] } = { security: [{ bearer: [] }, { cookie: [] }] };
const idParams = z.object({ id: z.string() });
const boolQuery = z
  .enum(["true", "false", "1", "0"])
  .optional()
  .transform((v) => v === "true" || v === "1");
const ts = z.string().max(40).optional().describe("YYYY-MM-DD or ISO 8601 timestamp");

/** Largest CSV upload accepted (it is streamed, never held in memory). */
const MAX_UPLOAD = 4 * 1024 ** 3;

export async function marketRoutes(fastify: FastifyInstance, platform: Platform): Promise<void> {
  await fastify.register(async (scope) => {
    const app = scope.withTypeProvider<ZodTypeProvider>();
    const ctxOf = (req: FastifyRequest) => requestCtx(platform, req);
    // CSV bodies go to the importer as a stream.
    app.addContentTypeParser(["text/csv", "text/plain", "application/octet-stream"], (_req, payload, done) =>
      done(null, payload),
    );
    await app.register(multipart, { limits: { fileSize: MAX_UPLOAD, files: 1, fields: 10 } });

    // ------------------------------------------------------------ instruments

    app.get(
      "/api/instruments",
      {
        preHandler: requireUser,
        schema: {
          tags: ["market"],
          summary: "Search instruments (typo-tolerant: symbol, name, Korean name, ISIN) or list them",
          ...auth,
          querystring: z.object({
            q: z.string().max(100).optional(),
            market: z.string().max(16).optional(),
            assetClass: z.string().max(16).optional(),
            includeInactive: boolQuery,
            limit: z.coerce.number().int().min(1).max(500).default(50),
            offset: z.coerce.number().int().min(0).default(0),
          }),
          response: { 200: z.object({ instruments: z.array(c.instrumentOut) }), ...errors },
        },
      },
      async (req) => ({ instruments: await svc.searchInstruments({ ctx: ctxOf(req), input: req.query }) }),
    );

    app.get(
      "/api/instruments/:id",
      {
        preHandler: requireUser,
        schema: {
          tags: ["market"],
          summary: "One instrument",
          ...auth,
          params: idParams,
          response: { 200: c.instrumentOut, ...errors },
        },
      },
      async (req) => svc.getInstrument({ ctx: ctxOf(req), input: { id: req.params.id } }),
    );

    app.post(
      "/api/instruments",
      {
        preHandler: requireAdmin,
        schema: {
          tags: ["market"],
          summary: "Create an instrument (admin); ISIN/CUSIP/SEDOL are checked by their check digits",
          ...auth,
          body: c.instrumentInput,
          response: { 201: c.instrumentOut, ...errors },
        },
      },
      async (req, reply) =>
        reply.status(201).send(await svc.createInstrument({ ctx: ctxOf(req), input: req.body })),
    );

    app.patch(
      "/api/instruments/:id",
      {
        preHandler: requireAdmin,
        schema: {
          tags: ["market"],
          summary: "Update an instrument (admin); active=false is the soft delete",
          ...auth,
          params: idParams,
          body: c.instrumentPatch,
          response: { 200: c.instrumentOut, ...errors },
        },
      },
      async (req) => svc.updateInstrument({ ctx: ctxOf(req), input: { id: req.params.id, patch: req.body } }),
    );

    // ------------------------------------------------------------ bars

    app.get(
      "/api/instruments/:id/bars",
      {
        preHandler: requireUser,
        schema: {
          tags: ["market"],
          summary: "OHLCV bars by range and interval (resampled from finer bars when needed), JSON or CSV",
          ...auth,
          params: idParams,
          querystring: z.object({
            interval: c.interval.default("1d"),
            from: ts,
            to: ts,
            adjusted: boolQuery,
            format: z.enum(["json", "csv"]).default("json"),
            cursor: z.string().max(64).optional(),
            limit: z.coerce.number().int().min(1).max(100_000).default(1000),
          }),
          response: {
            200: c.barsOut.describe(
              "JSON bars; with format=csv a text/csv body date,open,high,low,close,adj_close,volume",
            ),
            ...errors,
          },
        },
      },
      async (req, reply) => {
        const { format, ...q } = req.query;
        const out = await svc.readBars({ ctx: ctxOf(req), input: { id: req.params.id, ...q } });
        if (format === "csv") {
          if (out.nextCursor) reply.header("x-next-cursor", out.nextCursor);
          return reply
            .type("text/csv; charset=utf-8")
            .serializer((x: unknown) => x as string)
            .send(svc.barsToCsv(out) as never);
        }
        return out;
      },
    );

    app.get(
      "/api/instruments/:id/gaps",
      {
        preHandler: requireUser,
        schema: {
          tags: ["market"],
          summary: "Missing sessions and bars on closed days, against the NYSE/KRX calendar",
          ...auth,
          params: idParams,
          querystring: z.object({
            interval: c.interval.default("1d"),
            from: c.isoDate.optional(),
            to: c.isoDate.optional(),
          }),
          response: {
            200: z.object({
              calendar: z.string(),
              from: z.string(),
              to: z.string(),
              expected: z.number(),
              present: z.number(),
              missing: z.array(z.string()),
              unexpected: z.array(z.object({ date: z.string(), reason: z.string() })),
            }),
            ...errors,
          },
        },
      },
      async (req) => svc.barGaps({ ctx: ctxOf(req), input: { id: req.params.id, ...req.query } }),
    );

    app.post(
      "/api/instruments/:id/bars/import",
      {
        preHandler: requireAdmin,
        bodyLimit: MAX_UPLOAD,
        schema: {
          tags: ["market"],
          summary:
            "Import bars from CSV (admin): text/csv body or multipart upload; header date,open,high,low,close,volume[,adj_close]. All rows or none.",
          description:
            "Rows are validated and streamed into a staging table, then merged in one transaction. Any bad row refuses the whole batch (422) and every bad row is listed by its line number (the header is line 1). Rows already stored are skipped.",
          ...auth,
          params: idParams,
          querystring: z.object({
            interval: c.interval.default("1d"),
            source: z.string().max(64).optional(),
            timeZone: z
              .string()
              .max(64)
              .optional()
              .describe("zone of timestamps without an offset (default: the exchange's)"),
          }),
          response: { 200: c.importOut, 422: c.importOut, ...errors, 413: errorBody, 415: errorBody },
        },
      },
      async (req, reply) => {
        let body: AsyncIterable<string | Uint8Array>;
        if (req.isMultipart()) {
          const file = await req.file();
          if (!file) throw new ValidationError("multipart upload has no file");
          body = file.file;
        } else if (
          req.body &&
          typeof (req.body as AsyncIterable<unknown>)[Symbol.asyncIterator] === "function"
        ) {
          body = req.body as AsyncIterable<Uint8Array>;
        } else throw new ValidationError("send the CSV as a text/csv body or a multipart file");
        const out = await svc.importBars({
          ctx: ctxOf(req),
          input: {
            instrumentId: req.params.id,
            interval: req.query.interval,
            source: req.query.source,
            timeZone: req.query.timeZone,
          },
          body,
        });
        return reply.status(out.refused ? 422 : 200).send(out);
      },
    );

    app.post(
      "/api/instruments/:id/bars/resample",
      {
        preHandler: requireAdmin,
        schema: {
          tags: ["market"],
          summary: "Aggregate stored bars into a coarser interval and store them (admin)",
          ...auth,
          params: idParams,
          body: z.object({ source: c.interval, target: c.interval, from: ts, to: ts }),
          response: {
            200: z.object({
              instrumentId: z.string(),
              source: c.interval,
              target: c.interval,
              stored: z.number(),
            }),
            ...errors,
          },
        },
      },
      async (req) => svc.resampleAndStore({ ctx: ctxOf(req), input: { id: req.params.id, ...req.body } }),
    );

    app.get(
      "/api/instruments/:id/quote",
      {
        preHandler: requireUser,
        schema: {
          tags: ["market"],
          summary: "Latest quote: price, previous close, change, session range, 52-week range, market cap",
          description:
            "Kept up to date from the stored bars (on every import, merge and resample, and by the scheduled refresh) and from a provider's live quote where one is enabled. Prices and money are decimal strings. 404 when the instrument has no bars yet.",
          ...auth,
          params: idParams,
          response: { 200: c.quoteOut, ...errors },
        },
      },
      async (req) => quotes.getQuote({ ctx: ctxOf(req), input: { id: req.params.id } }),
    );

    app.get(
      "/api/instruments/:id/intervals",
      {
        preHandler: requireUser,
        schema: {
          tags: ["market"],
          summary: "Intervals with stored bars (first/last bar) and those readable by resampling",
          ...auth,
          params: idParams,
          response: { 200: c.intervalsOut, ...errors },
        },
      },
      async (req) => quotes.barIntervals({ ctx: ctxOf(req), input: { id: req.params.id } }),
    );

    // ------------------------------------------------------------ corporate actions

    app.get(
      "/api/instruments/:id/actions",
      {
        preHandler: requireUser,
        schema: {
          tags: ["market"],
          summary: "Splits, dividends and symbol changes with their adjustment factors",
          ...auth,
          params: idParams,
          response: { 200: z.object({ actions: z.array(c.actionOut) }), ...errors },
        },
      },
      async (req) => ({ actions: await svc.listActions({ ctx: ctxOf(req), input: { id: req.params.id } }) }),
    );

    app.post(
      "/api/instruments/:id/actions",
      {
        preHandler: requireAdmin,
        schema: {
          tags: ["market"],
          summary: "Record a split, dividend or symbol change (admin)",
          ...auth,
          params: idParams,
          body: c.actionInput,
          response: { 201: z.object({ id: z.string() }), ...errors },
        },
      },
      async (req, reply) => {
        const row = await svc.createAction({
          ctx: ctxOf(req),
          input: { id: req.params.id, action: req.body },
        });
        return reply.status(201).send({ id: row.id });
      },
    );

    // ------------------------------------------------------------ FX

    const ccy = z.string().regex(/^[A-Za-z]{3}$/, "expected a 3-letter currency code");
    app.get(
      "/api/fx/rates",
      {
        preHandler: requireUser,
        schema: {
          tags: ["market"],
          summary: "Rate of base in quote on a date (direct, inverse or through USD), with its age",
          ...auth,
          querystring: z.object({ base: ccy, quote: ccy, date: c.isoDate.optional() }),
          response: { 200: c.fxRateOut, ...errors },
        },
      },
      async (req) => {
        const { exact: _e, ...out } = await svc.fxRate({ ctx: ctxOf(req), input: req.query });
        return out;
      },
    );

    app.get(
      "/api/fx/convert",
      {
        preHandler: requireUser,
        schema: {
          tags: ["market"],
          summary: "Convert a decimal amount between currencies at the rate in force on a date",
          ...auth,
          querystring: z.object({ amount: c.decimalString, from: ccy, to: ccy, date: c.isoDate.optional() }),
          response: { 200: c.fxConvertOut, ...errors },
        },
      },
      async (req) => svc.fxConvert({ ctx: ctxOf(req), input: req.query }),
    );

    // ------------------------------------------------------------ universes

    const universeOut = z.object({
      id: z.string(),
      name: z.string(),
      description: z.string().nullable(),
      versions: z.array(
        z.object({
          id: z.string(),
          version: z.number(),
          effectiveStartDate: z.string(),
          effectiveEndDate: z.string().nullable(),
          notes: z.string().nullable(),
        }),
      ),
    });
    app.get(
      "/api/universes",
      {
        preHandler: requireUser,
        schema: {
          tags: ["market"],
          summary: "Universes and their versions",
          ...auth,
          response: { 200: z.object({ universes: z.array(universeOut) }), ...errors },
        },
      },
      async (req) => ({ universes: await svc.listUniverses({ ctx: ctxOf(req) }) }),
    );
    app.post(
      "/api/universes",
      {
        preHandler: requireAdmin,
        schema: {
          tags: ["market"],
          summary: "Create a universe (admin)",
          ...auth,
          body: c.universeInput,
          response: { 201: z.object({ id: z.string(), name: z.string() }), ...errors },
        },
      },
      async (req, reply) => {
        const u = await svc.createUniverse({ ctx: ctxOf(req), input: req.body });
        return reply.status(201).send({ id: u.id, name: u.name });
      },
    );
    app.post(
      "/api/universes/:id/versions",
      {
        preHandler: requireAdmin,
        schema: {
          tags: ["market"],
          summary:
            "Add a membership version effective from a date (admin); closes the open-ended previous one",
          ...auth,
          params: idParams,
          body: c.versionInput,
          response: { 201: z.object({ id: z.string(), version: z.number() }), ...errors },
        },
      },
      async (req, reply) => {
        const v = await svc.addUniverseVersion({
          ctx: ctxOf(req),
          input: { id: req.params.id, version: req.body },
        });
        return reply.status(201).send({ id: v.id, version: v.version });
      },
    );
    app.get(
      "/api/universes/:id/members",
      {
        preHandler: requireUser,
        schema: {
          tags: ["market"],
          summary: "Members of a universe as of a date (no survivorship bias)",
          ...auth,
          params: idParams,
          querystring: z.object({ asOf: c.isoDate.optional() }),
          response: { 200: c.membersOut, ...errors },
        },
      },
      async (req) =>
        svc.universeMembersAsOf({ ctx: ctxOf(req), input: { id: req.params.id, asOf: req.query.asOf } }),
    );

    // ------------------------------------------------------------ watchlists

    app.get(
      "/api/watchlists",
      {
        preHandler: requireUser,
        schema: {
          tags: ["market"],
          summary: "Your watchlists, the default first",
          ...auth,
          response: { 200: z.object({ watchlists: z.array(c.watchlistOut) }), ...errors },
        },
      },
      async (req) => ({ watchlists: await svc.listWatchlists({ ctx: ctxOf(req) }) }),
    );
    app.post(
      "/api/watchlists",
      {
        preHandler: requireUser,
        schema: {
          tags: ["market"],
          summary: "Create a watchlist (your first one becomes the default)",
          ...auth,
          body: c.watchlistInput,
          response: { 201: c.watchlistOut, ...errors },
        },
      },
      async (req, reply) =>
        reply.status(201).send(await svc.createWatchlist({ ctx: ctxOf(req), input: req.body })),
    );
    app.patch(
      "/api/watchlists/:id",
      {
        preHandler: requireUser,
        schema: {
          tags: ["market"],
          summary: "Rename, reorder (instrumentIds in display order) or make default",
          ...auth,
          params: idParams,
          body: c.watchlistPatch,
          response: { 200: c.watchlistOut, ...errors },
        },
      },
      async (req) => svc.updateWatchlist({ ctx: ctxOf(req), input: { id: req.params.id, patch: req.body } }),
    );
    app.delete(
      "/api/watchlists/:id",
      {
        preHandler: requireUser,
        schema: {
          tags: ["market"],
          summary: "Delete a watchlist",
          ...auth,
          params: idParams,
          response: { 204: z.null(), ...errors },
        },
      },
      async (req, reply) => {
        await svc.deleteWatchlist({ ctx: ctxOf(req), input: { id: req.params.id } });
        return reply.status(204).send(null);
      },
    );
  });
}
