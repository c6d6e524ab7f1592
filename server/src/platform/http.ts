import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from "fastify-type-provider-zod";
import { z } from "zod";
import { type Actor, type Ctx, makeCtx } from "./context.ts";
import { AppError, ValidationError } from "./errors.ts";
import { codeForStatus } from "./http-edges.ts";
import type { Platform } from "./platform.ts";

declare module "fastify" {
  interface FastifyRequest {
    /** Set by the identity module's authentication hook; null when anonymous. */
    actor: Actor | null;
  }
}

/** The error body every failure returns. */
export const errorBody = z.object({ code: z.string(), message: z.string(), requestId: z.string() });

/** The error answers most routes document, spread into a route's `response`. */
export const routeErrors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };

/** `:id` path parameters (any string: a malformed id answers 404 like an unknown one). */
export const idParams = z.object({ id: z.string() });

/**
 * Answers `status` with no body at all — what a response documented as z.null() ("No content")
 * means: `send(null)` would serialise to the four bytes `null` with a JSON content type.
 */
export function sendEmpty(reply: FastifyReply, status: 202 | 204 | 304): FastifyReply {
  return reply.status(status).send();
}

/** Builds a verb's ctx from a request. */
export function requestCtx(platform: Platform, request: FastifyRequest): Ctx {
  return makeCtx(platform, {
    origin: "request",
    actor: request.actor,
    log: request.log,
    requestId: request.id,
    ip: request.ip ?? null,
    userAgent: request.headers["user-agent"]?.slice(0, 512) ?? null,
  });
}

/** Readable "where: what" for each zod issue, e.g. "body.password: Too small: expected …". */
function describeValidation(
  err: FastifyError & { validation?: unknown[]; validationContext?: string },
): string {
  const issues = (err.validation ?? []) as {
    instancePath?: string;
    message?: string;
    params?: { issue?: { path?: PropertyKey[] } };
  }[];
  const parts = issues.slice(0, 5).map((i) => {
    const path =
      i.params?.issue?.path?.map(String).join(".") ??
      (i.instancePath ?? "").replace(/^\//, "").replaceAll("/", ".");
    const where = [err.validationContext, path].filter(Boolean).join(".");
    return `${where || "request"}: ${i.message ?? "invalid"}`;
  });
  return parts.join("; ") || err.message;
}

/** One mapper from every error to { code, message, requestId }; a 5xx never echoes internals. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const requestId = request.id;
    if (hasZodFastifySchemaValidationErrors(err)) {
      return reply
        .status(400)
        .send({ code: "validation", message: describeValidation(err as never), requestId });
    }
    if (err instanceof AppError) {
      if (err.status >= 500) request.log.error({ err }, "service error");
      return reply
        .status(err.status)
        .headers(err.headers)
        .send({ code: err.code, message: err.message, requestId });
    }
    if (isResponseSerializationError(err)) {
      request.log.error({ err }, "response did not match its schema");
      return reply.status(500).send({ code: "internal", message: "Internal server error", requestId });
    }
    const status = err.statusCode ?? 500;
    if (status < 500) {
      // Fastify's own 4xx (malformed JSON, body too large, unsupported media type) are safe to show.
      return reply.status(status).send({ code: codeForStatus(status), message: err.message, requestId });
    }
    request.log.error({ err }, "unhandled error");
    return reply.status(500).send({ code: "internal", message: "Internal server error", requestId });
  });
}

/** A malformed multipart body is the client's fault (400); the parser's own 4xx (413) and ours stay. */
export function multipartFault(e: unknown): unknown {
  if (e instanceof AppError) return e;
  const status = (e as { statusCode?: number }).statusCode;
  if (typeof status === "number" && status < 500) return e;
  return new ValidationError(`malformed multipart body (${(e as Error).message})`, "body");
}
