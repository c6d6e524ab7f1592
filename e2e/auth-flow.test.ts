// Browser test of the identity flow against the real server (PGlite in a fresh data directory):
// first-admin setup → a second user registers (waits for approval) → the admin approves → the user
// signs in, enrols TOTP, signs out and signs in again with a TOTP code.
import { createHmac } from "node:crypto";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  field,
  hasChromium,
  inCI,
  launchChromium,
  SHOTS,
  sleep,
  startServer,
  type TestServer,
} from "./harness.ts";

/** RFC 6238 TOTP (SHA-1, 6 digits, 30 s) over an RFC 4648 base32 secret — independent of the server's library. */
function totp(secretBase32: string, atMs = Date.now()): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const ch of secretBase32.replace(/[\s=]/g, "").toUpperCase()) {
    const v = alphabet.indexOf(ch);
    if (v < 0) throw new Error(`not base32: ${ch}`);
    bits += v.toString(2).padStart(5, "0");
  }
  const key = Buffer.from((bits.match(/.{8}/g) ?? []).map((b) => Number.parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(atMs / 30_000)));
  const mac = createHmac("sha1", key).update(counter).digest();
  const off = mac[mac.length - 1] & 0x0f;
  const bin = (mac.readUInt32BE(off) & 0x7fffffff) % 1_000_000;
  return bin.toString().padStart(6, "0");
}

