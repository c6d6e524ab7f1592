// English UI strings: theme.
export const theme = {
  light: "Light",
  dark: "Dark",
  auto: "System",
} as const;
