// Import routes: upload and preview (multipart), history, one import's rows, commit, undo, presets
// and saved generic-CSV mappings.
import multipart from "@fastify/multipart";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { jsonSchemaTransform, type ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { ValidationError } from "../../../platform/errors.ts";
import { errorBody, multipartFault, requestCtx } from "../../../platform/http.ts";
import type { Platform } from "../../../platform/platform.ts";
import { describeIssues } from "../../../platform/verb.ts";
import { commitImport, undoImport } from "./commit.ts";
import {
  columnsOut,
  commitBody,
  commitOut,
  importDetailOut,
  importDetailQuery,
  importIdParams,
  importListOut,
  importListQuery,
  mappingBody,
  mappingOut,
  mappingsOut,
  mappingsQuery,
  presetsOut,
  previewFields,
  previewOut,
  undoOut,
} from "./contracts.ts";
import * as svc from "./service.ts";

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const FIELD_NAMES = Object.keys(previewFields.shape);

/** The upload's request body as /openapi.json shows it (the route reads the parts itself). */
const uploadBody = {
  required: true,
  content: {
    "multipart/form-data": {
      schema: {
        type: "object",
        required: ["file"],
        properties: {
          file: {
            type: "string",
            format: "binary",
            description: "the broker's export (CSV, XML, JSON, OFX, xlsx…)",
          },
          accountId: { type: "string", format: "uuid", description: "the account to import into" },
          broker: {
            type: "string",
            description: "a preset id (GET /api/portfolio/import-presets); detected when absent",
          },
          decimal: { type: "string", enum: [".", ","] },
          dateOrder: { type: "string", enum: ["DMY", "MDY", "YMD"] },
          defaultCurrency: { type: "string", description: "currency of amounts the file does not label" },
          mappingId: { type: "string", format: "uuid", description: "a saved generic-CSV mapping" },
          mapping: {
            type: "string",
            description: 'a generic-CSV mapping as JSON: {"date": "Trade Date", …}',
          },
        },
      },
    },
  },
};

/** The column step's request body as /openapi.json shows it. */
const columnsBody = {
  required: true,
  content: {
    "multipart/form-data": {
      schema: {
        type: "object",
        required: ["file"],
        properties: { file: { type: "string", format: "binary", description: "a CSV or text file" } },
      },
    },
  },
};

/** The uploaded file and the form's fields (query parameters count as fields too). */
async function readUpload(req: FastifyRequest) {
  if (!req.isMultipart()) throw new ValidationError("send the file as a multipart/form-data upload", "file");
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries((req.query ?? {}) as Record<string, unknown>))
    if (FIELD_NAMES.includes(k) && typeof v === "string") fields[k] = v;
  let file: { name: string; bytes: Uint8Array } | null = null;
  try {
    for await (const part of req.parts()) {
      if (part.type === "file") {
        if (file) throw new ValidationError("send one file per import", "file");
        file = { name: part.filename || "upload", bytes: new Uint8Array(await part.toBuffer()) };
      } else if (FIELD_NAMES.includes(part.fieldname) && typeof part.value === "string" && part.value !== "")
        fields[part.fieldname] = part.value;
    }
  } catch (e) {
    throw multipartFault(e);
  }
  if (!file) throw new ValidationError("the upload has no file", "file");
  const parsed = previewFields.safeParse(fields);
  if (!parsed.success) throw new ValidationError(describeIssues(parsed.error, "fields"));
  return { file, fields: parsed.data };
}

