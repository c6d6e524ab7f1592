// The header's menus and tooltips: language, colour scheme, the account menu and the notifications bell.
// They need Mantine's Popover (floating-ui, ~30 KB compressed), so they are their own chunk, loaded
// right after the first render (switches.tsx shows their buttons, switch-buttons.tsx, until then):
// issue 16's budget for the first page's JavaScript. For a signed-in user a language or theme choice
// is also saved in their settings, so it follows them to other devices; signed out, it lives in
// localStorage only.
import { Menu, Tooltip, useMantineColorScheme } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api, unwrap } from "../api/client.ts";
import type { Language, SettingsPatch, Theme } from "../api/models.ts";
import { mergeIntoMe, useMe } from "../features/account/queries.ts";
import { LANGUAGES, setLanguage } from "../i18n/index.ts";
import { AccountButton, BellButton, LanguageButton, THEME_ICON, ThemeButton } from "./switch-buttons.tsx";

function useSaveSetting() {
  const qc = useQueryClient();
  const { data } = useMe();
  const mutation = useMutation({
    mutationFn: (patch: SettingsPatch) => unwrap(api.PATCH("/api/me/settings", { body: patch })),
    onSuccess: (settings) => {
      mergeIntoMe(qc, { settings });
    },
  });
  return (patch: SettingsPatch) => {
    if (data) mutation.mutate(patch);
  };
}

export function LanguageMenu() {
  const { t, i18n } = useTranslation();
  const save = useSaveSetting();
  const choose = (lang: Language) => {
    void setLanguage(lang);
    save({ language: lang });
  };
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Tooltip label={t("nav.language")}>
          <LanguageButton />
        </Tooltip>
      </Menu.Target>
      <Menu.Dropdown>
        {LANGUAGES.map((lang) => (
          <Menu.Item
            key={lang}
            onClick={() => choose(lang)}
            fw={i18n.language === lang ? 700 : undefined}
            lang={lang}
          >
            {t(`languages.${lang}`)}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}

const THEMES: Theme[] = ["light", "dark", "auto"];

export function ThemeMenu() {
  const { t } = useTranslation();
  const { colorScheme, setColorScheme } = useMantineColorScheme();
  const save = useSaveSetting();
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Tooltip label={t("nav.colorScheme")}>
          <ThemeButton scheme={colorScheme} />
        </Tooltip>
      </Menu.Target>
      <Menu.Dropdown>
        {THEMES.map((theme) => (
          <Menu.Item
            key={theme}
            leftSection={<span aria-hidden>{THEME_ICON[theme]}</span>}
            fw={colorScheme === theme ? 700 : undefined}
            onClick={() => {
              setColorScheme(theme);
              save({ theme });
            }}
          >
            {t(`theme.${theme}`)}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}

export function AccountMenu({ onSignOut }: { onSignOut: () => void }) {
  const { t } = useTranslation();
  const user = useMe().data?.user;
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <AccountButton />
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{user?.email ?? user?.username}</Menu.Label>
        <Menu.Item component={Link} to="/profile">
          {t("nav.profile")}
        </Menu.Item>
        <Menu.Item component={Link} to="/settings">
          {t("nav.settings")}
        </Menu.Item>
        <Menu.Item component={Link} to="/security">
          {t("nav.security")}
        </Menu.Item>
        <Menu.Divider />
        {/* Help: both served by this server, so they work without internet access. */}
        <Menu.Item component={Link} to="/guide">
          {t("home.help.guide")}
        </Menu.Item>
        <Menu.Item component="a" href="/docs" target="_blank" rel="noopener">
          {t("home.help.api")}
        </Menu.Item>
        <Menu.Divider />
        <Menu.Item color="red" onClick={onSignOut}>
          {t("nav.signOut")}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

export function BellWithTooltip({ unread }: { unread: number }) {
  const { t } = useTranslation();
  return (
    <Tooltip label={t("nav.unreadBadge", { count: unread })}>
      <BellButton unread={unread} />
    </Tooltip>
  );
}
