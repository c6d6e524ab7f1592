// Language and color-scheme switches. For a signed-in user the choice is also saved in their settings,
// so it follows them to other devices; signed out, it lives in localStorage only.
import { ActionIcon, Menu, Tooltip, useMantineColorScheme } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../api/client.ts";
import type { Language, SettingsPatch, Theme } from "../api/models.ts";
import { mergeIntoMe, useMe } from "../features/account/queries.ts";
import { LANGUAGES, setLanguage } from "../i18n/index.ts";

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

export function LanguageSwitch() {
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
          <ActionIcon variant="default" size="lg" aria-label={t("nav.language")}>
            <span aria-hidden style={{ fontSize: 12, fontWeight: 700 }}>
              {i18n.language === "ko" ? "한" : "EN"}
            </span>
          </ActionIcon>
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
const THEME_ICON: Record<Theme, string> = { light: "☀", dark: "☾", auto: "◐" };

export function ThemeSwitch() {
  const { t } = useTranslation();
  const { colorScheme, setColorScheme } = useMantineColorScheme();
  const save = useSaveSetting();
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Tooltip label={t("nav.colorScheme")}>
          <ActionIcon variant="default" size="lg" aria-label={t("nav.colorScheme")}>
            <span aria-hidden>{THEME_ICON[colorScheme]}</span>
          </ActionIcon>
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
