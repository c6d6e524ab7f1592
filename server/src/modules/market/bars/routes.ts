// Bar routes: read (JSON or CSV), gaps, import (CSV body or multipart upload) and resample.
import { createHash } from "node:crypto";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { jsonSchemaTransform, type ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { ValidationError } from "../../../platform/errors.ts";
import { errorBody, multipartFault, requestCtx, sendEmpty } from "../../../platform/http.ts";
import { isUuid } from "../../../platform/ids.ts";
import type { Platform } from "../../../platform/platform.ts";
import { boolQuery, idParams, interval, isoDate, routeErrors, whenQuery } from "../contracts.ts";
import { barsOut, gapsOut, importOut, resampleOut } from "./contracts.ts";
import { importBars } from "./import.ts";
import * as svc from "./service.ts";

/** Largest CSV upload accepted (it is streamed, never held in memory). */
export const MAX_UPLOAD = 4 * 1024 ** 3;

/** A page's cursor: what the previous page answered (base64url of a bar time; opaque to clients). */
const cursor = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,24}$/, "expected the nextCursor of the previous page")
  .describe("The previous page's nextCursor (or x-next-cursor header), as it was answered");

const CSV_COLUMNS = "date,open,high,low,close,volume[,adj_close]";
/**
 * The import's request body as /openapi.json shows it. The route parses no body schema (the CSV
 * streams to the importer unread), so the document gets it from here instead of from validation.
 */
const importBody = {
  required: true,
  content: {
    "text/csv": {
      schema: {
        type: "string",
        description: `CSV with the header ${CSV_COLUMNS}`,
      },
    },
    "text/plain": { schema: { type: "string", description: "the same CSV" } },
    "application/octet-stream": { schema: { type: "string", description: "the same CSV" } },
    "multipart/form-data": {
      schema: {
        type: "object",
        required: ["file"],
        properties: {
          file: { type: "string", format: "binary", description: `a CSV file (${CSV_COLUMNS})` },
        },
      },
    },
  },
};

export async function barRoutes(root: FastifyInstance, platform: Platform): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const ctxOf = (req: FastifyRequest) => requestCtx(platform, req);
  const tags = ["market"];

  app.get(
    "/api/instruments/:id/bars",
    {
      config: { access: "read" },
      schema: {
        tags,
        summary: "OHLCV bars by range and interval (resampled from finer bars when needed), JSON or CSV",
        params: idParams,
        querystring: z.object({
          interval: interval.default("1d"),
          from: whenQuery,
          to: whenQuery,
          adjusted: boolQuery,
          format: z.enum(["json", "csv"]).default("json"),
          cursor: cursor.optional(),
          limit: z.coerce.number().int().min(1).max(100_000).default(1000),
          v: z
            .string()
            .regex(/^[0-9a-f]{16}$/, "expected the version the intervals answer gave")
            .optional()
            .describe(
              "The instrument's data version (`version` of /intervals, or the x-data-version header of a bars answer): an answer for the current version is cacheable for good (its URL changes when the data does)",
            ),
        }),
        response: {
          200: {
            description:
              "The bars; with format=csv a text/csv body with the header date,open,high,low,close,adj_close,volume and the next page's cursor in the x-next-cursor header. Every answer has an ETag (If-None-Match answers 304) and the data version in x-data-version; with `v` equal to it, Cache-Control is private, max-age=31536000, immutable, else private, no-cache.",
            content: {
              "application/json": { schema: barsOut },
              "text/csv": { schema: z.string() },
            },
          },
          304: z.null().describe("Not modified: the If-None-Match ETag is the current one (no body)"),
          ...routeErrors,
        },
      },
    },
    async (req, reply) => {
      const { format, v, ...q } = req.query;
      // Cache validators: the answer is a function of the instrument's data version and the query.
      if (isUuid(req.params.id)) {
        const version = await svc.barsVersion({ ctx: ctxOf(req), input: { id: req.params.id } });
        const query = JSON.stringify([format, q.interval, q.from, q.to, q.adjusted, q.cursor, q.limit]);
        const etag = `"${createHash("sha256").update(`${version}|${query}`).digest("base64url").slice(0, 22)}"`;
        reply.header("etag", etag);
        reply.header("x-data-version", version);
        reply.header(
          "cache-control",
          v === version ? "private, max-age=31536000, immutable" : "private, no-cache",
        );
        const match = req.headers["if-none-match"];
        if (match?.split(/\s*,\s*/).some((m) => m.replace(/^W\//, "") === etag)) return sendEmpty(reply, 304);
      }
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
      config: { access: "read" },
      schema: {
        tags,
        summary: "Missing sessions and bars on closed days, against the NYSE/KRX calendar",
        params: idParams,
        querystring: z.object({
          interval: interval.default("1d"),
          from: isoDate.optional(),
          to: isoDate.optional(),
        }),
        response: { 200: gapsOut, ...routeErrors },
      },
    },
    async (req) => svc.barGaps({ ctx: ctxOf(req), input: { id: req.params.id, ...req.query } }),
  );

  app.post(
    "/api/instruments/:id/bars/import",
    {
      config: {
        access: "admin",
        swaggerTransform: (doc) => {
          const { schema, url } = jsonSchemaTransform(doc);
          return { schema: { ...schema, body: importBody }, url };
        },
      },
      bodyLimit: MAX_UPLOAD,
      schema: {
        tags,
        summary:
          "Import bars from CSV (admin): text/csv body or multipart upload; header date,open,high,low,close,volume[,adj_close]. All rows or none.",
        description:
          "Rows are validated and streamed into a staging table, then merged in one transaction. Any bad row refuses the whole batch (422) and every bad row is listed by its line number (the header is line 1). Rows already stored are skipped.",
        params: idParams,
        querystring: z.object({
          interval: interval.default("1d"),
          source: z.string().max(64).optional(),
          timeZone: z
            .string()
            .max(64)
            .optional()
            .describe("zone of timestamps without an offset (default: the exchange's)"),
        }),
        response: { 200: importOut, 422: importOut, ...routeErrors, 413: errorBody, 415: errorBody },
      },
    },
    async (req, reply) => {
      let body: AsyncIterable<string | Uint8Array>;
      if (req.isMultipart()) {
        const file = await req.file().catch((e: unknown) => {
          throw multipartFault(e);
        });
        if (!file) throw new ValidationError("multipart upload has no file");
        body = faultsAsValidation(file.file);
      } else if (
        req.body &&
        typeof (req.body as AsyncIterable<unknown>)[Symbol.asyncIterator] === "function"
      ) {
        body = req.body as AsyncIterable<Uint8Array>;
      } else throw new ValidationError("send the CSV as a text/csv body or a multipart file");
      const out = await importBars({
        ctx: ctxOf(req),
        input: {
          instrumentId: req.params.id,
          interval: req.query.interval,
          source: req.query.source,
          timeZone: req.query.timeZone,
          body,
        },
      });
      return reply.status(out.refused ? 422 : 200).send(out);
    },
  );

  app.post(
    "/api/instruments/:id/bars/resample",
    {
      config: { access: "admin" },
      schema: {
        tags,
        summary: "Aggregate stored bars into a coarser interval and store them (admin)",
        params: idParams,
        body: z.object({ source: interval, target: interval, from: whenQuery, to: whenQuery }),
        response: { 200: resampleOut, ...routeErrors },
      },
    },
    async (req) => svc.resampleAndStore({ ctx: ctxOf(req), input: { id: req.params.id, ...req.body } }),
  );
}

async function* faultsAsValidation(stream: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  try {
    yield* stream;
  } catch (e) {
    throw multipartFault(e);
  }
}
