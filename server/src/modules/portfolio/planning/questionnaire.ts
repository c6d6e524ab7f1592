// The risk questionnaire: a fixed, versioned set of questions with weighted answers. Each option
// carries points (0 = most cautious … the question's maximum = most daring); a question's share of the
// score is its points ÷ its maximum, times its weight. The score is the weighted share × 100, rounded
// half up to a whole number (0–100), and maps to one of five profiles by bands of 20. A short horizon
// caps the profile whatever the score: money needed within a year has no room for a loss it cannot
// wait out (cap: conservative), within three years at most moderate. The web shows each question and
// option through its own text keys (`portfolio.risk.<questionId>.<optionId>`): the ids here are stable.

export const QUESTIONNAIRE_VERSION = "2026-1";

export const PROFILE_TYPES = ["conservative", "moderate", "balanced", "growth", "aggressive"] as const;
export type ProfileType = (typeof PROFILE_TYPES)[number];

export interface QuestionOption {
  id: string;
  points: number;
}
export interface Question {
  id: string;
  weight: number;
  options: QuestionOption[];
}

const opts = (...ids: string[]): QuestionOption[] => ids.map((id, points) => ({ id, points }));

export const QUESTIONS: readonly Question[] = [
  /** When will you need most of this money? */
  { id: "horizon", weight: 3, options: opts("lt1y", "1to3y", "3to5y", "5to10y", "gt10y") },
  /** What is the money for? */
  { id: "goal", weight: 2, options: opts("preserve", "income", "balanced", "growth", "maxGrowth") },
  /** The largest loss in one year you could accept. */
  { id: "lossTolerance", weight: 3, options: opts("none", "upTo5", "upTo10", "upTo20", "over20") },
  /** Your investing experience. */
  { id: "experience", weight: 1, options: opts("none", "funds", "stocks", "active", "derivatives") },
  /** How steady is your income? */
  { id: "incomeStability", weight: 1, options: opts("unstable", "variable", "stable", "veryStable") },
  /** Your portfolio falls 20 % in a month: what do you do? */
  { id: "drop20", weight: 3, options: opts("sellAll", "sellSome", "hold", "buyMore") },
  /** Savings set aside for emergencies, in months of expenses. */
  { id: "emergencyFund", weight: 1, options: opts("none", "lt3m", "3to6m", "gt6m") },
  /** Share of your net worth this portfolio is. */
  { id: "shareOfWealth", weight: 1, options: opts("gt75", "50to75", "25to50", "lt25") },
];

/** Model allocations by asset class (instrument asset classes, plus `cash`), in percent. */
export const MODEL_ALLOCATIONS: Record<ProfileType, Record<string, number>> = {
  conservative: { equity: 20, bond: 60, cash: 20 },
  moderate: { equity: 40, bond: 50, cash: 10 },
  balanced: { equity: 60, bond: 35, cash: 5 },
  growth: { equity: 80, bond: 15, cash: 5 },
  aggressive: { equity: 95, bond: 0, cash: 5 },
};

/** The horizon answers that cap the profile, and the cap. */
const HORIZON_CAPS: Record<string, ProfileType> = { lt1y: "conservative", "1to3y": "moderate" };

export type Answers = Record<string, string>;

export interface ScoreResult {
  score: number;
  profileType: ProfileType;
  /** The profile the score alone gives, before a horizon cap. */
  scoreProfileType: ProfileType;
  cappedBy: string | null;
  /** Each question's contribution to the score, in score points. */
  contributions: { questionId: string; optionId: string; points: number; contribution: number }[];
}

/** Problems with a set of answers, one per question (missing, unknown option) or unknown key. */
export function answerProblems(answers: Answers): { questionId: string; message: string }[] {
  const out: { questionId: string; message: string }[] = [];
  for (const q of QUESTIONS) {
    const a = answers[q.id];
    if (a === undefined) out.push({ questionId: q.id, message: "not answered" });
    else if (!q.options.some((o) => o.id === a))
      out.push({
        questionId: q.id,
        message: `"${String(a).slice(0, 40)}" is not one of ${q.options.map((o) => o.id).join(", ")}`,
      });
  }
  for (const k of Object.keys(answers))
    if (!QUESTIONS.some((q) => q.id === k)) out.push({ questionId: k, message: "no such question" });
  return out;
}

/** The profile of a score: 0–20 conservative, 21–40 moderate, 41–60 balanced, 61–80 growth, 81+ aggressive. */
export function profileOfScore(score: number): ProfileType {
  if (score <= 20) return "conservative";
  if (score <= 40) return "moderate";
  if (score <= 60) return "balanced";
  if (score <= 80) return "growth";
  return "aggressive";
}

/** Scores a complete, valid set of answers (check `answerProblems` first). */
export function scoreAnswers(answers: Answers): ScoreResult {
  const totalWeight = QUESTIONS.reduce((s, q) => s + q.weight, 0);
  // Integer arithmetic: the share is Σ weight·points/max over Σ weight, kept as a fraction.
  const contributions = QUESTIONS.map((q) => {
    const optionId = answers[q.id] as string;
    const option = q.options.find((o) => o.id === optionId);
    if (!option) throw new Error(`answer to ${q.id} is not valid`);
    const max = q.options.length - 1;
    return {
      questionId: q.id,
      optionId,
      points: option.points,
      contribution: Math.round(((q.weight * option.points) / max / totalWeight) * 100 * 100) / 100,
    };
  });
  const share = QUESTIONS.reduce((s, q, i) => {
    const c = contributions[i] as { points: number };
    return s + (q.weight * c.points) / (q.options.length - 1);
  }, 0);
  // A tiny epsilon so a score of exactly x.5 (computed as x.4999…) rounds half up.
  const score = Math.min(100, Math.max(0, Math.floor((share / totalWeight) * 100 + 0.5 + 1e-9)));
  const scoreProfileType = profileOfScore(score);
  const cap = HORIZON_CAPS[answers.horizon as string];
  const capped = cap && PROFILE_TYPES.indexOf(cap) < PROFILE_TYPES.indexOf(scoreProfileType);
  return {
    score,
    profileType: capped ? cap : scoreProfileType,
    scoreProfileType,
    cappedBy: capped ? "horizon" : null,
    contributions,
  };
}
