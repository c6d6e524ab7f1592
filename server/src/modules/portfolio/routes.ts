// Registers every portfolio sub-domain's routes.
import type { FastifyInstance } from "fastify";
import type { Platform } from "../../platform/platform.ts";
import { accountRoutes } from "./accounts/routes.ts";
import { connectionRoutes } from "./connections/routes.ts";
import { demoRoutes } from "./demo.ts";
import { importRoutes } from "./imports/routes.ts";
import { planningRoutes } from "./planning/routes.ts";
import { snapshotRoutes } from "./snapshots/routes.ts";
import { transactionRoutes } from "./transactions/routes.ts";
import { valuationRoutes } from "./valuation/routes.ts";

export async function portfolioRoutes(app: FastifyInstance, platform: Platform): Promise<void> {
  // Sub-domains (accounts, transactions, holdings, performance, imports, connections, snapshots,
  // planning) register here as they land.
  await accountRoutes(app, platform);
  await transactionRoutes(app, platform);
  await importRoutes(app, platform);
  await valuationRoutes(app, platform);
  await demoRoutes(app, platform);
  await snapshotRoutes(app, platform);
  await connectionRoutes(app, platform);
  await planningRoutes(app, platform);
}
