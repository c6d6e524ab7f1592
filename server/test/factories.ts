// Test factories shared by every module's tests: users created through identity's own verbs, and
// sign-in through the real HTTP route.
import { randomBytes } from "node:crypto";
import type { FastifyInstance } from "fastify";
import pino from "pino";
import { createUserAdmin, issueApiKey, type UserStatus } from "../src/modules/identity/index.ts";
import { type Ctx, makeCtx } from "../src/platform/context.ts";
import type { Platform } from "../src/platform/platform.ts";

/** A ctx for the local operator (no actor, no HTTP request), as the CLI uses. */
export function operatorCtx(platform: Platform): Ctx {
  return makeCtx(platform, { origin: "operator", log: pino({ level: "silent" }), userAgent: "test" });
}

export interface TestUser {
  id: string;
  username: string;
  email: string | null;
  role: "user" | "admin";
  status: UserStatus;
  password: string;
}

let seq = 0;

/**
 * Creates a user directly (active by default) with a random username and a strong password.
 * `email: null` for none; by default a unique address at example.test.
 */
export async function createUser(
  platform: Platform,
  opts: {
    role?: "user" | "admin";
    status?: UserStatus;
    password?: string;
    email?: string | null;
    username?: string;
  } = {},
): Promise<TestUser> {
  seq += 1;
  const tag = `${randomBytes(3).toString("hex")}${seq}`;
  const username = opts.username ?? `user_${tag}`;
  const password = opts.password ?? `Pw-${randomBytes(9).toString("base64url")}`;
  const email = opts.email === undefined ? `${username}@example.test` : opts.email;
  const u = await createUserAdmin({
    ctx: operatorCtx(platform),
    input: { username, password, email, role: opts.role ?? "user", status: opts.status ?? "active" },
  });
  return {
    id: u.id,
    username: u.username,
    email: u.email,
    role: u.role as "user" | "admin",
    status: u.status as UserStatus,
    password,
  };
}

export interface SignedIn {
  /** Session token: send as `authorization: Bearer <token>`. */
  token: string;
  /** Cookie header value carrying the session and CSRF cookies, for cookie-authenticated requests. */
  cookie: string;
  /** The CSRF token: send as `x-csrf-token` with cookie-authenticated writes. */
  csrf: string;
  userId: string;
  /** Headers for a bearer request. */
  bearer: { authorization: string };
  /** Headers for a cookie request that may write (cookie + CSRF header). */
  cookieHeaders: { cookie: string; "x-csrf-token": string };
}

/** Signs in through POST /api/auth/login; throws with the response body unless it answers 200. */
export async function signIn(
  app: FastifyInstance,
  login: string,
  password: string,
  totp?: string,
): Promise<SignedIn> {
  const res = await app.inject({
    method: "POST",
    url: "/api/auth/login",
    payload: { login, password, ...(totp ? { totp } : {}) },
  });
  if (res.statusCode !== 200) throw new Error(`signIn(${login}) answered ${res.statusCode}: ${res.body}`);
  const body = res.json() as { token: string; user: { id: string } };
  const csrf = res.cookies.find((c) => c.name === "bullpen_csrf")?.value ?? "";
  const cookie = `bullpen_session=${body.token}; bullpen_csrf=${csrf}`;
  return {
    token: body.token,
    cookie,
    csrf,
    userId: body.user.id,
    bearer: { authorization: `Bearer ${body.token}` },
    cookieHeaders: { cookie, "x-csrf-token": csrf },
  };
}

/**
 * An API key issued by the operator with any scopes (`trade` included, which the self-service route
 * no longer issues while no module trades: such a key stands for one issued before). Answers its id and
 * the bearer headers.
 */
export async function apiKeyFor(
  platform: Platform,
  userId: string,
  scopes: ("read" | "trade" | "admin")[],
  name = `key-${scopes.join("-")}`,
): Promise<{ id: string; secret: string; bearer: { authorization: string } }> {
  const r = await issueApiKey({ ctx: operatorCtx(platform), input: { userId, name, scopes } });
  return { id: r.apiKey.id, secret: r.secret, bearer: { authorization: `Bearer ${r.secret}` } };
}
