// After `npm start`: if the instance has no administrator yet, say how to create one.
import { loadConfig } from "../config.ts";

/** Asks the running server whether setup is still needed; returns the hint to print, or null. */
export async function firstAdminHint(port?: number): Promise<string | null> {
  const config = loadConfig();
  const host = ["0.0.0.0", "::", "localhost"].includes(config.HOST) ? "127.0.0.1" : config.HOST;
  const p = port ?? config.PORT;
  let needed = false;
  try {
    const res = await fetch(`http://${host.includes(":") ? `[${host}]` : host}:${p}/api/auth/setup`);
    if (res.ok) needed = Boolean(((await res.json()) as { needed?: boolean }).needed);
  } catch {
    return null;
  }
  if (!needed) return null;
  const url = config.PUBLIC_URL ?? `http://localhost:${p}`;
  return [
    "  No administrator yet. Create the first one either way:",
    `    - open ${url}/setup and enter the one-time setup token printed in the log above, or`,
    "    - in another terminal: npx bullpen users create --username admin --email you@example.com --admin",
    "      (it asks for the password; stop the server first when using the embedded database)",
    "",
  ].join("\n");
}
