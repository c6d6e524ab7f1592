// 한국어 UI 문자열: login. 형태는 ../en/login.ts와 같아야 합니다(타입으로 확인).
import type { Resources } from "../en.ts";

export const login: Resources["login"] = {
  title: "Bullpen 로그인",
  submit: "로그인",
  forgot: "비밀번호를 잊으셨나요?",
  noAccount: "계정이 없으신가요?",
  register: "회원가입",
  mfaTitle: "2단계 인증",
  mfaIntro: "인증 앱에 표시된 6자리 코드를 입력하세요. 기기를 잃어버렸다면 복구 코드 중 하나를 입력하세요.",
  mfaSubmit: "확인",
  mfaBack: "다른 계정으로 로그인",
  useCode: "2단계 인증 코드로 로그인",
  oidc: "{{name}}(으)로 계속하기",
  or: "또는",
  setupNeeded: "이 인스턴스에는 아직 관리자가 없습니다.",
  setupLink: "지금 설정하기",
  oidcPending: "계정이 만들어졌으며 관리자의 승인을 기다리고 있습니다.",
  oidcErrors: {
    unavailable: "지금은 로그인 제공자에 연결할 수 없습니다. 나중에 다시 시도하세요.",
    invalid_state: "로그인을 확인할 수 없습니다. 처음부터 다시 시작하세요.",
    expired: "로그인 시간이 너무 오래 걸렸습니다. 처음부터 다시 시작하세요.",
    failed: "제공자를 통한 로그인에 실패했습니다. 다시 시도하세요.",
    denied: "제공자에서 로그인이 취소되었습니다.",
    email_in_use:
      "이 이메일을 쓰는 계정이 이미 있습니다. 비밀번호로 로그인하거나, 먼저 제공자에서 이메일을 인증하세요.",
    registration_closed: "이 인스턴스는 새 계정을 받지 않습니다.",
    account_suspended: "이 계정은 정지되었거나 비활성화되었습니다.",
    mfa_required: "이 계정은 2단계 인증을 사용합니다. 비밀번호와 코드로 로그인하세요.",
    unknown: "제공자를 통한 로그인에 실패했습니다.",
  },
};
