// Hostile values in every field of every route of /openapi.json, as an admin and as a user.
//
// Systematic: starting from a valid request (path parameters naming stored objects, required fields
// valid for their format), each field in turn gets each hostile value: NUL, unpaired surrogates,
// over-long strings, impossible and out-of-range dates and instants (every field that takes a date
// gets all of them, every other text field a few), numbers at the edges of column types; each array
// gets its item twice (duplicate keys in a batch); each body an extra key holding NUL.
// Random: FUZZ_RUNS requests per route and actor built from the document with format-aware
// generators (valid dates, instants, UUIDs, patterns), mixed with hostile values, from a seed that
// changes each run (FUZZ_SEED replays one; every failure names it).
// No answer may be a 5xx, and every error has the uniform body.
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { type FuzzActor, fuzzTarget } from "./fuzz/fixtures.ts";
import { type Json, leavesOf, loadRoutes, type Route, type Schema, type Seg } from "./fuzz/openapi.ts";
import {
  baseObject,
  baseValue,
  encodeComponent,
  fieldArb,
  HOSTILE_DATES,
  HOSTILE_NUMBERS,
  HOSTILE_TEXT,
  overlong,
  REPLAY,
  RUNS,
  SEED,
  setAt,
  stringFormat,
  urlValue,
} from "./fuzz/values.ts";

const target = await fuzzTarget();
const { app, fixtures, pathValue, session } = target;
const { routes } = await loadRoutes(app);
const ACTORS: FuzzActor[] = ["admin", "user"];
const counts = { systematic: 0, random: 0 };
afterAll(async () => {
  console.info(
    `fuzz-hostile: ${counts.systematic} systematic and ${counts.random} random requests, ${REPLAY}, FUZZ_RUNS=${RUNS}`,
  );
  await target.close();
});

interface Req {
  what: string;
  params: Record<string, string>;
  query: Record<string, Json>;
  body: Json | undefined;
}

