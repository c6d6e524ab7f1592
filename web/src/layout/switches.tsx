// The header's controls (language, colour scheme, account menu, notifications bell). Their menus and
// tooltips come in a chunk of their own (menus.tsx) fetched right after the first render; until it
// arrives the same buttons show without them (switch-buttons.tsx), so nothing moves.
import { useMantineColorScheme } from "@mantine/core";
import { lazy, Suspense, useEffect } from "react";
import { useMe } from "../features/account/queries.ts";
import { setLanguage } from "../i18n/index.ts";
import { AccountButton, BellButton, LanguageButton, ThemeButton } from "./switch-buttons.tsx";

const menus = () => import("./menus.tsx");
const LanguageMenu = lazy(async () => ({ default: (await menus()).LanguageMenu }));
const ThemeMenu = lazy(async () => ({ default: (await menus()).ThemeMenu }));
const AccountMenu = lazy(async () => ({ default: (await menus()).AccountMenu }));
const BellWithTooltip = lazy(async () => ({ default: (await menus()).BellWithTooltip }));

export function LanguageSwitch() {
  return (
    <Suspense fallback={<LanguageButton />}>
      <LanguageMenu />
    </Suspense>
  );
}

export function ThemeSwitch() {
  const { colorScheme } = useMantineColorScheme();
  return (
    <Suspense fallback={<ThemeButton scheme={colorScheme} />}>
      <ThemeMenu />
    </Suspense>
  );
}

export function AccountSwitch({ onSignOut }: { onSignOut: () => void }) {
  return (
    <Suspense fallback={<AccountButton />}>
      <AccountMenu onSignOut={onSignOut} />
    </Suspense>
  );
}

export function NotificationsBell({ unread }: { unread: number }) {
  return (
    <Suspense fallback={<BellButton unread={unread} />}>
      <BellWithTooltip unread={unread} />
    </Suspense>
  );
}

/** Applies the signed-in user's saved theme and language whenever their settings load or change. */
export function PreferencesSync() {
  const { data } = useMe();
  const { setColorScheme } = useMantineColorScheme();
  const theme = data?.settings.theme;
  const language = data?.settings.language;
  useEffect(() => {
    if (theme) setColorScheme(theme);
  }, [theme, setColorScheme]);
  useEffect(() => {
    if (language === "en" || language === "ko") void setLanguage(language);
  }, [language]);
  return null;
}
