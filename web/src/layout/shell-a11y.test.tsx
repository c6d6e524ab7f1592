// Accessible names and structure of the shell's shared parts (issue 16): the language button is named
// by what it shows (WCAG 2.5.3), and the signed-out card has one <h1> and puts everything in landmarks.
import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { AuthCard } from "../components/AuthCard.tsx";
import { renderWithProviders } from "../test/render.tsx";
import { LanguageButton } from "./switch-buttons.tsx";

describe("shell accessibility", () => {
  it("names the language button by the text it shows", async () => {
    await renderWithProviders(<LanguageButton />);
    expect(screen.getByRole("button", { name: "EN — Language" })).toHaveTextContent("EN");
  });

  it("names the language button in Korean with the Korean label", async () => {
    await renderWithProviders(<LanguageButton />, { language: "ko" });
    const button = screen.getByRole("button", { name: /^한 — / });
    expect(button).toHaveTextContent("한");
  });

  it("gives the signed-out card one h1 and header, main and footer landmarks", async () => {
    const { container } = await renderWithProviders(<AuthCard title="Sign in to Bullpen">form</AuthCard>);
    expect(screen.getAllByRole("heading", { level: 1 }).map((h) => h.textContent)).toEqual([
      "Sign in to Bullpen",
    ]);
    expect(screen.getByRole("main")).toHaveTextContent("form");
    expect(screen.getByRole("banner")).toBeInTheDocument();
    expect(screen.getByRole("contentinfo")).toBeInTheDocument();
    // Nothing but the landmarks at the card's top level.
    const stack = container.querySelector("main")?.parentElement;
    for (const child of Array.from(stack?.children ?? [])) {
      expect(["HEADER", "MAIN", "FOOTER"]).toContain(child.tagName);
    }
  });
});
