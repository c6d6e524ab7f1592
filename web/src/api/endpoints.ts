// One function per route of the contract; pages call these through TanStack Query.
import { api } from "./client.ts";
import type {
  ApiKey,
  ApiScope,
  AppNotification,
  AuthConfig,
  Invite,
  LoginResult,
  Me,
  MfaEnrollment,
  Profile,
  Role,
  Session,
  Settings,
  User,
  UserStatus,
} from "./types.ts";

export type SettingsPatch = Partial<Omit<Settings, "notifications" | "display">> & {
  notifications?: Partial<Settings["notifications"]>;
  display?: Partial<Settings["display"]>;
};

export const auth = {
  setupStatus: () => api.get<{ needed: boolean }>("/api/auth/setup"),
  setup: (body: { token: string; username: string; password: string; email?: string }) =>
    api.post<{ user: User; token: string }>("/api/auth/setup", body),
  config: () => api.get<AuthConfig>("/api/auth/config"),
  register: (body: { username: string; password: string; email?: string; inviteCode?: string }) =>
    api.post<{ user: User; status: "active" | "pending_approval" }>("/api/auth/register", body),
  login: (body: { login: string; password: string; totp?: string }) =>
    api.post<LoginResult>("/api/auth/login", body),
  logout: () => api.post("/api/auth/logout"),
  verifyEmail: (token: string) => api.post("/api/auth/verify-email", { token }),
  requestReset: (email: string) => api.post("/api/auth/password-reset/request", { email }),
  confirmReset: (token: string, password: string) =>
    api.post("/api/auth/password-reset/confirm", { token, password }),
};

export const me = {
  get: () => api.get<Me>("/api/me"),
  updateProfile: (patch: Partial<Profile>) => api.patch<Profile>("/api/me/profile", patch),
  updateSettings: (patch: SettingsPatch) => api.patch<Settings>("/api/me/settings", patch),
  sessions: () => api.get<{ sessions: Session[] }>("/api/me/sessions"),
  revokeSession: (id: string) => api.del(`/api/me/sessions/${encodeURIComponent(id)}`),
  revokeAllSessions: () => api.post("/api/me/sessions/revoke-all"),
  apiKeys: () => api.get<{ apiKeys: ApiKey[] }>("/api/me/api-keys"),
  createApiKey: (body: { name: string; scopes: ApiScope[] }) =>
    api.post<{ apiKey: ApiKey; secret: string }>("/api/me/api-keys", body),
  revokeApiKey: (id: string) => api.del(`/api/me/api-keys/${encodeURIComponent(id)}`),
  mfaEnroll: (password: string) => api.post<MfaEnrollment>("/api/me/mfa/enroll", { password }),
  mfaVerify: (code: string) => api.post<{ recoveryCodes: string[] }>("/api/me/mfa/verify", { code }),
  mfaDisable: (password: string, code: string) => api.post("/api/me/mfa/disable", { password, code }),
  changePassword: (currentPassword: string, newPassword: string) =>
    api.post("/api/me/password", { currentPassword, newPassword }),
  requestPhoneCode: (phoneNumber: string) => api.post("/api/me/phone/request", { phoneNumber }),
  verifyPhone: (code: string) => api.post("/api/me/phone/verify", { code }),
  resendEmail: () => api.post("/api/me/email/resend"),
  deleteAccount: (password: string) => api.del("/api/me", { password }),
};

export const notifications = {
  list: (unread?: boolean) =>
    api.get<{ notifications: AppNotification[]; unreadCount: number }>(
      unread ? "/api/notifications?unread=true" : "/api/notifications",
    ),
  markRead: (id: string) => api.post(`/api/notifications/${encodeURIComponent(id)}/read`),
  markAllRead: () => api.post("/api/notifications/read-all"),
};

export type AdminAction = "approve" | "reject" | "suspend" | "reactivate";

export const admin = {
  users: (status?: UserStatus) =>
    api.get<{ users: User[] }>(
      status ? `/api/admin/users?status=${encodeURIComponent(status)}` : "/api/admin/users",
    ),
  act: (id: string, action: AdminAction) =>
    api.post<{ user: User }>(`/api/admin/users/${encodeURIComponent(id)}/${action}`),
  setRole: (id: string, role: Role) =>
    api.post<{ user: User }>(`/api/admin/users/${encodeURIComponent(id)}/role`, { role }),
  invites: () => api.get<{ invites: Invite[] }>("/api/admin/invites"),
  createInvite: (email?: string) =>
    api.post<{ code: string; expiresAt: string }>("/api/admin/invites", email ? { email } : {}),
};
