// The one list of modules, in dependency order. The server, the job worker and the CLI all iterate
// it; importing it is cheap (manifests only), so `bullpen --help` starts fast.
import { auditModule } from "./modules/audit/manifest.ts";
import { homeModule } from "./modules/home/manifest.ts";
import { identityModule } from "./modules/identity/manifest.ts";
import { journalModule } from "./modules/journal/manifest.ts";
import { marketModule } from "./modules/market/manifest.ts";
import { notifyModule } from "./modules/notify/manifest.ts";
import { portfolioModule } from "./modules/portfolio/manifest.ts";
import type { BullpenModule, ModuleHome, ModuleRuntime } from "./platform/module.ts";
import type { Platform } from "./platform/platform.ts";

// home last: it lists what every other module shows on the home page.
export const modules: readonly BullpenModule[] = [
  auditModule,
  identityModule,
  notifyModule,
  marketModule,
  portfolioModule,
  journalModule,
  homeModule,
];

// Keyed by the job queue: jobs are declared once per queue, however many apps are built on it.
const opened = new WeakMap<Platform["jobs"], Promise<ModuleRuntime[]>>();

/**
 * Loads every module's runtime and declares its jobs on this platform, once per platform: the server,
 * a worker and a CLI command all call it before work, so a verb can enqueue a job wherever it runs.
 */
export function openModules(platform: Platform): Promise<ModuleRuntime[]> {
  let runtimes = opened.get(platform.jobs);
  if (!runtimes) {
    runtimes = Promise.all(modules.map((m) => m.load())).then((list) => {
      for (const r of list) r.jobs?.(platform);
      return list;
    });
    opened.set(platform.jobs, runtimes);
  }
  return runtimes;
}

/** What each module shows on the home page (its runtime's `home`), with the module's name, in list order. */
export async function moduleHomes(platform: Platform): Promise<{ module: string; home: ModuleHome }[]> {
  const runtimes = await openModules(platform);
  return runtimes.flatMap((r, i) =>
    r.home ? [{ module: (modules[i] as BullpenModule).name, home: r.home }] : [],
  );
}

/** Stops every module (reverse order), e.g. when the app closes or a command ends. */
export async function stopModules(platform: Platform): Promise<void> {
  const runtimes = await opened.get(platform.jobs);
  if (!runtimes) return;
  for (const r of [...runtimes].reverse()) await r.stop?.(platform);
}
