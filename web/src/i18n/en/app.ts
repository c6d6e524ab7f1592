// English UI strings: app.
export const app = {
  name: "Bullpen",
  tagline: "Self-hosted trading and investing, with numbers you can trust.",
  loading: "Loading…",
} as const;
