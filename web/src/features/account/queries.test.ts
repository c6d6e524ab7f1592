// "Who am I" asks /api/auth/session, which answers a visitor 200 { me: null }: no failed request on a
// signed-out page.
import { QueryClient } from "@tanstack/react-query";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { meQuery } from "./queries.ts";

const get = vi.hoisted(() => vi.fn());
vi.mock("../../api/client.ts", async (importActual) => {
  const actual = await importActual<typeof import("../../api/client.ts")>();
  return { ...actual, api: { ...actual.api, GET: get } };
});

const ok = (body: object) => ({ data: body, response: new Response(JSON.stringify(body), { status: 200 }) });

describe("meQuery", () => {
  beforeEach(() => get.mockReset());

  it("is null for a visitor, from a 200 answer of /api/auth/session", async () => {
    get.mockResolvedValue(ok({ me: null }));
    const me = await new QueryClient().fetchQuery(meQuery());
    expect(me).toBeNull();
    expect(get).toHaveBeenCalledWith("/api/auth/session");
    expect(get).not.toHaveBeenCalledWith("/api/me");
  });

  it("is the account when signed in", async () => {
    get.mockResolvedValue(ok({ me: { user: { username: "alice" } } }));
    const me = await new QueryClient().fetchQuery(meQuery());
    expect(me?.user.username).toBe("alice");
  });
});
