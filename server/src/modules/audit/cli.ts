// `bullpen audit verify`: the chain checked with its keys and against the last checkpoint.
import type { Command } from "commander";
import type { CliKit } from "../../platform/module.ts";
import type { Platform } from "../../platform/platform.ts";

/** "3d 4h", "2h 5m", "4m 12s", "12s". */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const [d, h, m] = [Math.floor(s / 86_400), Math.floor(s / 3600) % 24, Math.floor(s / 60) % 60];
  if (d) return `${d}d ${h}h`;
  if (h) return `${h}h ${m}m`;
  if (m) return `${m}m ${s % 60}s`;
  return `${s}s`;
}

async function verify(p: Platform, cli: CliKit): Promise<void> {
  const { checkpointPath, readCheckpointFile, verifyAuditChain } = await import("./index.ts");
  const { migrationState } = await import("../../platform/migrate.ts");
  // A database that was never migrated has no audit trail to verify.
  if ((await migrationState(p.database)).applied === 0) {
    cli.out("audit chain ok: 0 rows verified (database not migrated)");
    return;
  }
  const path = checkpointPath(p.config);
  const file = readCheckpointFile(path);
  if (file.state === "unreadable") cli.fail(`audit checkpoint INVALID: ${file.reason} (${path})`);
  const checkpoint = file.state === "ok" ? file.checkpoint : null;
  const report = await verifyAuditChain(p.database.db, p.keyring, { checkpoint });
  if (report.firstBad) {
    const bad = report.firstBad;
    cli.fail(
      `audit chain BROKEN at row seq=${bad.seq}: ${bad.reason} (${report.rows} rows verified before it)`,
    );
  }
  const last = report.last ?? 0;
  const c = report.checkpoint;
  if (c?.status === "truncated")
    cli.fail(
      `audit chain TRUNCATED: the checkpoint of ${c.at} records seq=${c.seq} but the chain ends at seq=${last}` +
        ` (rows ${last + 1}..${c.seq} were removed)`,
    );
  if (c?.status === "differs")
    cli.fail(
      `audit chain BROKEN at row seq=${c.seq}: it does not hold the head recorded by the checkpoint of ${c.at}` +
        " (rows up to it were removed or replaced)",
    );
  if (c && c.status !== "matches")
    cli.fail(
      `audit checkpoint INVALID: ${path} ${c.status === "unknown key" ? "names a chain key the database does not have" : "has a bad signature"}`,
    );

  const range = report.rows ? `seq 1..${last}` : "empty";
  const keyed = !report.rows
    ? ""
    : report.keyedFrom
      ? report.keyedFrom > 1
        ? `; plain SHA-256 up to seq ${report.keyedFrom - 1}, keyed from seq ${report.keyedFrom}`
        : "; keyed"
      : "; plain SHA-256 only: the chain is keyed at the server's next start or audited change";
  cli.out(`audit chain ok: ${report.rows} rows verified (${range}${keyed})`);
  if (!c) {
    cli.out(
      `no checkpoint at ${path}: a cut tail cannot be detected (the server writes one at start, on AUDIT_CHECKPOINT_CRON and at shutdown)`,
    );
    return;
  }
  const age = formatAge(p.clock.now().getTime() - Date.parse(c.at));
  const after = last - c.seq;
  cli.out(
    `last checkpoint: seq ${c.seq} at ${c.at} (${age} ago), held by the chain` +
      (after ? `; ${after} row(s) after it are covered by the chain key only` : ""),
  );
}

export function auditCommands(program: Command, cli: CliKit): void {
  program
    .command("audit")
    .description("audit trail tools")
    .command("verify")
    .description(
      "check the audit chain with its keys and against the last checkpoint; exit 1 naming the first bad row or the cut tail",
    )
    .action(() => cli.withPlatform({ migrate: false, modules: false }, (p) => verify(p, cli)));
}
