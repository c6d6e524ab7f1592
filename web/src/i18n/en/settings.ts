// English UI strings: settings.
export const settings = {
  title: "Settings",
  appearance: "Appearance and language",
  regional: "Region and display",
  notifications: "Notifications",
} as const;
