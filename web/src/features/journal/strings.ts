// The journal page's words in English and Korean, added to i18next's bundles when this chunk loads.
import { useTranslation } from "react-i18next";
import i18n from "../../i18n/index.ts";

export const journalEn = {
  title: "Journal",
  intro: "Your trades come from the portfolio's ledger; write down what you saw and felt, and find it again.",
  trades: {
    title: "Trades",
    filter: "Show",
    all: "All",
    open: "Open",
    closed: "Closed",
    symbol: "Symbol",
    side: "Side",
    status: "Status",
    entered: "Entered",
    quantity: "Quantity",
    entry: "Entry",
    exit: "Exit",
    pnl: "P&L",
    r: "R",
    long: "Long",
    short: "Short",
    empty:
      "No trades yet. Add buys and sells to your portfolio's ledger (or import a broker file) and they appear here as round trips.",
  },
  entries: {
    title: "Entries",
    search: "Search entries",
    searchHint: "English words match their forms (run finds running); Korean words match inside longer ones.",
    empty: "No entries yet. Write the first one below.",
    noMatch: "No entry matches this search.",
    confidence: "Confidence {{value}}/10",
  },
  editor: {
    title: "New entry",
    fieldTitle: "Title",
    content: "What happened (Markdown)",
    date: "Day (YYYY-MM-DD)",
    mood: "Mood",
    confidence: "Confidence (1–10)",
    tags: "Tags (comma-separated)",
    save: "Save entry",
    saved: "Entry saved",
  },
  moods: {
    calm: "Calm",
    confident: "Confident",
    focused: "Focused",
    neutral: "Neutral",
    anxious: "Anxious",
    fearful: "Fearful",
    greedy: "Greedy",
    frustrated: "Frustrated",
    tired: "Tired",
  },
};

export const journalKo: typeof journalEn = {
  title: "매매일지",
  intro: "거래는 포트폴리오 원장에서 만들어집니다. 보고 느낀 것을 적어 두고 다시 찾아보세요.",
  trades: {
    title: "거래",
    filter: "보기",
    all: "전체",
    open: "보유 중",
    closed: "청산",
    symbol: "종목",
    side: "방향",
    status: "상태",
    entered: "진입일",
    quantity: "수량",
    entry: "진입가",
    exit: "청산가",
    pnl: "손익",
    r: "R",
    long: "매수",
    short: "공매도",
    empty:
      "아직 거래가 없습니다. 포트폴리오 원장에 매수·매도를 추가하거나 증권사 파일을 가져오면 왕복 거래로 여기에 나타납니다.",
  },
  entries: {
    title: "일지",
    search: "일지 검색",
    searchHint: "영어 단어는 활용형까지(run으로 running), 한국어는 긴 단어 안의 일부까지 찾습니다.",
    empty: "아직 일지가 없습니다. 아래에서 첫 일지를 써 보세요.",
    noMatch: "검색과 맞는 일지가 없습니다.",
    confidence: "확신 {{value}}/10",
  },
  editor: {
    title: "새 일지",
    fieldTitle: "제목",
    content: "무슨 일이 있었나요 (마크다운)",
    date: "날짜 (YYYY-MM-DD)",
    mood: "심리 상태",
    confidence: "확신 (1–10)",
    tags: "태그 (쉼표로 구분)",
    save: "일지 저장",
    saved: "일지를 저장했습니다",
  },
  moods: {
    calm: "차분함",
    confident: "자신감",
    focused: "집중",
    neutral: "보통",
    anxious: "불안",
    fearful: "두려움",
    greedy: "욕심",
    frustrated: "답답함",
    tired: "피곤함",
  },
};

i18n.addResourceBundle("en", "translation", { journal: journalEn }, true, false);
i18n.addResourceBundle("ko", "translation", { journal: journalKo }, true, false);

/** Dotted paths of a nested string table: "trades.title", "moods.calm", … */
type Paths<T, P extends string = ""> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Paths<T[K], `${P}${K}.`>;
}[keyof T & string];
export type JournalKey = Paths<typeof journalEn>;

/**
 * The journal's translate function, typed by this file's keys: the app's typed resources
 * (i18n/en.ts) do not list the journal until its pages join the app's routes.
 */
export function useJournalT(): (key: JournalKey, options?: Record<string, unknown>) => string {
  const { t } = useTranslation();
  return (key, options) =>
    (t as unknown as (k: string, o?: Record<string, unknown>) => string)(`journal.${key}`, options);
}
