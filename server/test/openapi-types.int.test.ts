// The web client's types (web/src/api/schema.d.ts) are generated from this server's OpenAPI document.
// When a route's zod contract changes, the committed file goes stale; this test renders it again from
// the app as it is built now and fails until `npm run api:types` is run and its output committed.
import type { OpenAPI3 } from "openapi-typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_TYPES_PATH, readCommittedApiTypes, renderApiTypes } from "../../scripts/gen-api-types.ts";
import { createTestApp } from "./harness.ts";

/** The first line where two texts part, for a message that points at the change. */
function firstDifference(a: string, b: string): string {
  const x = a.split("\n");
  const y = b.split("\n");
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if (x[i] !== y[i])
      return `line ${i + 1}: committed ${JSON.stringify(x[i])}, expected ${JSON.stringify(y[i])}`;
  }
  return "no difference";
}

describe("web API types", () => {
  let doc: OpenAPI3;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const env = await createTestApp();
    close = env.close;
    doc = env.app.swagger() as unknown as OpenAPI3;
  });
  afterAll(() => close?.());

  it("web/src/api/schema.d.ts is up to date with the server's OpenAPI document", async () => {
    const fresh = await renderApiTypes(doc);
    const committed = readCommittedApiTypes();
    const stale = committed !== fresh;
    expect(
      stale,
      `${API_TYPES_PATH} is stale (${firstDifference(committed, fresh)}): run npm run api:types and commit the file`,
    ).toBe(false);
  });

  it("notices a change in the document (the check above can fail)", async () => {
    const changed = structuredClone(doc);
    changed.paths ??= {};
    changed.paths["/api/staleness-probe"] = {
      get: {
        responses: {
          200: { description: "probe", content: { "application/json": { schema: { type: "string" } } } },
        },
      },
    };
    const rendered = await renderApiTypes(changed);
    expect(rendered).toContain('"/api/staleness-probe"');
    expect(rendered).not.toBe(readCommittedApiTypes());
  });
});
