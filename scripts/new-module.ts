// `npm run new-module -- <name>`: a new server module built on the module kit, ready to grow.
// It writes server/src/modules/<name>/ (manifest, runtime, door, schema, contracts, repository,
// verbs, routes and a first integration test), adds the module to server/src/modules.ts and
// generates its first migration. The module passes lint, the door check and its test as it stands;
// docs/development.md walks through what to change next.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "..");
const name = process.argv[2] ?? "";
const noMigration = process.argv.includes("--no-migration");
const RESERVED = ["audit", "home", "identity", "market", "notify", "platform", "public", "pg_catalog"];

if (!/^[a-z][a-z0-9]{1,30}$/.test(name) || RESERVED.includes(name)) {
  console.error(
    "usage: npm run new-module -- <name> [--no-migration]\n" +
      "  <name>: lower-case letters and digits, 2–31 characters, starting with a letter (it is also the\n" +
      "  module's PostgreSQL schema and URL prefix), and not an existing module.",
  );
  process.exit(2);
}
const dir = join(root, "server/src/modules", name);
if (existsSync(dir)) {
  console.error(`server/src/modules/${name} already exists`);
  process.exit(1);
}

const Name = name[0].toUpperCase() + name.slice(1);
const files: Record<string, string> = {
  "manifest.ts": `// The ${name} module's manifest: cheap to import (the CLI reads it for --help).
import { defineModule } from "../../platform/module.ts";

export const ${name}Module = defineModule({
  name: "${name}",
  schema: "${name}",
  load: async () => (await import("./module.ts")).${name}Runtime,
});
`,
  "module.ts": `// The ${name} module's runtime: what it adds to the server (routes; later jobs, start-up work).
import type { ModuleRuntime } from "../../platform/module.ts";
import { ${name}Routes } from "./routes.ts";

export const ${name}Runtime: ModuleRuntime = {
  routes: (app, platform) => ${name}Routes(app, platform),
};
`,
  "index.ts": `// The ${name} module's one door: what other modules may use.
export type { ItemOut } from "./contracts.ts";
export { createItem, listItems } from "./service.ts";
`,
  "schema.ts": `// The ${name} PostgreSQL schema. Change it, then \`npm run db:generate -w @bullpen/server\`.
import { pgSchema, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, idColumn, updatedAt } from "../../platform/db/columns.ts";
import { users } from "../identity/schema.ts";

export const ${name}Schema = pgSchema("${name}");

export const items = ${name}Schema.table(
  "items",
  {
    id: idColumn(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("${name}_items_user_name_key").on(t.userId, t.name)],
);
`,
  "contracts.ts": `// Wire shapes of the ${name} API, as zod schemas: they validate input and feed OpenAPI.
import { z } from "zod";

export const itemInput = z.object({ name: z.string().trim().min(1).max(200) });
export type ItemInput = z.infer<typeof itemInput>;

export const itemOut = z.object({ id: z.uuid(), name: z.string(), createdAt: z.string() });
export type ItemOut = z.infer<typeof itemOut>;

export const itemsOut = z.object({ items: z.array(itemOut) });
`,
  "repository.ts": `// All SQL of the ${name} module. Every function takes a Db or an open transaction.
import { asc, eq } from "drizzle-orm";
import type { Db } from "../../platform/db/index.ts";
import { items } from "./schema.ts";

export type ItemRow = typeof items.$inferSelect;

export async function insertItem(db: Db, row: typeof items.$inferInsert): Promise<ItemRow> {
  const [created] = await db.insert(items).values(row).returning();
  return created;
}

export async function listItems(db: Db, userId: string): Promise<ItemRow[]> {
  return db.select().from(items).where(eq(items.userId, userId)).orderBy(asc(items.name));
}
`,
  "service.ts": `// The ${name} module's verbs: \`verb({ ctx, input })\`, built with defineVerb (access, input parsing,
// the transaction and its audit row).
import { newId } from "../../platform/ids.ts";
import { defineVerb } from "../../platform/verb.ts";
import { type ItemOut, itemInput } from "./contracts.ts";
import * as repo from "./repository.ts";

const view = (r: repo.ItemRow): ItemOut => ({ id: r.id, name: r.name, createdAt: r.createdAt.toISOString() });

export const createItem = defineVerb({
  name: "${name}.createItem",
  access: "user",
  input: itemInput,
  write: true,
  conflict: "You already have an item with that name",
  // \`run\` before \`audit\`: TypeScript infers the result's type from the first.
  run: async ({ ctx, input, actor }) =>
    view(await repo.insertItem(ctx.db, { id: newId(), userId: actor.userId, name: input.name })),
  audit: ({ result }) => ({
    eventType: "data",
    action: "${name}.item.create",
    resourceType: "${name}_item",
    resourceId: result.id,
    newValues: { name: result.name },
  }),
});

export const listItems = defineVerb({
  name: "${name}.listItems",
  access: "user",
  run: async ({ ctx, actor }) => ({ items: (await repo.listItems(ctx.db, actor.userId)).map(view) }),
});
`,
  "routes.ts": `// The ${name} module's HTTP routes: thin handlers over its verbs.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { errorBody, requestCtx } from "../../platform/http.ts";
import type { Platform } from "../../platform/platform.ts";
import { itemInput, itemOut, itemsOut } from "./contracts.ts";
import * as service from "./service.ts";

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 409: errorBody };

export async function ${name}Routes(root: FastifyInstance, platform: Platform): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ["${name}"];

  app.get(
    "/api/${name}/items",
    {
      // Who may call it (public | session | read | trade | admin): checked before validation, and
      // the OpenAPI security follows from it. Reads need "read"; changes "trade", "admin" or "session".
      config: { access: "read" },
      schema: { tags, summary: "My items", response: { 200: itemsOut, ...errors } },
    },
    async (request) => service.listItems({ ctx: requestCtx(platform, request), input: undefined }),
  );

  app.post(
    "/api/${name}/items",
    {
      config: { access: "trade" },
      schema: { tags, summary: "Add an item", body: itemInput, response: { 201: itemOut, ...errors } },
    },
    async (request, reply) =>
      reply.status(201).send(await service.createItem({ ctx: requestCtx(platform, request), input: request.body })),
  );
}
`,
  [`${name}.int.test.ts`]: `// ${Name} through the real HTTP routes on a real database (PGlite, or PostgreSQL with TEST_DATABASE_URL).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, signIn } from "../../../test/factories.ts";
import { createTestApp, type TestEnv } from "../../../test/harness.ts";

describe("${name} items", () => {
  let env: TestEnv & { app: import("fastify").FastifyInstance };
  beforeAll(async () => {
    env = await createTestApp();
  });
  afterAll(() => env.close());

  it("adds and lists a user's own items; others see none", async () => {
    const a = await createUser(env.platform);
    const b = await createUser(env.platform);
    const alice = await signIn(env.app, a.username, a.password);
    const bob = await signIn(env.app, b.username, b.password);
    const url = "/api/${name}/items";
    const created = await env.app.inject({ method: "POST", url, headers: alice.bearer, payload: { name: "first" } });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ name: "first" });

    const mine = await env.app.inject({ method: "GET", url, headers: alice.bearer });
    expect(mine.json().items.map((i: { name: string }) => i.name)).toEqual(["first"]);
    const theirs = await env.app.inject({ method: "GET", url, headers: bob.bearer });
    expect(theirs.json().items).toEqual([]);
  });

  it("answers bad input, duplicates and strangers with a clear 4xx", async () => {
    const a = await createUser(env.platform);
    const alice = await signIn(env.app, a.username, a.password);
    const url = "/api/${name}/items";
    const bad = await env.app.inject({ method: "POST", url, headers: alice.bearer, payload: { name: "" } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain("body.name");
    await env.app.inject({ method: "POST", url, headers: alice.bearer, payload: { name: "twice" } });
    const again = await env.app.inject({ method: "POST", url, headers: alice.bearer, payload: { name: "twice" } });
    expect(again.statusCode).toBe(409);
    expect((await env.app.inject({ method: "GET", url })).statusCode).toBe(401);
  });
});
`,
};

