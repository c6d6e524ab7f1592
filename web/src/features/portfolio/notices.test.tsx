// The portfolio's coded sentences in the web: every code the server can answer with has an English
// and a Korean sentence that use only the values the server sends, and a code with its values renders
// in Korean with the values formatted for the Korean locale (never the server's English).
import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { SYNC_ISSUE_CODES } from "../../../../server/src/modules/portfolio/connections/contracts.ts";
import { NOTICE_CODES, noticeParams } from "../../../../server/src/modules/portfolio/notices/contracts.ts";
import { portfolioConnections as enConnections } from "../../i18n/en/portfolio-connections.ts";
import { portfolioNotices as enNotices } from "../../i18n/en/portfolio-notices.ts";
import { portfolioConnections as koConnections } from "../../i18n/ko/portfolio-connections.ts";
import { portfolioNotices as koNotices } from "../../i18n/ko/portfolio-notices.ts";
import { renderWithProviders } from "../../test/render.tsx";
import { type Notice, useNoticeText } from "./notices.ts";

const lookup = (tree: object, code: string): unknown =>
  code.split(".").reduce<unknown>((node, k) => (node as Record<string, unknown> | undefined)?.[k], tree);
const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]);

function Probe({ notices }: { notices: Notice[] }) {
  const text = useNoticeText();
  return (
    <ul>
      {notices.map((n) => (
        <li key={n.code} data-testid={n.code}>
          {text(n)}
        </li>
      ))}
    </ul>
  );
}

describe("portfolio notices", () => {
  it("has an English and a Korean sentence for every code the server answers with", () => {
    expect(NOTICE_CODES.length).toBeGreaterThan(50);
    const missing: string[] = [];
    const unknownValues: string[] = [];
    for (const code of NOTICE_CODES) {
      const sent = noticeParams(code);
      for (const [lang, tree] of [
        ["en", enNotices],
        ["ko", koNotices],
      ] as const) {
        const s = lookup(tree, code);
        if (typeof s !== "string" || !s.trim()) {
          missing.push(`${lang}: ${code}`);
          continue;
        }
        for (const p of placeholders(s))
          if (!sent.includes(p as string)) unknownValues.push(`${lang}: ${code} {{${p}}}`);
      }
    }
    expect(missing).toEqual([]);
    expect(unknownValues).toEqual([]);
  });

  it("titles every row issue code a sync answers, in English and Korean", () => {
    for (const [lang, titles] of [
      ["en", enConnections.outcome.issueCodes],
      ["ko", koConnections.outcome.issueCodes],
    ] as const) {
      const missing = SYNC_ISSUE_CODES.filter((c) => !(titles as Record<string, string>)[c]?.trim());
      expect(missing, lang).toEqual([]);
      expect(Object.keys(titles).sort(), lang).toEqual([...SYNC_ISSUE_CODES].sort());
    }
  });

  it("has no sentence for a code the server does not have", () => {
    const leaves = (node: object, prefix = ""): string[] =>
      Object.entries(node).flatMap(([k, v]) =>
        typeof v === "string" ? [`${prefix}${k}`] : leaves(v as object, `${prefix}${k}.`),
      );
    const known = new Set<string>(NOTICE_CODES);
    expect(leaves(enNotices).filter((c) => !known.has(c))).toEqual([]);
    expect(leaves(koNotices).filter((c) => !known.has(c))).toEqual([]);
  });

  it("renders a code with its values in Korean, formatted for the Korean locale", async () => {
    const notices: Notice[] = [
      {
        code: "xray.cashDrag.cost",
        params: { cashPct: "27.27", yearlyReturnPct: "8", yearlyCost: "1234567", currency: "KRW" },
        message: "server words",
      },
      {
        code: "rebalance.buyConverting",
        params: {
          quantity: "16",
          symbol: "005930",
          slice: "KR",
          currentPct: "0",
          targetPct: "20",
          driftPct: "-20",
          cashCurrency: "USD",
          instrumentCurrency: "KRW",
        },
        message: "server words",
      },
      {
        code: "rebalance.summary.balanced",
        params: { dimension: "assetClass", tolerancePct: "5" },
        message: "server words",
      },
      {
        code: "snapshot.valuesMismatch",
        params: { linesTotal: "15400000", total: "15500000" },
        message: "server words",
      },
    ];
    await renderWithProviders(<Probe notices={notices} />, { language: "ko" });
    expect(screen.getByTestId("xray.cashDrag.cost")).toHaveTextContent(
      "현금이 포트폴리오의 27.27%입니다. 포트폴리오의 연 수익률 8%로 투자했다면 1년에 약 ₩1,234,567을(를) 벌었을 것입니다.",
    );
    expect(screen.getByTestId("rebalance.buyConverting")).toHaveTextContent(
      "005930 16주 매수: KR이(가) 0%로 목표 20%와 -20%p 차이입니다. USD 현금을 KRW(으)로 환전해 삽니다.",
    );
    expect(screen.getByTestId("rebalance.summary.balanced")).toHaveTextContent(
      "모든 자산군 항목이 목표의 ±5%p 안에 있습니다. 거래할 것이 없습니다.",
    );
    expect(screen.getByTestId("snapshot.valuesMismatch")).toHaveTextContent(
      "각 줄의 평가 금액 합계는 ₩15,400,000인데, 읽은 총액은 ₩15,500,000입니다.",
    );
    expect(document.body).not.toHaveTextContent("server words");
  });

  it("formats the same values for English", async () => {
    await renderWithProviders(
      <Probe
        notices={[
          {
            code: "xray.fees.average",
            params: { fees: "1234.5", currency: "USD", feePct: "0.5123" },
            message: "server words",
          },
        ]}
      />,
    );
    expect(screen.getByTestId("xray.fees.average")).toHaveTextContent(
      "You paid $1,234.50 in fees over the last 365 days, 0.5123% of the average value.",
    );
  });
});
