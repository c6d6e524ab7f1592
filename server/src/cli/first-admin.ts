// After `npm start` / `bullpen serve`: while the instance has no administrator, say how to make one.

/** The hint printed under the URL; null once an admin exists (no setup token was issued). */
export function firstAdminHint(url: string, setupToken: string | null): string | null {
  if (!setupToken) return null;
  return [
    "  No administrator yet. Create the first one either way:",
    `    - open ${url}/setup and enter the one-time setup token:`,
    "",
    `        ${setupToken}`,
    "",
    "    - or stop the server and run: npx bullpen users create --username admin --email you@example.com --admin",
    "      (it asks for the password; the embedded database allows one process at a time)",
    "",
  ].join("\n");
}
