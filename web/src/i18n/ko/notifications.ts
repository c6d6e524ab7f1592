// 한국어 UI 문자열: notifications. 형태는 ../en/notifications.ts와 같아야 합니다(타입으로 확인).
import type { Resources } from "../en.ts";

export const notifications: Resources["notifications"] = {
  title: "알림",
  empty: "알림이 없습니다.",
  emptyUnread: "읽지 않은 알림이 없습니다.",
  markRead: "읽음으로 표시",
  markAllRead: "모두 읽음으로 표시",
  unreadOnly: "읽지 않은 알림만",
  unread: "읽지 않음",
};