mkdirSync(dir, { recursive: true });
for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);

// Add the module to the one list, after the last manifest import and at the end of the array.
const listFile = join(root, "server/src/modules.ts");
let list = readFileSync(listFile, "utf8");
const imports = [...list.matchAll(/^import \{ \w+Module \} from "\.\/modules\/\w+\/manifest\.ts";$/gm)];
const last = imports.at(-1);
if (!last || last.index === undefined) throw new Error("server/src/modules.ts: no manifest imports found");
const at = last.index + last[0].length;
list = `${list.slice(0, at)}\nimport { ${name}Module } from "./modules/${name}/manifest.ts";${list.slice(at)}`;
list = list.replace(
  /(export const modules: readonly BullpenModule\[\] = \[[^\]]*?)(,?\s*\];)/s,
  `$1, ${name}Module];`,
);
writeFileSync(listFile, list);

const run = (cmd: string, args: string[], cwd = root) => {
  const r = spawnSync(cmd, args, { cwd, stdio: "inherit" });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed`);
};
run("npx", ["biome", "format", "--write", `server/src/modules/${name}`, "server/src/modules.ts"]);
if (!noMigration) run("npx", ["drizzle-kit", "generate", "--name", `${name}`], join(root, "server"));

console.log(`
created server/src/modules/${name}/ and added it to server/src/modules.ts${noMigration ? "" : ", with its first migration"}.
next:
  npx vitest run --project server server/src/modules/${name}    its first test
  npm run lint && npm run typecheck                          the door check, Biome and types
then shape it (docs/development.md, "Adding a module"): the schema, the contracts, the verbs, the routes.`);