async function send(route: Route, auth: { authorization: string }, r: Req) {
  let url = route.path;
  for (const [k, v] of Object.entries(r.params)) url = url.replace(`{${k}}`, encodeComponent(v));
  const q = Object.entries(r.query)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeComponent(urlValue(v))}`)
    .join("&");
  const headers: Record<string, string> = { ...auth };
  if (r.body !== undefined) headers["content-type"] = "application/json";
  return app.inject({
    method: route.method as "GET",
    url: q ? `${url}?${q}` : url,
    headers,
    ...(r.body !== undefined ? { payload: JSON.stringify(r.body) } : {}),
  });
}

/** What is wrong with an answer, or null: a 5xx, or an error without the uniform body. */
function problem(res: { statusCode: number; body: string; headers: Record<string, unknown> }): string | null {
  if (res.statusCode >= 500) return `${res.statusCode} ${res.body.slice(0, 300)}`;
  if (res.statusCode < 400) return null;
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(res.body);
  } catch {
    return `${res.statusCode} with a body that is not JSON: ${res.body.slice(0, 100)}`;
  }
  const keys = Object.keys(body).sort().join(",");
  if (keys !== "code,message,requestId" || body.requestId !== res.headers["x-request-id"])
    return `${res.statusCode} with a non-uniform error body: ${res.body.slice(0, 200)}`;
  return null;
}

const show = (v: Json | undefined) => {
  const s = JSON.stringify(v) ?? "undefined";
  return s.length > 60 ? `${s.slice(0, 40)}…(${s.length} chars)` : s;
};

// Fields that take a date get every hostile date; other text fields get these few.
const SOME_DATES = ["2024-13-45", "0020-02-29", "-271821-04-20", "+275760-09-13T00:00:00.000Z"];
const DATE_NAME = /(date|^from$|^to$|asof|at$|since|until|day)/i;

function hostileStrings(s: Schema, name: string): string[] {
  const dated = stringFormat(s) !== "other" && stringFormat(s) !== "uuid" ? true : DATE_NAME.test(name);
  return [...HOSTILE_TEXT, ...overlong(s), ...(dated ? HOSTILE_DATES : SOME_DATES)];
}

/** The systematic variants of a route for one actor: one hostile value in one field each. */
function variants(route: Route, actor: FuzzActor): Req[] {
  const params = Object.fromEntries(route.pathParams.map((p) => [p.name, pathValue(route, p, actor)]));
  const query: Record<string, Json> = Object.fromEntries(
    route.query.filter((p) => p.required).map((p) => [p.name, baseValue(p.schema, p.name, fixtures, SEED)]),
  );
  const body = route.body ? baseObject(route.body, fixtures, SEED) : undefined;
  const out: Req[] = [];
  for (const p of route.pathParams)
    for (const v of hostileStrings(p.schema, p.name))
      out.push({ what: `path ${p.name}=${show(v)}`, params: { ...params, [p.name]: v }, query, body });
  for (const p of route.query)
    for (const leaf of leavesOf(p.schema)) {
      const values: Json[] =
        leaf.kind === "string"
          ? hostileStrings(leaf.schema, p.name)
          : leaf.kind === "number"
            ? HOSTILE_NUMBERS
            : [];
      for (const v of values)
        out.push({ what: `query ${p.name}=${show(v)}`, params, query: { ...query, [p.name]: v }, body });
    }
  if (route.body && body !== undefined) {
    const schema = route.body;
    const at = (path: Seg[], v: Json) => setAt(body, schema, path, v, fixtures, SEED);
    for (const leaf of leavesOf(schema)) {
      const name = String(leaf.path.filter((x) => typeof x === "string").at(-1) ?? "");
      const where = `body.${leaf.path.join(".")}`;
      if (leaf.kind === "string")
        for (const v of hostileStrings(leaf.schema, name))
          out.push({ what: `${where}=${show(v)}`, params, query, body: at(leaf.path, v) });
      else if (leaf.kind === "number")
        for (const v of HOSTILE_NUMBERS)
          out.push({ what: `${where}=${show(v)}`, params, query, body: at(leaf.path, v) });
      else if (leaf.kind === "array" && leaf.schema.items) {
        const item = baseValue(leaf.schema.items, name, fixtures, SEED);
        out.push({ what: `${where}: one item twice`, params, query, body: at(leaf.path, [item, item]) });
      }
    }
    if (typeof body === "object" && body !== null && !Array.isArray(body))
      out.push({ what: "body key with NUL", params, query, body: { ...body, "k\u0000ey": 1 } });
  }
  return out;
}

describe(`hostile values in every field, every route (${REPLAY})`, () => {
  it("reads the routes and their fields from /openapi.json", () => {
    expect(routes.length).toBeGreaterThan(60);
    const body = (name: string) => routes.find((r) => r.name === name)?.body;
    // The fields the hostile values must reach, found through the document.
    const watchlist = body("POST /api/watchlists");
    expect(watchlist && leavesOf(watchlist).map((l) => l.path.join("."))).toContain("name");
    const series = body("POST /api/admin/macro/series");
    expect(series && leavesOf(series).map((l) => `${l.kind}:${l.path.join(".")}`)).toEqual(
      expect.arrayContaining(["array:observations", "string:observations.0.date"]),
    );
    expect(
      variants(routes.find((r) => r.name === "GET /api/instruments") as Route, "user").length,
    ).toBeGreaterThan(50);
  });

  it.each(routes.map((r) => [r.name, r] as const))("%s", async (_name, route) => {
    const failures: string[] = [];
    for (const actor of ACTORS) {
      const auth = (await session(actor)).bearer;
      for (const v of variants(route, actor)) {
        const res = await send(route, auth, v);
        counts.systematic++;
        const p = problem(res);
        if (p) failures.push(`as ${actor}, ${v.what} → ${p}`);
      }
    }
    expect(failures, `${route.name} (${REPLAY})`).toEqual([]);
  });
});

describe(`random format-aware requests, every route (${REPLAY}, FUZZ_RUNS=${RUNS})`, () => {
  function requestArb(route: Route, actor: FuzzActor): fc.Arbitrary<Req> {
    const params = fc.record(
      Object.fromEntries(
        route.pathParams.map((p) => [
          p.name,
          fc.oneof(
            { weight: 4, arbitrary: fc.constant(pathValue(route, p, actor)) },
            { weight: 1, arbitrary: fieldArb(p.schema, p.name, fixtures).map(urlValue) },
          ),
        ]),
      ),
    ) as fc.Arbitrary<Record<string, string>>;
    const query = fc.record(
      Object.fromEntries(route.query.map((p) => [p.name, fieldArb(p.schema, p.name, fixtures)])),
      { requiredKeys: route.query.filter((p) => p.required).map((p) => p.name) },
    ) as fc.Arbitrary<Record<string, Json>>;
    const body = route.body ? fieldArb(route.body, "", fixtures) : fc.constant(undefined);
    return fc.record({ params, query, body }).map((r) => ({ what: "random", ...r }));
  }

  it.each(routes.map((r, i) => [r.name, r, i] as const))("%s", async (_name, route, i) => {
    for (const actor of ACTORS) {
      const auth = (await session(actor)).bearer;
      await fc.assert(
        fc.asyncProperty(requestArb(route, actor), async (r) => {
          const res = await send(route, auth, r);
          counts.random++;
          const p = problem(res);
          const sent = `params ${show(r.params as Json)} query ${show(r.query as Json)} body ${JSON.stringify(r.body)?.slice(0, 400)}`;
          expect(p, `${route.name} as ${actor} (${REPLAY}): ${sent}`).toBeNull();
        }),
        { numRuns: RUNS, seed: SEED + i * 2 + (actor === "admin" ? 0 : 1), endOnFailure: true },
      );
    }
  });
});
