// Registers every portfolio sub-domain's routes.
import type { FastifyInstance } from "fastify";
import type { Platform } from "../../platform/platform.ts";

export async function portfolioRoutes(_app: FastifyInstance, _platform: Platform): Promise<void> {
  // Sub-domains (accounts, transactions, holdings, performance, imports, connections, snapshots,
  // planning) register here as they land.
}
