// The `bullpen` command line: one binary for serving, migrating and administering an instance.
// Building the command tree imports only commander and the modules' manifests; each action loads
// what it needs when it runs, so `bullpen --help` starts in a few milliseconds.
import { Command, CommanderError } from "commander";
import { modules } from "../modules.ts";
import { restrictUmask } from "../platform/db/data-dir.ts";
import { CliError, cliKit, withPlatform } from "./kit.ts";

/** Builds the command tree (exported so tests can check every command has help). */
export function buildProgram(): Command {
  const cli = cliKit();
  const { out } = cli;
  const program = new Command("bullpen")
    .description(
      "Bullpen: self-hosted trading and investing platform.\n" +
        "Configuration comes from environment variables (see docs/configuration.md);\n" +
        "without DATABASE_URL the embedded database lives in BULLPEN_DATA_DIR (default ./data).",
    )
    .version("0.1.0")
    .showHelpAfterError()
    .exitOverride();

  program
    .command("serve")
    .description("apply migrations, then serve the API and the web app on PORT (default 3000)")
    .action(async () => {
      const { serve } = await import("../main.ts");
      const { firstAdminHint } = await import("./first-admin.ts");
      const { url, setupToken } = await serve();
      const hint = firstAdminHint(url, setupToken);
      if (hint) out(hint);
    });

  program
    .command("migrate")
    .description("apply pending database migrations and exit")
    .action(() =>
      withPlatform({ migrate: false, modules: false }, async (p) => {
        const { runMigrations } = await import("../platform/migrate.ts");
        const { applied } = await runMigrations(p.database);
        out(applied ? `applied ${applied} migration(s) on ${p.database.kind}` : "database is up to date");
      }),
    );

  const db = program.command("db").description("database tools");
  db.command("info")
    .description("database kind, location, migration state, sizes, and dead space in the largest tables")
    .option("--json", "print JSON", false)
    .action((opts: { json: boolean }) =>
      withPlatform({ migrate: false, modules: false }, async (p) => {
        const { dbInfo, formatDbInfo } = await import("./info.ts");
        const info = await dbInfo(p);
        out(opts.json ? JSON.stringify(info, null, 2) : formatDbInfo(info));
      }),
    );

  db.command("vacuum")
    .description(
      "VACUUM and ANALYZE every table (and CHECKPOINT the embedded database) so dead rows' space is reused; " +
        "--full rewrites the tables and gives the space back to the file system (locks each table while it runs)",
    )
    .option(
      "--full",
      "VACUUM FULL: shrink the files (needs free space for a copy of the largest table)",
      false,
    )
    .action((opts: { full: boolean }) =>
      withPlatform({ migrate: false, modules: false }, async (p) => {
        const { vacuumDatabase, formatVacuum } = await import("./info.ts");
        out(formatVacuum(await vacuumDatabase(p, { full: opts.full })));
      }),
    );

  program
    .command("secrets")
    .description("secrets at rest")
    .command("rotate")
    .description(
      "re-encrypt every stored secret under a new master key: in embedded mode the key file is replaced; " +
        "with BULLPEN_SECRET_KEY, set it to the new key and BULLPEN_SECRET_KEY_PREVIOUS to the old one first",
    )
    .action(() =>
      cli.withPlatform({}, async (p) => {
        const { rotateSecrets } = await import("./secrets.ts");
        const { openModules } = await import("../modules.ts");
        const columns = (await openModules(p)).flatMap((r) => r.encryptedColumns ?? []);
        const report = await rotateSecrets(p as never, cli.operatorCtx(p), columns);
        const total = report.columns.reduce((s, c) => s + c.rewrapped, 0);
        out(`master key is now ${report.keyId} (${report.mode}); re-encrypted ${total} value(s)`);
        for (const c of report.columns) out(`  ${c.table}.${c.column}: ${c.rewrapped} of ${c.rows}`);
        if (report.mode === "key-file") out("back up the new secret.key together with the data directory");
        else out("every process may now drop BULLPEN_SECRET_KEY_PREVIOUS");
      }),
    );

  // Every module's own commands, in the modules' order.
  for (const m of modules) m.commands?.(program, cli);
  return program;
}

/** Runs the CLI; turns known errors into one line on stderr and an exit status. */
export async function main(argv: string[]): Promise<void> {
  // Before any command opens the data directory: what it creates is the owner's only.
  restrictUmask();
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode;
      return;
    }
    const line = await oneLine(err);
    if (line === null) throw err;
    process.stderr.write(`bullpen: ${line.message}\n`);
    process.exitCode = line.exitCode;
  }
}

/** Known errors (bad input, bad configuration, refused verbs) as one line; null for bugs. */
async function oneLine(err: unknown): Promise<{ message: string; exitCode: number } | null> {
  if (err instanceof CliError) return { message: err.message, exitCode: err.exitCode };
  const [{ ConfigError }, { AppError }] = await Promise.all([
    import("../config.ts"),
    import("../platform/errors.ts"),
  ]);
  // Validation, conflict, not found from a verb: the message names the problem.
  if (err instanceof ConfigError || err instanceof AppError) return { message: err.message, exitCode: 1 };
  return null;
}
