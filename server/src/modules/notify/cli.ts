// `bullpen notify …`: the outbox at the console. A server without SMTP_URL (or with SMS_PROVIDER=log)
// logs each message with its one-time secrets redacted; the operator, who has the data and the key
// anyway, reads the message whole here while the outbox still holds it. Cheap to import: each action
// loads the module when it runs.

import type { Command } from "commander";
import { Option } from "commander";
import type { CliKit } from "../../platform/module.ts";
import type { OutboxMessage } from "./service.ts";

const STATUSES = ["pending", "sending", "sent", "failed", "logged"] as const;

const notify = () => import("./index.ts");

const SECRET_NOTE: Record<OutboxMessage["secret"], string> = {
  none: "",
  shown: "one-time secret shown (audited)",
  redacted: "one-time secret redacted",
  erased: "one-time secret erased (delivered, failed or expired)",
};

function printMessage(cli: CliKit, m: OutboxMessage): void {
  cli.out(`id:       ${m.id}`);
  cli.out(`channel:  ${m.channel}`);
  cli.out(`to:       ${m.to}`);
  if (m.subject !== null) cli.out(`subject:  ${m.subject}`);
  cli.out(`status:   ${m.status} (attempts ${m.attempts})${m.lastError ? `: ${m.lastError}` : ""}`);
  cli.out(`created:  ${m.createdAt}${m.sentAt ? `, sent ${m.sentAt}` : ""}`);
  if (m.secret !== "none")
    cli.out(
      `secret:   ${SECRET_NOTE[m.secret]}${m.secretExpiresAt && m.secret !== "erased" ? `; erased at ${m.secretExpiresAt}` : ""}`,
    );
  cli.out("");
  cli.out(m.text);
}

export function notifyCommands(program: Command, cli: CliKit): void {
  const n = program.command("notify").description("the outbox of emails and text messages");

  n.command("outbox")
    .description("list recent outbox messages (one-time secrets redacted)")
    .option("--to <address>", "only messages to this email address or phone number")
    .addOption(new Option("--status <status>", "only messages with this status").choices([...STATUSES]))
    .option("--limit <n>", "at most this many (default 20)", (v) => Number.parseInt(v, 10))
    .option("--json", "print JSON", false)
    .action((opts: { to?: string; status?: (typeof STATUSES)[number]; limit?: number; json: boolean }) =>
      cli.withPlatform({}, async (p) => {
        const { listOutboxMessages } = await notify();
        const rows = await listOutboxMessages({
          ctx: cli.operatorCtx(p),
          input: { to: opts.to, status: opts.status, limit: opts.limit },
        });
        if (opts.json) return cli.out(JSON.stringify(rows, null, 2));
        if (rows.length === 0) return cli.out("no messages");
        for (const m of rows)
          cli.out(
            [m.id, m.createdAt, m.channel.padEnd(5), m.status.padEnd(7), m.to, m.subject ?? ""].join("  "),
          );
      }),
    );

  n.command("show <id>")
    .description("print one message whole, its one-time secret included while the outbox holds it (audited)")
    .option("--json", "print JSON", false)
    .action((id: string, opts: { json: boolean }) =>
      cli.withPlatform({}, async (p) => {
        const { revealOutboxMessage } = await notify();
        const m = await revealOutboxMessage({ ctx: cli.operatorCtx(p), input: { id } });
        if (opts.json) return cli.out(JSON.stringify(m, null, 2));
        printMessage(cli, m);
      }),
    );
}
