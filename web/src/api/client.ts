// The typed client for the same-origin API: openapi-fetch over the generated `paths` (schema.d.ts).
// Cookie sessions need the CSRF double-submit header on writes; answers other than 2xx become ApiError.
import createClient, { type Middleware } from "openapi-fetch";
import type { paths } from "./schema.d.ts";

/** Error answered by the server as `{ code, message, requestId }`, or a network failure (code "network"). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly requestId: string | undefined;
  readonly retryAfter: number | undefined;

  constructor(status: number, code: string, message: string, requestId?: string, retryAfter?: number) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.requestId = requestId;
    this.retryAfter = retryAfter;
  }
}

export const CSRF_COOKIE = "bullpen_csrf";
export const CSRF_HEADER = "x-csrf-token";
const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Reads a cookie value set by the server (the CSRF cookie is deliberately not HttpOnly). */
export function readCookie(name: string): string | undefined {
  for (const part of document.cookie.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/** The code for an error answer whose body does not carry one (a proxy's page, an empty body). */
function statusCode(status: number): string {
  if (status === 400) return "validation";
  if (status === 401) return "unauthenticated";
  if (status === 403) return "forbidden";
  if (status === 404) return "not_found";
  if (status === 409) return "conflict";
  if (status === 429) return "rate_limited";
  return "internal";
}

/**
 * The ApiError for an answer that was not 2xx: the server's `{ code, message, requestId }` when the
 * body has them, else a code from the status; `Retry-After` (seconds) is kept for rate limits.
 */
export function errorFromAnswer(
  status: number,
  statusText: string,
  body: unknown,
  retryAfter: string | null,
): ApiError {
  const e = (body && typeof body === "object" ? body : {}) as {
    code?: unknown;
    message?: unknown;
    requestId?: unknown;
  };
  const retry = Number(retryAfter);
  return new ApiError(
    status,
    typeof e.code === "string" ? e.code : statusCode(status),
    typeof e.message === "string" ? e.message : statusText,
    typeof e.requestId === "string" ? e.requestId : undefined,
    retryAfter !== null && Number.isFinite(retry) && retry > 0 ? retry : undefined,
  );
}

/** Adds the CSRF cookie's value as `x-csrf-token` to every write. */
const csrf: Middleware = {
  onRequest({ request }) {
    if (!UNSAFE.has(request.method)) return;
    const token = readCookie(CSRF_COOKIE);
    if (token) request.headers.set(CSRF_HEADER, token);
    return request;
  },
};

/** A typed client; the app uses `api` (same origin), tests point one at their own server. */
export function createApiClient(baseUrl = "") {
  const client = createClient<paths, "application/json">({
    baseUrl,
    credentials: "same-origin",
    headers: { accept: "application/json" },
  });
  client.use(csrf);
  return client;
}

export type ApiClient = ReturnType<typeof createApiClient>;

export const api: ApiClient = createApiClient();

type Answer<D> = { data?: D; error?: unknown; response: Response };

/**
 * Waits for a call of the typed client and returns its data, or throws ApiError: the server's error
 * body for a non-2xx answer, code "network" when no answer came.
 */
export async function unwrap<D>(call: Promise<Answer<D>>): Promise<D> {
  let answer: Answer<D>;
  try {
    answer = await call;
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw new ApiError(0, "network", err instanceof Error ? err.message : String(err));
  }
  const { response } = answer;
  if (!response.ok) {
    throw errorFromAnswer(
      response.status,
      response.statusText,
      answer.error,
      response.headers.get("retry-after"),
    );
  }
  return answer.data as D;
}
