// Error boxes say what happened: a title per answer code in both languages, the generic title only for
// what nobody expected; and the list of codes the app knows is the list the server can answer with.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ApiError } from "../api/client.ts";
import { en } from "../i18n/en.ts";
import { ko } from "../i18n/ko.ts";
import { renderWithProviders } from "../test/render.tsx";
import { ErrorAlert } from "./ErrorAlert.tsx";
import { KNOWN_ERROR_CODES } from "./errors.ts";

const apiError = (status: number, code: string, message = "server words") =>
  new ApiError(status, code, message, "req-1");

describe("ErrorAlert", () => {
  it("titles expected answers by what happened, in English and Korean", async () => {
    const cases: [ApiError, string, string][] = [
      [apiError(400, "invalid_setup_token"), "Wrong setup token", "잘못된 설정 토큰"],
      [apiError(403, "account_pending"), "Waiting for approval", "승인 대기 중"],
      [apiError(401, "invalid_code"), "Wrong code", "잘못된 코드"],
      [apiError(401, "invalid_credentials"), "Sign-in failed", "로그인 실패"],
      [apiError(403, "invalid_credentials"), "Wrong password", "비밀번호 틀림"],
    ];
    for (const [err, enTitle, koTitle] of cases) {
      const a = await renderWithProviders(<ErrorAlert error={err} />);
      expect(screen.getByRole("alert")).toHaveTextContent(enTitle);
      expect(screen.getByRole("alert")).not.toHaveTextContent("Something went wrong");
      a.unmount();
      const b = await renderWithProviders(<ErrorAlert error={err} />, { language: "ko" });
      expect(screen.getByRole("alert")).toHaveTextContent(koTitle);
      b.unmount();
    }
  });

  it("says the code is wrong, not the sign-in details, for a wrong code", async () => {
    await renderWithProviders(<ErrorAlert error={apiError(401, "invalid_code")} />);
    expect(screen.getByRole("alert")).toHaveTextContent("That code is not correct.");
  });

  it("keeps the generic title for unexpected errors only", async () => {
    for (const err of [apiError(500, "internal"), apiError(418, "teapot"), new Error("boom")]) {
      const r = await renderWithProviders(<ErrorAlert error={err} />);
      expect(screen.getByRole("alert")).toHaveTextContent("Something went wrong");
      r.unmount();
    }
  });

  it("renders nothing without an error", async () => {
    await renderWithProviders(<ErrorAlert error={null} />);
    expect(screen.queryByRole("alert")).toBeNull();
  });
});

describe("error titles", () => {
  it("every known code has its own title in both languages", () => {
    const generic = [en.errors.title, ko.errors.title];
    for (const code of KNOWN_ERROR_CODES) {
      const enTitle = (en.errors.titles as Record<string, string>)[code];
      const koTitle = (ko.errors.titles as Record<string, string>)[code];
      expect(enTitle, code).toBeTruthy();
      expect(koTitle, code).toBeTruthy();
      expect(generic).not.toContain(enTitle);
      expect(generic).not.toContain(koTitle);
    }
  });

  it("knows every code the server's source answers with", () => {
    const root = join(__dirname, "../../../server/src");
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (name.endsWith(".ts") && !name.endsWith(".test.ts")) files.push(path);
      }
    };
    walk(root);
    const found = new Set<string>();
    // new XError("message", "code") / new AppError(400, "code", …) / { code: "x" } / return "x" in http-edges.
    const patterns = [
      /new (?:AppError|ConflictError|ForbiddenError|UnauthenticatedError|RateLimitedError)\(([^;]*?)\);/gs,
      /\bcode: "([a-z_]+)"/g,
    ];
    for (const file of files) {
      const src = readFileSync(file, "utf8");
      for (const m of src.matchAll(patterns[0])) {
        for (const s of m[1].matchAll(/"([a-z]+(?:_[a-z]+)+|[a-z]+)"/g)) found.add(s[1]);
      }
      // Row issues of imports, syncs and screenshots carry codes too (`{ row, code, message }`), shown
      // with their own message: only what those files throw counts there.
      if (!/modules\/portfolio\/(imports|connections|snapshots)\//.test(file.replaceAll("\\", "/")))
        for (const m of src.matchAll(patterns[1])) found.add(m[1]);
      if (file.endsWith("http-edges.ts"))
        for (const m of src.matchAll(/return "([a-z_]+)";/g)) found.add(m[1]);
    }
    // Words caught that are not answer codes: a zod issue kind, the generic 500 (titled generically on
    // purpose), an event name and words inside messages.
    for (const notCode of ["custom", "internal", "mfa_failure", "pending_approval", "open"])
      found.delete(notCode);
    const known = new Set<string>(KNOWN_ERROR_CODES);
    const missing = [...found].filter((c) => /^[a-z]+(_[a-z]+)*$/.test(c) && !known.has(c));
    expect(missing).toEqual([]);
  });
});
