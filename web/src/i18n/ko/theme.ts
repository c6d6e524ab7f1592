// 한국어 UI 문자열: theme. 형태는 ../en/theme.ts와 같아야 합니다(타입으로 확인).
import type { Resources } from "../en.ts";

export const theme: Resources["theme"] = {
  light: "라이트",
  dark: "다크",
  auto: "시스템 설정",
};