export async function importRoutes(root: FastifyInstance, platform: Platform): Promise<void> {
  await root.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: svc.MAX_IMPORT_BYTES, files: 1, fields: 20 } });
    const app = scope.withTypeProvider<ZodTypeProvider>();
    const ctxOf = (req: FastifyRequest) => requestCtx(platform, req);
    const tags = ["portfolio"];

    app.post(
      "/api/portfolio/imports",
      {
        config: {
          access: "trade",
          swaggerTransform: (doc) => {
            const { schema, url } = jsonSchemaTransform(doc);
            return { schema: { ...schema, body: uploadBody }, url };
          },
        },
        bodyLimit: svc.MAX_IMPORT_BYTES + 1024 * 1024,
        schema: {
          tags,
          summary: "Upload a broker file and preview its import (nothing reaches the ledger until commit)",
          description:
            "Decodes the file, detects the broker (or uses `broker`), parses it, matches every activity to an instrument (ISIN, symbol and venue, name, your remembered aliases), checks FX rates and holdings, and stores the preview. Each row says what it becomes in the ledger, with errors (row, column, reason) and warnings. 400 for an empty file or an unknown format (the presets are listed), 413 for a file over the limit.",
          querystring: previewFields,
          response: { 201: previewOut, ...errors, 413: errorBody },
        },
      },
      async (req, reply) => {
        const { file, fields } = await readUpload(req);
        const out = await svc.previewImport({
          ctx: ctxOf(req),
          input: { fileName: file.name, bytes: file.bytes, fields },
        });
        return reply.status(201).send(out);
      },
    );

    app.post(
      "/api/portfolio/import-columns",
      {
        config: {
          access: "trade",
          swaggerTransform: (doc) => {
            const { schema, url } = jsonSchemaTransform(doc);
            return { schema: { ...schema, body: columnsBody }, url };
          },
        },
        bodyLimit: svc.MAX_IMPORT_BYTES + 1024 * 1024,
        schema: {
          tags,
          summary: "Read a CSV file's columns for the generic CSV's mapping step (nothing is stored)",
          description:
            "The header row's titles with up to five values under each, a mapping suggested from the titles, your saved mappings for a header of this shape, and the preset the content looks like (`detected`, null when none is sure). 400 for an empty file, a binary file or one without a header of two or more columns.",
          response: { 200: columnsOut, ...errors, 413: errorBody },
        },
      },
      async (req) => {
        const { file } = await readUpload(req);
        return svc.importColumns({ ctx: ctxOf(req), input: { fileName: file.name, bytes: file.bytes } });
      },
    );

    app.get(
      "/api/portfolio/imports",
      {
        config: { access: "read" },
        schema: {
          tags,
          summary: "Import history: file, broker, totals, status and dates, newest first",
          querystring: importListQuery,
          response: { 200: importListOut, ...errors },
        },
      },
      async (req) => svc.listImports({ ctx: ctxOf(req), input: req.query }),
    );

    app.get(
      "/api/portfolio/imports/:id",
      {
        config: { access: "read" },
        schema: {
          tags,
          summary: "One import: its rows as previewed (paged; filter to errors or warnings) and its issues",
          params: importIdParams,
          querystring: importDetailQuery,
          response: { 200: importDetailOut, ...errors },
        },
      },
      async (req) => svc.getImport({ ctx: ctxOf(req), input: { ...req.query, id: req.params.id } }),
    );

    app.post(
      "/api/portfolio/imports/:id/commit",
      {
        config: { access: "trade" },
        schema: {
          tags,
          summary:
            "Write a previewed import to the ledger, atomically; rows with errors are skipped and counted",
          description:
            "One transaction. Re-importing rows the account already holds adds nothing (counted in duplicateRows). `mappings` ({alias: instrumentId}) are remembered for the next file; `createInstruments` creates instruments for keys still unmatched.",
          params: importIdParams,
          body: commitBody,
          response: { 200: commitOut, ...errors },
        },
      },
      async (req) => commitImport({ ctx: ctxOf(req), input: { ...req.body, id: req.params.id } }),
    );

    app.post(
      "/api/portfolio/imports/:id/undo",
      {
        config: { access: "trade" },
        schema: {
          tags,
          summary: "Remove every ledger row a committed import added",
          params: importIdParams,
          response: { 200: undoOut, ...errors },
        },
      },
      async (req) => undoImport({ ctx: ctxOf(req), input: { id: req.params.id } }),
    );

    app.get(
      "/api/portfolio/import-presets",
      {
        config: { access: "read" },
        schema: {
          tags,
          summary: "The broker presets an upload can be read as",
          response: { 200: presetsOut, ...errors },
        },
      },
      async (req) => svc.listPresets({ ctx: ctxOf(req), input: undefined }),
    );

    app.get(
      "/api/portfolio/import-mappings",
      {
        config: { access: "read" },
        schema: {
          tags,
          summary: "Your saved generic-CSV column mappings (only those for a header line, when given)",
          querystring: mappingsQuery,
          response: { 200: mappingsOut, ...errors },
        },
      },
      async (req) => svc.listMappings({ ctx: ctxOf(req), input: req.query }),
    );

    app.post(
      "/api/portfolio/import-mappings",
      {
        config: { access: "trade" },
        schema: {
          tags,
          summary: "Save a generic-CSV column mapping (found again for the next file with the same header)",
          body: mappingBody,
          response: { 201: mappingOut, ...errors },
        },
      },
      async (req, reply) =>
        reply.status(201).send(await svc.saveMapping({ ctx: ctxOf(req), input: req.body })),
    );

    app.delete(
      "/api/portfolio/import-mappings/:id",
      {
        config: { access: "trade" },
        schema: {
          tags,
          summary: "Delete a saved generic-CSV mapping",
          params: importIdParams,
          response: { 200: z.object({ id: z.string() }), ...errors },
        },
      },
      async (req) => svc.deleteMapping({ ctx: ctxOf(req), input: { id: req.params.id } }),
    );
  });
}
