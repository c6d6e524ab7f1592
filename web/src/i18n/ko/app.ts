// 한국어 UI 문자열: app. 형태는 ../en/app.ts와 같아야 합니다(타입으로 확인).
import type { Resources } from "../en.ts";

export const app: Resources["app"] = {
  name: "Bullpen",
  tagline: "믿을 수 있는 숫자로 운영하는 자체 호스팅 트레이딩·투자 플랫폼.",
  loading: "불러오는 중…",
};
