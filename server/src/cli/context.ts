// What every CLI command needs: the platform, a verb context whose actor is "the operator at the
// console", and a clean way out.
import { hostname, userInfo } from "node:os";
import pino from "pino";
import { bootPlatform } from "../boot.ts";
import { ConfigError, loadConfig } from "../config.ts";
import { type Ctx, makeCtx } from "../platform/context.ts";
import { DatabaseLockedError } from "../platform/db/index.ts";
import type { Platform } from "../platform/platform.ts";
import { SecretKeyError } from "../platform/secrets.ts";

export type CliPlatform = Awaited<ReturnType<typeof bootPlatform>>;

/** An error the CLI reports as one line and exit status 1 (no stack trace). */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.exitCode = exitCode;
  }
}

/** Who ran the command, recorded in audit rows' user agent so CLI actions are told apart. */
export function cliActorNote(): string {
  let user = "unknown";
  try {
    user = userInfo().username;
  } catch {}
  return `bullpen-cli (${user}@${hostname()})`;
}

/**
 * The context for verbs run from the console: no signed-in actor (the operator has shell access
 * to the data, which is more than any admin role), and the "cli" note on every audit row.
 */
export function cliCtx(platform: Platform): Ctx {
  return makeCtx(platform, {
    origin: "operator",
    log: pino({ level: "warn" }, pino.destination(2)) as unknown as Ctx["log"],
    userAgent: cliActorNote(),
  });
}

/**
 * Opens the platform for one command and always closes it; known start-up failures become CliErrors.
 * `modules: true` also registers every module on an app that never listens, so verbs find their
 * collaborators (notifications, email outbox, audit event writers) connected exactly as in the server.
 */
export async function withPlatform<T>(
  opts: { migrate?: boolean; modules?: boolean },
  fn: (platform: CliPlatform) => Promise<T>,
): Promise<T> {
  let platform: CliPlatform;
  try {
    platform = await bootPlatform({ config: loadConfig(), migrate: opts.migrate ?? true });
  } catch (err) {
    if (err instanceof ConfigError || err instanceof DatabaseLockedError || err instanceof SecretKeyError)
      throw new CliError(err.message);
    throw err;
  }
  let app: import("fastify").FastifyInstance | null = null;
  try {
    if (opts.modules) {
      const { buildApp } = await import("../app.ts");
      app = await buildApp(platform, { logger: false, serveWeb: false });
      await app.ready();
    }
    return await fn(platform);
  } finally {
    await app?.close();
    await platform.jobs.stop();
    await platform.database.close();
  }
}
