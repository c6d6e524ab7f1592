// Property-based bad input over EVERY route of the OpenAPI document: wrong types, missing fields,
// huge strings, odd unicode, bad UUIDs, malformed JSON and wrong content types, sent anonymously,
// with a user's bearer token, an admin's, a read-only API key, and a cookie session without its CSRF header.
// No answer may be a 5xx, every error body is { code, message, requestId }, and nothing already
// stored changes (rows are fingerprinted before and after each route's run). The seed changes each
// run (FUZZ_SEED replays one, FUZZ_BAD_RUNS sets the samples per route); hostile values in valid
// requests are fuzz-hostile.int.test.ts's.
import { createHash, randomUUID } from "node:crypto";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { notifyUser } from "../src/modules/notify/index.ts";
import { createUser, operatorCtx, type SignedIn, signIn } from "./factories.ts";
import { type Json, loadRoutes, type Schema } from "./fuzz/openapi.ts";
import { BAD_RUNS, REPLAY, SEED } from "./fuzz/values.ts";
import { createTestApp } from "./harness.ts";

interface Route {
  method: string;
  path: string;
  pathParams: string[];
  query: { name: string; schema: Schema }[];
  body: Schema | null;
}

// Rate limits off: every request reaches validation and the services behind it.
const env = await createTestApp({
  env: {
    RATE_LIMIT_ENABLED: "false",
    REGISTRATION_MODE: "open",
    // An unreachable provider: the OIDC routes must degrade to a redirect, not a 5xx.
    OIDC_PROVIDERS: JSON.stringify([
      { id: "dead", name: "Dead", issuer: "http://127.0.0.1:9/", clientId: "x", clientSecret: "y" },
    ]),
  },
});
afterAll(() => env.close());
const { app, database } = env;

const admin = await createUser(env.platform, { role: "admin" });
const alice = await createUser(env.platform);
const bob = await createUser(env.platform);
const adminSession = await signIn(app, admin.username, admin.password);
const aliceSession = await signIn(app, alice.username, alice.password);
const bobSession = await signIn(app, bob.username, bob.password);
// Alice owns data Bob's requests may aim at: a second session, an API key, a notification.
await signIn(app, alice.username, alice.password);
const key = await app.inject({
  method: "POST",
  url: "/api/me/api-keys",
  headers: aliceSession.bearer,
  payload: { name: "fuzz", scopes: ["read"] },
});
expect(key.statusCode).toBe(201);
const note = await notifyUser({
  ctx: operatorCtx(env.platform),
  input: {
    userId: alice.id,
    type: "fuzz",
    title: "For Alice",
    message: "only Alice may read this",
  },
});
const aliceIds: string[] = [
  alice.id,
  note.id,
  key.json().apiKey.id,
  ...(
    await database.query<{ id: string }>("select id::text from identity.sessions where user_id = $1", [
      alice.id,
    ])
  ).rows.map((r) => r.id),
];

// The routes of /openapi.json, as a client reads them.
const routes: Route[] = (await loadRoutes(app)).routes.map((r) => ({
  method: r.method,
  path: r.path,
  pathParams: r.pathParams.map((p) => p.name),
  query: r.query.map((q) => ({ name: q.name, schema: q.schema })),
  body: r.body,
}));

// ------------------------------------------------------------------------ stored-state fingerprint

// Tables that only ever gain rows (request, auth and security logs): old rows must stay, new ones may come.
const APPEND_ONLY = new Set([
  "audit.api_requests",
  "audit.auth_events",
  "audit.security_events",
  "audit.data_access_logs",
  "audit.compliance_logs",
  "market.data_source_log",
]);
// Columns that record use, not state: touched by every authenticated request.
const VOLATILE = new Set(["last_seen_at", "last_used_at"]);

const tables = (
  await database.query<{ t: string }>(
    `select table_schema || '.' || table_name as t from information_schema.tables
      where table_type = 'BASE TABLE'
        and table_schema not in ('pg_catalog', 'information_schema', 'drizzle', 'pgboss')
      order by 1`,
  )
).rows.map((r) => r.t);

