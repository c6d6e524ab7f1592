// Messages identity sends: in-app notifications, emails and SMS, through the notify module.
// Every call runs inside the caller's transaction (ctx.db), so a message exists only if the change commits.
import type { Ctx } from "../../platform/context.ts";

export interface Outbound {
  notifyUser(
    ctx: Ctx,
    n: { userId: string; type: string; title: string; message: string; data?: object },
  ): Promise<unknown>;
  notifyAdmins(
    ctx: Ctx,
    n: { type: string; title: string; message: string; data?: object },
  ): Promise<unknown>;
  sendEmail(ctx: Ctx, m: { to: string; subject: string; text: string; html?: string }): Promise<unknown>;
  sendSms(ctx: Ctx, m: { to: string; text: string }): Promise<unknown>;
}

let outbound: Outbound | null = null;

/** Connects notify's functions (done by the identity plugin at registration). */
export function setOutbound(o: Outbound): void {
  outbound = o;
}

/** The connected notify functions; throws when identity was used before registration. */
export function out(): Outbound {
  if (!outbound) throw new Error("identity: notify is not connected (register the identity module first)");
  return outbound;
}
