// Draws a screen's HTML in headless Chromium and answers the image as a phone or desktop would show
// it (device scale 2): PNG, or JPEG on request (Chromium picks the format by the file's extension).
// Callers check `chromiumAvailable()` first and skip with a message when Chromium is absent.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const chromiumAvailable = () => existsSync(CHROMIUM);

export async function renderPng(
  html: string,
  width: number,
  height: number,
  scale = 2,
  type: "png" | "jpeg" = "png",
): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), "bullpen-screen-"));
  try {
    const page = join(dir, "screen.html");
    const out = join(dir, `screen.${type}`);
    await writeFile(page, html);
    const args = [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--hide-scrollbars",
      `--user-data-dir=${join(dir, "profile")}`,
      `--force-device-scale-factor=${scale}`,
      `--window-size=${width},${height}`,
      `--screenshot=${out}`,
      `file://${page}`,
    ];
    await new Promise<void>((resolve, reject) => {
      const p = spawn(CHROMIUM, args, { stdio: ["ignore", "ignore", "pipe"] });
      let err = "";
      p.stderr.on("data", (c: Buffer) => {
        err += c.toString();
      });
      const timer = setTimeout(() => p.kill("SIGKILL"), 60_000);
      p.on("error", reject);
      p.on("exit", (code) => {
        clearTimeout(timer);
        if (code === 0 && existsSync(out)) resolve();
        else reject(new Error(`chromium exited with ${code}: ${err.slice(-500)}`));
      });
    });
    return await readFile(out);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