/** Per table: the set of row fingerprints (volatile columns removed). */
async function snapshot(): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const t of tables) {
    const { rows } = await database.query<{ j: Record<string, unknown> }>(
      `select row_to_json(x) as j from ${t
        .split(".")
        .map((p) => `"${p}"`)
        .join(".")} x`,
    );
    out.set(
      t,
      rows
        .map(({ j }) => {
          for (const c of VOLATILE) delete j[c];
          return createHash("sha256").update(JSON.stringify(j)).digest("hex");
        })
        .sort(),
    );
  }
  return out;
}

function expectUnchanged(before: Map<string, string[]>, after: Map<string, string[]>, route: string): void {
  for (const [t, rows] of before) {
    const now = after.get(t) ?? [];
    if (APPEND_ONLY.has(t)) {
      const present = new Set(now);
      expect(
        rows.filter((r) => !present.has(r)),
        `${route}: rows of ${t} changed or vanished`,
      ).toEqual([]);
    } else {
      expect(now, `${route}: ${t} changed`).toEqual(rows);
    }
  }
}

// ------------------------------------------------------------------------------------ generators

const oddString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.string({ unit: "binary", maxLength: 20 }), // lone surrogates and astral planes
  fc.constantFrom(
    "",
    " ",
    "\u0000",
    "\u202e\u0041\u0301",
    "👩‍👩‍👧‍👦",
    "' or 1=1 --",
    "../../etc/passwd",
    "%00",
    "<script>alert(1)</script>",
    "𝕏".repeat(300),
    "ｆｕｌｌｗｉｄｔｈ",
  ),
  fc.integer({ min: 1000, max: 200_000 }).map((n) => "x".repeat(n)),
);
const badUuid = fc.oneof(
  fc.constantFrom(
    "not-a-uuid",
    "00000000-0000-0000-0000-00000000000g",
    "00000000000000000000000000000000",
    "{00000000-0000-0000-0000-000000000000}",
    "-1",
    "0",
    "null",
    "%2e%2e",
    "a".repeat(5000),
  ),
  fc.uuid().map((u) => u.toUpperCase().replace(/-/g, "")),
  fc.uuid().map((u) => `${u}x`),
  fc.constant(null).map(() => randomUUID()), // well-formed, but nobody's
);
const anyJson: fc.Arbitrary<Json> = fc.oneof(
  oddString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(fc.integer(), fc.string()), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.integer(), fc.string()), { maxKeys: 4 }),
);

const jsonTypeOf = (v: Json): string =>
  v === null
    ? "null"
    : Array.isArray(v)
      ? "array"
      : typeof v === "number"
        ? Number.isInteger(v)
          ? "integer"
          : "number"
        : typeof v;

/** The JSON types a schema accepts, or null when it accepts anything. */
function acceptedTypes(s: Schema): Set<string> | null {
  if (s.enum)
    return new Set(
      s.enum.map(jsonTypeOf).concat(s.enum.some((v) => typeof v === "number") ? ["number"] : []),
    );
  if (s.const !== undefined) return new Set([jsonTypeOf(s.const)]);
  const alts = s.anyOf ?? s.oneOf;
  if (alts) {
    const all = new Set<string>();
    for (const a of alts) {
      const t = acceptedTypes(a);
      if (!t) return null;
      for (const x of t) all.add(x);
    }
    return all;
  }
  if (!s.type) return null;
  const types = new Set(Array.isArray(s.type) ? s.type : [s.type]);
  if (types.has("number")) types.add("integer");
  if (types.has("integer")) types.add("number"); // 1.5 may pass an integer check only as a number type
  return types;
}

const valuesOfType: Record<string, fc.Arbitrary<Json>> = {
  string: oddString,
  integer: fc.integer(),
  number: fc.double({ noNaN: true, noDefaultInfinity: true }),
  boolean: fc.boolean(),
  null: fc.constant(null),
  array: fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 5 })), { maxLength: 3 }),
  object: fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
};

