// Log format: readable lines for a person at a terminal, JSON for log collectors (LOG_FORMAT); and
// what never reaches a log: query parameters that carry a token, a code or a secret (docs/security.md).
import type { FastifyRequest, FastifyServerOptions } from "fastify";
import pino from "pino";
import type { Config } from "../config.ts";

/** What stands in a URL recorded in a log or a table for the value of a secret query parameter. */
export const REDACTED_VALUE = "[redacted]";

/**
 * The one list of query parameter names whose values are secrets (emailed links, OpenID Connect
 * callbacks, keys a client might put in a URL). A name is secret when, lower-cased and stripped of
 * `-`, `_` and `.`, it is one of these or ends with one (`access_token`, `apiKey`, `resetToken`,
 * `X-Amz-Signature`, `inviteCode`).
 */
export const SECRET_QUERY_PARAMS: readonly string[] = [
  "token",
  "code",
  "secret",
  "key",
  "password",
  "passwd",
  "pwd",
  "passphrase",
  "otp",
  "totp",
  "invite",
  "state",
  "nonce",
  "signature",
  "sig",
  "session",
  "sid",
  "auth",
  "authorization",
  "credential",
  "credentials",
  "jwt",
  "assertion",
];

/** True when a query parameter of this name carries a secret (see SECRET_QUERY_PARAMS). */
export function isSecretParam(name: string): boolean {
  let decoded = name;
  try {
    decoded = decodeURIComponent(name.replace(/\+/g, " "));
  } catch {}
  const n = decoded.toLowerCase().replace(/[-_.\s[\]]/g, "");
  return SECRET_QUERY_PARAMS.some((w) => n === w || n.endsWith(w));
}

// A query parameter inside a URL or any text: separator, name, value (up to the next separator).
const QUERY_PARAM = /([?&;])([^=&?#\s"'<>;]+)=([^&#\s"'<>;]*)/g;

/**
 * The text (a URL, a path with its query, an error message quoting one) with the value of every
 * secret query parameter replaced by "[redacted]"; everything else is left as it was.
 */
export function redactQuery(text: string): string;
export function redactQuery(text: string | undefined): string | undefined;
export function redactQuery(text: string | undefined): string | undefined {
  if (!text || !/[?&;]/.test(text)) return text;
  return text.replace(QUERY_PARAM, (whole, sep: string, name: string, value: string) =>
    value && isSecretParam(name) ? `${sep}${name}=${REDACTED_VALUE}` : whole,
  );
}

/**
 * Fastify's request and error serializers with URLs redacted: the `incoming request` line (and any
 * line that logs `req`) shows `/reset-password?token=[redacted]`, and an error quoting a URL is
 * redacted the same way.
 */
export const logSerializers = {
  req: (req: FastifyRequest) => ({
    method: req.method,
    url: redactQuery(req.url),
    version: req.headers?.["accept-version"] as string | undefined,
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket ? req.socket.remotePort : undefined,
  }),
  err: (err: Error) => {
    const out = pino.stdSerializers.err(err);
    out.message = redactQuery(out.message);
    out.stack = redactQuery(out.stack);
    return out;
  },
};

/** True when logs should be pretty-printed: LOG_FORMAT=pretty, or auto with a terminal on stdout. */
export function prettyLogs(
  config: Pick<Config, "LOG_FORMAT">,
  isTTY = Boolean(process.stdout.isTTY),
): boolean {
  return config.LOG_FORMAT === "pretty" || (config.LOG_FORMAT === "auto" && isTTY);
}

/** Fastify's logger options for the configuration (with the redacting serializers). */
export function loggerOptions(
  config: Pick<Config, "LOG_FORMAT" | "LOG_LEVEL">,
  isTTY = Boolean(process.stdout.isTTY),
): FastifyServerOptions["logger"] {
  if (!prettyLogs(config, isTTY)) return { level: config.LOG_LEVEL, serializers: logSerializers };
  return {
    level: config.LOG_LEVEL,
    serializers: logSerializers,
    // pino-pretty runs on a worker thread of its own (a pino transport).
    transport: {
      target: "pino-pretty",
      options: { translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname", singleLine: true },
    },
  };
}

/** Logger options given by a caller (tests), with the redacting serializers added. */
export function withLogRedaction(logger: FastifyServerOptions["logger"]): FastifyServerOptions["logger"] {
  if (!logger || typeof logger !== "object") return logger;
  return { ...logger, serializers: { ...logSerializers, ...logger.serializers } };
}
