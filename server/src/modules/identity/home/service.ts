// What the identity module shows on the home page: the account card (security state at a glance)
// and the first-run guide's "turn on two-step verification" step.
import type { Ctx } from "../../../platform/context.ts";
import { NotFoundError } from "../../../platform/errors.ts";
import { homeCard, type ModuleHome } from "../../../platform/module.ts";
import { defineVerb } from "../../../platform/verb.ts";
import { type AccountCardOut, type AdminCardOut, accountCardOut, adminCardOut } from "./contracts.ts";
import { accountState, usersByStatus } from "./repository.ts";

const iso = (v: unknown) => (v == null ? null : new Date(v as string).toISOString());

/** The signed-in user's account card. */
export const accountCard = defineVerb({
  name: "identity.accountCard",
  access: "user",
  async run({ ctx, actor }): Promise<AccountCardOut> {
    const r = await accountState(ctx.db, actor.userId, ctx.clock.now());
    if (!r) throw new NotFoundError("Account not found");
    const mfaEnabled = r.mfa_enabled === true || r.mfa_enabled === "t";
    return {
      username: String(r.username),
      role: r.role === "admin" ? "admin" : "user",
      email: r.email == null ? null : String(r.email),
      emailVerified: r.email != null && r.email_verified_at != null,
      emailPending: r.pending_email != null,
      mfaEnabled,
      recoveryCodesLeft: mfaEnabled ? Number(r.recovery_codes) : 0,
      sessions: Number(r.sessions),
      apiKeys: Number(r.api_keys),
      lastLoginAt: iso(r.last_login_at),
      createdAt: iso(r.created_at) as string,
    };
  },
});

/** The administrators' card: accounts by status and how people sign up. */
export const adminCard = defineVerb({
  name: "identity.adminCard",
  access: "admin",
  async run({ ctx }): Promise<AdminCardOut> {
    const n = await usersByStatus(ctx.db);
    return {
      pendingApproval: n.pending_approval ?? 0,
      active: n.active ?? 0,
      suspended: n.suspended ?? 0,
      registrationMode: ctx.config.REGISTRATION_MODE,
    };
  },
});

async function identityGuide(ctx: Ctx) {
  const userId = ctx.actor?.userId;
  const r = userId ? await accountState(ctx.db, userId, ctx.clock.now()) : undefined;
  return [{ id: "identity.mfa", order: 30, done: r?.mfa_enabled === true || r?.mfa_enabled === "t" }];
}

export const identityHome: ModuleHome = {
  cards: [
    homeCard({
      id: "identity.account",
      order: 400,
      data: {
        response: accountCardOut,
        summary: "My account's security at a glance: two-step verification, email, sessions, API keys",
        load: (ctx) => accountCard({ ctx, input: undefined }),
      },
    }),
    homeCard({
      id: "identity.admin",
      order: 100,
      audience: "admin",
      data: {
        response: adminCardOut,
        summary:
          "Administration at a glance: accounts waiting for approval, active and suspended, the registration mode",
        load: (ctx) => adminCard({ ctx, input: undefined }),
      },
    }),
  ],
  guide: identityGuide,
};
