// The edges of HTTP that no route sees: a method the path does not take (405 with Allow), a path
// climbing out of its root with `..`, and requests Node's parser refuses before Fastify has a
// request (431 for an oversized head, 408, 400). Each answers the one error body,
// { code, message, requestId }, like every other error.
import { randomUUID } from "node:crypto";
import type { Socket } from "node:net";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

/** The `code` of an error body for a status Fastify, a plugin or Node set. */
export function codeForStatus(status: number): string {
  switch (status) {
    case 403:
      return "forbidden";
    case 404:
      return "not_found";
    case 405:
      return "method_not_allowed";
    case 406:
      return "not_acceptable";
    case 408:
      return "timeout";
    case 413:
      return "payload_too_large";
    case 414:
      return "uri_too_long";
    case 415:
      return "unsupported_media_type";
    case 429:
      return "rate_limited";
    case 431:
      return "headers_too_large";
    default:
      return "bad_request";
  }
}

/** A route pattern (`/api/watchlists/:id`, `/docs/*`) as a regular expression over a path. */
function patternOf(url: string): RegExp {
  const source = url
    .split("/")
    .map((part) => {
      if (part === "*") return ".*";
      if (part.startsWith(":")) return "[^/]+";
      return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("/");
  return new RegExp(`^${source}$`);
}

/**
 * Records every route's methods as it is registered; `allowed(path)` then lists the methods a
 * path takes (empty when no route matches it), for the 405's Allow header.
 */
export function installMethodTable(app: FastifyInstance): { allowed(path: string): string[] } {
  const routes = new Map<string, { pattern: RegExp; methods: Set<string> }>();
  app.addHook("onRoute", (route) => {
    let entry = routes.get(route.url);
    if (!entry) {
      entry = { pattern: patternOf(route.url), methods: new Set() };
      routes.set(route.url, entry);
    }
    for (const m of [route.method].flat()) entry.methods.add(m);
  });
  return {
    allowed(path) {
      const methods = new Set<string>();
      for (const { pattern, methods: ms } of routes.values())
        if (pattern.test(path)) for (const m of ms) methods.add(m);
      return [...methods].sort();
    },
  };
}

/** `..` as a path segment, written plainly or percent-encoded, with either slash. */
const DOT_DOT = /(?:^|[/\\])\.\.(?:[/\\]|$)/;

function decodedPath(url: string): string {
  const path = url.split("?", 1)[0];
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/**
 * onRequest: a path with a `..` segment answers 404. Clients resolve dot segments before sending
 * (RFC 3986, 5.2.4), so only a crafted request carries one; nothing here is reached that way, and
 * the static file servers' own refusal (403) would confirm that something lies above their root.
 */
export function refuseDotSegments(request: FastifyRequest, reply: FastifyReply, done: () => void): void {
  if (request.url.includes("..") || /%2e/i.test(request.url)) {
    const path = decodedPath(request.url);
    if (DOT_DOT.test(path)) {
      reply.status(404).send({ code: "not_found", message: "Not found", requestId: request.id });
      return;
    }
  }
  done();
}

const REASONS: Record<number, string> = {
  400: "Bad Request",
  408: "Request Timeout",
  431: "Request Header Fields Too Large",
};

/**
 * Fastify's clientErrorHandler: a request Node's HTTP parser refused (head over the 16 KiB limit, a
 * malformed request line, a timeout) gets the standard error body on the raw socket, then the
 * connection closes.
 */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === "ECONNRESET" || socket.destroyed) return;
  const status =
    err.code === "HPE_HEADER_OVERFLOW" ? 431 : err.code === "ERR_HTTP_REQUEST_TIMEOUT" ? 408 : 400;
  const message =
    status === 431
      ? "The request line and headers are over 16 KiB (a URL that long is refused)"
      : status === 408
        ? "The request took too long to arrive"
        : "The request is malformed";
  const requestId = randomUUID();
  const body = JSON.stringify({ code: codeForStatus(status), message, requestId });
  if (socket.writable)
    socket.write(
      `HTTP/1.1 ${status} ${REASONS[status]}\r\n` +
        "Content-Type: application/json; charset=utf-8\r\n" +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        `x-request-id: ${requestId}\r\n` +
        "Cache-Control: no-store\r\n" +
        "X-Content-Type-Options: nosniff\r\n" +
        "Connection: close\r\n\r\n" +
        body,
    );
  socket.destroy(err);
}
