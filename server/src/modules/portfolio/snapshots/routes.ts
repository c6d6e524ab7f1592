// Screenshot snapshot routes: upload (multipart), list, one, correct, confirm, delete, reconcile.
import multipart from "@fastify/multipart";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { jsonSchemaTransform, type ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { ValidationError } from "../../../platform/errors.ts";
import { errorBody, multipartFault, requestCtx } from "../../../platform/http.ts";
import type { Platform } from "../../../platform/platform.ts";
import { describeIssues } from "../../../platform/verb.ts";
import {
  reconcileOut,
  reconcileQuery,
  snapshotOut,
  snapshotPatch,
  snapshotSummaryOut,
  uploadFields,
} from "./contracts.ts";
import { reconcileSnapshot } from "./reconcile.ts";
import * as svc from "./service.ts";

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const params = z.object({ id: z.string() });
const FIELDS = Object.keys(uploadFields.shape);

/** The upload as /openapi.json shows it (the route reads the parts itself). */
const uploadBody = {
  required: true,
  content: {
    "multipart/form-data": {
      schema: {
        type: "object",
        required: ["image"],
        properties: {
          image: { type: "string", format: "binary", description: "a PNG or JPEG screenshot, at most 10 MB" },
          accountId: { type: "string", format: "uuid", description: "the account the screen shows" },
          takenAt: {
            type: "string",
            format: "date-time",
            description: "when the screen was captured (default: now)",
          },
          reader: {
            type: "string",
            enum: ["auto", "ocr", "llm"],
            description: "auto: the LLM vision provider when configured, else local OCR",
          },
        },
      },
    },
  },
};

async function readUpload(req: FastifyRequest) {
  if (!req.isMultipart())
    throw new ValidationError("send the screenshot as a multipart/form-data upload", "image");
  const fields: Record<string, string> = {};
  let image: Buffer | null = null;
  try {
    for await (const part of req.parts()) {
      if (part.type === "file") {
        if (image) throw new ValidationError("send one screenshot per upload", "image");
        image = await part.toBuffer();
      } else if (FIELDS.includes(part.fieldname) && typeof part.value === "string" && part.value !== "")
        fields[part.fieldname] = part.value;
    }
  } catch (e) {
    throw multipartFault(e);
  }
  if (!image || image.length === 0) throw new ValidationError("the upload has no image", "image");
  const parsed = uploadFields.safeParse(fields);
  if (!parsed.success) throw new ValidationError(describeIssues(parsed.error, "fields"));
  return { image, fields: parsed.data };
}

export async function snapshotRoutes(root: FastifyInstance, platform: Platform): Promise<void> {
  await root.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: svc.MAX_IMAGE_BYTES, files: 1, fields: 10 } });
    const app = scope.withTypeProvider<ZodTypeProvider>();
    const ctxOf = (req: FastifyRequest) => requestCtx(platform, req);
    const tags = ["portfolio"];

    app.post(
      "/api/portfolio/snapshots",
      {
        config: {
          access: "trade",
          swaggerTransform: (doc) => {
            const { schema, url } = jsonSchemaTransform(doc);
            return { schema: { ...schema, body: uploadBody }, url };
          },
        },
        bodyLimit: svc.MAX_IMAGE_BYTES + 1024 * 1024,
        schema: {
          tags,
          summary: "Upload a holdings screenshot and read it into a draft snapshot",
          description:
            "Reads a brokerage app's holdings screen (Korean or English) with local OCR, or with the configured LLM vision provider, into lines (name, quantity, prices, value, P&L, %) mapped to instruments and totals (KRW values, cash, USD/KRW rate). The image is not kept. 400 for a file that is not a PNG or JPEG, 409 for a screenshot already imported, 413 over 10 MB, 429 past 30 uploads an hour, 502 when the vision provider fails.",
          response: { 201: snapshotOut, ...errors, 413: errorBody, 429: errorBody, 502: errorBody },
        },
      },
      async (req, reply) => {
        const { image, fields } = await readUpload(req);
        const out = await svc.importScreenshot({ ctx: ctxOf(req), input: { ...fields, image } });
        return reply.status(201).send(out);
      },
    );
    app.get(
      "/api/portfolio/snapshots",
      {
        config: { access: "read" },
        schema: {
          tags,
          summary: "Your snapshots, newest first",
          response: { 200: z.object({ snapshots: z.array(snapshotSummaryOut) }), ...errors },
        },
      },
      async (req) => ({ snapshots: await svc.listSnapshots({ ctx: ctxOf(req), input: undefined }) }),
    );
    app.get(
      "/api/portfolio/snapshots/:id",
      {
        config: { access: "read" },
        schema: {
          tags,
          summary: "One snapshot with its lines and the checks still open",
          params,
          response: { 200: snapshotOut, ...errors },
        },
      },
      async (req) => svc.getSnapshot({ ctx: ctxOf(req), input: { id: req.params.id } }),
    );
    app.patch(
      "/api/portfolio/snapshots/:id",
      {
        config: { access: "trade" },
        schema: {
          tags,
          summary:
            "Correct a draft: account, date, cash, rate, and lines (change, add, or remove by line number)",
          params,
          body: snapshotPatch,
          response: { 200: snapshotOut, ...errors },
        },
      },
      async (req) => svc.patchSnapshot({ ctx: ctxOf(req), input: { id: req.params.id, patch: req.body } }),
    );
    app.post(
      "/api/portfolio/snapshots/:id/confirm",
      {
        config: { access: "trade" },
        schema: {
          tags,
          summary: "Confirm a draft: totals in KRW from its lines, with the KR/US split",
          params,
          response: { 200: snapshotOut, ...errors },
        },
      },
      async (req) => svc.confirmSnapshot({ ctx: ctxOf(req), input: { id: req.params.id } }),
    );
    app.delete(
      "/api/portfolio/snapshots/:id",
      {
        config: { access: "trade" },
        schema: {
          tags,
          summary: "Delete a snapshot and its lines",
          params,
          response: { 204: z.null(), ...errors },
        },
      },
      async (req, reply) => {
        await svc.deleteSnapshot({ ctx: ctxOf(req), input: { id: req.params.id } });
        return reply.status(204).send(null);
      },
    );
    app.get(
      "/api/portfolio/snapshots/:id/reconcile",
      {
        config: { access: "read" },
        schema: {
          tags,
          summary: "Compare a snapshot's quantities with the ledger's holdings of an account",
          params,
          querystring: reconcileQuery,
          response: { 200: reconcileOut, ...errors },
        },
      },
      async (req) =>
        reconcileSnapshot({
          ctx: ctxOf(req),
          input: { id: req.params.id, accountId: req.query.accountId },
        }),
    );
  });
}
