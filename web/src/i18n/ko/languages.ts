// 한국어 UI 문자열: languages. 형태는 ../en/languages.ts와 같아야 합니다(타입으로 확인).
import type { Resources } from "../en.ts";

export const languages: Resources["languages"] = {
  en: "English",
  ko: "한국어",
};
