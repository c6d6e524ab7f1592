// The market module's HTTP routes: CSV bodies as streams, multipart uploads, and each part's routes.
import multipart from "@fastify/multipart";
import type { FastifyInstance } from "fastify";
import type { Platform } from "../../platform/platform.ts";
import { actionRoutes } from "./actions/routes.ts";
import { barRoutes, MAX_UPLOAD } from "./bars/routes.ts";
import { fxRoutes } from "./fx/routes.ts";
import { instrumentRoutes } from "./instruments/routes.ts";
import { quoteRoutes } from "./quotes/routes.ts";
import { universeRoutes } from "./universes/routes.ts";
import { watchlistRoutes } from "./watchlists/routes.ts";

export async function marketRoutes(fastify: FastifyInstance, platform: Platform): Promise<void> {
  await fastify.register(async (scope) => {
    // CSV bodies go to the importer as a stream.
    scope.addContentTypeParser(
      ["text/csv", "text/plain", "application/octet-stream"],
      (_req, payload, done) => done(null, payload),
    );
    await scope.register(multipart, { limits: { fileSize: MAX_UPLOAD, files: 1, fields: 10 } });
    await instrumentRoutes(scope, platform);
    await barRoutes(scope, platform);
    await quoteRoutes(scope, platform);
    await actionRoutes(scope, platform);
    await fxRoutes(scope, platform);
    await universeRoutes(scope, platform);
    await watchlistRoutes(scope, platform);
  });
}
