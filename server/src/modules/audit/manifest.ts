// The audit module's manifest: cheap to import (the CLI reads it for --help).
import { defineModule } from "../../platform/module.ts";

export const auditModule = defineModule({
  name: "audit",
  schema: "audit",
  commands(program, cli) {
    program
      .command("audit")
      .description("audit trail tools")
      .command("verify")
      .description("walk the hash-chained audit log; exit 1 and name the first tampered row")
      .action(() =>
        cli.withPlatform({ migrate: false, modules: false }, async (p) => {
          const { verifyAuditChain } = await import("./index.ts");
          const { migrationState } = await import("../../platform/migrate.ts");
          // A database that was never migrated has no audit trail to verify.
          const fresh = (await migrationState(p.database)).applied === 0;
          const report = fresh
            ? { ok: true, rows: 0, firstBad: undefined }
            : await verifyAuditChain(p.database.db);
          if (!report.ok) {
            const bad = report.firstBad;
            cli.fail(
              `audit chain BROKEN at row seq=${bad?.seq}: ${bad?.reason} (${report.rows} rows verified before it)`,
            );
          }
          cli.out(`audit chain ok: ${report.rows} rows verified`);
        }),
      );
  },
  load: async () => (await import("./module.ts")).auditRuntime,
});
