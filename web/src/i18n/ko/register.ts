// 한국어 UI 문자열: register. 형태는 ../en/register.ts와 같아야 합니다(타입으로 확인).
import type { Resources } from "../en.ts";

export const register: Resources["register"] = {
  title: "계정 만들기",
  submit: "계정 만들기",
  haveAccount: "이미 계정이 있으신가요?",
  signIn: "로그인",
  closed: "이 인스턴스는 회원가입을 받지 않습니다. 관리자에게 계정을 요청하세요.",
  inviteOnly: "이 인스턴스에 가입하려면 관리자가 발급한 초대 코드가 필요합니다.",
  approvalNote: "새 계정은 관리자의 승인을 받은 뒤에 로그인할 수 있습니다.",
  pendingTitle: "승인 대기 중",
  pendingBody:
    "{{username}}님, 감사합니다! 계정이 만들어졌으며 관리자의 승인을 기다리고 있습니다. 승인되면 로그인할 수 있습니다.",
  activeTitle: "계정을 만들었습니다",
  activeBody: "{{username}}님, 환영합니다! 계정이 준비되었습니다. 지금 로그인할 수 있습니다.",
  emailPending:
    "{{email}}(으)로 링크를 보냈습니다. 링크를 열면(한 시간 안에) 이 주소가 계정에 추가됩니다. 그때까지는 사용자 이름으로 로그인하세요.",
  toSignIn: "로그인하러 가기",
};
