// A real OpenID Connect provider (npm `oidc-provider`) on 127.0.0.1 for tests: the authorization
// code flow runs over real HTTP; the login and consent screens are replaced by an automatic
// interaction that signs in whichever account the test chose with `signInAs`.
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";

export interface TestAccount {
  sub: string;
  email?: string;
  email_verified?: boolean;
  preferred_username?: string;
  name?: string;
}

export interface TestOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The account the next authorization request signs in as. */
  signInAs(account: TestAccount): void;
  /** Follows a URL on the provider (with its cookies) until it redirects off the provider; returns that URL. */
  authorize(url: string): Promise<URL>;
  close(): Promise<void>;
}

/** Starts a provider whose only client may redirect to `redirectUris`. */
export async function startTestOidcProvider(redirectUris: string[]): Promise<TestOidcProvider> {
  const accounts = new Map<string, TestAccount>();
  let current: TestAccount | null = null;
  const clientId = "bullpen-test";
  const clientSecret = randomBytes(24).toString("hex");

  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: redirectUris,
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    claims: {
      openid: ["sub"],
      email: ["email", "email_verified"],
      profile: ["preferred_username", "name"],
    },
    cookies: { keys: [randomBytes(32).toString("hex")] },
    jwks: {
      keys: [
        {
          ...generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" }),
          use: "sig",
          alg: "RS256",
        },
      ],
    },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 3600, IdToken: 3600 },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    // The id token carries the claims, as most providers do for a code flow.
    conformIdTokenClaims: false,
    findAccount: async (_ctx: unknown, id: string) => {
      const account = accounts.get(id);
      if (!account) return undefined;
      return { accountId: id, claims: async () => ({ ...account }) };
    },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
  });
  const handle = provider.callback();

  server.on("request", async (req, res) => {
    if (!req.url?.startsWith("/interaction/")) return handle(req, res);
    try {
      const details = await provider.interactionDetails(req, res);
      if (details.prompt.name === "login") {
        if (!current) throw new Error("test provider: call signInAs() first");
        accounts.set(current.sub, current);
        await provider.interactionFinished(
          req,
          res,
          { login: { accountId: current.sub } },
          { mergeWithLastSubmission: false },
        );
        return;
      }
      // consent: grant everything asked for
      const accountId = details.session?.accountId as string;
      const grant = details.grantId
        ? ((await provider.Grant.find(details.grantId)) ??
          new provider.Grant({ accountId, clientId: details.params.client_id }))
        : new provider.Grant({ accountId, clientId: details.params.client_id });
      const missing = details.prompt.details;
      if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(" "));
      if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
      const grantId = await grant.save();
      await provider.interactionFinished(
        req,
        res,
        { consent: { grantId } },
        { mergeWithLastSubmission: true },
      );
    } catch (err) {
      res.statusCode = 500;
      res.end(String(err));
    }
  });

  const jar = new Map<string, string>();
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");

  return {
    issuer,
    clientId,
    clientSecret,
    signInAs(account) {
      current = account;
      jar.clear(); // a fresh browser: no provider session from an earlier sign-in
    },
    async authorize(start) {
      let url = new URL(start);
      for (let hop = 0; hop < 20; hop++) {
        if (url.origin !== issuer) return url;
        const res = await fetch(url, { redirect: "manual", headers: { cookie: cookieHeader() } });
        for (const c of res.headers.getSetCookie()) {
          const [pair] = c.split(";");
          const eq = pair.indexOf("=");
          const name = pair.slice(0, eq).trim();
          const value = pair.slice(eq + 1).trim();
          if (/expires=Thu, 01 Jan 1970/i.test(c) || value === "") jar.delete(name);
          else jar.set(name, value);
        }
        const location = res.headers.get("location");
        if (!location)
          throw new Error(`test provider answered ${res.status} without a redirect: ${await res.text()}`);
        url = new URL(location, url);
      }
      throw new Error("test provider: too many redirects");
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
