// 한국어 UI 문자열: setup. 형태는 ../en/setup.ts와 같아야 합니다(타입으로 확인).
import type { Resources } from "../en.ts";

export const setup: Resources["setup"] = {
  title: "첫 번째 관리자 만들기",
  intro:
    "이 Bullpen 인스턴스에는 아직 관리자가 없습니다. 서버 로그에 출력된 일회용 설정 토큰을 입력해 관리자 계정을 만드세요.",
  submit: "관리자 만들기",
  done: "관리자 계정을 만들었습니다. 환영합니다!",
  notNeeded: "이 인스턴스에는 이미 관리자가 있습니다.",
};
