// The OpenAPI document as the security suites walk it: every operation with its declared access
// (from its `security`, which the server derives from the route's config.access), a URL with ids
// that exist nowhere, and a request body the schema accepts. A route a later module adds is walked
// by every suite that uses this, with no test written for it.
import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";

export interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  items?: Schema;
  minItems?: number;
  minLength?: number;
  minimum?: number;
  pattern?: string;
  format?: string;
  default?: unknown;
}

export interface Operation {
  summary?: string;
  security?: Record<string, string[]>[];
  parameters?: { in: string; name: string; required?: boolean; schema?: Schema }[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: Schema }> }>;
}

/** Who may call an operation, as the document declares it (see server/src/platform/route-access.ts). */
export type DeclaredAccess = "public" | "session" | "read" | "trade" | "admin";

export interface WalkedOperation {
  method: string;
  path: string;
  /** "METHOD /path/{param}" */
  name: string;
  op: Operation;
  access: DeclaredAccess;
  /** The path with every parameter replaced by a fresh UUID. */
  url: string;
  /** A JSON body the schema accepts, when the operation takes one. */
  body?: object;
}

/** The access an operation's security requirement names: the role of its bearer credential. */
export function declaredAccess(op: Operation): DeclaredAccess {
  if (!op.security || op.security.length === 0) return "public";
  const roles = op.security.find((r) => "bearer" in r)?.bearer ?? [];
  if (roles.length !== 1) throw new Error(`security without one bearer role: ${JSON.stringify(op.security)}`);
  return roles[0] as DeclaredAccess;
}

/** A value the schema accepts, so a request passes validation and reaches what is behind it. */
export function example(s: Schema): unknown {
  if (s.const !== undefined) return s.const;
  if (s.enum) return s.enum[0];
  if (s.default !== undefined) return s.default;
  const alt = s.anyOf ?? s.oneOf;
  if (alt) return example(alt.find((x) => x.type !== "null") ?? alt[0]);
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case "object":
      return Object.fromEntries((s.required ?? []).map((k) => [k, example(s.properties?.[k] ?? {})]));
    case "array":
      return Array.from({ length: s.minItems ?? 0 }, () => example(s.items ?? {}));
    case "integer":
    case "number":
      return s.minimum ?? 1;
    case "boolean":
      return true;
    case "null":
      return null;
    default: {
      if (s.format === "email") return "someone@example.test";
      if (s.format === "uuid") return randomUUID();
      if (s.format === "date") return "2024-01-02";
      if (s.format === "date-time") return "2024-01-02T00:00:00Z";
      if (s.pattern) {
        const re = new RegExp(s.pattern);
        const found = ["2024-01-02", "X", "AAPL", "+821012345678", "USD", "1d", "a", "1"].find((c) =>
          re.test(c),
        );
        if (found) return found;
      }
      return "x".repeat(Math.max(1, s.minLength ?? 1));
    }
  }
}

/** Every operation of the app's /openapi.json. */
export async function walkOperations(app: FastifyInstance): Promise<WalkedOperation[]> {
  const res = await app.inject({ method: "GET", url: "/openapi.json" });
  const spec = res.json() as { paths: Record<string, Record<string, Operation>> };
  const out: WalkedOperation[] = [];
  for (const [path, ops] of Object.entries(spec.paths))
    for (const [method, op] of Object.entries(ops)) {
      const schema = op.requestBody?.content?.["application/json"]?.schema;
      out.push({
        method: method.toUpperCase(),
        path,
        name: `${method.toUpperCase()} ${path}`,
        op,
        access: declaredAccess(op),
        url: path.replace(/\{[^}]+\}/g, () => randomUUID()),
        body: schema ? (example(schema) as object) : undefined,
      });
    }
  return out;
}
