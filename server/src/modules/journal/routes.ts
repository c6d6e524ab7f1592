// The journal module's HTTP routes: trades, entries, playbooks and statistics.
import type { FastifyInstance } from "fastify";
import type { Platform } from "../../platform/platform.ts";
import { entryRoutes } from "./entries/routes.ts";
import { playbookRoutes } from "./playbooks/routes.ts";
import { tradeRoutes } from "./trades/routes.ts";

export async function journalRoutes(app: FastifyInstance, platform: Platform): Promise<void> {
  await tradeRoutes(app, platform);
  await entryRoutes(app, platform);
  await playbookRoutes(app, platform);
}
