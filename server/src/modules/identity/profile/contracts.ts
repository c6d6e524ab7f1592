// Zod schemas of the signed-in account: /api/me, profile, settings and the password change.
import { z } from "zod";
import { newPassword, password, revokeApiKeys, text, userOut } from "../contracts.ts";
import type { ProfileRow, SettingsRow } from "./repository.ts";

export const tradingExperience = z.enum(["none", "beginner", "intermediate", "advanced", "professional"]);
export const riskTolerance = z.enum(["conservative", "moderate", "aggressive"]);

export const profileOut = z.object({
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  avatarUrl: z.string().nullable(),
  tradingExperience: tradingExperience.nullable(),
  riskTolerance: riskTolerance.nullable(),
});
export type ProfileOut = z.infer<typeof profileOut>;

export const toProfileOut = (p: ProfileRow): ProfileOut => ({
  firstName: p.firstName,
  lastName: p.lastName,
  avatarUrl: p.avatarUrl,
  tradingExperience: p.tradingExperience as ProfileOut["tradingExperience"],
  riskTolerance: p.riskTolerance as ProfileOut["riskTolerance"],
});

export const profilePatch = z
  .object({
    firstName: text().trim().max(100).nullable(),
    lastName: text().trim().max(100).nullable(),
    avatarUrl: z
      .url({ protocol: /^https?$/ })
      .max(2048)
      .nullable(),
    tradingExperience: tradingExperience.nullable(),
    riskTolerance: riskTolerance.nullable(),
  })
  .partial()
  .strict();

const timezone = z
  .string()
  .min(1)
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, "must be an IANA time zone such as Asia/Seoul");

/** Price colour convention: by language, red for a rise (Korea, Japan, China), or green for a rise. */
const priceColors = z.enum(["auto", "red-up", "green-up"]);

export const settingsOut = z.object({
  timezone: z.string(),
  theme: z.enum(["light", "dark", "auto"]),
  language: z.enum(["en", "ko"]),
  notifications: z.object({ email: z.boolean(), inApp: z.boolean() }),
  display: z.object({
    currency: z.string(),
    dateFormat: z.string(),
    compactNumbers: z.boolean(),
    priceColors: priceColors.describe(
      "How rises and falls are coloured: auto (by language: red up, blue down in Korean; green up, red down otherwise), red-up or green-up",
    ),
  }),
});
export type SettingsOut = z.infer<typeof settingsOut>;

const defaultNotifications = { email: true, inApp: true };
const defaultDisplay = {
  currency: "USD",
  dateFormat: "YYYY-MM-DD",
  compactNumbers: false,
  priceColors: "auto" as const,
};

export const toSettingsOut = (s: SettingsRow): SettingsOut => ({
  timezone: s.timezone,
  theme: s.theme as SettingsOut["theme"],
  language: s.language as SettingsOut["language"],
  notifications: { ...defaultNotifications, ...(s.notifications as object) },
  display: { ...defaultDisplay, ...(s.display as object) },
});

export const settingsPatch = z
  .object({
    timezone,
    theme: z.enum(["light", "dark", "auto"]),
    language: z.enum(["en", "ko"]),
    notifications: z.object({ email: z.boolean(), inApp: z.boolean() }).partial().strict(),
    display: z
      .object({
        currency: z.string().regex(/^[A-Z]{3}$/, "must be an ISO 4217 code such as KRW"),
        dateFormat: text().min(1).max(32),
        compactNumbers: z.boolean(),
        priceColors,
      })
      .partial()
      .strict(),
  })
  .partial()
  .strict();

export const passwordChangeBody = z.object({ currentPassword: password, newPassword, revokeApiKeys });
export const meOut = z.object({ user: userOut, profile: profileOut, settings: settingsOut });
export type MeOut = z.infer<typeof meOut>;
