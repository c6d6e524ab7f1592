// Shapes of the identity/notify/admin HTTP contract (notes/API.md). Times are ISO-8601 strings.

export type UserStatus = "pending_approval" | "active" | "suspended" | "disabled";
export type Role = "user" | "admin";

export interface User {
  id: string;
  username: string;
  email: string | null;
  phoneNumber: string | null;
  status: UserStatus;
  role: Role;
  emailVerifiedAt: string | null;
  phoneVerifiedAt: string | null;
  mfaEnabled: boolean;
  lastLoginAt: string | null;
  createdAt: string;
}

export type TradingExperience = "none" | "beginner" | "intermediate" | "advanced" | "professional";
export type RiskTolerance = "conservative" | "moderate" | "aggressive";

export interface Profile {
  firstName: string | null;
  lastName: string | null;
  avatarUrl: string | null;
  tradingExperience: TradingExperience | null;
  riskTolerance: RiskTolerance | null;
}

export type Theme = "light" | "dark" | "auto";
export type Language = "en" | "ko";

export interface Settings {
  timezone: string;
  theme: Theme;
  language: Language;
  notifications: { email: boolean; inApp: boolean };
  display: { currency: string; dateFormat: string; compactNumbers: boolean };
}

export interface Me {
  user: User;
  profile: Profile;
  settings: Settings;
}

export type RegistrationMode = "open" | "approval" | "invite" | "closed";

export interface AuthConfig {
  registrationMode: RegistrationMode;
  oidcProviders: { id: string; name: string }[];
}

export interface LoginResult {
  user: User;
  token: string;
  expiresAt: string;
}

export interface Session {
  id: string;
  current: boolean;
  ipAddress: string | null;
  userAgent: string | null;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
}

export type ApiScope = "read" | "trade" | "admin";

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  scopes: ApiScope[];
  lastUsedAt: string | null;
  createdAt: string;
  revokedAt: string | null;
}

export interface MfaEnrollment {
  secret: string;
  otpauthUrl: string;
  qrCodeDataUrl: string;
}

export interface AppNotification {
  id: string;
  type: string;
  title: string;
  message: string;
  data: unknown;
  readAt: string | null;
  createdAt: string;
}

/** An issued invite. The code itself is stored hashed: it is shown only in the answer that creates it. */
export interface Invite {
  id: string;
  email: string | null;
  createdBy: string | null;
  createdAt: string;
  expiresAt: string;
  usedBy: string | null;
  usedAt: string | null;
}
