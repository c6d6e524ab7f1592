// 한국어 UI 문자열: errors. 형태는 ../en/errors.ts와 같아야 합니다(타입으로 확인).
import type { Resources } from "../en.ts";

export const errors: Resources["errors"] = {
  validation: "입력 내용을 확인해 주세요: {{message}}",
  unauthenticated: "세션이 만료되었습니다. 다시 로그인해 주세요.",
  forbidden: "이 작업을 할 권한이 없습니다.",
  not_found: "찾을 수 없습니다.",
  conflict: "기존 데이터와 충돌합니다: {{message}}",
  rate_limited: "시도 횟수가 너무 많습니다. 잠시 후 다시 시도해 주세요.",
  rate_limited_after: "시도 횟수가 너무 많습니다. {{seconds}}초 후에 다시 시도해 주세요.",
  internal: "서버에서 오류가 발생했습니다. 참조 번호: {{requestId}}",
  network: "서버에 연결할 수 없습니다. 네트워크 연결을 확인해 주세요.",
  invalid_credentials: "로그인 정보가 올바르지 않습니다.",
  sign_in_locked:
    "다른 곳에서 이 이름으로 로그인에 너무 많이 실패했습니다. 계정을 보호하기 위해 전에 로그인한 기기에서 로그인하거나, 비밀번호와 2단계 인증 코드로 로그인하세요.",
  invalid_token: "링크가 유효하지 않거나 만료되었습니다.",
  invalid_code: "코드가 올바르지 않습니다.",
  mfa_required: "인증 앱에 표시된 코드를 입력해 주세요.",
  account_pending: "계정이 관리자 승인을 기다리고 있습니다.",
  account_suspended: "계정이 정지되었습니다. 관리자에게 문의해 주세요.",
  csrf: "보안 토큰이 만료되었습니다. 페이지를 새로 고친 뒤 다시 시도해 주세요.",
  invalid_setup_token: "설정 토큰이 올바르지 않습니다. 서버 로그에서 다시 복사해 주세요.",
  already_set_up: "이 인스턴스에는 이미 관리자가 있습니다.",
  registration_closed: "이 인스턴스는 회원가입을 받지 않습니다.",
  invalid_invite: "초대 코드가 올바르지 않거나 이미 사용되었거나 만료되었습니다.",
  last_admin: "마지막 활성 관리자입니다. 먼저 다른 사용자를 관리자로 지정하세요.",
  mfa_already_enabled: "2단계 인증이 이미 켜져 있습니다.",
  mfa_not_enrolling: "설정을 처음부터 다시 시작해 주세요.",
  invalid_state: "계정의 현재 상태에서는 할 수 없는 작업입니다.",
  unknown: "문제가 발생했습니다: {{message}}",
  title: "문제가 발생했습니다",
  loadFailed: "이 페이지를 불러오지 못했습니다.",
};
