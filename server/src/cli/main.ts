// The `bullpen` command line: one binary for serving, migrating and administering an instance.
import { Command, CommanderError, Option } from "commander";
import { ConfigError } from "../config.ts";
import { type FetchCliOptions, fetchCli } from "../modules/market/providers/cli.ts";
import { AppError } from "../platform/errors.ts";
import { runMigrations } from "../platform/migrate.ts";
import { CliError, cliCtx, withPlatform } from "./context.ts";
import { auditVerify, dbInfo, formatDbInfo } from "./info.ts";
import { registerMarketCommands } from "./market.ts";
import { readNewPassword } from "./password.ts";
import { rotateSecrets } from "./secrets.ts";
import * as users from "./users.ts";

const out = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

/** Builds the command tree (exported so tests can check every command has help). */
export function buildProgram(): Command {
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
      withPlatform({ migrate: false }, async (p) => {
        const { applied } = await runMigrations(p.database);
        out(applied ? `applied ${applied} migration(s) on ${p.database.kind}` : "database is up to date");
      }),
    );

  const u = program.command("users").description("manage user accounts");
  u.command("create")
    .description(
      "create an active user; the password is read from standard input (prompted without echo on a terminal)",
    )
    .requiredOption("--username <username>", "the new user's username")
    .option("--email <email>", "email address")
    .option("--admin", "make the user an administrator", false)
    .action((opts: { username: string; email?: string; admin: boolean }) =>
      // The password first: nothing is opened when there is none.
      readNewPassword().then((password) =>
        withPlatform({ modules: true }, async (p) => out(await users.create(p, { ...opts, password }))),
      ),
    );
  u.command("list")
    .description("list users, optionally only those with one status")
    .addOption(
      new Option("--status <status>", "only users with this status").choices([
        "pending_approval",
        "active",
        "suspended",
        "disabled",
      ]),
    )
    .option("--json", "print JSON", false)
    .action((opts: { status?: string; json: boolean }) =>
      withPlatform({ modules: true }, async (p) => out(await users.list(p, opts))),
    );
  u.command("approve <username>")
    .description("approve a user waiting for approval")
    .action((username: string) =>
      withPlatform({ modules: true }, async (p) => out(await users.approve(p, username))),
    );
  u.command("suspend <username>")
    .description("suspend a user and end their sessions")
    .action((username: string) =>
      withPlatform({ modules: true }, async (p) => out(await users.suspend(p, username))),
    );
  u.command("reset-mfa <username>")
    .description("turn off a user's two-factor authentication (they can enrol again)")
    .action((username: string) =>
      withPlatform({ modules: true }, async (p) => out(await users.resetMfa(p, username))),
    );

  program
    .command("audit")
    .description("audit trail tools")
    .command("verify")
    .description("walk the hash-chained audit log; exit 1 and name the first tampered row")
    .action(() =>
      withPlatform({ migrate: false }, async (p) => {
        const report = await auditVerify(p);
        if (!report.ok) {
          const bad = report.firstBad;
          throw new CliError(
            `audit chain BROKEN at row seq=${bad?.seq}: ${bad?.reason} (${report.rows} rows verified before it)`,
          );
        }
        out(`audit chain ok: ${report.rows} rows verified`);
      }),
    );

  program
    .command("db")
    .description("database tools")
    .command("info")
    .description("database kind, location, migration state and sizes")
    .option("--json", "print JSON", false)
    .action((opts: { json: boolean }) =>
      withPlatform({ migrate: false }, async (p) => {
        const info = await dbInfo(p);
        out(opts.json ? JSON.stringify(info, null, 2) : formatDbInfo(info));
      }),
    );

  const fetchCmd = program
    .command("fetch")
    .description("fetch market data from a provider (MARKET_PROVIDERS)");
  const fetchAction = (opts: FetchCliOptions) =>
    withPlatform({ modules: true }, async (p) => {
      const r = await fetchCli(cliCtx(p), opts).catch((err: unknown) => {
        // Bad input, disabled provider, unknown instrument: one line, no stack trace.
        if (err instanceof AppError) throw new CliError(err.message);
        throw err;
      });
      out(r.text);
      if (r.failed) throw new CliError("the fetch failed");
    });
  fetchCmd
    .command("bars")
    .description(
      "fetch daily or intraday bars (and splits/dividends) for one instrument, or --backfill all active ones",
    )
    .requiredOption("--provider <id>", "csv, yahoo, stooq, alphavantage or krx")
    .option("--symbol <symbol>", "instrument symbol (with --market)")
    .option("--market <market>", "instrument market, e.g. NASDAQ or KOSPI")
    .requiredOption("--from <date>", "first date, YYYY-MM-DD")
    .option("--to <date>", "last date, YYYY-MM-DD (default today)")
    .option("--interval <interval>", "1m, 5m, 15m, 1h, 1d or 1w", "1d")
    .option(
      "--location <path-or-url>",
      "csv provider: file under $BULLPEN_DATA_DIR/imports or an http(s) URL",
    )
    .option("--backfill", "without --symbol: every active instrument", false)
    .option("--json", "print the run as JSON", false)
    .action(fetchAction);
  fetchCmd
    .command("fx")
    .description("fetch USD reference rates (EUR, KRW, JPY, GBP, CHF) from frankfurter")
    .requiredOption("--from <date>", "first date, YYYY-MM-DD")
    .option("--to <date>", "last date, YYYY-MM-DD (default today)")
    .option("--json", "print the run as JSON", false)
    .action((opts: Omit<FetchCliOptions, "provider">) => fetchAction({ ...opts, provider: "frankfurter" }));

  program
    .command("secrets")
    .description("secrets at rest")
    .command("rotate")
    .description(
      "re-encrypt every stored secret under a new master key: in embedded mode the key file is replaced; " +
        "with BULLPEN_SECRET_KEY, set it to the new key and BULLPEN_SECRET_KEY_PREVIOUS to the old one first",
    )
    .action(() =>
      withPlatform({ modules: true }, async (p) => {
        const report = await rotateSecrets(p);
        const total = report.columns.reduce((s, c) => s + c.rewrapped, 0);
        out(`master key is now ${report.keyId} (${report.mode}); re-encrypted ${total} value(s)`);
        for (const c of report.columns) out(`  ${c.table}.${c.column}: ${c.rewrapped} of ${c.rows}`);
        if (report.mode === "key-file") out("back up the new secret.key together with the data directory");
        else out("every process may now drop BULLPEN_SECRET_KEY_PREVIOUS");
      }),
    );

  registerMarketCommands(program);
  return program;
}

/** Runs the CLI; turns known errors into one line on stderr and an exit status. */
export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode;
      return;
    }
    if (err instanceof CliError || err instanceof ConfigError) {
      process.stderr.write(`bullpen: ${err.message}\n`);
      process.exitCode = err instanceof CliError ? err.exitCode : 1;
      return;
    }
    throw err;
  }
}
