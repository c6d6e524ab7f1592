import type { FastifyInstance } from "fastify";
import type { Platform } from "./platform/platform.ts";

/** Every module's routes, hooks and jobs, registered in dependency order. */
export async function registerModules(_app: FastifyInstance, _platform: Platform): Promise<void> {}
