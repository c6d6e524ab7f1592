// The Mantine theme of the app (main.tsx) and of the component tests (test/render.tsx).
import { Badge, createTheme } from "@mantine/core";

export const theme = createTheme({
  primaryColor: "blue",
  defaultRadius: "md",
  fontFamily:
    "Inter, system-ui, -apple-system, 'Segoe UI', Roboto, 'Apple SD Gothic Neo', 'Noto Sans KR', 'Malgun Gothic', sans-serif",
  components: {
    // Badge labels clip to their min-content width inside auto-width table cells; ours are short words.
    Badge: Badge.extend({ styles: { root: { minWidth: "max-content" } } }),
  },
});
