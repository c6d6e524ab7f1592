// 한국어 UI 문자열: nav. 형태는 ../en/nav.ts와 같아야 합니다(타입으로 확인).
import type { Resources } from "../en.ts";

export const nav: Resources["nav"] = {
  markets: "시장",
  instruments: "종목",
  watchlists: "관심 목록",
  journal: "매매일지",
  home: "홈",
  notifications: "알림",
  profile: "프로필",
  settings: "설정",
  security: "보안",
  admin: "사용자",
  adminSection: "관리",
  accountSection: "계정",
  signIn: "로그인",
  signOut: "로그아웃",
  userMenu: "계정 메뉴",
  userMenuOf: "{{name}} — 계정 메뉴",
  language: "언어",
  toggleNav: "메뉴 열기/닫기",
  unreadBadge_one: "읽지 않은 알림 {{count}}개",
  unreadBadge_other: "읽지 않은 알림 {{count}}개",
  colorScheme: "화면 테마",
};
