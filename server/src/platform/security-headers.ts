// Security headers on every response. helmet decides the headers and their values; they depend
// only on the options, so they are computed once at start-up and copied onto each reply (running
// helmet's middleware per request re-parsed the CSP directives every time: ~15 % of /api/me's CPU).
// A route may still override a header (the /docs UI sets its own Content-Security-Policy).
import type { FastifyInstance } from "fastify";
import helmet, { type HelmetOptions } from "helmet";

/** The headers helmet would set for these options, as a plain name → value map. */
export function securityHeaders(options: HelmetOptions): Record<string, string> {
  const headers = new Map<string, string>();
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers.set(name, Array.isArray(value) ? value.join(", ") : String(value));
    },
    removeHeader(name: string) {
      headers.delete(name);
    },
  };
  let failure: unknown;
  // helmet's middleware is synchronous with these (non-function) options; it reports errors via next.
  helmet(options)({} as never, recorder as never, (err?: unknown) => {
    failure = err;
  });
  if (failure) throw failure;
  return Object.fromEntries(headers);
}

export function installSecurityHeaders(app: FastifyInstance, options: HelmetOptions): void {
  const headers = securityHeaders(options);
  app.addHook("onRequest", (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
}
