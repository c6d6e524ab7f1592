// English UI strings: languages.
export const languages = {
  en: "English",
  ko: "한국어",
} as const;
