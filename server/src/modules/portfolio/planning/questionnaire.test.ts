// The questionnaire's scoring: weighted points to 0–100, profile bands, the horizon cap, and the
// validation that names each unanswered or wrongly answered question.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { answerProblems, profileOfScore, QUESTIONS, scoreAnswers } from "./questionnaire.ts";

const pick = (i: (n: number) => number) =>
  Object.fromEntries(QUESTIONS.map((q) => [q.id, (q.options[i(q.options.length)] as { id: string }).id]));

describe("questionnaire", () => {
  it("scores the most cautious answers 0 and the most daring 100", () => {
    expect(scoreAnswers(pick(() => 0))).toMatchObject({ score: 0, profileType: "conservative" });
    expect(scoreAnswers(pick((n) => n - 1))).toMatchObject({
      score: 100,
      profileType: "aggressive",
      cappedBy: null,
    });
  });

  it("weights each answer by its question", () => {
    // All cautious except horizon gt10y (weight 3 of 15, full points): 3/15 = 20 → conservative.
    const a = { ...pick(() => 0), horizon: "gt10y" };
    expect(scoreAnswers(a)).toMatchObject({ score: 20, profileType: "conservative" });
    // + drop20 hold (2 of 3 points, weight 3): 3 + 2 = 5 of 15 → 33 → moderate.
    expect(scoreAnswers({ ...a, drop20: "hold" })).toMatchObject({ score: 33, profileType: "moderate" });
    const sum = scoreAnswers({ ...a, drop20: "hold" }).contributions.reduce((s, c) => s + c.contribution, 0);
    expect(sum).toBeCloseTo(33.33, 1);
  });

  it("caps a short horizon", () => {
    const daring = pick((n) => n - 1);
    expect(scoreAnswers({ ...daring, horizon: "lt1y" })).toMatchObject({
      score: 80,
      scoreProfileType: "growth",
      profileType: "conservative",
      cappedBy: "horizon",
    });
    expect(scoreAnswers({ ...daring, horizon: "1to3y" }).profileType).toBe("moderate");
  });

  it("bands scores", () => {
    expect([0, 20, 21, 40, 41, 60, 61, 80, 81, 100].map(profileOfScore)).toEqual([
      "conservative",
      "conservative",
      "moderate",
      "moderate",
      "balanced",
      "balanced",
      "growth",
      "growth",
      "aggressive",
      "aggressive",
    ]);
  });

  it("names every problem", () => {
    const a: Record<string, string> = { ...pick(() => 0), drop20: "panic", extra: "x" };
    delete a.goal;
    expect(answerProblems(a).map((p) => p.questionId)).toEqual(["goal", "drop20", "extra"]);
    expect(answerProblems(pick(() => 1))).toEqual([]);
  });
});

describe("questionnaire, invariants", () => {
  it("scores within 0–100, and a bolder answer never lowers the score", () => {
    const answersArb = fc.tuple(...QUESTIONS.map((q) => fc.integer({ min: 0, max: q.options.length - 1 })));
    fc.assert(
      fc.property(answersArb, fc.integer({ min: 0, max: QUESTIONS.length - 1 }), (idx, which) => {
        const a = Object.fromEntries(
          QUESTIONS.map((q, i) => [q.id, (q.options[idx[i] as number] as { id: string }).id]),
        );
        const s = scoreAnswers(a);
        expect(s.score).toBeGreaterThanOrEqual(0);
        expect(s.score).toBeLessThanOrEqual(100);
        const q = QUESTIONS[which] as (typeof QUESTIONS)[number];
        const i = idx[which] as number;
        if (i + 1 < q.options.length) {
          const bolder = { ...a, [q.id]: (q.options[i + 1] as { id: string }).id };
          expect(scoreAnswers(bolder).score).toBeGreaterThanOrEqual(s.score);
        }
      }),
      { numRuns: 300 },
    );
  });
});
