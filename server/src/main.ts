// `bullpen serve` / `npm start`: migrate, then serve the API and the web app.
import { buildApp } from "./app.ts";
import { bootPlatform, closePlatform } from "./boot.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { ensureSetupToken } from "./modules/identity/index.ts";
import { openModules } from "./modules.ts";
import { makeCtx } from "./platform/context.ts";
import { restrictUmask } from "./platform/db/data-dir.ts";
import { DatabaseLockedError } from "./platform/db/index.ts";
import { scheduleMaintenance } from "./platform/db/maintenance.ts";
import { SecretKeyError } from "./platform/secrets.ts";

/** Starts serving; resolves with the URL and, while no admin exists, the one-time setup token. */
export async function serve(): Promise<{ url: string; setupToken: string | null }> {
  // Files this process creates (data directory, key file) are the owner's only.
  restrictUmask();
  let platform: Awaited<ReturnType<typeof bootPlatform>>;
  try {
    platform = await bootPlatform({ config: loadConfig() });
  } catch (err) {
    if (err instanceof ConfigError || err instanceof DatabaseLockedError || err instanceof SecretKeyError) {
      console.error(`bullpen: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  const { config } = platform;
  const app = await buildApp(platform);
  const log = app.log;
  log.info(
    {
      database: platform.database.kind,
      location: platform.database.location,
      migrationsApplied: platform.migrated,
    },
    "database ready",
  );
  if (platform.database.modesFixed)
    log.warn(
      { dataDir: config.dataDir, entries: platform.database.modesFixed },
      `data directory permissions: tightened ${platform.database.modesFixed} entries (directories 0700, files 0600)`,
    );
  if (platform.keyGenerated)
    log.warn(
      { keyFile: platform.keyOrigin },
      "generated a new master key for secrets at rest (mode 0600); back it up with the data directory",
    );
  else log.info({ keySource: platform.keyOrigin }, "master key loaded");

  // No administrator yet: a one-time token (logged as "setup token: <token>") lets the web app create one.
  const setupCtx = makeCtx(platform, { origin: "system", log, userAgent: "bullpen" });
  const setupToken = await ensureSetupToken({ ctx: setupCtx, input: undefined });

  // The embedded database's autovacuum and checkpoints (nothing on a PostgreSQL server).
  const maintenance = scheduleMaintenance(platform.database, {
    log: log.child({ component: "db-maintenance" }),
  });

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, "shutting down");
    await maintenance.stop();
    await app.close();
    await closePlatform(platform);
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));

  // Workers run here unless BULLPEN_WORKER=false; an API-only process still readies the queue so a
  // verb can enqueue inside its transaction (e.g. the email outbox) without waiting for the sweeper.
  if (config.BULLPEN_WORKER) await platform.jobs.start();
  else await platform.jobs.ready();
  await app.listen({ port: config.PORT, host: config.HOST });
  // After listen: each module's start-up work; background work (the first start's demo data load)
  // goes on while /health answers.
  for (const runtime of await openModules(platform))
    await runtime.start?.(platform, { log, stopping: () => closing });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : config.PORT;
  const url = config.PUBLIC_URL ?? `http://localhost:${port}`;
  console.log(`\n  Bullpen is running: ${url}\n  API docs: ${url}/docs\n`);
  return { url, setupToken };
}

if (import.meta.main) await serve();
