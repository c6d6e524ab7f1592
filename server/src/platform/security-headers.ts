// Security headers on every response. Pages (the web app, /docs) get helmet's full set; helmet
// decides the headers and their values, which depend only on the options, so they are computed
// once at start-up and copied onto each reply (running helmet's middleware per request re-parsed
// the CSP directives every time: ~15 % of /api/me's CPU). JSON API responses get the lean set
// OWASP's REST Security Cheat Sheet recommends for APIs instead: nothing in them is ever rendered,
// so the browser-feature headers only cost bytes, while `Cache-Control: no-store` keeps personal
// data out of shared caches. A route may still override a header (the /docs UI sets its own CSP).
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

/** Headers for JSON API responses (OWASP REST Security Cheat Sheet, "Security Headers"). */
export const API_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  "Cache-Control": "no-store",
  "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
  "Cross-Origin-Resource-Policy": "same-origin",
  "Referrer-Policy": "no-referrer",
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
});

const isApi = (url: string) => url.startsWith("/api/") || url === "/api";

/** Sets the security headers and `x-request-id` on every reply. */
export function installSecurityHeaders(app: FastifyInstance, pageOptions: HelmetOptions): void {
  const pageHeaders = securityHeaders(pageOptions);
  // The request id rides along: one hook instead of two, and error replies keep what was set here.
  app.addHook("onRequest", (request, reply, done) => {
    reply.headers(isApi(request.url) ? API_SECURITY_HEADERS : pageHeaders);
    reply.header("x-request-id", request.id);
    done();
  });
}
