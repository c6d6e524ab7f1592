// `bullpen portfolio import FILE --user LOGIN --account ID|NAME [--broker ID] [--commit]`: a broker
// file previewed (and committed) for a user at the console, as the web app's import does.
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import type { Command } from "commander";
import type { Ctx } from "../../platform/context.ts";
import type { CliKit } from "../../platform/module.ts";

interface ImportOptions {
  user: string;
  account: string;
  broker?: string;
  commit: boolean;
  createInstruments: boolean;
  json: boolean;
}

export function portfolioCommands(program: Command, cli: CliKit): void {
  program
    .command("portfolio")
    .description("portfolio ledgers")
    .command("import <file>")
    .description(
      "preview a broker file's import into a user's account (rows, errors naming row and column, warnings); " +
        "with --commit, write it to the ledger (rows with errors are skipped; rows already there are duplicates)",
    )
    .requiredOption("--user <login>", "the user (username or email) whose account it is")
    .requiredOption("--account <id|name>", "the account, by id or name")
    .option("--broker <id>", "the preset to read the file as (detected when absent)")
    .option("--commit", "commit the import after the preview", false)
    .option("--create-instruments", "with --commit: create instruments nothing matched", false)
    .option("--json", "print the results as JSON", false)
    .action((file: string, o: ImportOptions) =>
      cli.withPlatform({}, async (p) => {
        const { listUsers } = await import("../identity/index.ts");
        const { listAccounts } = await import("./accounts/service.ts");
        const { commitImport, previewImport } = await import("./index.ts");
        const operator = cli.operatorCtx(p);
        const login = o.user.toLowerCase();
        const user = (await listUsers({ ctx: operator, input: {} })).find(
          (u) => u.username.toLowerCase() === login || u.email?.toLowerCase() === login,
        );
        if (!user) cli.fail(`no user ${o.user}`);
        const ctx: Ctx = {
          ...operator,
          actor: { userId: user.id, role: user.role === "admin" ? "admin" : "user" },
        };
        const accounts = await listAccounts({ ctx, input: undefined });
        const account = accounts.find((a) => a.id === o.account || a.name === o.account);
        if (!account)
          cli.fail(
            `${o.user} has no account ${o.account} (${accounts.map((a) => a.name).join(", ") || "none"})`,
          );
        let bytes: Uint8Array;
        try {
          bytes = new Uint8Array(readFileSync(file));
        } catch (e) {
          cli.fail(`cannot read ${file}: ${(e as Error).message}`);
        }
        const preview = await previewImport({
          ctx,
          input: {
            fileName: basename(file),
            bytes,
            fields: { accountId: account.id, ...(o.broker ? { broker: o.broker } : {}) },
          },
        });
        const committed = o.commit
          ? await commitImport({ ctx, input: { id: preview.id, createInstruments: o.createInstruments } })
          : null;
        if (o.json) {
          cli.out(JSON.stringify({ preview, committed }, null, 2));
          return;
        }
        cli.out(
          `import ${preview.id}: ${preview.fileName} read as ${preview.broker}; ${preview.totalRows} rows, ${preview.validRows} to import, ${preview.failedRows} with errors, ${preview.ignoredRows} left out`,
        );
        for (const e of preview.errors.slice(0, 20))
          cli.out(`  error   row ${e.row}${e.column ? ` (${e.column})` : ""}: ${e.message}`);
        for (const w of preview.warnings.slice(0, 20))
          cli.out(`  warning row ${w.row}${w.column ? ` (${w.column})` : ""}: ${w.message}`);
        for (const u of preview.unmatched) cli.out(`  unknown ${u.alias} (${u.rows} rows): ${u.reason}`);
        if (committed)
          cli.out(
            `committed: ${committed.importedRows} added, ${committed.duplicateRows} already there, ${committed.failedRows} skipped with errors${committed.createdInstruments ? `, ${committed.createdInstruments} instruments created` : ""}`,
          );
        else cli.out(`not committed: run again with --commit (or commit ${preview.id} in the web app)`);
      }),
    );
}
