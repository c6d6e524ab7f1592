// 한국어 UI 문자열. 영역별 파일은 ./ko/에 있고, 형태는 en.ts와 같아야 합니다(타입으로 확인).
import type { Resources } from "./en.ts";
import { admin } from "./ko/admin.ts";
import { app } from "./ko/app.ts";
import { common } from "./ko/common.ts";
import { errors } from "./ko/errors.ts";
import { fields } from "./ko/fields.ts";
import { hints } from "./ko/hints.ts";
import { home } from "./ko/home.ts";
import { languages } from "./ko/languages.ts";
import { login } from "./ko/login.ts";
import { market } from "./ko/market.ts";
import { nav } from "./ko/nav.ts";
import { notifications } from "./ko/notifications.ts";
import { portfolio } from "./ko/portfolio.ts";
import { portfolioConnections } from "./ko/portfolio-connections.ts";
import { portfolioNotices } from "./ko/portfolio-notices.ts";
import { profile } from "./ko/profile.ts";
import { register } from "./ko/register.ts";
import { reset } from "./ko/reset.ts";
import { security } from "./ko/security.ts";
import { settings } from "./ko/settings.ts";
import { setup } from "./ko/setup.ts";
import { theme } from "./ko/theme.ts";
import { verifyEmail } from "./ko/verifyEmail.ts";

export const ko: Resources = {
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
  portfolioConnections,
  portfolioNotices,
};
