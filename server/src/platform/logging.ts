// Log format: readable lines for a person at a terminal, JSON for log collectors (LOG_FORMAT).
import type { FastifyServerOptions } from "fastify";
import type { Config } from "../config.ts";

/** True when logs should be pretty-printed: LOG_FORMAT=pretty, or auto with a terminal on stdout. */
export function prettyLogs(
  config: Pick<Config, "LOG_FORMAT">,
  isTTY = Boolean(process.stdout.isTTY),
): boolean {
  return config.LOG_FORMAT === "pretty" || (config.LOG_FORMAT === "auto" && isTTY);
}

/** Fastify's logger options for the configuration. */
export function loggerOptions(
  config: Pick<Config, "LOG_FORMAT" | "LOG_LEVEL">,
  isTTY = Boolean(process.stdout.isTTY),
): FastifyServerOptions["logger"] {
  if (!prettyLogs(config, isTTY)) return { level: config.LOG_LEVEL };
  return {
    level: config.LOG_LEVEL,
    // pino-pretty runs on a worker thread of its own (a pino transport).
    transport: {
      target: "pino-pretty",
      options: { translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname", singleLine: true },
    },
  };
}
