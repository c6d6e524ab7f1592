// `bullpen users …`: identity's operator verbs at the console. Cheap to import (the CLI builds its
// help from it); each action loads the module when it runs. The operator acts as a local caller,
// which identity's admin verbs allow, and every change is audited with the CLI's note.
import { type Command, Option } from "commander";
import type { CliKit } from "../../platform/module.ts";
import type { Platform } from "../../platform/platform.ts";

const STATUSES = ["pending_approval", "active", "suspended", "disabled"] as const;

async function identity() {
  return import("./index.ts");
}

async function userIdOf(cli: CliKit, p: Platform, username: string): Promise<string> {
  const { listUsers } = await identity();
  const wanted = username.toLowerCase();
  const users = await listUsers({ ctx: cli.operatorCtx(p), input: {} });
  const user = users.find((u) => u.username.toLowerCase() === wanted);
  if (!user) cli.fail(`no user named ${username}`);
  return user.id;
}

export function identityCommands(program: Command, cli: CliKit): void {
  const u = program.command("users").description("manage user accounts");
  u.command("create")
    .description(
      "create an active user; the password is read from standard input (prompted without echo on a terminal)",
    )
    .requiredOption("--username <username>", "the new user's username")
    .option("--email <email>", "email address")
    .option("--admin", "make the user an administrator", false)
    .action(async (opts: { username: string; email?: string; admin: boolean }) => {
      // The password first: nothing is opened when there is none.
      const password = await cli.readNewPassword();
      await cli.withPlatform({}, async (p) => {
        const { createUserAdmin } = await identity();
        const user = await createUserAdmin({
          ctx: cli.operatorCtx(p),
          input: {
            username: opts.username,
            password,
            email: opts.email ?? null,
            role: opts.admin ? "admin" : "user",
            status: "active",
          },
        });
        const what = user.role === "admin" ? "administrator" : "user";
        cli.out(`created ${what} ${user.username} (${user.id})`);
      });
    });

  u.command("list")
    .description("list users, optionally only those with one status")
    .addOption(new Option("--status <status>", "only users with this status").choices([...STATUSES]))
    .option("--json", "print JSON", false)
    .action((opts: { status?: (typeof STATUSES)[number]; json: boolean }) =>
      cli.withPlatform({}, async (p) => {
        const { listUsers } = await identity();
        const users = await listUsers({ ctx: cli.operatorCtx(p), input: { status: opts.status } });
        if (opts.json) {
          const view = users.map((x) => ({
            id: x.id,
            username: x.username,
            email: x.email,
            status: x.status,
            role: x.role,
            mfaEnabled: x.mfaEnabled,
            createdAt: x.createdAt,
          }));
          return cli.out(JSON.stringify(view, null, 2));
        }
        if (users.length === 0) return cli.out("no users");
        const rows = users.map((x) => [
          x.username,
          x.email ?? "-",
          x.status,
          x.role,
          x.mfaEnabled ? "mfa" : "-",
        ]);
        const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i].length), 5));
        cli.out(rows.map((r) => r.map((c, i) => (i < 4 ? c.padEnd(widths[i]) : c)).join("  ")).join("\n"));
      }),
    );

  const change = (
    name: string,
    description: string,
    run: (
      m: Awaited<ReturnType<typeof identity>>,
      ctx: ReturnType<CliKit["operatorCtx"]>,
      userId: string,
    ) => Promise<{ username: string; status: string }>,
    done: (u: { username: string; status: string }) => string,
  ) =>
    u
      .command(`${name} <username>`)
      .description(description)
      .action((username: string) =>
        cli.withPlatform({}, async (p) => {
          const id = await userIdOf(cli, p, username);
          cli.out(done(await run(await identity(), cli.operatorCtx(p), id)));
        }),
      );
  change(
    "approve",
    "approve a user waiting for approval",
    async (m, ctx, userId) => (await m.approveUser({ ctx, input: { userId } })).user,
    (x) => `approved ${x.username} (status ${x.status})`,
  );
  change(
    "suspend",
    "suspend a user and end their sessions",
    async (m, ctx, userId) => (await m.suspendUser({ ctx, input: { userId } })).user,
    (x) => `suspended ${x.username}; their sessions are revoked`,
  );
  change(
    "reset-mfa",
    "turn off a user's two-factor authentication (they can enrol again)",
    async (m, ctx, userId) => (await m.resetMfa({ ctx, input: { userId } })).user,
    (x) => `two-factor authentication reset for ${x.username}; they may enrol again`,
  );
}
