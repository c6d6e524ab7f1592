// 한국어 UI 문자열: home. 형태는 ../en/home.ts와 같아야 합니다(타입으로 확인).
import type { Resources } from "../en.ts";

export const home: Resources["home"] = {
  title: "{{name}}님, 환영합니다",
  intro: "Bullpen 홈입니다. 트레이딩 모듈은 만들어지는 대로 이곳에 추가됩니다.",
  account: "내 계정",
  memberSince: "가입일 {{date}}",
  lastLogin: "마지막 로그인 {{date}}",
  emailVerified: "이메일 인증됨",
  emailNotVerified: "이메일 미인증",
  noEmail: "이메일 주소 없음",
  mfaOn: "2단계 인증 사용 중",
  mfaOff: "2단계 인증 사용 안 함",
  secureAccount: "계정 보안 강화하기",
  pendingUsers_one: "승인을 기다리는 계정이 {{count}}개 있습니다.",
  pendingUsers_other: "승인을 기다리는 계정이 {{count}}개 있습니다.",
  reviewUsers: "검토하기",
  comingSoon: "준비 중",
  modules: {
    market: "시장 데이터",
    marketBody: "관심 종목의 시세, 봉 데이터와 차트.",
    portfolio: "포트폴리오",
    portfolioBody: "하나의 원장으로 계산하는 계좌, 포지션과 수익률.",
    journal: "매매 일지",
    journalBody: "기록한 모든 거래의 메모와 통계.",
    research: "리서치와 전략",
    researchBody: "지표, 백테스트, 그리고 만기에 채점되는 예측.",
  },
  notAvailable: "아직 없는 모듈입니다. 만들어지면 이곳에 나타납니다.",
};
