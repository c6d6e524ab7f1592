import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, operatorCtx, signIn } from "../../../../test/factories.ts";
import { createTestApp, type TestEnv, testClock } from "../../../../test/harness.ts";
import { approveUser, listUsers, setUserRole, suspendUser } from "../index.ts";

describe("administration", () => {
  const clock = testClock(new Date("2026-06-01T12:00:00Z"));
  let env: TestEnv & { app: FastifyInstance };
  let app: FastifyInstance;
  beforeAll(async () => {
    env = await createTestApp({ clock });
    app = env.app;
  });
  afterAll(() => env.close());

  const req = (
    method: "GET" | "POST" | "PATCH" | "DELETE",
    url: string,
    headers: Record<string, string>,
    payload?: object,
  ) => app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

  it("admin: list by status, suspend/reactivate/reject, roles; non-admins get 403", async () => {
    const admin = await createUser(env.platform, { role: "admin" });
    const a = await signIn(app, admin.username, admin.password);
    const target = await createUser(env.platform);
    const t = await signIn(app, target.username, target.password);
    expect((await req("GET", "/api/admin/users", t.bearer)).statusCode).toBe(403);
    expect((await req("POST", `/api/admin/users/${admin.id}/suspend`, t.bearer)).statusCode).toBe(403);
    expect((await req("GET", "/api/admin/users", {})).statusCode).toBe(401);

    const sus = await req("POST", `/api/admin/users/${target.id}/suspend`, a.bearer);
    expect(sus.statusCode).toBe(200);
    expect(sus.json().user.status).toBe("suspended");
    expect((await req("GET", "/api/me", t.bearer)).statusCode).toBe(401);
    const suspended = (await req("GET", "/api/admin/users?status=suspended", a.bearer)).json().users;
    const access = await env.database.query<{ user_id: string; table_name: string }>(
      "select user_id, table_name from audit.data_access_logs where user_id = $1",
      [admin.id],
    );
    expect(access.rows).toEqual([{ user_id: admin.id, table_name: "identity.users" }]);
    expect(suspended.map((x: { id: string }) => x.id)).toContain(target.id);
    expect((await req("GET", "/api/admin/users?status=bogus", a.bearer)).statusCode).toBe(400);
    const re = await req("POST", `/api/admin/users/${target.id}/reactivate`, a.bearer);
    expect(re.json().user.status).toBe("active");
    await signIn(app, target.username, target.password);
    expect((await req("POST", `/api/admin/users/${target.id}/reject`, a.bearer)).statusCode).toBe(409);

    const pend = await createUser(env.platform, { status: "pending_approval" });
    const rej = await req("POST", `/api/admin/users/${pend.id}/reject`, a.bearer);
    expect(rej.json().user.status).toBe("disabled");
    expect(
      (
        await app.inject({
          method: "POST",
          url: "/api/auth/login",
          payload: { login: pend.username, password: pend.password },
        })
      ).json().code,
    ).toBe("account_suspended");

    const promote = await req("POST", `/api/admin/users/${target.id}/role`, a.bearer, { role: "admin" });
    expect(promote.json().user.role).toBe("admin");
    const notes = await req(
      "GET",
      "/api/notifications",
      (await signIn(app, target.username, target.password)).bearer,
    );
    expect(notes.json().notifications.map((n: { type: string }) => n.type)).toEqual(
      expect.arrayContaining(["account_suspend", "account_reactivate", "account_role"]),
    );
    expect(
      (await req("POST", `/api/admin/users/${target.id}/role`, a.bearer, { role: "root" })).statusCode,
    ).toBe(400);
    expect(
      (await req("POST", "/api/admin/users/0190a1b2-0000-7000-8000-000000000000/approve", a.bearer))
        .statusCode,
    ).toBe(404);
    const { rows } = await env.database.query<{ action: string }>(
      "select action from audit.audit_logs where resource_id = $1 and event_type = 'identity.admin' order by seq",
      [target.id],
    );
    expect(rows.map((r) => r.action)).toEqual(["create_user", "suspend", "reactivate", "change_role"]);
  });

  it("protects the last active admin from demotion, suspension and deletion", async () => {
    // A fresh world of admins: demote everyone but one through the operator verbs first.
    const ctx = operatorCtx(env.platform);
    const last = await createUser(env.platform, { role: "admin" });
    for (const u of await listUsers({ ctx, input: { status: "active" } }))
      if (u.role === "admin" && u.id !== last.id)
        await setUserRole({ ctx, input: { userId: u.id, role: "user" } });
    const s = await signIn(app, last.username, last.password);
    const demote = await req("POST", `/api/admin/users/${last.id}/role`, s.bearer, { role: "user" });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().code).toBe("last_admin");
    expect((await req("POST", `/api/admin/users/${last.id}/suspend`, s.bearer)).json().code).toBe(
      "last_admin",
    );
    const del = await req("DELETE", "/api/me", s.bearer, { password: last.password });
    expect(del.statusCode).toBe(409);
    await expect(suspendUser({ ctx, input: { userId: last.id } })).rejects.toMatchObject({
      code: "last_admin",
    });

    const second = await createUser(env.platform, { role: "admin", status: "pending_approval" });
    await approveUser({ ctx, input: { userId: second.id } });
    expect(
      (await req("POST", `/api/admin/users/${last.id}/role`, s.bearer, { role: "user" })).statusCode,
    ).toBe(200);
  });
});
