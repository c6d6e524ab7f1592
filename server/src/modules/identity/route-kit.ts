// What identity's route files share: error responses, the empty body and the typed app (a route's
// OpenAPI security derives from its config.access, see platform/route-access.ts).
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { errorBody } from "../../platform/http.ts";

export const errors = {
  400: errorBody,
  401: errorBody,
  403: errorBody,
  404: errorBody,
  409: errorBody,
  429: errorBody,
};
export const empty = z.null().describe("No content");

/** The app with zod schemas typing requests and replies. */
export const typed = (app: FastifyInstance) => app.withTypeProvider<ZodTypeProvider>();
