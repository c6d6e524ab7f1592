// 한국어 UI 문자열: hints. 형태는 ../en/hints.ts와 같아야 합니다(타입으로 확인).
import type { Resources } from "../en.ts";

export const hints: Resources["hints"] = {
  password: "8자 이상. 긴 문장형 비밀번호를 권장합니다.",
  setupToken: "관리자가 없는 상태로 서버가 시작될 때 서버 로그에 한 번 출력됩니다.",
  username: "영문자, 숫자, 마침표, 하이픈, 밑줄로 3~50자.",
  phoneNumber: "국가 번호를 포함한 형식. 예: +82 10 1234 5678",
  passwordMismatch: "비밀번호가 일치하지 않습니다.",
};
