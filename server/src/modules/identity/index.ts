// The identity module's one door: verbs, contracts and types other modules and the CLI use.

export {
  approveUser,
  changeUserStatus,
  createInvite,
  createUserAdmin,
  listInvites,
  listUsers,
  reactivateUser,
  rejectUser,
  setUserRole,
  suspendUser,
} from "./admin/service.ts";
export { issueApiKey } from "./api-keys/service.ts";
export { toUserOut, type UserOut, userOut } from "./contracts.ts";
export { resetMfa } from "./mfa/service.ts";
// The signed-in user's settings: the portfolio states its figures in the display currency.
export { getSettings } from "./profile/service.ts";
export { ensureSetupToken } from "./registration/service.ts";
export type { UserRow, UserStatus } from "./repository.ts";
