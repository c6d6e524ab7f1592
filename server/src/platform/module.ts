// The module contract. Every module registers through it, and the server, the job worker and the CLI
// all iterate one list of modules (server/src/modules.ts).
//
// A module has two halves so that the CLI starts fast:
// - its manifest (`modules/<name>/manifest.ts`): name, PostgreSQL schema, CLI commands, and a loader.
//   Cheap to import: it may import `commander` types and nothing heavy; command actions import what
//   they need when they run.
// - its runtime (`modules/<name>/module.ts`, loaded on demand): routes, jobs, start/stop, encrypted
//   columns and demo data.
import type { Command } from "commander";
import type { FastifyBaseLogger, FastifyInstance } from "fastify";
import type { Ctx } from "./context.ts";
import type { Platform } from "./platform.ts";
import type { EncryptedColumn } from "./secrets.ts";

export interface ModuleStartEnv {
  log: FastifyBaseLogger;
  /** True once the process is shutting down: background work it cuts short is not an error. */
  stopping: () => boolean;
}

/** Demo data a module loads on the first start of an empty embedded database. */
export interface ModuleDemo {
  /** True while the module's demo data is missing or was cut short. */
  pending(ctx: Ctx): Promise<boolean>;
  load(ctx: Ctx, progress: (message: string) => void): Promise<unknown>;
}

export interface ModuleRuntime {
  /** Columns holding envelopes (platform/secrets.ts), re-encrypted by `bullpen secrets rotate`. */
  encryptedColumns?: EncryptedColumn[];
  /**
   * Declares the module's job queues, handlers and cron schedules. Called once in every process that
   * opens the platform (server, worker, CLI), so a verb can enqueue work anywhere; handlers run only
   * where the worker is started.
   */
  jobs?(platform: Platform): void;
  /** HTTP routes and hooks (the server only). */
  routes?(app: FastifyInstance, platform: Platform): Promise<void>;
  /** Work after migrations once the server listens (seeding); `background` settles when it ends. */
  start?(platform: Platform, env: ModuleStartEnv): Promise<{ background?: Promise<unknown> } | undefined>;
  /** Releases what the module holds; called when the app closes or the command ends. */
  stop?(platform: Platform): Promise<void>;
  /** First-start demo data (embedded database with BULLPEN_DEMO_DATA on). */
  demo?: ModuleDemo;
}

/** What a module's CLI commands get: a way to run with the platform open, and output helpers. */
export interface CliKit {
  /**
   * Opens the platform (migrated unless `migrate: false`; every module's runtime loaded and its jobs
   * declared unless `modules: false`), runs `fn`, always closes it.
   */
  withPlatform<T>(
    opts: { migrate?: boolean; modules?: boolean },
    fn: (platform: Platform) => Promise<T>,
  ): Promise<T>;
  /** The verb ctx of the local operator at the console. */
  operatorCtx(platform: Platform): Ctx;
  /** Reads a new password from standard input (prompted without echo on a terminal). */
  readNewPassword(): Promise<string>;
  /** Prints a line on standard output. */
  out(line: string): void;
  /** An error reported as one line (no stack) with exit status `exitCode` (default 1). */
  fail(message: string, exitCode?: number): never;
}

export interface BullpenModule {
  /** Lower-case name; also its folder under server/src/modules. */
  name: string;
  /** The PostgreSQL schema it owns, or null. */
  schema: string | null;
  /** Adds the module's `bullpen` sub-commands. Must stay cheap: actions import lazily. */
  commands?(program: Command, cli: CliKit): void;
  /** Loads the runtime half. */
  load(): Promise<ModuleRuntime>;
}

/** Identity function that types a manifest. */
export const defineModule = (m: BullpenModule): BullpenModule => m;

/** Loads the runtime half of every module, in list order. */
export async function loadRuntimes(list: readonly BullpenModule[]): Promise<ModuleRuntime[]> {
  return Promise.all(list.map((m) => m.load()));
}