/** A value that the schema refuses (a type it does not accept, or a string outside its enum). */
function wrongValue(s: Schema): fc.Arbitrary<Json> | null {
  const ok = acceptedTypes(s);
  if (!ok) return null;
  const choices = Object.entries(valuesOfType)
    .filter(([t]) => !ok.has(t))
    .map(([, a]) => a);
  if (s.enum && ok.has("string") && ok.size === 1)
    choices.push(oddString.filter((v) => !(s.enum as Json[]).includes(v)));
  return choices.length ? fc.oneof(...choices) : null;
}

/** A JSON body the schema is guaranteed to refuse, often carrying odd values in other fields. */
function invalidBody(s: Schema): fc.Arbitrary<Json> {
  const props = s.properties ?? {};
  const names = Object.keys(props);
  const filler = fc.record(Object.fromEntries(names.map((n) => [n, anyJson])), { requiredKeys: [] });
  const options: fc.Arbitrary<Json>[] = [
    // not an object at all
    fc.oneof(oddString, fc.integer(), fc.boolean(), fc.constant(null), fc.array(anyJson, { maxLength: 3 })),
  ];
  for (const req of s.required ?? [])
    options.push(
      filler.map((o) => {
        const copy = { ...o } as Record<string, Json>;
        delete copy[req];
        return copy;
      }),
    );
  for (const n of names) {
    const wrong = wrongValue(props[n]);
    if (wrong) options.push(fc.tuple(filler, wrong).map(([o, w]) => ({ ...(o as object), [n]: w })));
  }
  return fc.oneof(...options);
}

type Actor = "anonymous" | "user" | "admin" | "cookie-without-csrf" | "bob" | "read-key";
const readKey = { authorization: `Bearer ${key.json().secret as string}` };
const sessionOf: Record<Exclude<Actor, "anonymous" | "read-key">, SignedIn> = {
  user: aliceSession,
  admin: adminSession,
  "cookie-without-csrf": aliceSession,
  bob: bobSession,
};

interface Sample {
  actor: Actor;
  params: Record<string, string>;
  query: Record<string, string>;
  payload:
    | { kind: "none" }
    | { kind: "json"; value: Json }
    | { kind: "raw"; contentType: string; text: string };
}

const rawPayload = fc.oneof(
  // malformed JSON
  fc.record({
    contentType: fc.constant("application/json"),
    text: fc.constantFrom(
      "{",
      '{"a":',
      "[1,2",
      "nul",
      '{"a":1}}',
      "\u0000",
      '{"__proto__":{"x":1}',
      "'single'",
    ),
  }),
  // a content type nobody parses
  fc.record({
    contentType: fc.constantFrom(
      "application/xml",
      "application/x-www-form-urlencoded",
      "image/png",
      "multipart/form-data; boundary=x",
    ),
    text: fc.string({ maxLength: 50 }),
  }),
);

function sampleFor(route: Route): fc.Arbitrary<Sample> {
  const writes = route.method !== "GET";
  // As Bob, ids may be Alice's (and must answer 404); as anyone else only ids that are nobody's,
  // so a well-formed request can never act on stored data.
  const actor = fc.constantFrom<Actor>(
    "anonymous",
    "user",
    "admin",
    "cookie-without-csrf",
    "bob",
    "read-key",
  );
  const params = actor.chain((a) =>
    fc
      .record(
        Object.fromEntries(
          route.pathParams.map((p) => [
            p,
            a === "bob" ? fc.oneof(badUuid, fc.constantFrom(...aliceIds)) : fc.oneof(badUuid, oddString),
          ]),
        ),
      )
      .map((ps) => ({ actor: a, params: ps as Record<string, string> })),
  );
  const query = fc.record(
    Object.fromEntries(
      route.query.map((q) => [
        q.name,
        fc.oneof(oddString, fc.constantFrom("-1", "1e309", "NaN", "true", "[]", "9".repeat(40))),
      ]),
    ),
    { requiredKeys: [] },
  ) as fc.Arbitrary<Record<string, string>>;
  let payload: fc.Arbitrary<Sample["payload"]>;
  if (route.body) {
    payload = fc.oneof(
      { weight: 4, arbitrary: invalidBody(route.body).map((value) => ({ kind: "json" as const, value })) },
      { weight: 1, arbitrary: rawPayload.map((r) => ({ kind: "raw" as const, ...r })) },
      { weight: 1, arbitrary: fc.constant({ kind: "none" as const }) },
    );
  } else if (writes) {
    // No body expected: only bodies that cannot be parsed, so the request never runs as a valid one.
    payload = rawPayload.map((r) => ({ kind: "raw" as const, ...r }));
  } else {
    payload = fc.oneof(
      fc.constant({ kind: "none" as const }),
      rawPayload.map((r) => ({ kind: "raw" as const, ...r })),
    );
  }
  return fc.record({ ap: params, query, payload }).map(({ ap, query, payload }) => ({
    actor: ap.actor,
    params: ap.params,
    query,
    payload,
  }));
}

