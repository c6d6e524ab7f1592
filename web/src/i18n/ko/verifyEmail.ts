// 한국어 UI 문자열: verifyEmail. 형태는 ../en/verifyEmail.ts와 같아야 합니다(타입으로 확인).
import type { Resources } from "../en.ts";

export const verifyEmail: Resources["verifyEmail"] = {
  title: "이메일 인증",
  working: "이메일 주소를 인증하는 중…",
  success: "이메일 주소가 인증되었습니다. 감사합니다!",
  missingToken: "이 링크에는 인증 토큰이 없습니다. 이메일의 링크를 다시 열어 주세요.",
  continue: "계속",
};
