// English UI strings, one file per area of the app in ./en/. `ko.ts` must carry every key (its
// type is this object's shape, each area's file in ./ko/ typed by its English twin).

import { admin } from "./en/admin.ts";
import { app } from "./en/app.ts";
import { common } from "./en/common.ts";
import { errors } from "./en/errors.ts";
import { fields } from "./en/fields.ts";
import { hints } from "./en/hints.ts";
import { home } from "./en/home.ts";
import { languages } from "./en/languages.ts";
import { login } from "./en/login.ts";
import { market } from "./en/market.ts";
import { nav } from "./en/nav.ts";
import { notifications } from "./en/notifications.ts";
import { portfolio } from "./en/portfolio.ts";
import type { portfolioConnections } from "./en/portfolio-connections.ts";
import type { portfolioNotices } from "./en/portfolio-notices.ts";
import { profile } from "./en/profile.ts";
import { register } from "./en/register.ts";
import { reset } from "./en/reset.ts";
import { security } from "./en/security.ts";
import { settings } from "./en/settings.ts";
import { setup } from "./en/setup.ts";
import { theme } from "./en/theme.ts";
import { verifyEmail } from "./en/verifyEmail.ts";

export const en = {
  app,
  nav,
  market,
  common,
  fields,
  hints,
  errors,
  theme,
  languages,
  setup,
  login,
  register,
  verifyEmail,
  reset,
  home,
  profile,
  settings,
  security,
  notifications,
  admin,
  portfolio,
  portfolioConnections: {} as typeof portfolioConnections, // added with the portfolio chunk
  portfolioNotices: {} as typeof portfolioNotices, // added with the portfolio chunk
} as const satisfies Messages;

/** Any nesting of string leaves; both languages share one shape. */
export interface Messages {
  [key: string]: string | Messages;
}

type Widen<T> = { -readonly [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type Resources = Widen<typeof en>;