describe.skipIf(!hasChromium && !inCI)("browser: sign-up, approval and TOTP sign-in", () => {
  let server: TestServer;
  let baseUrl = "";
  let setupToken = "";
  let browser: Browser;
  let adminCtx: BrowserContext;
  let userCtx: BrowserContext;
  let admin: Page;
  let user: Page;
  let mfaSecret = "";
  let enrolledStep = 0;
  let recoveryCodes: string[] = [];

  const ADMIN = { username: "admin", email: "admin@example.com", password: "correct horse battery staple" };
  const TRADER = { username: "trader1", email: "trader1@example.com", password: "Tr4der-passphrase-2024" };

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

  beforeAll(async () => {
    server = await startServer({
      env: { REGISTRATION_MODE: "approval", BULLPEN_DEMO_DATA: "false" },
      dataDirPrefix: "bullpen-e2e-",
      timeoutMs: 90_000,
    });
    ({ baseUrl, setupToken } = server);
    browser = await launchChromium();
    const options = { baseURL: baseUrl, locale: "en-US", viewport: { width: 1280, height: 860 } };
    adminCtx = await browser.newContext(options);
    userCtx = await browser.newContext(options);
    admin = await adminCtx.newPage();
    user = await userCtx.newPage();
  });

  // On failure keep what the browser showed and what the server said, for CI logs.
  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== "fail") return;
    const tag = ctx.task.name.replace(/\W+/g, "-");
    await admin?.screenshot({ path: join(SHOTS, `failed-${tag}-admin.png`), fullPage: true }).catch(() => {});
    await user?.screenshot({ path: join(SHOTS, `failed-${tag}-user.png`), fullPage: true }).catch(() => {});
    console.error(`[e2e] server log (last 40 lines):\n${server?.log().split("\n").slice(-40).join("\n")}`);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("creates the first admin with the setup token from the log", async () => {
    expect(setupToken).toMatch(/^[A-Za-z0-9_\-.~+/=]{16,}$/);
    await admin.goto("/");
    await admin.waitForURL("**/setup");
    await field(admin, "Setup token").fill(setupToken);
    await field(admin, "Username").fill(ADMIN.username);
    await field(admin, "Email").fill(ADMIN.email);
    await field(admin, "Password").fill(ADMIN.password);
    await field(admin, "Repeat password").fill(ADMIN.password);
    await admin.getByRole("button", { name: "Create administrator" }).click();
    await admin.getByRole("heading", { name: `Welcome, ${ADMIN.username}` }).waitFor();
    await shot(admin, "01-admin-home");
    // The admin navigation appears only for admins.
    await expect(admin.getByRole("link", { name: "Users" }).count()).resolves.toBeGreaterThan(0);
  });

  it("registers a second user, who has to wait for approval", async () => {
    // A signed-out page asks who is signed in without a failed request (no 401 in the console).
    const refused: string[] = [];
    user.on("response", (r) => {
      if (r.status() === 401) refused.push(r.url());
    });
    await user.goto("/register");
    await user.getByText("reviewed by an administrator").waitFor();
    await user.goto("/login");
    await field(user, "Username or email").waitFor();
    expect(refused).toEqual([]);
    await user.goto("/register");
    await user.getByText("reviewed by an administrator").waitFor();
    await field(user, "Username").fill(TRADER.username);
    await field(user, "Email").fill(TRADER.email);
    await field(user, "Password").fill(TRADER.password);
    await field(user, "Repeat password").fill(TRADER.password);
    await user.getByRole("button", { name: "Create account" }).click();
    await user.getByRole("heading", { name: "Waiting for approval" }).waitFor();
    await shot(user, "02-register-pending");

    // Signing in before approval is refused with an explanation.
    await user.getByRole("link", { name: "Go to sign in" }).click();
    await field(user, "Username or email").fill(TRADER.username);
    await field(user, "Password").fill(TRADER.password);
    await user.getByRole("button", { name: "Sign in" }).click();
    await user.getByText("waiting for an administrator's approval").waitFor();
  });

  it("lets the admin approve the new account", async () => {
    await admin.goto("/admin/users?status=pending_approval");
    const row = admin.locator(`li[data-username="${TRADER.username}"]`);
    await row.waitFor();
    await shot(admin, "03-admin-pending-users");
    await row.getByRole("button", { name: `Approve ${TRADER.username}` }).click();
    await admin.getByText(`${TRADER.username} was approved.`).waitFor();
    await row.waitFor({ state: "detached" });
  });

  it("signs the user in and enrols TOTP", async () => {
    await field(user, "Password").fill(TRADER.password);
    await user.getByRole("button", { name: "Sign in" }).click();
    await user.getByRole("heading", { name: `Welcome, ${TRADER.username}` }).waitFor();

    // An admin page tells a user why it is closed, with the way home.
    await user.goto("/admin/users");
    await user.getByRole("heading", { name: "Administrators only" }).waitFor();
    await user.getByRole("link", { name: "Go to the home page" }).waitFor();

    await user.goto("/security");
    await user.getByRole("button", { name: "Set up two-step verification" }).click();
    await field(user, "Password").fill(TRADER.password);
    await user.getByRole("button", { name: "Continue" }).click();
    const secretBox = user.getByTestId("mfa-secret");
    await secretBox.waitFor();
    await expect(
      user.getByRole("img", { name: "QR code for your authenticator app" }).isVisible(),
    ).resolves.toBe(true);
    mfaSecret = ((await secretBox.textContent()) ?? "").replace(/\s+/g, "");
    expect(mfaSecret).toMatch(/^[A-Z2-7]+=*$/);
    await shot(user, "04-mfa-enrol");

    enrolledStep = Math.floor(Date.now() / 30_000);
    await field(user, "Authentication code").fill(totp(mfaSecret));
    await user.getByRole("button", { name: "Turn on" }).click();
    const codes = user.getByTestId("recovery-codes");
    await codes.waitFor();
    const recovery = ((await codes.textContent()) ?? "").split(/\s+/).filter(Boolean);
    expect(recovery).toHaveLength(10);
    expect(new Set(recovery).size).toBe(10);
    recoveryCodes = recovery;
    await shot(user, "05-mfa-recovery-codes");
    await user.getByRole("button", { name: "I have saved my codes" }).click();
    await user.getByText("Two-step verification is on.").waitFor();
  });

  it("signs out and signs in again with a TOTP code", async () => {
    await user.getByRole("button", { name: "Account menu" }).click();
    await user.getByRole("menuitem", { name: "Sign out" }).click();
    await user.waitForURL("**/login");

    // The address given at sign-up is attached once its emailed link is opened (never here), so
    // the username signs in.
    await field(user, "Username or email").fill(TRADER.username);
    await field(user, "Password").fill(TRADER.password);
    await user.getByRole("button", { name: "Sign in" }).click();
    await user.getByRole("heading", { name: "Two-step verification" }).waitFor();
    await shot(user, "06-login-totp-step");

    // A TOTP code is single-use: wait for the next 30 s step after the one used at enrolment.
    while (Math.floor(Date.now() / 30_000) <= enrolledStep) await sleep(500);
    await field(user, "Authentication code or recovery code").fill(totp(mfaSecret));
    await user.getByRole("button", { name: "Verify" }).click();
    await user.getByRole("heading", { name: `Welcome, ${TRADER.username}` }).waitFor();
    await shot(user, "07-user-home-after-totp");
  });

  it("accepts a recovery code once instead of a TOTP code", async () => {
    const signInWith = async (code: string) => {
      await user.getByRole("button", { name: "Account menu" }).click();
      await user.getByRole("menuitem", { name: "Sign out" }).click();
      await user.waitForURL("**/login");
      await field(user, "Username or email").fill(TRADER.username);
      await field(user, "Password").fill(TRADER.password);
      await user.getByRole("button", { name: "Sign in" }).click();
      await field(user, "Authentication code or recovery code").fill(code);
      await user.getByRole("button", { name: "Verify" }).click();
    };
    await signInWith(recoveryCodes[0]);
    await user.getByRole("heading", { name: `Welcome, ${TRADER.username}` }).waitFor();
    // The same recovery code is refused the second time.
    await signInWith(recoveryCodes[0]);
    // …and the page says the code is wrong, not "the sign-in details".
    await user.getByRole("alert").getByText("Wrong code").waitFor();
    await user.getByText("That code is not correct.").waitFor();
    await user.getByRole("button", { name: "Use a different account" }).click();
    await field(user, "Username or email").fill(TRADER.username);
    await field(user, "Password").fill(TRADER.password);
    await user.getByRole("button", { name: "Sign in" }).click();
    await field(user, "Authentication code or recovery code").fill(recoveryCodes[1]);
    await user.getByRole("button", { name: "Verify" }).click();
    await user.getByRole("heading", { name: `Welcome, ${TRADER.username}` }).waitFor();
  });

  it("creates an API key, shows its secret once, and revokes it", async () => {
    await user.goto("/security");
    await user.getByRole("button", { name: "Create API key" }).click();
    await field(user, "Key name").fill("e2e bot");
    await user.getByRole("button", { name: "Create key" }).click();
    const secret = ((await user.getByTestId("api-key-secret").textContent()) ?? "").trim();
    expect(secret).toMatch(/^bp_[0-9a-z]{8}_[A-Za-z0-9_-]{43}$/);
    // The key works as a bearer credential against the API.
    const res = await fetch(`${baseUrl}/api/me`, { headers: { authorization: `Bearer ${secret}` } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { user: { username: string } }).user.username).toBe(TRADER.username);

    const row = user.getByRole("listitem", { name: "e2e bot" });
    await row.getByRole("button", { name: "Revoke" }).click();
    await user.getByRole("dialog").getByRole("button", { name: "Revoke" }).click();
    await row.getByText("Revoked", { exact: true }).waitFor();
    const after = await fetch(`${baseUrl}/api/me`, { headers: { authorization: `Bearer ${secret}` } });
    expect(after.status).toBe(401);
    // A revoked key can then be removed from the list.
    await row.getByRole("button", { name: /^Remove/ }).click();
    await user.getByRole("dialog").getByRole("button", { name: "Remove" }).click();
    await row.waitFor({ state: "detached" });
  });

  it("explains a failed OpenID Connect sign-in on the sign-in page", async () => {
    const page = await browser.newPage({ baseURL: baseUrl, locale: "en-US" });
    try {
      await page.goto("/login?oidc_error=email_in_use");
      await page.getByRole("alert").getByText("An account with this email already exists.").waitFor();
      await page.goto("/login?oidc_error=something_new");
      await page.getByRole("alert").getByText("Signing in with the provider failed.").waitFor();
    } finally {
      await page.close();
    }
  });

  it("switches the interface to Korean", async () => {
    await user.getByRole("link", { name: "Home" }).first().click();
    await user.getByRole("button", { name: "Language" }).click();
    await user.getByRole("menuitem", { name: "한국어" }).click();
    await user.getByRole("heading", { name: `${TRADER.username}님, 환영합니다` }).waitFor();
    await user.getByRole("menuitem", { name: "한국어" }).waitFor({ state: "hidden" });
    await shot(user, "08-user-home-korean");
    await user.getByRole("link", { name: "보안" }).first().click();
    await user.getByRole("heading", { name: "2단계 인증 (TOTP)" }).waitFor();
    await shot(user, "09-security-korean");
  });
});
