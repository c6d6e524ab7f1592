import { createHash, randomUUID, timingSafeEqual } from "node:crypto";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import cookie from "@fastify/cookie";
import cors from "@fastify/cors";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyServerOptions } from "fastify";
import { jsonSchemaTransform, serializerCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { openModules, stopModules } from "./modules.ts";
import { errorBody, installErrorHandling } from "./platform/http.ts";
import { clientErrorHandler, installMethodTable, refuseDotSegments } from "./platform/http-edges.ts";
import { loggerOptions, withLogRedaction } from "./platform/logging.ts";
import { installMetrics } from "./platform/metrics.ts";
import { migrationState } from "./platform/migrate.ts";
import type { Platform } from "./platform/platform.ts";
import { installRouteAccess } from "./platform/route-access.ts";
import { installSecurityHeaders } from "./platform/security-headers.ts";
import { validatorCompiler } from "./platform/validation.ts";
import { docsCsp, installCompression, serveWebBuild } from "./platform/web-assets.ts";

export const webDist = fileURLToPath(new URL("../../web/dist", import.meta.url));
const version = "0.1.0";

export interface BuildAppOptions {
  logger?: FastifyServerOptions["logger"];
  /** Serve the built web app from web/dist when it exists (default true). */
  serveWeb?: boolean;
  /** Where the built web app is (default BULLPEN_WEB_DIR, else web/dist); tests point it at a fixture. */
  webRoot?: string;
}

/** Builds the HTTP app; tests call it with their own platform and use app.inject(). */
export async function buildApp(platform: Platform, opts: BuildAppOptions = {}): Promise<FastifyInstance> {
  const { config } = platform;
  const app = Fastify({
    // Request lines and errors go through the redacting serializers (platform/logging.ts).
    logger: opts.logger === undefined ? loggerOptions(config) : withLogRedaction(opts.logger),
    genReqId: () => randomUUID(),
    trustProxy: config.TRUST_PROXY,
    bodyLimit: 1024 * 1024,
    // Requests Node's parser refuses (a head over 16 KiB: 431) get the standard error body too.
    clientErrorHandler,
    // Router-level refusals (malformed URL encoding, over-long path parameter) bypass the error
    // handler; give them the same { code, message, requestId } body as every other error.
    frameworkErrors: (err, request, rawReply) => {
      const reply = rawReply as unknown as FastifyReply;
      const tooLong = err.code === "FST_ERR_MAX_PARAM_LENGTH";
      reply
        .status(tooLong ? 414 : 400)
        .header("x-request-id", request.id)
        .send({
          code: tooLong ? "uri_too_long" : "bad_request",
          message: tooLong ? "A path parameter is too long" : "The URL is malformed",
          requestId: request.id,
        });
    },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest("actor", null);
  installErrorHandling(app);
  // Before any route: every route declares who may call it (config.access), checked here.
  installRouteAccess(app);
  // Every route's methods, for the 405 (with Allow) a known path answers to another method.
  const methods = installMethodTable(app);

  installSecurityHeaders(app, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:", "blob:"],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", "data:"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
      },
    },
    // Served over plain http on localhost by default; HSTS is for the TLS proxy to add.
    hsts: false,
  });
  app.addHook("onRequest", refuseDotSegments);
  if (config.CORS_ORIGINS.length > 0) {
    await app.register(cors, { origin: config.CORS_ORIGINS, credentials: true });
  }
  await app.register(cookie);
  // Before every route: it compresses the answers of the routes registered after it.
  await installCompression(app);
  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: { title: "Bullpen API", version, description: "Self-hosted trading and investing platform" },
      components: {
        securitySchemes: {
          bearer: { type: "http", scheme: "bearer", description: "Session token or API key (bp_…)" },
          cookie: { type: "apiKey", in: "cookie", name: "bullpen_session" },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, {
    routePrefix: "/docs",
    staticCSP: true,
    // Swagger UI writes style attributes into the markup it renders (descriptions, the models'
    // expanders): allow inline styles on /docs (never inline scripts), or the browser logs a CSP error
    // (issue 16). And no upgrade-insecure-requests: it would send /docs's own files to https on a
    // server reached over plain http (a LAN address, a port without a TLS proxy).
    transformStaticCSP: (header) => docsCsp(header),
  });

  if (config.METRICS_ENABLED && config.METRICS_TOKEN) {
    const registry = installMetrics(app);
    // Public as routes go (no user signs in to it), but only with the configured token; compared
    // as digests, in constant time.
    const digest = (v: string) => createHash("sha256").update(v).digest();
    const expected = digest(`Bearer ${config.METRICS_TOKEN}`);
    app.get(
      "/metrics",
      {
        config: { access: "public" },
        schema: { hide: true },
        onRequest: (request, reply, done) => {
          if (timingSafeEqual(digest(request.headers.authorization ?? ""), expected)) return done();
          reply.status(401).header("www-authenticate", 'Bearer realm="metrics"').send({
            code: "unauthenticated",
            message: "Send Authorization: Bearer <METRICS_TOKEN>",
            requestId: request.id,
          });
        },
      },
      async (_req, reply) => {
        reply.type(registry.contentType);
        return registry.metrics();
      },
    );
  }

  app.get("/openapi.json", { config: { access: "public" }, schema: { hide: true } }, async () =>
    app.swagger(),
  );

  app.get(
    "/health",
    {
      config: { access: "public" },
      // Probes call it every few seconds: their requests are logged only with LOG_LEVEL debug or trace.
      logLevel: config.LOG_LEVEL === "debug" || config.LOG_LEVEL === "trace" ? config.LOG_LEVEL : "warn",
      schema: {
        tags: ["platform"],
        summary: "Liveness and database state",
        response: {
          200: z.object({
            status: z.literal("ok"),
            version: z.string(),
            database: z.object({
              kind: z.enum(["pglite", "postgres"]),
              migrations: z.object({
                applied: z.number(),
                pending: z.number(),
                latest: z.string().nullable(),
              }),
            }),
          }),
          503: errorBody,
        },
      },
    },
    async (request, reply) => {
      try {
        const migrations = await migrationState(platform.database);
        return { status: "ok" as const, version, database: { kind: platform.database.kind, migrations } };
      } catch (err) {
        request.log.error({ err }, "health check failed");
        return reply
          .status(503)
          .send({ code: "unavailable", message: "Database unavailable", requestId: request.id });
      }
    },
  );

  // Every module's routes and hooks, in the list's dependency order (audit's request log first,
  // identity's authentication hook before any module's routes).
  for (const runtime of await openModules(platform)) await runtime.routes?.(app, platform);
  app.addHook("onClose", () => stopModules(platform));

  const webRoot = opts.webRoot ?? config.BULLPEN_WEB_DIR ?? webDist;
  const serveWeb = (opts.serveWeb ?? true) && existsSync(`${webRoot}/index.html`);
  if (serveWeb) {
    await serveWebBuild(app, webRoot);
  }
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split("?")[0];
    // A known path asked with a method it does not take: 405 naming the ones it does.
    const allowed = methods.allowed(path);
    if (allowed.length > 0 && !allowed.includes(request.method)) {
      return reply
        .status(405)
        .header("allow", allowed.join(", "))
        .send({
          code: "method_not_allowed",
          message: `${request.method} is not allowed on ${path}; use ${allowed.join(", ")}`,
          requestId: request.id,
        });
    }
    const isApi =
      path.startsWith("/api/") || path === "/api" || path.startsWith("/docs") || path.startsWith("/health");
    if (serveWeb && request.method === "GET" && !isApi && !/\.[a-z0-9]+$/i.test(path)) {
      return reply.sendFile("index.html"); // SPA routes
    }
    return reply
      .status(404)
      .send({ code: "not_found", message: `No route ${request.method} ${path}`, requestId: request.id });
  });

  return app;
}
