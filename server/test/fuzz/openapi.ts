// The fuzz suites' view of the OpenAPI document: every operation as a route with its path
// parameters, query parameters and JSON body schema, and the fields ("leaves") inside them that a
// hostile value can be put into. Everything comes from the document the server serves at
// /openapi.json, so a route added tomorrow is fuzzed without a line here.
import type { FastifyInstance } from "fastify";

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export interface Schema {
  $ref?: string;
  type?: string | string[];
  format?: string;
  pattern?: string;
  description?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  required?: string[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  enum?: Json[];
  const?: Json;
  default?: Json;
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
}

interface Operation {
  parameters?: {
    in: "path" | "query" | "header" | "cookie";
    name: string;
    required?: boolean;
    schema?: Schema;
  }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  security?: unknown[];
}

export interface Param {
  name: string;
  required: boolean;
  schema: Schema;
}

export interface Route {
  /** "POST /api/watchlists/{id}" */
  name: string;
  method: string;
  path: string;
  pathParams: Param[];
  query: Param[];
  /** The JSON body's schema, or null when the operation documents none. */
  body: Schema | null;
}

export interface OpenApiDoc {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

/** Fetches /openapi.json through the app, as any client would, and lists its operations. */
export async function loadRoutes(app: FastifyInstance): Promise<{ doc: OpenApiDoc; routes: Route[] }> {
  const res = await app.inject({ method: "GET", url: "/openapi.json" });
  if (res.statusCode !== 200) throw new Error(`/openapi.json answered ${res.statusCode}`);
  const doc = res.json() as OpenApiDoc;
  const deref = (s: Schema | undefined): Schema => resolveRefs(doc, s ?? {});
  const routes: Route[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      if (!["get", "post", "put", "patch", "delete"].includes(method)) continue;
      const params = op.parameters ?? [];
      const param = (p: (typeof params)[number]): Param => ({
        name: p.name,
        required: p.required === true || p.in === "path",
        schema: deref(p.schema),
      });
      const json = op.requestBody?.content?.["application/json"]?.schema;
      routes.push({
        name: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        pathParams: params.filter((p) => p.in === "path").map(param),
        query: params.filter((p) => p.in === "query").map(param),
        body: json ? deref(json) : null,
      });
    }
  }
  return { doc, routes };
}

/** The schema with every `$ref` to components replaced by its target (the document has no cycles). */
function resolveRefs(doc: OpenApiDoc, s: Schema, depth = 0): Schema {
  if (depth > 30) throw new Error("schema nests too deep (a cycle?)");
  if (s.$ref) {
    const name = s.$ref.replace("#/components/schemas/", "");
    const target = doc.components?.schemas?.[name];
    if (!target) throw new Error(`unresolved $ref ${s.$ref}`);
    return resolveRefs(doc, target, depth + 1);
  }
  const out: Schema = { ...s };
  if (s.properties)
    out.properties = Object.fromEntries(
      Object.entries(s.properties).map(([k, v]) => [k, resolveRefs(doc, v, depth + 1)]),
    );
  if (s.items) out.items = resolveRefs(doc, s.items, depth + 1);
  for (const k of ["anyOf", "oneOf", "allOf"] as const)
    if (s[k]) out[k] = (s[k] as Schema[]).map((a) => resolveRefs(doc, a, depth + 1));
  if (typeof s.additionalProperties === "object")
    out.additionalProperties = resolveRefs(doc, s.additionalProperties, depth + 1);
  return out;
}

export const typesOf = (s: Schema): string[] => (Array.isArray(s.type) ? s.type : s.type ? [s.type] : []);

/** The alternatives a schema stands for: itself, or each branch of its anyOf/oneOf (allOf merged). */
export function alternatives(s: Schema): Schema[] {
  const alts = s.anyOf ?? s.oneOf;
  if (alts) return alts.flatMap(alternatives);
  if (s.allOf) return [Object.assign({}, ...s.allOf.flatMap(alternatives), { allOf: undefined })];
  return [s];
}

/** The first alternative that is not just null: what a valid value is built from. */
export function mainAlternative(s: Schema): Schema {
  const alts = alternatives(s);
  return alts.find((a) => !(typesOf(a).length === 1 && typesOf(a)[0] === "null")) ?? alts[0] ?? {};
}

export type Seg = string | number;
export type LeafKind = "string" | "number" | "array";

/** A field of a body a value can be put into: strings, numbers and arrays, at any depth. */
export interface Leaf {
  path: Seg[];
  kind: LeafKind;
  schema: Schema;
}

/** Every string, number and array field of a body schema (array items at index 0). */
export function leavesOf(schema: Schema, path: Seg[] = [], out: Leaf[] = []): Leaf[] {
  const seen = new Set(out.map((l) => `${l.kind}:${l.path.join(".")}`));
  const add = (kind: LeafKind, s: Schema) => {
    const key = `${kind}:${path.join(".")}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ path, kind, schema: s });
  };
  for (const alt of alternatives(schema)) {
    const types = typesOf(alt);
    if (alt.enum?.some((v) => typeof v === "string") || types.includes("string")) add("string", alt);
    if (types.includes("number") || types.includes("integer")) add("number", alt);
    if (types.includes("array") || alt.items) {
      add("array", alt);
      if (alt.items) leavesOf(alt.items, [...path, 0], out);
    }
    if (alt.properties) for (const [k, v] of Object.entries(alt.properties)) leavesOf(v, [...path, k], out);
  }
  return out;
}