function urlFor(route: Route, s: Sample): string {
  let url = route.path;
  for (const p of route.pathParams) url = url.replace(`{${p}}`, encodeURIComponent(s.params[p] ?? ""));
  const q = new URLSearchParams(s.query).toString();
  return q ? `${url}?${q}` : url;
}

async function send(route: Route, s: Sample) {
  const headers: Record<string, string> = {};
  if (s.actor === "cookie-without-csrf") headers.cookie = aliceSession.cookie;
  else if (s.actor === "read-key") Object.assign(headers, readKey);
  else if (s.actor !== "anonymous") headers.authorization = sessionOf[s.actor].bearer.authorization;
  let payload: string | undefined;
  if (s.payload.kind === "json") {
    headers["content-type"] = "application/json";
    payload = JSON.stringify(s.payload.value);
  } else if (s.payload.kind === "raw") {
    headers["content-type"] = s.payload.contentType;
    payload = s.payload.text;
  }
  return app.inject({
    method: route.method as "GET",
    url: urlFor(route, s),
    headers,
    ...(payload !== undefined ? { payload } : {}),
  });
}

// --------------------------------------------------------------------------------------- the test

describe(`bad input on every route (${REPLAY}, FUZZ_BAD_RUNS=${BAD_RUNS})`, () => {
  it("enumerates the documented routes and fingerprints real data", async () => {
    const snap = await snapshot();
    expect(snap.get("identity.users")?.length).toBe(3);
    expect(snap.get("identity.sessions")?.length).toBe(4);
    expect(snap.get("identity.api_keys")?.length).toBe(1);
    expect(snap.get("notify.notifications")?.length).toBeGreaterThanOrEqual(1);
    expect(snap.get("audit.audit_logs")?.length).toBeGreaterThan(0);
    expect(routes.length).toBeGreaterThan(30);
    const paths = routes.map((r) => `${r.method} ${r.path}`);
    for (const must of [
      "POST /api/auth/login",
      "POST /api/auth/register",
      "POST /api/me/api-keys",
      "DELETE /api/me/sessions/{id}",
      "POST /api/admin/users/{id}/approve",
      "GET /api/auth/oidc/{provider}/callback",
      "POST /api/notifications/{id}/read",
    ])
      expect(paths).toContain(must);
  });

  it.each(routes.map((r, i) => [`${r.method} ${r.path}`, r, i] as const))(
    "%s: no 5xx, uniform errors, nothing stored changes",
    async (name, route, i) => {
      const before = await snapshot();
      await fc.assert(
        fc.asyncProperty(sampleFor(route), async (s) => {
          const res = await send(route, s);
          const where = `${name} as ${s.actor} (${REPLAY}) → ${res.statusCode} ${res.body.slice(0, 200)}`;
          expect(res.statusCode, where).toBeLessThan(500);
          if (res.statusCode >= 400) {
            const body = res.json() as Record<string, unknown>;
            expect(Object.keys(body).sort(), where).toEqual(["code", "message", "requestId"]);
            expect(typeof body.code === "string" && typeof body.message === "string", where).toBe(true);
            expect(body.requestId, where).toBe(res.headers["x-request-id"]);
            // 5xx-free is not enough: internals must not leak in 4xx messages either
            expect(String(body.message), where).not.toMatch(/\bat .+\.ts:\d+|SELECT |INSERT |duplicate key/);
          }
        }),
        { numRuns: BAD_RUNS, seed: SEED + i, endOnFailure: true },
      );
      expectUnchanged(before, await snapshot(), name);
    },
  );
});
