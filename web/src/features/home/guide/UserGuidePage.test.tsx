// The user guide in the app: the Markdown subset docs/user-guide.md uses, parsed into blocks (nested
// lists, tables, headings with GitHub's anchors), and the real guide rendered with its contents.
import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderWithProviders } from "../../../test/render.tsx";
import { parseMarkdown, slug } from "./markdown.tsx";
import { UserGuidePage } from "./UserGuidePage.tsx";

describe("parseMarkdown", () => {
  it("reads headings, paragraphs joined across lines, nested lists with continuation lines, and tables", () => {
    const blocks = parseMarkdown(
      [
        "# Title",
        "",
        "First line",
        "second line.",
        "",
        "- one",
        "  continued",
        "  - nested",
        "- two",
        "",
        "| a | b |",
        "|---|---|",
        "| 1 | 2 |",
        "",
        "1. first",
        "2. second",
      ].join("\n"),
    );
    expect(blocks).toEqual([
      { kind: "heading", level: 1, text: "Title", id: "title" },
      { kind: "paragraph", text: "First line second line." },
      {
        kind: "list",
        ordered: false,
        items: [
          {
            text: "one continued",
            ordered: false,
            children: [{ text: "nested", ordered: false, children: [] }],
          },
          { text: "two", ordered: false, children: [] },
        ],
      },
      { kind: "table", head: ["a", "b"], rows: [["1", "2"]] },
      {
        kind: "list",
        ordered: true,
        items: [
          { text: "first", ordered: true, children: [] },
          { text: "second", ordered: true, children: [] },
        ],
      },
    ]);
  });

  it("makes GitHub's anchors", () => {
    expect(slug("Two-factor authentication (TOTP)")).toBe("two-factor-authentication-totp");
    expect(slug("Profile, settings and notifications")).toBe("profile-settings-and-notifications");
  });
});

describe("UserGuidePage", () => {
  it("renders docs/user-guide.md with a table of contents, the API link pointing at this server's /docs", async () => {
    await renderWithProviders(<UserGuidePage />, { route: "/guide" });
    expect(screen.getByRole("heading", { level: 1, name: "User guide" })).toBeVisible();
    const toc = screen.getByRole("navigation", { name: "On this page" });
    const mfa = within(toc).getByRole("link", { name: "Two-factor authentication (TOTP)" });
    expect(mfa).toHaveAttribute("href", "#two-factor-authentication-totp");
    expect(document.getElementById("two-factor-authentication-totp")?.tagName).toBe("H2");
    expect(screen.getByRole("heading", { level: 2, name: "Home" })).toBeVisible();
    expect(screen.getAllByRole("link", { name: "HTTP API" })[0]).toHaveAttribute("href", "/docs");
    expect(document.body.textContent).not.toContain("**");
  });

  it("in Korean, the page's own words", async () => {
    await renderWithProviders(<UserGuidePage />, { route: "/guide", language: "ko" });
    expect(screen.getByRole("navigation", { name: "이 페이지의 내용" })).toBeVisible();
    expect(screen.getByRole("link", { name: /홈으로/ })).toHaveAttribute("href", "/");
  });
});
