// i18next set-up: English and Korean bundled (small), the choice kept in localStorage until the
// signed-in user's settings say otherwise.
import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import type { Language } from "../api/models.ts";
import { en } from "./en.ts";
import { ko } from "./ko.ts";

export const LANGUAGES: Language[] = ["en", "ko"];
const STORAGE_KEY = "bullpen.language";

function initialLanguage(): Language {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (stored === "en" || stored === "ko") return stored;
  return navigator.language.toLowerCase().startsWith("ko") ? "ko" : "en";
}

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, ko: { translation: ko } },
  lng: initialLanguage(),
  fallbackLng: "en",
  interpolation: { escapeValue: false },
  returnNull: false,
});

document.documentElement.lang = i18n.language;

/** Switches the UI language and remembers it on this device. */
export async function setLanguage(lang: Language): Promise<void> {
  localStorage.setItem(STORAGE_KEY, lang);
  document.documentElement.lang = lang;
  if (i18n.language !== lang) await i18n.changeLanguage(lang);
}

export function currentLanguage(): Language {
  return i18n.language === "ko" ? "ko" : "en";
}

export default i18n;
