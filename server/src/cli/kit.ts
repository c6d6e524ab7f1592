// What every CLI command needs: the platform opened and closed around its work, the operator's verb
// context, and one-line errors. Cheap to import: it loads the platform only when a command runs.
import { hostname, userInfo } from "node:os";
import type { Ctx } from "../platform/context.ts";
import type { CliKit } from "../platform/module.ts";
import type { Platform } from "../platform/platform.ts";

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

export type CliPlatform = Platform & { keyOrigin: string };

/**
 * Opens the platform for one command (migrated unless `migrate: false`, every module's jobs declared
 * so verbs can enqueue work as in the server) and always closes it; known start-up failures become
 * CliErrors.
 */
export async function withPlatform<T>(
  opts: { migrate?: boolean; modules?: boolean },
  fn: (platform: CliPlatform) => Promise<T>,
): Promise<T> {
  const withModules = opts.modules ?? true;
  const [{ ConfigError, loadConfig }, { DatabaseLockedError, openDatabaseFor }] = await Promise.all([
    import("../config.ts"),
    import("../platform/db/index.ts"),
  ]);
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    throw err instanceof ConfigError ? new CliError(err.message) : err;
  }
  // The database starts opening first (PGlite on its own thread, or the server's connection); the
  // platform's and the modules' code load on this thread meanwhile, so a command waits for the
  // slower of the two, not both.
  const opening = openDatabaseFor(config);
  opening.catch(() => {}); // reported by bootPlatform, which awaits it
  const preload = withModules
    ? import("../modules.ts").then(async (list) => {
        await Promise.all(list.modules.map((m) => m.load()));
        return list;
      })
    : null;
  preload?.catch(() => {}); // reported below, when awaited
  const [{ bootPlatform, closePlatform }, { SecretKeyError }] = await Promise.all([
    import("../boot.ts"),
    import("../platform/secrets.ts"),
  ]);
  let platform: CliPlatform;
  try {
    platform = await bootPlatform({ config, migrate: opts.migrate ?? true, database: opening });
  } catch (err) {
    if (err instanceof DatabaseLockedError || err instanceof SecretKeyError) throw new CliError(err.message);
    throw err;
  }
  if (platform.database.modesFixed)
    process.stderr.write(
      `bullpen: data directory permissions: tightened ${platform.database.modesFixed} entries in ${config.dataDir} (directories 0700, files 0600)\n`,
    );
  let list: Awaited<typeof preload> = null;
  try {
    list = await preload;
  } catch (err) {
    await closePlatform(platform);
    throw err;
  }
  try {
    await list?.openModules(platform);
    // For the CLI benchmark (bench/cli.ts): the fixed cost of a command before its own work.
    if (process.env.BULLPEN_CLI_TIMING)
      process.stderr.write(`bullpen: ready for the command after ${Math.round(performance.now())} ms\n`);
    return await fn(platform);
  } finally {
    await list?.stopModules(platform);
    // The embedded database has no autovacuum: rows a command deleted, or imported and rolled back,
    // are vacuumed, and tables it changed analyzed, before it exits (one statistics query when none).
    if (platform.database.kind === "pglite")
      await import("../platform/db/maintenance.ts")
        .then((m) => m.maintainDatabase(platform.database, { vacuumInserts: false, checkpoint: false }))
        .catch((err) => process.stderr.write(`bullpen: vacuum after the command failed: ${err}\n`));
    await closePlatform(platform);
  }
}

let operatorLog: Ctx["log"] | null = null;

/** The verb ctx of the operator at the console: a local caller, audited with the CLI's note. */
export async function loadOperatorCtx(): Promise<(platform: Platform) => Ctx> {
  const [{ makeCtx }, { default: pino }] = await Promise.all([
    import("../platform/context.ts"),
    import("pino"),
  ]);
  operatorLog ??= pino({ level: "warn" }, pino.destination(2)) as unknown as Ctx["log"];
  const log = operatorLog;
  return (platform) => makeCtx(platform, { origin: "operator", log, userAgent: cliActorNote() });
}

/** The kit handed to every module's commands. */
export function cliKit(): CliKit {
  let ctxOf: ((platform: Platform) => Ctx) | null = null;
  return {
    withPlatform: (opts, fn) =>
      withPlatform(opts, async (p) => {
        ctxOf ??= await loadOperatorCtx();
        return fn(p);
      }),
    operatorCtx: (platform) => {
      if (!ctxOf) throw new Error("operatorCtx is only available inside withPlatform");
      return ctxOf(platform);
    },
    readNewPassword: async () => (await import("./password.ts")).readNewPassword(),
    out: (line) => {
      process.stdout.write(`${line}\n`);
    },
    fail: (message, exitCode) => {
      throw new CliError(message, exitCode);
    },
  };
}
