// The identity module's runtime: the authentication hook, the routes (OIDC sign-in included), the
// clean-up job and the encrypted columns (MFA secrets, provider tokens, the setup token).
import type { ModuleRuntime } from "../../platform/module.ts";
import { identityHome } from "./home/service.ts";
import { registerIdentityJobs } from "./jobs.ts";
import { MFA_SECRET_AAD } from "./mfa/service.ts";
import { tokensAad } from "./oidc/repository.ts";
import { settleBackground } from "./password-reset/service.ts";
import { SETUP_TOKEN_AAD } from "./registration/service.ts";

export const identityRuntime: ModuleRuntime = {
  // Re-encrypted by `bullpen secrets rotate`.
  encryptedColumns: [
    { table: "identity.users", idColumn: "id", column: "mfa_secret", aad: MFA_SECRET_AAD },
    { table: "identity.oauth_accounts", idColumn: "id", column: "tokens", aad: tokensAad },
    { table: "identity.setup_state", idColumn: "id", column: "token_secret", aad: () => SETUP_TOKEN_AAD },
  ],
  jobs: (platform) => registerIdentityJobs(platform.jobs),
  // The account card and the first-run guide's two-step verification step.
  home: identityHome,
  // Loaded only in the server, so a CLI command does not pay for the HTTP layer.
  async routes(app, platform) {
    const [{ createAuthHook }, { identityRoutes }] = await Promise.all([
      import("./hook.ts"),
      import("./routes.ts"),
    ]);
    // Root level, so every route of every module sees request.actor.
    app.addHook("onRequest", createAuthHook(platform));
    await identityRoutes(app, platform);
  },
  // Background work (emails queued after a response) finishes before the process lets go.
  stop: () => settleBackground(),
};
