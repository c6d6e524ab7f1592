// English UI strings: settings.
export const settings = {
  title: "Settings",
  appearance: "Appearance and language",
  regional: "Region and display",
  notifications: "Notifications",
  priceColors: "Price colours",
  priceColorsHint: "How rises and falls are coloured on charts, quotes and lists.",
  priceColorsAuto: "By language (Korean: red up, blue down; others: green up, red down)",
  priceColorsRedUp: "Red up, blue down",
  priceColorsGreenUp: "Green up, red down",
} as const;
