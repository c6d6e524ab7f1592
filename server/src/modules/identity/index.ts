// The identity module's one door: verbs, contracts and types other modules and the CLI use.

export { toUserOut, type UserOut, userOut } from "./contracts.ts";
export { hashPassword, passwordProblem, verifyPassword } from "./crypto.ts";
export {
  CSRF_COOKIE,
  CSRF_HEADER,
  clearSessionCookies,
  createAuthHook,
  SESSION_COOKIE,
  setSessionCookies,
} from "./hook.ts";
export { CLEANUP_JOB, cleanupIdentity } from "./jobs.ts";
export type { UserRow, UserStatus } from "./repository.ts";
export { users } from "./schema.ts";
export {
  approveUser,
  changeUserStatus,
  createOidcUser,
  createUserAdmin,
  ensureSetupToken,
  findUserByVerifiedEmail,
  listUsers,
  reactivateUser,
  rejectUser,
  resetMfa,
  settleBackground,
  setUserRole,
  startSession,
  suspendUser,
} from "./service.ts";
