// 한국어 UI 문자열: profile. 형태는 ../en/profile.ts와 같아야 합니다(타입으로 확인).
import type { Resources } from "../en.ts";

export const profile: Resources["profile"] = {
  title: "프로필",
  formTitle: "내 정보",
  intro: "Bullpen에서 표시되는 정보와 투자 경험에 관한 정보입니다.",
  experience: {
    none: "없음",
    beginner: "초보",
    intermediate: "중급",
    advanced: "고급",
    professional: "전문가",
  },
  risk: {
    conservative: "안정형",
    moderate: "중립형",
    aggressive: "공격형",
  },
  accountTitle: "계정",
  usernameLabel: "사용자 이름",
  emailLabel: "이메일",
  resendVerification: "인증 이메일 다시 보내기",
  verificationSent: "인증 이메일을 보냈습니다.",
  verified: "인증됨",
  notVerified: "미인증",
};
