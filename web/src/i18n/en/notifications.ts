// English UI strings: notifications.
export const notifications = {
  title: "Notifications",
  empty: "You have no notifications.",
  emptyUnread: "You have no unread notifications.",
  markRead: "Mark as read",
  markAllRead: "Mark all as read",
  unreadOnly: "Unread only",
  unread: "Unread",
} as const;
