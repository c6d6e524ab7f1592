// 한국어 UI 문자열: settings. 형태는 ../en/settings.ts와 같아야 합니다(타입으로 확인).
import type { Resources } from "../en.ts";

export const settings: Resources["settings"] = {
  title: "설정",
  appearance: "화면과 언어",
  regional: "지역과 표시 형식",
  notifications: "알림",
};
