// 한국어 UI 문자열: reset. 형태는 ../en/reset.ts와 같아야 합니다(타입으로 확인).
import type { Resources } from "../en.ts";

export const reset: Resources["reset"] = {
  requestTitle: "비밀번호 재설정",
  requestIntro: "계정의 이메일 주소를 입력하세요. 계정이 있으면 비밀번호 재설정 링크를 보내 드립니다.",
  requestSubmit: "재설정 링크 보내기",
  requestDone:
    "해당 주소를 쓰는 계정이 있으면 재설정 링크가 담긴 이메일이 발송됩니다. 링크는 1시간 동안 유효합니다.",
  confirmTitle: "새 비밀번호 정하기",
  confirmSubmit: "새 비밀번호 설정",
  confirmDone: "비밀번호가 변경되었습니다. 새 비밀번호로 로그인해 주세요.",
  backToSignIn: "로그인으로 돌아가기",
};
