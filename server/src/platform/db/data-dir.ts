// The embedded data directory's permissions. PGlite writes the database's catalog files with mode
// 0666 and its directories with 0755 (its initdb copies them with explicit modes, so a umask does
// not help), which lets anyone on the machine read and rewrite them. Bullpen keeps the directory
// to its owner: directories 0700, files 0600, fixed again at each open and close.
import { chmodSync, lstatSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { isMainThread } from "node:worker_threads";

export const DIR_MODE = 0o700;
export const FILE_MODE = 0o600;

/**
 * New files and directories of this process are its owner's only (umask 077). Called at the start
 * of the server and of the CLI, before the database opens; a worker thread cannot change the umask.
 */
export function restrictUmask(): void {
  if (isMainThread) process.umask(0o077);
}

/**
 * Creates `dataDir` (mode 0700) when missing, then walks it: directories to 0700, regular files to
 * 0600 (symbolic links are left alone and not followed). Answers how many entries it changed.
 */
export function secureDataDir(dataDir: string): number {
  mkdirSync(dataDir, { recursive: true, mode: DIR_MODE });
  return tighten(dataDir);
}

function tighten(path: string): number {
  let st: ReturnType<typeof lstatSync>;
  try {
    st = lstatSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return 0; // removed while walking
    throw err;
  }
  let fixed = 0;
  const want = st.isDirectory() ? DIR_MODE : st.isFile() ? FILE_MODE : null;
  if (want !== null && (st.mode & 0o777) !== want) {
    chmodSync(path, want);
    fixed++;
  }
  if (st.isDirectory()) for (const name of readdirSync(path)) fixed += tighten(join(path, name));
  return fixed;
}
