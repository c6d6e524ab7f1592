// OpenID Connect sign-in, the provider side (004 oauth_accounts): authorization code flow with PKCE,
// state and nonce, against any provider configured by issuer URL (OIDC_PROVIDERS), using discovery.
// What happens to the account is service.ts's.
import * as client from "openid-client";
import type { OidcProviderConfig } from "../../../config.ts";
import type { Platform } from "../../../platform/platform.ts";

/** Cookie holding the encrypted flow state between /start and /callback. */
export const FLOW_COOKIE = "bullpen_oidc";
export const FLOW_TTL_MS = 10 * 60_000;
const FLOW_AAD = "identity.oidc.flow";

/** A failed sign-in; the browser is sent to /login?oidc_error=<code>. */
export class OidcSignInError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

interface FlowState {
  /** provider id */
  p: string;
  /** state */
  s: string;
  /** nonce */
  n: string;
  /** PKCE code verifier */
  v: string;
  /** expiry, epoch ms */
  e: number;
}

/** Who signed in at the provider, and the provider's tokens (a JSON document, stored encrypted). */
export interface OidcIdentity {
  provider: string;
  subject: string;
  email?: string;
  emailVerified: boolean;
  preferredUsername?: string;
  tokenDocument: string;
  tokenExpiresAt: Date | null;
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** The OIDC flows of one platform; discovery documents are cached per provider. */
export class OidcSignIn {
  private readonly platform: Platform;
  private readonly discovered = new Map<string, Promise<client.Configuration>>();

  constructor(platform: Platform) {
    this.platform = platform;
  }

  providers(): { id: string; name: string }[] {
    return this.platform.config.OIDC_PROVIDERS.map((p) => ({ id: p.id, name: p.name }));
  }

  provider(id: string): OidcProviderConfig | undefined {
    return this.platform.config.OIDC_PROVIDERS.find((p) => p.id === id);
  }

  redirectUri(id: string): string {
    return `${this.platform.config.publicUrl}/api/auth/oidc/${encodeURIComponent(id)}/callback`;
  }

  /** Discovery (cached; a failure is retried on the next sign-in). */
  private configuration(p: OidcProviderConfig): Promise<client.Configuration> {
    let c = this.discovered.get(p.id);
    if (!c) {
      const issuer = new URL(p.issuer);
      // Plain-http issuers only for the in-process test provider on loopback.
      const insecure =
        this.platform.config.NODE_ENV === "test" &&
        issuer.protocol === "http:" &&
        LOOPBACK.has(issuer.hostname);
      c = client.discovery(
        issuer,
        p.clientId,
        undefined,
        client.ClientSecretBasic(p.clientSecret),
        insecure ? { execute: [client.allowInsecureRequests], timeout: 10 } : { timeout: 10 },
      );
      this.discovered.set(p.id, c);
      c.catch(() => this.discovered.delete(p.id));
    }
    return c;
  }

  /** Builds the provider's authorization URL and the sealed flow cookie value. */
  async start(p: OidcProviderConfig): Promise<{ location: string; cookie: string }> {
    let conf: client.Configuration;
    try {
      conf = await this.configuration(p);
    } catch (err) {
      throw new OidcSignInError("unavailable", `discovery of ${p.issuer} failed: ${(err as Error).message}`);
    }
    const flow: FlowState = {
      p: p.id,
      s: client.randomState(),
      n: client.randomNonce(),
      v: client.randomPKCECodeVerifier(),
      e: this.platform.clock.now().getTime() + FLOW_TTL_MS,
    };
    const url = client.buildAuthorizationUrl(conf, {
      redirect_uri: this.redirectUri(p.id),
      scope: "openid email profile",
      response_type: "code",
      code_challenge: await client.calculatePKCECodeChallenge(flow.v),
      code_challenge_method: "S256",
      state: flow.s,
      nonce: flow.n,
    });
    return { location: url.href, cookie: this.platform.keyring.encrypt(JSON.stringify(flow), FLOW_AAD) };
  }

  private openFlow(sealed: string | undefined, providerId: string): FlowState {
    if (!sealed) throw new OidcSignInError("invalid_state", "no sign-in in progress (cookie missing)");
    let flow: FlowState;
    try {
      flow = JSON.parse(this.platform.keyring.decrypt(sealed, FLOW_AAD)) as FlowState;
    } catch {
      throw new OidcSignInError("invalid_state", "sign-in state cookie is not valid");
    }
    if (flow.p !== providerId)
      throw new OidcSignInError("invalid_state", "sign-in was started for another provider");
    if (!(flow.e > this.platform.clock.now().getTime()))
      throw new OidcSignInError("expired", "sign-in took too long; start again");
    return flow;
  }

  /**
   * Completes the provider side of the flow: exchanges the code (checking state, nonce and PKCE) and
   * reads who signed in. Linking or creating the account is `signInWithOidc`'s (service.ts).
   */
  async identify(
    p: OidcProviderConfig,
    query: URLSearchParams,
    sealedFlow: string | undefined,
  ): Promise<OidcIdentity> {
    const flow = this.openFlow(sealedFlow, p.id);
    if (query.get("error"))
      throw new OidcSignInError(
        query.get("error") === "access_denied" ? "denied" : "provider_error",
        `provider answered ${query.get("error")}: ${query.get("error_description") ?? ""}`.slice(0, 300),
      );
    const conf = await this.configuration(p).catch((err: Error) => {
      throw new OidcSignInError("unavailable", `discovery of ${p.issuer} failed: ${err.message}`);
    });
    const current = new URL(this.redirectUri(p.id));
    current.search = query.toString();
    let tokens: client.TokenEndpointResponse & client.TokenEndpointResponseHelpers;
    try {
      tokens = await client.authorizationCodeGrant(conf, current, {
        pkceCodeVerifier: flow.v,
        expectedState: flow.s,
        expectedNonce: flow.n,
        idTokenExpected: true,
      });
    } catch (err) {
      throw new OidcSignInError("failed", `code exchange failed: ${(err as Error).message}`);
    }
    const claims = tokens.claims();
    if (!claims?.sub) throw new OidcSignInError("failed", "the provider sent no subject");
    let email = typeof claims.email === "string" ? claims.email : undefined;
    let emailVerified = claims.email_verified === true;
    let preferred = typeof claims.preferred_username === "string" ? claims.preferred_username : undefined;
    if (!email && tokens.access_token && conf.serverMetadata().userinfo_endpoint) {
      try {
        const info = await client.fetchUserInfo(conf, tokens.access_token, claims.sub);
        if (typeof info.email === "string") {
          email = info.email;
          emailVerified = info.email_verified === true;
        }
        preferred ??= typeof info.preferred_username === "string" ? info.preferred_username : undefined;
      } catch {
        // optional: the id token is enough to sign in
      }
    }
    const tokenDocument = JSON.stringify({
      access_token: tokens.access_token,
      refresh_token: tokens.refresh_token ?? null,
      id_token: tokens.id_token ?? null,
      token_type: tokens.token_type,
      scope: tokens.scope ?? null,
    });
    const now = this.platform.clock.now();
    return {
      provider: p.id,
      subject: claims.sub,
      email,
      emailVerified,
      preferredUsername: preferred,
      tokenDocument,
      tokenExpiresAt: tokens.expires_in ? new Date(now.getTime() + tokens.expires_in * 1000) : null,
    };
  }
}
