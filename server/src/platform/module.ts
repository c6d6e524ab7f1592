// The module contract. Every module registers through it, and the server, the job worker and the CLI
// all iterate one list of modules (server/src/modules.ts).
//
// A module has two halves so that the CLI starts fast:
// - its manifest (`modules/<name>/manifest.ts`): name, PostgreSQL schema, CLI commands, and a loader.
//   Cheap to import: it may import `commander` types and nothing heavy; command actions import what
//   they need when they run.
// - its runtime (`modules/<name>/module.ts`, loaded on demand): routes, jobs, start/stop, encrypted
//   columns, demo data and what it shows on the home page.
import type { Command } from "commander";
import type { FastifyBaseLogger, FastifyInstance } from "fastify";
import type { z } from "zod";
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

/** Who sees a home card: every signed-in user, or administrators only. */
export type HomeAudience = "user" | "admin";

/**
 * A card a module puts on the home dashboard. The web app's card registry maps `id` to a component
 * (its feature folder exports it); a card the web app has no component for is not shown.
 */
export interface HomeCard<T = unknown> {
  /** `<module>.<card>`, unique across modules (also the path of its data: /api/home/cards/<id>). */
  id: string;
  /** Place on the dashboard, ascending. */
  order: number;
  /** Default `user`: every signed-in user. */
  audience?: HomeAudience;
  /**
   * The compact view's data, in one request: served at `GET /api/home/cards/<id>` (access `read`, or
   * `admin` for an admin card) with `response` as its documented schema.
   */
  data?: { response: z.ZodType<T>; summary: string; load(ctx: Ctx): Promise<T> };
}

/** One step of the first-run guide, ticked from the user's real state. */
export interface HomeGuideStep {
  /** `<module>.<step>`; the web app maps it to its words and the page that does it. */
  id: string;
  /** Place in the guide, ascending. */
  order: number;
  done: boolean;
}

/** What a module shows on the home page. */
export interface ModuleHome {
  cards?: HomeCard[];
  /** The module's steps of the first-run guide for the signed-in user in ctx. */
  guide?(ctx: Ctx): Promise<HomeGuideStep[]>;
}

/** Types a card declaration, tying its data's schema to its loader. */
export const homeCard = <T>(card: HomeCard<T>): HomeCard => card as HomeCard;

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
  /** Cards on the home dashboard and steps of the first-run guide (the home module lists them). */
  home?: ModuleHome;
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
