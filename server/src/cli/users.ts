// `bullpen users ...`: the identity module's operator verbs, run as the local operator (no actor,
// no request: identity allows admin verbs for that context) and audited with the CLI's note.

import type { UserStatus } from "../modules/identity/repository.ts";
import {
  approveUser,
  createUserAdmin,
  listUsers,
  resetMfa as resetUserMfa,
  suspendUser,
} from "../modules/identity/service.ts";
import { AppError } from "../platform/errors.ts";
import { CliError, type CliPlatform, cliCtx } from "./context.ts";

/** Service errors (validation, conflict, not found) become one-line CLI errors. */
async function verb<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof AppError) throw new CliError(err.message);
    throw err;
  }
}

async function userId(p: CliPlatform, username: string): Promise<string> {
  const wanted = username.toLowerCase();
  const user = (await listUsers(cliCtx(p))).find((u) => u.username.toLowerCase() === wanted);
  if (!user) throw new CliError(`no user named ${username}`);
  return user.id;
}

export async function create(
  p: CliPlatform,
  opts: { username: string; email?: string; admin: boolean; password: string },
): Promise<string> {
  const { password } = opts;
  const user = await verb(() =>
    createUserAdmin(cliCtx(p), {
      username: opts.username,
      password,
      email: opts.email ?? null,
      role: opts.admin ? "admin" : "user",
      status: "active",
    }),
  );
  return `created ${user.role === "admin" ? "administrator" : "user"} ${user.username} (${user.id})`;
}

export async function list(p: CliPlatform, opts: { status?: string; json: boolean }): Promise<string> {
  const users = await listUsers(cliCtx(p), { status: opts.status as UserStatus | undefined });
  if (opts.json)
    return JSON.stringify(
      users.map((u) => ({
        id: u.id,
        username: u.username,
        email: u.email,
        status: u.status,
        role: u.role,
        mfaEnabled: u.mfaEnabled,
        createdAt: u.createdAt,
      })),
      null,
      2,
    );
  if (users.length === 0) return "no users";
  const rows = users.map((u) => [u.username, u.email ?? "-", u.status, u.role, u.mfaEnabled ? "mfa" : "-"]);
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i].length), 5));
  return rows.map((r) => r.map((c, i) => (i < 4 ? c.padEnd(widths[i]) : c)).join("  ")).join("\n");
}

export async function approve(p: CliPlatform, username: string): Promise<string> {
  const id = await userId(p, username);
  const u = await verb(() => approveUser(cliCtx(p), { userId: id }));
  return `approved ${u.username} (status ${u.status})`;
}

export async function suspend(p: CliPlatform, username: string): Promise<string> {
  const id = await userId(p, username);
  const u = await verb(() => suspendUser(cliCtx(p), { userId: id }));
  return `suspended ${u.username}; their sessions are revoked`;
}

export async function resetMfa(p: CliPlatform, username: string): Promise<string> {
  const id = await userId(p, username);
  const u = await verb(() => resetUserMfa(cliCtx(p), { userId: id }));
  return `two-factor authentication reset for ${u.username}; they may enrol again`;
}
