// 한국어 UI 문자열: common. 형태는 ../en/common.ts와 같아야 합니다(타입으로 확인).
import type { Resources } from "../en.ts";

export const common: Resources["common"] = {
  save: "저장",
  saved: "저장했습니다",
  cancel: "취소",
  close: "닫기",
  confirm: "확인",
  copy: "복사",
  copied: "복사했습니다",
  continue: "계속",
  yes: "예",
  no: "아니요",
  none: "없음",
  never: "없음",
  optional: "선택",
  actions: "작업",
  retry: "다시 시도",
  notFoundTitle: "페이지를 찾을 수 없습니다",
  notFoundBody: "이 주소에는 아무것도 없습니다.",
  goHome: "홈으로 가기",
};
