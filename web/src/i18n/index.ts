// i18next set-up: English in the entry chunk, Korean fetched when it is first needed (a chunk of its own:
// issue 16's budget for the first page's JavaScript), the choice kept in localStorage until the
// signed-in user's settings say otherwise. `i18nReady` settles once the first language is loaded.
import i18n, { type BackendModule } from "i18next";
import { initReactI18next } from "react-i18next";
import type { Language } from "../api/models.ts";
import { en } from "./en.ts";

export const LANGUAGES: Language[] = ["en", "ko"];
const STORAGE_KEY = "bullpen.language";

function initialLanguage(): Language {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (stored === "en" || stored === "ko") return stored;
  return navigator.language.toLowerCase().startsWith("ko") ? "ko" : "en";
}

/** Loads the languages not bundled (Korean) on demand; English is given as a resource. */
const lazyLanguages: BackendModule = {
  type: "backend",
  init() {},
  read(language, _namespace, callback) {
    if (language !== "ko") return callback(null, {});
    import("./ko.ts").then(
      (m) => callback(null, m.ko),
      (err: Error) => callback(err, null),
    );
  },
};

export const i18nReady = i18n
  .use(lazyLanguages)
  .use(initReactI18next)
  .init({
    resources: { en: { translation: en } },
    partialBundledLanguages: true,
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
